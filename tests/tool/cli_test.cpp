// The `jumpflow` binary as a user runs it: exit codes and messages for bad input (status 2,
// nothing written; the full table is bad_input_test.cpp), the output folder of a small study,
// and --resume after an interruption giving the same results as an uninterrupted run.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "atomic_file.hpp"
#include "cli_support.hpp"
#include "plots.hpp"

namespace {

namespace fs = std::filesystem;
using jumpflow::tool::read_file;
using jumpflow::tool::test::scratch;
using result = jumpflow::tool::test::cli_result;

result run(const std::string& args) { return jumpflow::tool::test::run_cli(args); }

// A small, fast study of the immigration-death model (Kurtz scaling).
const std::string small = "study immigration-death --n 20,40,80 --replicates 40 --seed 5 --quiet";

TEST(Cli, HelpOnEveryCommand) {
  for (const std::string cmd : {"--help", "study --help", "study bnn --help", "simulate sir --help"}) {
    EXPECT_EQ(run(cmd).status, 0) << cmd;
  }
}

TEST(Cli, SmallStudyWritesItsOutputFolder) {
  const fs::path out = scratch("small");
  const result r = run(small + " --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"config.json", "points.json", "results.json", "table.csv", "error_vs_n.gp",
                        "paths.csv", "limit.csv", "paths.gp"}) {
    EXPECT_TRUE(fs::exists(out / f)) << f;
  }
  if (jumpflow::tool::gnuplot_available()) {
    EXPECT_GT(fs::file_size(out / "error_vs_n.png"), 1000u);
    EXPECT_TRUE(fs::exists(out / "error_vs_n.svg"));
    EXPECT_GT(fs::file_size(out / "paths.png"), 1000u);
  }
  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  EXPECT_EQ(results.at("points").size(), 3u);
  EXPECT_EQ(results.at("rate_in_n").size(), 1u);
  // The configuration written next to the results reruns to the same results.
  const fs::path again = scratch("again");
  ASSERT_EQ(run("study immigration-death --quiet --config " + (out / "config.json").string() + " --out " + again.string()).status, 0);
  auto strip = [](nlohmann::json j) {
    for (auto& p : j.at("points")) p.erase("seconds");
    return j;
  };
  EXPECT_EQ(strip(results), strip(nlohmann::json::parse(read_file(again / "results.json"))));
}

TEST(Cli, SimulateWritesPathsAndLimit) {
  const fs::path out = scratch("sim");
  const result r = run("simulate sir --n 200 --paths 2 --quiet --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_GT(fs::file_size(out / "paths.csv"), 100u);
  EXPECT_GT(fs::file_size(out / "limit.csv"), 100u);
}

// Interrupt a study after its first two grid points were saved (the test-only flag
// --test-stop-after ends the process abruptly, as a kill would, at a deterministic point),
// resume it, and compare with an uninterrupted run of the same configuration.
TEST(Cli, ResumeAfterInterruptionEqualsUninterruptedRun) {
  const std::string args = "study immigration-death --n 50,100,200,400 --replicates 60 --seed 9 --quiet";
  const fs::path whole = scratch("whole"), cut = scratch("cut");
  ASSERT_EQ(run(args + " --out " + whole.string()).status, 0);

  const result stopped = run(args + " --test-stop-after 2 --out " + cut.string());
  EXPECT_EQ(stopped.status, 1) << stopped.err;
  EXPECT_NE(stopped.err.find("stopped after 2 grid points"), std::string::npos) << stopped.err;
  EXPECT_EQ(nlohmann::json::parse(read_file(cut / "points.json")).at("points").size(), 2u);
  EXPECT_FALSE(fs::exists(cut / "results.json"));

  // The resume computes only the two missing points, with any thread count.
  ASSERT_EQ(run(args + " --threads 3 --resume --out " + cut.string()).status, 0);
  auto strip = [](nlohmann::json j) {
    for (auto& p : j.at("points")) p.erase("seconds");
    j.at("config").erase("threads");
    return j;
  };
  EXPECT_EQ(strip(nlohmann::json::parse(read_file(whole / "results.json"))),
            strip(nlohmann::json::parse(read_file(cut / "results.json"))));
  // A resume with a different configuration is refused.
  EXPECT_EQ(run("study immigration-death --n 50,100 --quiet --resume --out " + cut.string()).status, 2);
}

}  // namespace
