// `mpirun -np P jumpflow study ...` as a user runs it: results.json bitwise identical (but
// for the seconds) to the threaded run for P = 1..4 and for every model, the output says how
// many ranks and threads ran, and a study killed under MPI and resumed under MPI gives the
// uninterrupted result.
//
// Oracle: the single-process run of the same command; tolerance: none (JSON equality of
// every number but `seconds`, which nlohmann parses back to the same bits).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "atomic_file.hpp"
#include "cli_support.hpp"
#include "jumpflow/core/error.hpp"
#include "model_registry.hpp"

namespace {

namespace fs = std::filesystem;
using jumpflow::tool::read_file;
using jumpflow::tool::test::scratch;

struct result {
  int status;
  std::string out, err;
};

std::string command(int ranks, const std::string& args) {
  const std::string tool = JUMPFLOW_TOOL_PATH;
  return ranks == 0 ? tool + " " + args : std::string(JUMPFLOW_MPIEXEC) + " -np " + std::to_string(ranks) + " " + tool + " " + args;
}

// ranks = 0: the plain threaded run; otherwise under mpirun.
result run(int ranks, const std::string& args) {
  const fs::path out = scratch("stdout.txt"), err = scratch("stderr.txt");
  const std::string cmd = command(ranks, args) + " > " + out.string() + " 2> " + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(out), read_file(err)};
}

nlohmann::json results_without_seconds(const fs::path& dir) {
  auto j = nlohmann::json::parse(read_file(dir / "results.json"));
  for (auto& p : j.at("points")) p.erase("seconds");
  return j;
}

const std::string small = "study immigration-death --n 40,80,160,320 --replicates 24 --seed 11 --threads 2 --quiet";

TEST(CliMpi, ResultsAreBitwiseTheThreadedRunForOneToFourRanks) {
  const fs::path threaded = scratch("threaded");
  ASSERT_EQ(run(0, small + " --out " + threaded.string()).status, 0);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    const fs::path dir = scratch("np" + std::to_string(ranks));
    const result r = run(ranks, small + " --out " + dir.string());
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(results_without_seconds(dir), results_without_seconds(threaded)) << ranks << " ranks";
    const std::string says = "ran on " + std::to_string(ranks) + (ranks == 1 ? " MPI rank" : " MPI ranks") + " x 2 threads";
    EXPECT_NE(r.out.find(says), std::string::npos) << r.out;
    EXPECT_EQ(read_file(dir / "table.csv").substr(0, 40), read_file(threaded / "table.csv").substr(0, 40));
  }
}

// Every built-in model, on a small grid, under 2 ranks (one thread each).
TEST(CliMpi, EveryModelGivesTheThreadedResult) {
  for (const auto& model : jumpflow::tool::models()) {
    std::string args = "study ";
    args.append(model.name).append(" --replicates 4 --seed 3 --threads 1 --quiet --n ");
    for (std::size_t i = 0; i < 3 && i < model.default_n.size(); ++i) {
      args.append(i ? "," : "").append(jumpflow::format_value(model.default_n[i]));
    }
    if (model.uses_d) {
      args.append(" --d ").append(jumpflow::format_value(model.default_d.at(0))).append(",");
      args.append(jumpflow::format_value(model.default_d.at(1)));
    }
    const fs::path threaded = scratch(model.name + "_threaded"), ranks2 = scratch(model.name + "_np2");
    const result a = run(0, args + " --out " + threaded.string());
    ASSERT_EQ(a.status, 0) << model.name << ": " << a.err;
    const result b = run(2, args + " --out " + ranks2.string());
    ASSERT_EQ(b.status, 0) << model.name << ": " << b.err;
    EXPECT_EQ(results_without_seconds(ranks2), results_without_seconds(threaded)) << model.name;
  }
}

TEST(CliMpi, BadInputUnderMpiIsOneMessageAndStatus2) {
  const result r = run(3, "study immigration-death --replicates 1 --out " + scratch("bad").string());
  EXPECT_EQ(r.status, 2) << r.err;
  // One copy of the message (rank 0's), not one per rank.
  const std::string expected = "replicates is 1, but must be";
  const auto first = r.err.find(expected);
  ASSERT_NE(first, std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(expected, first + 1), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch("bad") / "results.json"));
}

// Kill mpirun after the first grid point was saved, resume under MPI (with another number of
// ranks), and compare with an uninterrupted threaded run.
TEST(CliMpi, KilledAndResumedUnderMpiEqualsUninterruptedRun) {
  const std::string args = "study immigration-death --n 50,100,200,400,800 --replicates 600 --seed 9 --threads 1 --quiet";
  const fs::path whole = scratch("whole"), cut = scratch("cut");
  ASSERT_EQ(run(0, args + " --out " + whole.string()).status, 0);

  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Its own process group, so that the kill reaches mpirun and every rank.
    ::setpgid(0, 0);
    const std::string cmd = command(2, args + " --out " + cut.string()) + " > /dev/null 2>&1";
    ::execl("/bin/sh", "sh", "-c", ("exec " + cmd).c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::setpgid(child, child);
  bool saved = false;
  for (int i = 0; i < 6000 && !saved; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (fs::exists(cut / "points.json")) {
      saved = !nlohmann::json::parse(read_file(cut / "points.json")).at("points").empty();
    }
  }
  ::kill(-child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(saved) << "the run never saved a point";
  const auto partial = nlohmann::json::parse(read_file(cut / "points.json")).at("points").size();
  std::cout << "killed after " << partial << " of 5 points" << std::endl;
  EXPECT_FALSE(fs::exists(cut / "results.json")) << "the run finished before it was killed";

  const result resumed = run(3, args + " --resume --out " + cut.string());
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(results_without_seconds(whole), results_without_seconds(cut));
}

}  // namespace
