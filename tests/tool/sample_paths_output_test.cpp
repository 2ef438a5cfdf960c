// Sample-path output stays bounded as the work grows: the thinning keeps at most two rows per
// time bucket (exact steps for a sparse path), and paths.csv of `simulate` / `study` has a
// number of lines independent of n (the streaming promise: memory and output O(state), not
// O(number of jumps)). `study --paths 0` writes no paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cli_support.hpp"
#include "sample_paths_output.hpp"

namespace {

namespace fs = std::filesystem;
using jumpflow::tool::path_buckets;
using jumpflow::tool::path_thinning;
using jumpflow::tool::test::run_cli;
using jumpflow::tool::test::scratch;

std::vector<std::pair<double, double>> thin(const std::vector<std::pair<double, double>>& events, double t1,
                                            std::size_t buckets) {
  path_thinning th(t1, 1, buckets);
  std::vector<std::pair<double, double>> kept;
  const auto keep = [&](double t, const double* x) { kept.emplace_back(t, x[0]); };
  for (const auto& [t, x] : events) th.record(t, &x, keep);
  th.finish(keep);
  return kept;
}

TEST(PathThinning, KeepsASparsePathWhole) {
  // At most two events per bucket: every event is kept, in order.
  const std::vector<std::pair<double, double>> events{{0.0, 1}, {0.07, 2}, {0.15, 3}, {0.31, 4}, {1.0, 5}};
  EXPECT_EQ(thin(events, 1.0, 10), events);
}

TEST(PathThinning, KeepsTheFirstAndLastEventOfEachBucket) {
  std::vector<std::pair<double, double>> events;
  for (int k = 0; k <= 1000; ++k) events.emplace_back(k / 1000.0, k);  // 100 events per bucket
  const auto kept = thin(events, 1.0, 10);
  ASSERT_EQ(kept.size(), 2u * 10u);  // the event at t1 = 1 falls in the last bucket
  for (std::size_t b = 0; b < 10; ++b) {
    EXPECT_EQ(kept[2 * b].second, 100.0 * static_cast<double>(b)) << b;              // first of bucket b
    EXPECT_EQ(kept[2 * b + 1].second, b == 9 ? 1000.0 : 100.0 * static_cast<double>(b) + 99.0) << b;  // last
  }
  // A restart begins a new path.
  path_thinning th(1.0, 1, 10);
  int rows = 0;
  const auto count = [&](double, const double*) { ++rows; };
  const double x = 0.0;
  th.record(0.5, &x, count);
  th.reset();
  th.record(0.5, &x, count);
  EXPECT_EQ(rows, 2);
}

std::size_t lines_of(const fs::path& file) {
  std::ifstream in(file);
  return static_cast<std::size_t>(std::count(std::istreambuf_iterator<char>(in), {}, '\n'));
}

// The regression this guards: paths stored and written event by event (lines ~ n T per path).
// immigration-death at n = 1000 has ~2000 events per path on [0, 1], at n = 64000 ~128000;
// with the thinning both files have at most 1 + paths * 2 * path_buckets lines.
TEST(SamplePathsOutput, PathsCsvDoesNotGrowWithN) {
  std::vector<std::size_t> lines;
  for (const char* n : {"1000", "64000"}) {
    const fs::path out = scratch(std::string("paths_n") + n);
    const auto r = run_cli("simulate immigration-death --n " + std::string(n) +
                           " --T 1 --paths 2 --seed 3 --quiet --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.err;
    lines.push_back(lines_of(out / "paths.csv"));
    EXPECT_LE(lines.back(), 1 + 2 * 2 * path_buckets) << "n = " << n;
  }
  // At n = 64000 every bucket holds many events, so each keeps exactly 2 rows; n = 1000 keeps
  // at most as many (its sparse buckets keep each of their events).
  EXPECT_EQ(lines[1], 1 + 2 * 2 * path_buckets);
  EXPECT_LE(lines[0], lines[1]);
}

TEST(SamplePathsOutput, StudyWritesPathsAtItsSmallestNOrNone) {
  const std::string study = "study immigration-death --n 64000,1000 --T 1 --replicates 2 --seed 3 --quiet ";
  const fs::path with = scratch("study_paths"), sim = scratch("study_paths_sim"), none = scratch("study_nopaths");
  ASSERT_EQ(run_cli(study + "--paths 2 --out " + with.string()).status, 0);
  ASSERT_EQ(run_cli("simulate immigration-death --n 1000 --T 1 --paths 2 --seed 3 --quiet --out " + sim.string())
                .status,
            0);
  EXPECT_EQ(jumpflow::tool::read_file(with / "paths.csv"), jumpflow::tool::read_file(sim / "paths.csv"));
  ASSERT_EQ(run_cli(study + "--paths 0 --out " + none.string()).status, 0);
  EXPECT_TRUE(fs::exists(none / "results.json"));
  EXPECT_FALSE(fs::exists(none / "paths.csv"));
  EXPECT_FALSE(fs::exists(none / "limit.csv"));
}

}  // namespace
