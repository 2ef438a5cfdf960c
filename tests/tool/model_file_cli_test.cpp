// `jumpflow simulate --model FILE` and `jumpflow study kurtz --model FILE` as a user runs
// them: the outputs, the same numbers for any thread count, and bad input (status 2, one
// message, nothing written).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../io/test_models.hpp"
#include "atomic_file.hpp"

namespace {

namespace fs = std::filesystem;
using jumpflow::tool::read_file;

struct result {
  int status;
  std::string err;
};

fs::path scratch(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("jumpflow_model_file_test_" + std::to_string(::getpid())) / name;
  fs::remove_all(p);
  fs::create_directories(p.parent_path());
  return p;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch(name);
  std::ofstream(p) << text;
  return p;
}

result run(const std::string& args) {
  const fs::path err = scratch("stderr.txt");
  const std::string cmd = std::string(JUMPFLOW_TOOL_PATH) + " " + args + " > /dev/null 2> " + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, read_file(err)};
}

TEST(ModelFileCli, SimulateWritesMeanSdTrajectoriesAndOde) {
  const fs::path model = write("dimer.net", jumpflow::test::dimerisation_net);
  const fs::path out1 = scratch("sim1"), out3 = scratch("sim3");
  const std::string common = "simulate --model " + model.string() +
                             " --t-end 2 --points 5 --replicates 100 --seed 3 --quiet --paths 2 --out ";
  ASSERT_EQ(run(common + out1.string() + " --threads 1").status, 0);
  ASSERT_EQ(run(common + out3.string() + " --threads 3").status, 0);
  for (const char* f : {"mean.csv", "sd.csv", "trajectories.csv", "ode.csv"}) {
    ASSERT_TRUE(fs::exists(out1 / f)) << f;
    EXPECT_EQ(read_file(out1 / f), read_file(out3 / f)) << f << " differs between 1 and 3 threads";
  }
  const std::string mean = read_file(out1 / "mean.csv");
  EXPECT_EQ(mean.substr(0, mean.find('\n')), "t,A(),B(),Atotal");
  EXPECT_EQ(std::count(mean.begin(), mean.end(), '\n'), 6);  // header + 5 grid points
  // The group A + 2B is conserved: its mean is 100 and its sd 0 at every grid time.
  const std::string sd = read_file(out1 / "sd.csv");
  std::istringstream mean_lines(mean), sd_lines(sd);
  std::string m_line, s_line;
  std::getline(mean_lines, m_line);
  std::getline(sd_lines, s_line);
  for (int k = 0; k < 5; ++k) {
    std::getline(mean_lines, m_line);
    std::getline(sd_lines, s_line);
    EXPECT_EQ(m_line.substr(m_line.rfind(',')), ",100") << m_line;
    EXPECT_EQ(s_line.substr(s_line.rfind(',')), ",0") << s_line;
  }
  // --method auto (the default): the plot's title names the method it chose.
  const std::string script = read_file(out1 / "mean.gp");
  const std::size_t at = script.find("replicates (auto: ");
  ASSERT_NE(at, std::string::npos) << script;
  const std::size_t from = at + std::string("replicates (auto: ").size();
  const std::string chosen = script.substr(from, script.find(')', from) - from);
  // Two channels, no events: choose_ssa_method's rule picks the dense direct method.
  EXPECT_EQ(chosen, "dense-direct");
}

// Every exact --method runs the same model and estimates the same mean. Oracle: the direct
// method's mean of A at t = 2 over the same number of replicates (independent streams are not
// needed: the methods use the streams differently). Tolerance: 5 combined SE,
// 5 sqrt(sd_1^2 + sd_2^2) / sqrt(R), R = 400. A method that ignored --method, or a method
// name wired to the wrong simulator with a wrong law, fails; seed 5.
TEST(ModelFileCli, EveryExactMethodRunsAndAgreesWithDirect) {
  const fs::path model = write("dimer_methods.net", jumpflow::test::dimerisation_net);
  const auto last_value = [](const std::string& csv, int column) {
    std::istringstream lines(csv);
    std::string line, last;
    while (std::getline(lines, line)) {
      if (!line.empty()) last = line;
    }
    std::istringstream cells(last);
    std::string cell;
    for (int c = 0; c <= column; ++c) std::getline(cells, cell, ',');
    return std::stod(cell);
  };
  const double replicates = 400.0;
  const auto run_method = [&](const std::string& method) {
    const fs::path out = scratch("methods_" + method);
    const result r = run("simulate --model " + model.string() + " --method " + method +
                         " --t-end 2 --points 3 --replicates 400 --seed 5 --quiet --paths 0 --out " +
                         out.string());
    EXPECT_EQ(r.status, 0) << method << ": " << r.err;
    return std::make_pair(last_value(read_file(out / "mean.csv"), 1),
                          last_value(read_file(out / "sd.csv"), 1));
  };
  const auto [direct_mean, direct_sd] = run_method("direct");
  std::printf("seed 5: direct mean of A at t = 2: %.3f (sd %.3f)\n", direct_mean, direct_sd);
  for (const char* method : {"auto", "dense-direct", "sorting-direct", "next-reaction",
                             "composition-rejection", "rejection", "rejection-composition",
                             "partial-propensity-direct"}) {
    const auto [mean, sd] = run_method(method);
    const double tolerance =
        5.0 * std::sqrt(direct_sd * direct_sd + sd * sd) / std::sqrt(replicates);
    EXPECT_NEAR(mean, direct_mean, tolerance) << method;
  }
}

TEST(ModelFileCli, BadInputExitsWithStatus2AndWritesNothing) {
  const fs::path good = write("good.net", jumpflow::test::dimerisation_net);
  const fs::path dangling = write("dangling.net",
                                  "begin species\n 1 A() 10\nend species\nbegin reactions\n 1 1 7 2.0\nend reactions\n");
  const fs::path enzyme = write("enzyme.net", jumpflow::test::enzyme_net);
  const fs::path out = scratch("bad");
  const std::string sim = "simulate --model " + good.string() + " --out " + out.string() + " ";
  const std::pair<std::string, std::string> cases[] = {
      {sim + "--t-end -1", "--t-end is -1, but must be finite and > 0"},
      {sim + "--t-end nan", "--t-end is 'nan', but must be a finite number"},
      {sim + "--points -3", "--points is '-3', but must be a whole number >= 0"},
      {sim + "--replicates 2.5", "--replicates is '2.5'"},
      {sim + "--points 1", "--points is 1, but must be in [2, 100000]"},
      {sim + "--replicates 1", "--replicates is 1"},
      {sim + "--paths 500", "--paths is 500"},
      {sim + "--epsilon 2", "--epsilon is 2"},
      {sim + "--method bogus", "bogus"},
      {"simulate --model /nonexistent.net --out " + out.string(), "/nonexistent.net"},
#ifdef JUMPFLOW_EVENTS_SBML
      {"simulate --model " JUMPFLOW_EVENTS_SBML " --method tau-leaping --out " + out.string(),
       "--method is tau-leaping, but must be an exact method for a model with events"},
      {"study kurtz --model " JUMPFLOW_EVENTS_SBML " --volume 10 --out " + out.string(),
       "the number of events of " JUMPFLOW_EVENTS_SBML " is 2, but must be 0"},
#endif
      {"simulate --model " + dangling.string() + " --out " + out.string(),
       "line 5: the product species index is '7', but must be in [1, 1]"},
      {"study kurtz --model " + good.string() + " --volume 10,-1 --out " + out.string(), "n is -1"},
      {"study kurtz --model " + enzyme.string() + " --volume 10 --out " + out.string(),
       "the rate of reaction convert is a function"},
      {"study kurtz --model " + good.string() + " --replicates 1 --out " + out.string(), "replicates is 1"},
  };
  for (const auto& [args, expected] : cases) {
    const result r = run(args);
    EXPECT_EQ(r.status, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one message: " << r.err;
    EXPECT_FALSE(fs::exists(out)) << args << " wrote " << out;
  }
}

// A law that reads the time is simulated (exactly, as a time-dependent channel).
TEST(ModelFileCli, TimeDependentModelIsSimulated) {
  const fs::path timed = write("timed.net", jumpflow::test::input_net);
  const fs::path out = scratch("timed");
  const result r = run("simulate --model " + timed.string() + " --t-end 2 --points 3 --replicates 8 --quiet --out " +
                       out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::exists(out / "mean.csv"));
}

TEST(ModelFileCli, StudyKurtzRunsTheConvergenceStudy) {
  const fs::path model = write("bd.net", jumpflow::test::birth_death_net());
  const fs::path out = scratch("kurtz");
  const result r = run("study kurtz --model " + model.string() + " --volume 5,10,20 --T 1 --replicates 20 --quiet --out " +
                       out.string());
  ASSERT_EQ(r.status, 0) << r.err;
  for (const char* f : {"results.json", "table.csv", "config.json"}) EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_NE(read_file(out / "config.json").find(model.string()), std::string::npos);
}

// --stepper on simulate: explicit Dormand-Prince and the implicit rosenbrock4 write the same ODE
// limit (ode.csv) to within their tolerances (1e-10 absolute and relative; compared at 1e-6
// relative plus 1e-8), and an unknown stepper is bad input (status 2).
TEST(ModelFileCli, StepperFlagChoosesTheOdeStepper) {
  const fs::path model = write("dimer_stepper.net", jumpflow::test::dimerisation_net);
  std::vector<std::vector<double>> tables;
  for (const char* stepper : {"explicit", "rosenbrock4"}) {
    const fs::path out = scratch(std::string("stepper_") + stepper);
    const result r = run("simulate --model " + model.string() + " --t-end 2 --points 5 --replicates 2 --paths 0 --quiet --stepper " +
                         stepper + " --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.err;
    std::istringstream csv(read_file(out / "ode.csv"));
    std::string line;
    std::getline(csv, line);  // header
    std::vector<double> values;
    while (std::getline(csv, line)) {
      std::istringstream row(line);
      for (std::string cell; std::getline(row, cell, ',');) values.push_back(std::stod(cell));
    }
    tables.push_back(std::move(values));
  }
  ASSERT_EQ(tables[0].size(), tables[1].size());
  ASSERT_FALSE(tables[0].empty());
  for (std::size_t k = 0; k < tables[0].size(); ++k) {
    EXPECT_NEAR(tables[1][k], tables[0][k], 1e-6 * std::abs(tables[0][k]) + 1e-8) << k;
  }
  const fs::path out = scratch("stepper_bad");
  const result bad = run("simulate --model " + model.string() + " --stepper implicit --out " + out.string());
  EXPECT_EQ(bad.status, 2) << bad.err;
  EXPECT_NE(bad.err.find("--stepper"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
