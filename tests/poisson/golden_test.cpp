// Golden tests of the order of draws (part of the reproducibility contract). Each process is
// replayed by hand from a second engine with the same stream, following the order documented
// in its header; any change of that order breaks the bitwise comparison. The first values of
// one stream are also pinned (1e-15 relative: they pass through libm's log).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "jumpflow/poisson.hpp"
#include "jumpflow/random.hpp"

namespace {

constexpr std::uint64_t seed = 20261129;
constexpr std::uint64_t stream = 5;

TEST(PoissonGolden, HomogeneousProcessIsExponentialGaps) {
  jumpflow::philox_engine g(seed, stream), h(seed, stream);
  std::vector<double> got;
  jumpflow::poisson_process(2.0).generate(g, 1.0, 4.0, [&](double t) { got.push_back(t); });
  std::vector<double> want;
  for (double t = 1.0 + jumpflow::standard_exponential(h) / 2.0; t <= 4.0;
       t += jumpflow::standard_exponential(h) / 2.0) {
    want.push_back(t);
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);  // the overshooting draw was made by both
  const double pinned[] = {1.644403021957868, 3.8786518310480687};
  ASSERT_EQ(got.size(), std::size(pinned));
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], pinned[i], 1e-15 * pinned[i]);
}

TEST(PoissonGolden, MarkedMeasureDrawsGapThenMark) {
  const jumpflow::uniform_cube_law law(2);
  jumpflow::philox_engine g(seed, stream), h(seed, stream);
  std::vector<double> got;
  jumpflow::marked_poisson_measure(3.0, law).generate(g, 0.0, 2.0,
                                                      [&](double t, const jumpflow::vector& u) {
                                                        got.insert(got.end(), {t, u[0], u[1]});
                                                      });
  std::vector<double> want;
  jumpflow::vector u(2);
  for (double t = jumpflow::standard_exponential(h) / 3.0; t <= 2.0;
       t += jumpflow::standard_exponential(h) / 3.0) {
    law(h, u);
    want.insert(want.end(), {t, u[0], u[1]});
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
  const double pinned[] = {0.42960201463857867, -0.97707094596928812, 0.37622105312085585,
                           0.57811701257456061, -0.73998842983434154, -0.16414164978473456,
                           0.78963519879691491, -0.5525564665434517,  -0.42538457587138812,
                           1.1404886898459514,  0.22055474678364906,  -0.80980605251938842,
                           1.1535261248910891,  -0.90185587704517545, -0.055921646844281803,
                           1.4205255598098183,  0.084108182420394417, -0.90635520131943426,
                           1.94389124862471,    0.31072292118081135,  0.77134659311891607};
  ASSERT_EQ(got.size(), std::size(pinned));
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], pinned[i], 1e-15 * std::abs(pinned[i]));
  }
}

TEST(PoissonGolden, ThinningDrawsGapThenAcceptanceUniform) {
  auto lambda = [](double t) { return 1.0 + std::sin(t); };
  jumpflow::philox_engine g(seed, stream), h(seed, stream);
  std::vector<double> got;
  jumpflow::thinned_poisson_process(lambda, 2.0).generate(g, 0.0, 6.0, [&](double t) {
    got.push_back(t);
  });
  std::vector<double> want;
  for (double t = jumpflow::standard_exponential(h) / 2.0; t <= 6.0;
       t += jumpflow::standard_exponential(h) / 2.0) {
    if (jumpflow::uniform01(h) * 2.0 < lambda(t)) want.push_back(t);
  }
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
}

TEST(PoissonGolden, TimeChangeMapsUnitRatePoints) {
  auto cumulative = [](double t) { return t * t; };
  auto inverse = [](double s) { return std::sqrt(s); };
  jumpflow::philox_engine g(seed, stream), h(seed, stream);
  std::vector<double> got;
  jumpflow::time_changed_poisson_process(cumulative, inverse).generate(g, 1.0, 3.0, [&](double t) {
    got.push_back(t);
  });
  std::vector<double> want;
  jumpflow::poisson_process(1.0).generate(h, 1.0, 9.0,
                                          [&](double s) { want.push_back(inverse(s)); });
  EXPECT_EQ(got, want);
  EXPECT_EQ(g, h);
}

TEST(PoissonGolden, CompensatorSamplesDrawTimeThenMark) {
  const jumpflow::marked_poisson_measure m(2.0, jumpflow::uniform_cube_law(1));
  auto f = [](double s, const jumpflow::vector& u) { return s * u[0]; };
  jumpflow::philox_engine g(seed, stream), h(seed, stream);
  const auto est = jumpflow::estimate_compensator(m, g, 1.0, 3.0, f, 4);
  double sum = 0.0;
  for (int i = 0; i < 4; ++i) {
    const double s = 1.0 + 2.0 * jumpflow::uniform01(h);
    sum += f(s, m.law()(h));
  }
  EXPECT_NEAR(est.value, 2.0 * 2.0 * sum / 4.0, 1e-14);
  EXPECT_EQ(g, h);
}

}  // namespace
