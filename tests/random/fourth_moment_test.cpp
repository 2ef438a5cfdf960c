// fourth_moment() of every mark law: exact values, and a Monte Carlo check of E u^4 on the
// library's own draws (oracle: the stated moment; tolerance 5 standard errors of the mean of
// u^4 over 200,000 coordinates).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/mark_law.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace {

static_assert(jumpflow::has_fourth_moment<jumpflow::uniform_cube_law>);
static_assert(jumpflow::has_fourth_moment<jumpflow::rademacher_law>);
static_assert(jumpflow::has_fourth_moment<jumpflow::gaussian_law>);
static_assert(jumpflow::has_fourth_moment<jumpflow::stdp_law>);

template <class Law>
void check_by_simulation(const Law& law, std::uint64_t seed) {
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  jumpflow::philox_engine g(seed, 0);
  jumpflow::vector u(law.dimension());
  double sum = 0.0, sum2 = 0.0, count = 0.0;
  for (int r = 0; r < 50000; ++r) {
    law(g, u);
    for (jumpflow::index j = 0; j < u.size(); ++j) {
      const double v = std::pow(u[j], 4);
      sum += v;
      sum2 += v * v;
      count += 1.0;
    }
  }
  const double mean = sum / count;
  // (Rademacher: u^4 is constant, the SE is 0 and only the rounding of the sum remains.)
  const double se = std::sqrt(std::max(0.0, sum2 / count - mean * mean) / count);
  EXPECT_NEAR(mean, law.fourth_moment(), 5.0 * se + 1e-10 * mean);
}

TEST(FourthMoment, ExactValues) {
  EXPECT_DOUBLE_EQ(jumpflow::uniform_cube_law(2).fourth_moment(), 0.2);
  EXPECT_NEAR(jumpflow::uniform_cube_law(2, 0.0, 3.0).fourth_moment(), 81.0 / 5.0, 1e-12);
  EXPECT_DOUBLE_EQ(jumpflow::rademacher_law(2, 0.5).fourth_moment(), 0.0625);
  EXPECT_DOUBLE_EQ(jumpflow::gaussian_law(2, 2.0).fourth_moment(), 48.0);
  // lambda = mu: uniform on [-A, A], A^4 / 5.
  EXPECT_NEAR(jumpflow::stdp_law(2, 1.0, 1.0, 2.0).fourth_moment(), 16.0 / 5.0, 1e-12);
}

TEST(FourthMoment, MatchesTheDraws) {
  check_by_simulation(jumpflow::uniform_cube_law(4, -0.5, 1.5), 1);
  check_by_simulation(jumpflow::rademacher_law(4, 0.7), 2);
  check_by_simulation(jumpflow::gaussian_law(4, 1.3), 3);
  check_by_simulation(jumpflow::stdp_law(4, 1.0, 0.5), 4);
}

}  // namespace
