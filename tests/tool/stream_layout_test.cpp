// The stream layout is one contract for the library and the tool: `jumpflow study` with a seed
// and grid gives bitwise the estimates of jumpflow::convergence_study() run in this process
// with the same seed, grid and the tool's own replicate functions (model_registry), and the
// sample paths of a study are those of `jumpflow simulate` with that seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "cli_support.hpp"
#include "jumpflow/limit/convergence_study.hpp"
#include "model_registry.hpp"
#include "study_config.hpp"

namespace {

using namespace jumpflow::tool;
using jumpflow::tool::test::run_cli;
using jumpflow::tool::test::scratch;

// Every row of the tool's results.json equals the library's row k, bit for bit.
void expect_same_rows(const nlohmann::json& results, const jumpflow::study_result& lib) {
  const auto& rows = results.at("points");
  ASSERT_EQ(rows.size(), lib.points.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& p = lib.points[k];
    EXPECT_EQ(rows[k].at("n").get<double>(), p.n) << k;
    EXPECT_EQ(rows[k].at("estimate").get<double>(), p.error.value) << k;
    EXPECT_EQ(rows[k].at("standard_error").get<double>(), p.error.standard_error) << k;
    EXPECT_EQ(rows[k].at("ci_low").get<double>(), p.error.ci_low) << k;
    EXPECT_EQ(rows[k].at("ci_high").get<double>(), p.error.ci_high) << k;
    EXPECT_EQ(rows[k].at("events").get<std::uint64_t>(), p.events) << k;
  }
}

TEST(StreamLayout, OneDimensionalCliStudyEqualsLibraryStudyBitwise) {
  const std::vector<double> ns{20, 40, 80};
  const std::uint64_t seed = 11, replicates = 30;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  const auto out = scratch("layout_1d");
  ASSERT_EQ(run_cli("study immigration-death --n 20,40,80 --T 1 --replicates 30 --seed 11 "
                    "--threads 3 --quiet --out " +
                    out.string())
                .status,
            0);

  const model_entry& model = find_model("immigration-death");
  const study_config c = default_config(model);
  std::vector<replicate_function> reps;
  for (double n : ns) reps.push_back(model.make_replicate(c.options, n, 0.0, 1.0));
  jumpflow::study_options opt;
  opt.replicates = replicates;
  opt.seed = seed;
  opt.threads = 2;
  const auto lib = jumpflow::convergence_study(
      ns, opt, [&](double n, jumpflow::philox_engine& g, std::uint64_t r) {
        return reps[static_cast<std::size_t>(std::find(ns.begin(), ns.end(), n) - ns.begin())](g, r)
            .outcome;
      });
  expect_same_rows(nlohmann::json::parse(read_file(out / "results.json")), lib);

  // The study's sample paths are `jumpflow simulate`'s at its smallest n (here the first).
  const auto sim = scratch("layout_sim");
  ASSERT_EQ(run_cli("simulate immigration-death --n 20 --T 1 --seed 11 --paths 3 --quiet --out " +
                    sim.string())
                .status,
            0);
  EXPECT_EQ(read_file(out / "paths.csv"), read_file(sim / "paths.csv"));
}

TEST(StreamLayout, TwoDimensionalCliStudyEqualsLibraryStudyBitwise) {
  const std::vector<double> ns{16, 32}, ds{4, 8, 16};
  const std::uint64_t seed = 3;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  const auto out = scratch("layout_2d");
  ASSERT_EQ(run_cli("study bnn --loss logcosh --n 16,32 --d 4,8,16 --T 0.5 --replicates 20 "
                    "--seed 3 --quiet --out " +
                    out.string())
                .status,
            0);

  const model_entry& model = find_model("bnn");
  study_config c = default_config(model);
  c.options["loss"] = "logcosh";
  // Row k = j |n| + i of (n_i, d_j): d outer, n inner.
  std::vector<replicate_function> reps;
  for (double d : ds) {
    for (double n : ns) reps.push_back(model.make_replicate(c.options, n, d, 0.5));
  }
  jumpflow::study_options opt;
  opt.replicates = 20;
  opt.seed = seed;
  opt.threads = 2;
  const auto lib = jumpflow::convergence_study(
      ns, ds, opt, [&](double n, double d, jumpflow::philox_engine& g, std::uint64_t r) {
        const auto i = static_cast<std::size_t>(std::find(ns.begin(), ns.end(), n) - ns.begin());
        const auto j = static_cast<std::size_t>(std::find(ds.begin(), ds.end(), d) - ds.begin());
        return reps[j * ns.size() + i](g, r).outcome;
      });
  const auto results = nlohmann::json::parse(read_file(out / "results.json"));
  expect_same_rows(results, lib);
  for (std::size_t k = 0; k < lib.points.size(); ++k) {
    EXPECT_EQ(results.at("points")[k].at("d").get<double>(), lib.points[k].d) << k;
  }
}

}  // namespace
