#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace jumpflow::tool {

progress::progress(std::size_t total, bool interactive, bool quiet, std::string unit)
    : total_(total),
      interactive_(interactive),
      quiet_(quiet),
      unit_(std::move(unit)),
      start_(std::chrono::steady_clock::now()) {}

bool progress::stderr_is_terminal() { return ::isatty(STDERR_FILENO) != 0; }

void progress::point_resumed(const std::string& label) {
  ++done_;
  if (!quiet_) std::fprintf(stderr, "[%zu/%zu] %s: loaded from the previous run\n", done_, total_, label.c_str());
}

void progress::point_done(const std::string& label, std::uint64_t replicates, std::uint64_t events,
                          double seconds) {
  ++done_;
  ++computed_points_;
  replicates_ += replicates;
  computed_seconds_ += seconds;
  if (quiet_) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(replicates_) / elapsed : 0.0;
  // Later points (larger n) cost more; the estimate is the mean cost so far, a lower bound.
  const double left = computed_points_ > 0 ? computed_seconds_ / static_cast<double>(computed_points_) *
                                                 static_cast<double>(total_ - done_)
                                           : 0.0;
  if (interactive_) {
    const int width = 30;
    const int filled = static_cast<int>(static_cast<double>(width) * static_cast<double>(done_) /
                                        static_cast<double>(total_));
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(static_cast<std::size_t>(width), '.');
    std::fprintf(stderr, "\r[%s] %zu/%zu %s | %llu replicates | %.0f rep/s | ~%.0f s left   ",
                 bar.c_str(), done_, total_, unit_.c_str(), static_cast<unsigned long long>(replicates_), rate, left);
    std::fflush(stderr);
  } else {
    std::fprintf(stderr, "[%zu/%zu] %s: %llu replicates, %llu events, %.2f s (~%.0f s left)\n", done_,
                 total_, label.c_str(), static_cast<unsigned long long>(replicates),
                 static_cast<unsigned long long>(events), seconds, left);
  }
}

void progress::finish() {
  if (interactive_ && !quiet_) std::fprintf(stderr, "\n");
}

}  // namespace jumpflow::tool
