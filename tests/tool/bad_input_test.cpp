// Bad input on the command line, as a table: every flag of every subcommand (`study <model>`,
// `simulate <model>`, every model option) and the values of a --config file. Each case must
// exit with status 2, print exactly one line on stderr containing the expected text, and
// leave nothing in --out (the folder does not exist afterwards, or stays as it was).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "model_registry.hpp"

namespace {

namespace fs = std::filesystem;
using jumpflow::tool::test::run_cli;
using jumpflow::tool::test::scratch;

struct bad_case {
  std::string args;      // the command line, without --out
  std::string expected;  // a part of the one-line message
};

// What --out is before the run: absent, an empty folder, or a file.
enum class out_kind { absent, empty_folder, file };

void expect_refused(const bad_case& c, out_kind kind = out_kind::absent) {
  const fs::path out = scratch("bad_out");
  if (kind == out_kind::empty_folder) fs::create_directories(out);
  if (kind == out_kind::file) std::ofstream(out) << "keep";
  // A case that is wrongly accepted would run a whole study: stop it after a few seconds.
  const auto r = run_cli(c.args + " --out " + out.string(), "timeout 10 ");
  EXPECT_EQ(r.status, 2) << c.args << "\n" << r.err;
  EXPECT_NE(r.err.find(c.expected), std::string::npos)
      << c.args << "\nexpected: " << c.expected << "\ngot: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << c.args << ": one message\n"
                                                             << r.err;
  switch (kind) {
    case out_kind::absent:
      EXPECT_FALSE(fs::exists(out)) << c.args;
      break;
    case out_kind::empty_folder:
      EXPECT_TRUE(fs::is_empty(out)) << c.args;
      break;
    case out_kind::file:
      EXPECT_EQ(jumpflow::tool::read_file(out), "keep") << c.args;
      break;
  }
}

// A --config file with the given JSON text.
std::string config_file(const std::string& name, const std::string& json) {
  const fs::path p = scratch(name + ".json");
  std::ofstream(p) << json;
  return p.string();
}

// The common flags of `study <model>` and `simulate <model>`, for every model.
TEST(BadInput, CommonFlagsOfEveryCommand) {
  for (const auto& model : jumpflow::tool::models()) {
    for (const std::string command : {"study", "simulate"}) {
      const std::string c = command + " " + model.name + " ";
      const std::vector<bad_case> cases = {
          {c + "--n 10,-3", "n is -3, but must be finite and > 0"},
          {c + "--n 100,", "n is '100,', but must be a comma-separated list of numbers"},
          {c + "--n ,100", "n is ',100', but must be a comma-separated list of numbers"},
          {c + "--n 1e300", "n is 1e+300, but must be <= 1e12"},
          {c + "--n abc", "n is 'abc', but must be a comma-separated list of numbers"},
          {c + "--n 0", "n is 0, but must be finite and > 0"},
          {c + "--n nan", "n is nan, but must be finite and > 0"},
          {c + "--T 0", "T is 0, but must be finite and > 0"},
          {c + "--T -1", "T is -1, but must be finite and > 0"},
          {c + "--T 1e7", "T is 1e+07, but must be <= 1e6"},
          {c + "--T 1e400", "T is '1e400', but must be a number"},
          {c + "--T abc", "T is 'abc', but must be a number"},
          {c + "--seed -1", "seed is -1, but must be an integer in [0, 2^64 - 1]"},
          {c + "--seed 1.5", "seed is 1.5, but must be an integer in [0, 2^64 - 1]"},
          {c + "--seed 18446744073709551616",
           "seed is 18446744073709551616, but must be an integer"},
          {c + "--no-such-flag 1", "no-such-flag"},
          {c + "--quiet=maybe", "Could not convert: --quiet = maybe"},
      };
      for (const auto& bc : cases) expect_refused(bc);
      expect_refused({c, "but must be a folder (it is a file)"}, out_kind::file);
    }
  }
}

TEST(BadInput, StudyFlags) {
  const std::string c = "study immigration-death ";
  const std::vector<bad_case> cases = {
      {c + "--replicates -3", "replicates is -3, but must be an integer in [2, 10000000]"},
      {c + "--replicates 1", "replicates is 1, but must be an integer in [2, 10000000]"},
      {c + "--replicates 2.5", "replicates is 2.5, but must be an integer in [2, 10000000]"},
      {c + "--replicates 20000000",
       "replicates is 20000000, but must be an integer in [2, 10000000]"},
      {c + "--replicates 99999999999999999999999",
       "replicates is 99999999999999999999999, but must be"},
      {c + "--threads -1", "threads is -1, but must be an integer in [0, 1024]"},
      {c + "--threads 5000", "threads is 5000, but must be an integer in [0, 1024]"},
      {c + "--threads two", "threads is two, but must be an integer in [0, 1024]"},
      {c + "--level 1", "level is 1, but must be in (0, 1)"},
      {c + "--level 0", "level is 0, but must be in (0, 1)"},
      {c + "--level -0.5", "level is -0.5, but must be in (0, 1)"},
      {c + "--level nan", "level is nan, but must be in (0, 1)"},
      {c + "--level abc", "level is 'abc', but must be a number"},
      {c + "--test-stop-after 0", "test-stop-after is 0, but must be an integer in [1, 2^64 - 1]"},
      {c + "--paths -1", "paths is -1, but must be an integer in [0, 1000]"},
      {c + "--paths 1001", "paths is 1001, but must be an integer in [0, 1000]"},
      {c + "--paths 2.5", "paths is 2.5, but must be an integer in [0, 1000]"},
      {c + "--paths x", "paths is x, but must be an integer in [0, 1000]"},
      {c + "--config /no/such/file.json", "--config"},
      {c + "--config " + config_file("syntax", "{ \"n\": [10, 20, }"), "not valid JSON"},
      {c + "--config " + config_file("reps", "{\"replicates\": -3}"),
       "replicates is -3, but must be an integer"},
      {c + "--config " + config_file("reps_frac", "{\"replicates\": 2.5}"),
       "replicates is 2.5, but must be an integer"},
      {c + "--config " + config_file("n_huge", "{\"n\": [100, 1e300]}"),
       "n is 1e+300, but must be <= 1e12"},
      {c + "--config " + config_file("n_text", "{\"n\": \"100\"}"), "n is \"100\""},
      {c + "--config " + config_file("seed", "{\"seed\": -1}"),
       "seed is -1, but must be an integer"},
      {c + "--config " + config_file("threads", "{\"threads\": 1e9}"),
       "threads is 1000000000.0, but must be an integer"},
      {c + "--config " + config_file("T", "{\"T\": 0}"), "T is 0, but must be finite and > 0"},
      {c + "--config " + config_file("level", "{\"level\": 2}"),
       "level is 2, but must be in (0, 1)"},
      {c + "--config " + config_file("key", "{\"replicate\": 3}"),
       "key is 'replicate', but must be one of"},
      {c + "--config " + config_file("opt", "{\"options\": {\"k\": -1}}"),
       "immigration is -1, but must be finite and >= 0"},
      {c + "--config " + config_file("opt_type", "{\"options\": {\"k\": \"x\"}}"),
       "option k is \"x\", but must be a number"},
      {c + "--config " + config_file("model", "{\"model\": \"sir\"}"),
       "model is sir, but must be 'immigration-death'"},
      {c + "--resume", "--resume folder is"},
      {"study", "but must be one of bnn, immigration-death"},
      {"study no-such-model", "model is 'no-such-model'"},
      {"simulate no-such-model", "model is 'no-such-model'"},
  };
  for (const auto& bc : cases) expect_refused(bc);
  // --resume on an empty folder is an error, not a silent fresh start.
  expect_refused({c + "--resume", "but must be a folder holding a saved study"},
                 out_kind::empty_folder);
}

TEST(BadInput, SimulateFlags) {
  const std::string c = "simulate sir ";
  for (const auto& bc : std::vector<bad_case>{
           {c + "--paths 0", "paths is 0, but must be an integer in [1, 1000]"},
           {c + "--paths -1", "paths is -1, but must be an integer in [1, 1000]"},
           {c + "--paths 1001", "paths is 1001, but must be an integer in [1, 1000]"},
           {c + "--paths x", "paths is x, but must be an integer in [1, 1000]"},
           {c + "--replicates 10", "replicates"},  // a study flag, not a simulate flag
       }) {
    expect_refused(bc);
  }
}

// The bnn model's grid of d and its options, with their constraints.
TEST(BadInput, BnnFlags) {
  for (const std::string command : {"study", "simulate"}) {
    const std::string c = command + " bnn ";
    for (const auto& bc : std::vector<bad_case>{
             {c + "--d 0", "d is 0, but must be an integer in [1, 1000000]"},
             {c + "--d 4.5", "d is 4.5, but must be an integer in [1, 1000000]"},
             {c + "--d 2e6", "d is 2e+06, but must be an integer in [1, 1000000]"},
             {c + "--d 4,", "d is '4,', but must be a comma-separated list of numbers"},
             {c + "--n 4 --d 16", "n is 4, but must be >= d = 16"},
             {c + "--loss network --d 5", "d is 5, but must be even and >= 4"},
             {c + "--alpha 0", "alpha is 0, but must be finite and > 0"},
             {c + "--A -1", "A is -1, but must be finite and > 0"},
             {c + "--h 0", "h is 0, but must be finite and > 0"},
             {c + "--b 0.9", "b is 0.9, but must be in [0, 1/2]"},
             {c + "--b -0.1", "b is -0.1, but must be in [0, 1/2]"},
             {c + "--law stdp --lambda 0", "lambda is 0, but must be finite and > 0"},
             {c + "--law stdp --mu -1", "mu is -1, but must be finite and > 0"},
             {c + "--alpha inf", "alpha is inf, but must be a finite number"},
         }) {
      expect_refused(bc);
    }
  }
}

// Every model option of every model, on both subcommands: a number option given text, a
// choice option given a value outside its choices.
TEST(BadInput, EveryModelOptionOfEveryCommand) {
  for (const auto& model : jumpflow::tool::models()) {
    for (const std::string command : {"study", "simulate"}) {
      for (const auto& spec : model.options) {
        const std::string c = command + " " + model.name + " --" + spec.name;
        if (spec.choices.empty()) {
          expect_refused({c + " abc", spec.name + " is 'abc', but must be a number"});
          expect_refused({c + " 1,2", spec.name + " is '1,2', but must be a number"});
        } else {
          expect_refused({c + " nope", "nope"});
        }
      }
    }
  }
}

// Semantic checks of the classic models' options come from the library's constructors, whose
// messages name the parameter as the library does (--g is the death rate).
TEST(BadInput, ClassicModelOptionValues) {
  for (const std::string command : {"study", "simulate"}) {
    for (const auto& bc : std::vector<bad_case>{
             {command + " immigration-death --g -1", "death is -1, but must be finite and >= 0"},
             {command + " sir --beta -1", "infection is -1, but must be finite and >= 0"},
             {command + " lotka-volterra --c -1",
              "predator_death is -1, but must be finite and >= 0"},
             {command + " gene-expression --hill -1", "hill is -1, but must be finite and > 0"},
         }) {
      expect_refused(bc);
    }
  }
}

}  // namespace
