// Memory and output of `jumpflow study bnn` as the work grows: the study runs in a child
// process (the tool as a user runs it) at four largest-n values, 64-fold apart, and the table
// shows the child's max RSS (getrusage through wait4), the bytes it wrote to --out, and its
// events per second. Streaming promise: max RSS and bytes stay flat while the events grow
// 64-fold (before the path thinning, paths.csv and the RSS grew linearly in n).
//   ./build/ci/benchmarks/tool/study_memory_bench [d=64] [first n=1024] [replicates=20]
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct run_result {
  double max_rss_mb = 0, seconds = 0, events = 0;
  std::uintmax_t bytes = 0, paths_bytes = 0;
};

run_result run_study(const std::vector<std::string>& args, const fs::path& out) {
  fs::remove_all(out);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(JUMPFLOW_TOOL_PATH));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);  // the study's own table is not ours
    if (null >= 0) dup2(null, STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);  // the rusage of this child alone
  run_result r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "study_memory_bench: the study failed (status %d)\n", status);
    std::exit(1);
  }
  r.max_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // kilobytes on Linux
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (e.is_regular_file()) r.bytes += e.file_size();
  }
  if (fs::exists(out / "paths.csv")) r.paths_bytes = fs::file_size(out / "paths.csv");
  std::ifstream in(out / "results.json");
  const auto j = nlohmann::json::parse(in);
  for (const auto& p : j.at("points")) r.events += p.at("events").get<double>();
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string d = argc > 1 ? argv[1] : "64";
  const double first_n = argc > 2 ? std::atof(argv[2]) : 1024;
  const std::string replicates = argc > 3 ? argv[3] : "20";
  const fs::path out = fs::temp_directory_path() / ("jumpflow_study_memory_bench_" + std::to_string(getpid()));
  std::printf("jumpflow study bnn --d %s --replicates %s --threads 1 --paths 3, grid n = N/4, N/2, N\n", d.c_str(),
              replicates.c_str());
  std::printf("%10s %12s %10s %14s %12s %10s %12s\n", "largest N", "events", "seconds", "events/s", "max RSS MB",
              "bytes", "paths.csv");
  for (double n = first_n; n <= 64 * first_n; n *= 4) {
    std::ostringstream grid;
    grid << n / 4 << "," << n / 2 << "," << n;
    const run_result r = run_study({"study", "bnn", "--d", d, "--n", grid.str(), "--replicates", replicates,
                                    "--threads", "1", "--paths", "3", "--seed", "1", "--quiet", "--out", out.string()},
                                   out);
    std::printf("%10.0f %12.0f %10.2f %14.4g %12.1f %10ju %12ju\n", n, r.events, r.seconds, r.events / r.seconds,
                r.max_rss_mb, r.bytes, r.paths_bytes);
    std::fflush(stdout);
  }
  fs::remove_all(out);
  return 0;
}
