// Statistical tests of the STDP perturbation law (random/stdp_law.hpp), drawn from simulated
// pre/post spike times.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::test::announce_seed;
using jumpflow::test::ks_test;

static_assert(jumpflow::mark_law<jumpflow::stdp_law>);

// Collects `draws` draws of a d = 7 law, all coordinates pooled.
std::vector<double> pooled_draws(const jumpflow::stdp_law& law, std::uint64_t seed, int draws) {
  jumpflow::philox_engine g(seed, 0);
  jumpflow::vector u(law.dimension());
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(draws * law.dimension()));
  for (int r = 0; r < draws; ++r) {
    law(g, u);
    for (double v : u) out.push_back(v);
  }
  return out;
}

// Oracle: for lambda = mu, exp(-mu |Dt|) with |Dt| ~ Exp(lambda) is uniform, and the sign is
// fair and independent, so xi ~ U[-A, A]. Tolerance: KS at alpha = 1e-6 (70000 values).
TEST(StdpLaw, UniformWhenSpikeRateEqualsWindowDecay) {
  const std::uint64_t seed = announce_seed(601);
  const double a = 0.7;
  const jumpflow::stdp_law law(7, 3.0, 3.0, a);
  const auto x = pooled_draws(law, seed, 10000);
  const auto ks = ks_test(x, [a](double v) { return std::clamp((v + a) / (2 * a), 0.0, 1.0); });
  EXPECT_GT(ks.p_value, 1e-6) << "D = " << ks.statistic;
}

// Oracle: |xi|/A ~ Beta(lambda/mu, 1) (Boost.Math cdf); the sign is fair. Tolerance: KS at
// alpha = 1e-6 for the magnitude, 5 standard errors for the share of positive signs.
TEST(StdpLaw, MagnitudeIsBetaShaped) {
  const std::uint64_t seed = announce_seed(602);
  for (const auto& [lambda, mu] : {std::pair{2.0, 0.5}, std::pair{1.0, 3.0}}) {
    const jumpflow::stdp_law law(7, lambda, mu, 2.0);
    const auto x = pooled_draws(law, seed, 10000);
    std::vector<double> mag;
    double positive = 0.0;
    for (double v : x) {
      mag.push_back(std::abs(v) / 2.0);
      positive += v > 0 ? 1.0 : 0.0;
    }
    const boost::math::beta_distribution<double> beta(lambda / mu, 1.0);
    const auto ks =
        ks_test(mag, [&](double v) { return boost::math::cdf(beta, std::clamp(v, 0.0, 1.0)); });
    EXPECT_GT(ks.p_value, 1e-6) << "lambda " << lambda << " mu " << mu << " D = " << ks.statistic;
    const double share = positive / static_cast<double>(x.size());
    EXPECT_NEAR(share, 0.5, 5.0 * std::sqrt(0.25 / static_cast<double>(x.size())));
  }
}

// Oracle: E xi^2 = A^2 lambda/(lambda + 2 mu), E xi^4 = A^4 lambda/(lambda + 4 mu), exact.
// Tolerance: 5 standard errors of the sample means.
TEST(StdpLaw, MomentsMatchTheFormulas) {
  const std::uint64_t seed = announce_seed(603);
  const jumpflow::stdp_law law(7, 2.0, 0.5, 1.5);
  const auto x = pooled_draws(law, seed, 20000);
  std::vector<double> x2, x4;
  for (double v : x) {
    x2.push_back(v * v);
    x4.push_back(v * v * v * v);
  }
  const auto m2 = jumpflow::test::mean_and_se(x2);
  const auto m4 = jumpflow::test::mean_and_se(x4);
  EXPECT_NEAR(m2.mean, 1.5 * 1.5 * 2.0 / 3.0, 5 * m2.se);
  EXPECT_DOUBLE_EQ(law.second_moment(), 1.5 * 1.5 * 2.0 / 3.0);
  EXPECT_NEAR(m4.mean, std::pow(1.5, 4) * 2.0 / 4.0, 5 * m4.se);
  EXPECT_DOUBLE_EQ(law.fourth_moment(), std::pow(1.5, 4) * 2.0 / 4.0);
}

TEST(StdpLaw, BadParametersThrow) {
  EXPECT_THROW(jumpflow::stdp_law(0, 1.0, 1.0), std::invalid_argument);
  EXPECT_THROW(jumpflow::stdp_law(2, 0.0, 1.0), std::domain_error);
  EXPECT_THROW(jumpflow::stdp_law(2, 1.0, -1.0), std::domain_error);
  EXPECT_THROW(jumpflow::stdp_law(2, 1.0, 1.0, std::nan("")), std::domain_error);
  try {
    jumpflow::stdp_law(2, 1.0, 0.0);
  } catch (const std::domain_error& e) {
    EXPECT_STREQ(e.what(), "jumpflow::stdp_law: window_decay is 0, but must be finite and > 0");
  }
}

}  // namespace
