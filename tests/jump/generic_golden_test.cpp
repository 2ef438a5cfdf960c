// Golden tests of the order of draws of the generic jump simulators (reproducibility
// contract): each simulation is replayed by hand from a second engine with the same stream,
// following the order documented in its header, and compared bit for bit; the final state of
// one run is also pinned (1e-15 relative, values pass through libm's log).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "generic_models.hpp"
#include "jumpflow/jump.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::vector;
constexpr std::uint64_t seed = 20261129;
constexpr std::uint64_t stream = 9;

TEST(JumpGolden, PrmDrivenPoissonClockDrawsGapThenMark) {
  const jumpflow::test::linear_prm_model m{4.0, 0.2, 2};
  philox_engine g(seed, stream), h(seed, stream);
  vector x = vector::Constant(2, 1.0);
  std::vector<double> got;
  jumpflow::simulate_prm_driven(m, x, 0.0, 2.0, g, [&](const vector& y, double t) {
    got.insert(got.end(), {t, y[0], y[1]});
  });
  vector y = vector::Constant(2, 1.0), u(2);
  std::vector<double> want = {0.0, 1.0, 1.0};
  for (double t = jumpflow::standard_exponential(h) / 4.0; t <= 2.0;
       t += jumpflow::standard_exponential(h) / 4.0) {
    m.mark_law()(h, u);
    y += u - 0.2 * y;
    want.insert(want.end(), {t, y[0], y[1]});
  }
  want.insert(want.end(), {2.0, y[0], y[1]});
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
  const double pinned[] = {-0.66760860959263191, 0.97647497632726332};
  ASSERT_EQ(x.size(), 2);
  EXPECT_NEAR(x[0], pinned[0], 1e-15 * std::abs(pinned[0]));
  EXPECT_NEAR(x[1], pinned[1], 1e-15 * std::abs(pinned[1]));
}

TEST(JumpGolden, PrmDrivenThinningDrawsGapMarkThenUniform) {
  const jumpflow::test::thinned_death_model m{6.0};
  philox_engine g(seed, stream), h(seed, stream);
  double x = 6.0;
  std::vector<double> got;
  jumpflow::simulate_prm_driven(m, x, 0.0, 3.0, g, [&](double y, double t) {
    got.insert(got.end(), {t, y});
  });
  double y = 6.0;
  std::vector<double> want = {0.0, 6.0};
  for (double t = jumpflow::standard_exponential(h) / 6.0; t <= 3.0;
       t += jumpflow::standard_exponential(h) / 6.0) {
    // no_mark draws nothing; then the acceptance uniform
    if (jumpflow::uniform01(h) * 6.0 < y) {
      y -= 1.0;
      want.insert(want.end(), {t, y});
    }
  }
  want.insert(want.end(), {3.0, y});
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
}

TEST(JumpGolden, PrmDrivenGridClockDrawsMarksOnly) {
  const jumpflow::test::linear_prm_model m{4.0, 0.2, 3};
  philox_engine g(seed, stream), h(seed, stream);
  vector x = vector::Zero(3);
  jumpflow::simulate_prm_driven(m, x, 0.0, 1.0, g, jumpflow::null_observer{},
                                jumpflow::grid_clock{0.25});
  vector y = vector::Zero(3), u(3);
  for (int k = 0; k < 4; ++k) {
    m.mark_law()(h, u);
    y += u - 0.2 * y;
  }
  EXPECT_EQ(x, y);
  EXPECT_EQ(g, h);
}

TEST(JumpGolden, MarkovExactDrawsHoldingTimeThenKernel) {
  const jumpflow::test::immigration_death_model m{3.0, 0.5};
  philox_engine g(seed, stream), h(seed, stream);
  jumpflow::count_vector x = jumpflow::count_vector::Zero(1);
  std::vector<double> got;
  jumpflow::simulate_markov_jump(m, x, 0.0, 4.0, g, [&](const jumpflow::count_vector& y, double t) {
    got.insert(got.end(), {t, static_cast<double>(y[0])});
  });
  long long y = 0;
  std::vector<double> want = {0.0, 0.0};
  double t = 0.0;
  for (;;) {
    const double lambda = 3.0 + 0.5 * static_cast<double>(y);
    t += jumpflow::standard_exponential(h) / lambda;
    if (t > 4.0) break;
    y += jumpflow::uniform01(h) * lambda < 3.0 ? 1 : -1;
    want.insert(want.end(), {t, static_cast<double>(y)});
  }
  want.insert(want.end(), {4.0, static_cast<double>(y)});
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
  EXPECT_EQ(x[0], 5);
}

TEST(JumpGolden, MarkovThinningDrawsGapUniformThenKernel) {
  const jumpflow::test::periodic_immigration_death_model m{3.0, 0.5};
  philox_engine g(seed, stream), h(seed, stream);
  long long x = 0;
  std::vector<double> got;
  jumpflow::simulate_markov_jump(m, x, 0.0, 4.0, g, [&](long long y, double t) {
    got.insert(got.end(), {t, static_cast<double>(y)});
  });
  long long y = 0;
  std::vector<double> want = {0.0, 0.0};
  double t = 0.0;
  for (;;) {
    const double bound = 6.0 + 0.5 * static_cast<double>(y);
    t += jumpflow::standard_exponential(h) / bound;
    if (t > 4.0) break;
    if (!(jumpflow::uniform01(h) * bound < m.intensity(y, t))) continue;
    y += jumpflow::uniform01(h) * m.intensity(y, t) < m.immigration(t) ? 1 : -1;
    want.insert(want.end(), {t, static_cast<double>(y)});
  }
  want.insert(want.end(), {4.0, static_cast<double>(y)});
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
}

}  // namespace
