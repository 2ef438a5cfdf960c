// Unit tests of multi_distance_study() (limit/convergence_study.hpp): k distances per replicate
// on the same paths, with the streams and tables of convergence_study().
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "error_text.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/random/normal.hpp"

namespace {

using jumpflow::philox_engine;

// One replicate, two distances: |Z| / sqrt(n) and the constant 0.3 + |Z| / n (a "plateau").
double draw(philox_engine& g) { return std::abs(jumpflow::standard_normal(g)); }

jumpflow::multi_replicate_outcome two_distances(double n, philox_engine& g, std::uint64_t) {
  const double z = draw(g);
  return {{z / std::sqrt(n), 0.3 + z / n}, static_cast<std::uint64_t>(n)};
}

TEST(MultiDistanceStudy, EachDistanceIsTheSingleStudyOnTheSameStreams) {
  const std::vector<double> grid{100, 400, 1600};
  jumpflow::study_options opt;
  opt.replicates = 40;
  opt.seed = 11;
  opt.threads = 2;
  std::vector<std::size_t> rows_seen;
  const auto multi = jumpflow::multi_distance_study(
      grid, 2, opt, two_distances,
      [&](std::span<const jumpflow::study_point> rows) { rows_seen.push_back(rows.size()); });
  ASSERT_EQ(multi.size(), 2u);
  EXPECT_EQ(rows_seen, (std::vector<std::size_t>{2, 2, 2}));
  // Distance i is bitwise the convergence_study whose replicate returns only distance i.
  for (std::size_t i = 0; i < 2; ++i) {
    const auto single = jumpflow::convergence_study(
        grid, opt, [i](double n, philox_engine& g, std::uint64_t r) {
          const auto o = two_distances(n, g, r);
          return jumpflow::replicate_outcome{o.sup_errors[i], o.events};
        });
    ASSERT_EQ(multi[i].points.size(), grid.size());
    for (std::size_t k = 0; k < grid.size(); ++k) {
      EXPECT_EQ(multi[i].points[k].n, grid[k]);
      EXPECT_EQ(multi[i].points[k].error.value, single.points[k].error.value);
      EXPECT_EQ(multi[i].points[k].error.standard_error, single.points[k].error.standard_error);
      EXPECT_EQ(multi[i].points[k].events, single.points[k].events);
    }
    EXPECT_EQ(multi[i].rate.slope, single.rate.slope);
  }
  // The first distance falls, the second plateaus.
  EXPECT_NEAR(multi[0].rate.slope, -0.5, 0.2);
  EXPECT_NEAR(multi[1].rate.slope, 0.0, 0.05);
}

TEST(MultiDistanceStudy, TwoDimensionalGridHasTheRowOrderOfConvergenceStudy) {
  const std::vector<double> grid_n{100, 400, 1600}, grid_d{1, 4};
  jumpflow::study_options opt;
  opt.replicates = 10;
  const auto fn = [](double n, double d, philox_engine& g, std::uint64_t) {
    const double z = draw(g);
    return jumpflow::multi_replicate_outcome{{z * std::sqrt(d / n), z, 2 * z},
                                             static_cast<std::uint64_t>(n)};
  };
  const auto multi = jumpflow::multi_distance_study(grid_n, grid_d, 3, opt, fn);
  const auto single = jumpflow::convergence_study(
      grid_n, grid_d, opt, [&](double n, double d, philox_engine& g, std::uint64_t r) {
        const auto o = fn(n, d, g, r);
        return jumpflow::replicate_outcome{o.sup_errors[0], o.events};
      });
  ASSERT_EQ(multi.size(), 3u);
  for (std::size_t k = 0; k < single.points.size(); ++k) {
    EXPECT_EQ(multi[0].points[k].n, single.points[k].n);
    EXPECT_EQ(multi[0].points[k].d, single.points[k].d);
    EXPECT_EQ(multi[0].points[k].error.value, single.points[k].error.value);
    EXPECT_DOUBLE_EQ(multi[2].points[k].error.value, 2 * multi[1].points[k].error.value);
  }
}

TEST(MultiDistanceStudy, BadInputIsNamed) {
  const std::vector<double> grid{100, 200};
  jumpflow::study_options opt;
  opt.replicates = 5;
  EXPECT_EQ(jumpflow::test::error_of([&] { jumpflow::multi_distance_study(grid, 0, opt, two_distances); }),
            "jumpflow::multi_distance_study: distances is 0, but must be >= 1");
  EXPECT_EQ(jumpflow::test::error_of([&] { jumpflow::multi_distance_study(grid, 3, opt, two_distances); }),
            "jumpflow::multi_distance_study: sup_errors.size() of replicate 0 at n = 100 is 2, "
            "but must be the number of distances, 3");
  EXPECT_THROW(jumpflow::multi_distance_study(grid, 3, opt, two_distances),
               jumpflow::simulation_error);
  EXPECT_EQ(jumpflow::test::error_of([&] {
              jumpflow::multi_distance_study(grid, 2, opt,
                                             [](double n, philox_engine&, std::uint64_t r) {
                                               return jumpflow::multi_replicate_outcome{
                                                   {1.0, r == 3 ? NAN : 1.0 / n}, 1};
                                             });
            }),
            "jumpflow::multi_distance_study: sup_errors[1] of replicate 3 at n = 100 is nan, but "
            "must be finite and >= 0");
}

}  // namespace
