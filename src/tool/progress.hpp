// Progress reporting on stderr: a redrawn bar when stderr is a terminal, plain lines
// otherwise (logs, CI).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace jumpflow::tool {

class progress {
 public:
  /// `total` grid points; `interactive` = draw a bar (use stderr_is_terminal()); `unit` names
  /// what the bar counts (the Python module's ensembles count blocks of replicates).
  progress(std::size_t total, bool interactive, bool quiet = false, std::string unit = "points");
  /// A grid point (unit) finished: `label` (e.g. "n=1000 d=8"), its replicates and events.
  void point_done(const std::string& label, std::uint64_t replicates, std::uint64_t events,
                  double seconds);
  /// A point that was loaded from a previous run (--resume).
  void point_resumed(const std::string& label);
  /// Ends the bar (newline) if one was drawn.
  void finish();

  static bool stderr_is_terminal();

 private:
  std::size_t total_, done_ = 0;
  bool interactive_, quiet_;
  std::string unit_;
  std::uint64_t replicates_ = 0;
  std::chrono::steady_clock::time_point start_;
  double computed_seconds_ = 0.0;
  std::size_t computed_points_ = 0;
};

}  // namespace jumpflow::tool
