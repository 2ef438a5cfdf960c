// `mpirun -np P jumpflow study ...` as a user runs it: results.json bitwise identical (but
// for the seconds) to the threaded run for P = 1..4 and for every model (also `study kurtz
// --model FILE`), the output says how many ranks and threads ran, and a study killed under
// MPI and resumed under MPI gives the uninterrupted result. `jumpflow simulate` under mpirun:
// with a model file, its replicates are distributed and the files are bitwise those of the
// threaded run; with a built-in model, rank 0 alone computes and writes, and says so.
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
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "../io/test_models.hpp"
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

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

fs::path write_model(const std::string& name, const std::string& text) {
  const fs::path p = scratch(name);
  std::ofstream(p) << text;
  return p;
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

TEST(CliMpi, StudyKurtzOfAModelFileGivesTheThreadedResult) {
  const fs::path model = write_model("bd.net", jumpflow::test::birth_death_net());
  const std::string args = "study kurtz --model " + model.string() +
                           " --volume 5,10,20,40 --T 1 --replicates 12 --seed 4 --threads 1 --quiet --out ";
  const fs::path threaded = scratch("kurtz_threaded");
  const result a = run(0, args + threaded.string());
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NE(a.out.find("ran on 1 process x 1 thread"), std::string::npos) << a.out;
  const fs::path dir = scratch("kurtz_np2");
  const result b = run(2, args + dir.string());
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(results_without_seconds(dir), results_without_seconds(threaded));
  EXPECT_EQ(count(b.out, "ran on 2 MPI ranks x 1 thread"), 1u) << b.out;
}

TEST(CliMpi, SimulateOfAModelFileIsDistributedAndBitwiseTheThreadedRun) {
  const fs::path model = write_model("dimer.net", jumpflow::test::dimerisation_net);
  // 70 replicates: 3 blocks of up to 32, so 2 and 3 ranks split them.
  const std::string args = "simulate --model " + model.string() +
                           " --t-end 2 --points 5 --replicates 70 --seed 3 --quiet --paths 2 --out ";
  const fs::path threaded = scratch("sim_threaded");
  const result a = run(0, args + threaded.string() + " --threads 2");
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NE(a.out.find("ran on 1 process x 2 threads"), std::string::npos) << a.out;
  for (int ranks : {2, 3}) {
    const fs::path dir = scratch("sim_np" + std::to_string(ranks));
    const result b = run(ranks, args + dir.string() + " --threads 1");
    ASSERT_EQ(b.status, 0) << b.err;
    for (const char* f : {"mean.csv", "sd.csv", "trajectories.csv", "ode.csv"}) {
      EXPECT_EQ(read_file(dir / f), read_file(threaded / f)) << f << ", " << ranks << " ranks";
    }
    EXPECT_EQ(count(b.out, "wrote "), 1u) << "rank 0 alone writes and prints: " << b.out;
    EXPECT_EQ(count(b.out, "ran on " + std::to_string(ranks) + " MPI ranks x 1 thread"), 1u) << b.out;
  }
}

TEST(CliMpi, SimulateOfABuiltInModelRunsOnRankZeroAndSaysSo) {
  const std::string args = "simulate immigration-death --n 50 --paths 2 --seed 5 --quiet --out ";
  const fs::path threaded = scratch("paths_threaded"), dir = scratch("paths_np3");
  const result a = run(0, args + threaded.string());
  ASSERT_EQ(a.status, 0) << a.err;
  EXPECT_NE(a.out.find("ran on 1 process x 1 thread"), std::string::npos) << a.out;
  const result b = run(3, args + dir.string());
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(read_file(dir / "paths.csv"), read_file(threaded / "paths.csv"));
  EXPECT_EQ(count(b.out, "wrote "), 1u) << b.out;
  EXPECT_EQ(count(b.out, "ran on rank 0 of 3 MPI ranks x 1 thread"), 1u) << b.out;
  // Bad input: one message and status 2 from every rank.
  const result bad = run(2, "simulate immigration-death --paths 0 --out " + scratch("paths_bad").string());
  EXPECT_EQ(bad.status, 2) << bad.err;
  EXPECT_EQ(count(bad.err, "paths is 0"), 1u) << "one message (rank 0's): " << bad.err;
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
