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
#include "jumpflow/models/bnn.hpp"
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

// The neuron's voltage (mV) has its own axis (y2): on one axis with it the channel fractions
// (0..1) would be flat lines at the bottom of a -80..50 mV plot.
TEST(Cli, SimulateHodgkinHuxleyPlotsTheVoltageOnItsOwnAxis) {
  const fs::path out = scratch("sim_hh");
  const result r = run("simulate hodgkin-huxley --n 100 --T 2 --paths 1 --quiet --out " + out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string gp = read_file(out / "paths.gp");
  EXPECT_NE(gp.find("set y2label 'V'"), std::string::npos) << gp;
  EXPECT_NE(gp.find("set ylabel 'open_Na, open_K'"), std::string::npos) << gp;
  // Both the paths and the limit of V on y2, the fractions on y1.
  std::size_t on_y2 = 0;
  for (std::size_t at = gp.find("axes x1y2"); at != std::string::npos; at = gp.find("axes x1y2", at + 1)) {
    ++on_y2;
  }
  EXPECT_EQ(on_y2, 2u) << gp;
  if (jumpflow::tool::gnuplot_available()) {
    EXPECT_GT(fs::file_size(out / "paths.png"), 1000u);
  }
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

// The explicit constant c of `study bnn`: its G is the largest sup_t |grad L(Z^n_t)| recorded on
// the simulated paths (bound_input in results.json), and the c the CLI reports is the library's
// explicit_bound_constant() at that G (log-cosh: K = 1).
TEST(CliBnn, BoundConstantUsesTheGradientRecordedOnThePaths) {
  const fs::path out = scratch("bnn_bound");
  const result r = run("study bnn --loss logcosh --n 64,128,256 --d 4 --replicates 20 --seed 3 --quiet --out " +
                       out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(jumpflow::log_cosh_loss(jumpflow::vector::Zero(4)),
                                                          {.rate = 1.0});
  const jumpflow::vector z0 = jumpflow::reference_start(4);
  const double start_gradient = z0.array().tanh().matrix().norm();
  for (const auto& p : results.at("points")) {
    const double G = p.at("bound_input").get<double>();
    EXPECT_GE(G, start_gradient);  // the start is on every path
    EXPECT_LT(G, 1.0);             // |tanh| <= |z| and the paths stay near |z0| = 1
    EXPECT_NEAR(p.at("bound_c").get<double>(), jumpflow::explicit_bound_constant(rule, 1.0, G, 1.0), 1e-12);
  }
}

// The theory line is read from the model: rate -1/2 against the true limit (-2b with a drift bias
// for 0 < b < 1/4), a plateau at limit_gap() against the plain gradient flow under fixed
// amplitude with the log-cosh loss.
TEST(CliBnn, TheoryIsReadFromTheLimitOfTheOptions) {
  const std::string base = "study bnn --loss logcosh --n 64,128,256 --d 4 --replicates 10 --seed 3 --quiet ";
  const auto theory = [&](const std::string& opts, const std::string& name) {
    const fs::path out = scratch(name);
    const result r = run(base + opts + " --out " + out.string());
    EXPECT_EQ(r.status, 0) << r.err;
    return nlohmann::json::parse(read_file(out / "results.json")).at("rate_in_n").at(0);
  };
  EXPECT_EQ(theory("--scaling fixed", "fixed_smoothed").at("theory").get<double>(), -0.5);
  EXPECT_NEAR(theory("--scaling general --b 0.1", "general").at("theory").get<double>(), -0.2, 1e-12);
  const auto plateau = theory("--scaling fixed --limit gradient", "fixed_gradient");
  EXPECT_TRUE(plateau.at("theory").is_null());
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(
      jumpflow::log_cosh_loss(jumpflow::vector::Zero(4)), {.rate = 1.0},
      {.scaling = jumpflow::amplitude_scaling::fixed_amplitude()});
  EXPECT_NEAR(plateau.at("theory_plateau").get<double>(),
              jumpflow::limit_gap(rule, jumpflow::reference_start(4), 1.0).gap, 1e-9);
}

}  // namespace
