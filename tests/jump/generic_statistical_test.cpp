// Statistical tests of the generic jump processes. Each test states its oracle (a closed
// form) and its tolerance: 5 standard errors for moments, chi-square at alpha = 1e-6 for laws
// of counts. Seeds are fixed and printed.
#include <gtest/gtest.h>

#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <vector>

#include "discrete_fit.hpp"
#include "generic_models.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::vector;
using jumpflow::test::announce_seed;
using jumpflow::test::mean_and_se;
using jumpflow::test::poisson_fit;
constexpr double alpha = 1e-6;

// Counts against Poisson(mean): chi-square at alpha, and the sample mean within 5 standard
// errors (more powerful against a shifted mean than the chi-square test).
void expect_poisson(const std::vector<long long>& counts, double mean) {
  EXPECT_GT(poisson_fit(counts, mean), alpha);
  const auto e = mean_and_se(std::vector<double>(counts.begin(), counts.end()));
  EXPECT_NEAR(e.mean, mean, 5.0 * e.se);
}

// Final states of `replicates` runs of `simulate(g)`.
template <class Simulate>
std::vector<long long> final_counts(philox_engine& g, Simulate simulate, int replicates = 40000) {
  std::vector<long long> counts;
  for (int rep = 0; rep < replicates; ++rep) counts.push_back(simulate(g));
  return counts;
}

// X_{k+1} = (1 - c) X_k + u_k at the atoms of a rate-r PRM, u ~ uniform[-1, 1]^2
// (E u = 0, E u^2 = s2 = 1/3). From the generator: E X_t = x0 e^{-crt} and
// E X_t^2 = x0^2 e^{-kt} + (r s2 / k)(1 - e^{-kt}), k = r (2c - c^2), per coordinate.
// On the grid clock with K jumps: E X = (1 - c)^K x0, E X^2 = (1-c)^{2K} x0^2 +
// s2 (1 - (1-c)^{2K}) / (1 - (1-c)^2). Tolerance: 5 standard errors.
TEST(JumpGenericStatistical, LinearPrmDrivenProcessMeanAndSecondMoment) {
  const double r = 4.0, c = 0.2, horizon = 2.0, s2 = 1.0 / 3.0;
  const jumpflow::test::linear_prm_model m{r, c, 2};
  const vector x0 = (vector(2) << 1.0, -0.5).finished();
  const int n = 40000;
  for (const bool grid : {false, true}) {
    philox_engine g(announce_seed(grid ? 402 : 401), 0);
    std::vector<double> first[2], second[2];
    for (int rep = 0; rep < n; ++rep) {
      vector x = x0;
      if (grid) {
        jumpflow::simulate_prm_driven(m, x, 0.0, horizon, g, jumpflow::null_observer{},
                                      jumpflow::grid_clock{0.25});
      } else {
        jumpflow::simulate_prm_driven(m, x, 0.0, horizon, g);
      }
      for (int j = 0; j < 2; ++j) {
        first[j].push_back(x[j]);
        second[j].push_back(x[j] * x[j]);
      }
    }
    for (int j = 0; j < 2; ++j) {
      double mean, moment;
      if (grid) {
        const double q = std::pow(1.0 - c, 8.0), q2 = q * q;
        mean = q * x0[j];
        moment = q2 * x0[j] * x0[j] + s2 * (1.0 - q2) / (1.0 - (1.0 - c) * (1.0 - c));
      } else {
        const double k = r * (2.0 * c - c * c);
        mean = x0[j] * std::exp(-c * r * horizon);
        moment =
            x0[j] * x0[j] * std::exp(-k * horizon) + r * s2 / k * (1.0 - std::exp(-k * horizon));
      }
      const auto e1 = mean_and_se(first[j]), e2 = mean_and_se(second[j]);
      EXPECT_NEAR(e1.mean, mean, 5.0 * e1.se) << "grid " << grid << ", coordinate " << j;
      EXPECT_NEAR(e2.mean, moment, 5.0 * e2.se) << "grid " << grid << ", coordinate " << j;
    }
  }
}

// Pure death with rate x by thinning a rate-x0 PRM: X_T ~ Binomial(x0, e^{-T})
// (each individual dies at rate 1 independently). Chi-square at alpha.
TEST(JumpGenericStatistical, StateDependentIntensityByThinningGivesPureDeath) {
  philox_engine g(announce_seed(403), 0);
  const double x0 = 10.0, horizon = 0.7;
  const jumpflow::test::thinned_death_model m{x0};
  const auto counts = final_counts(g, [&](philox_engine& engine) {
    double x = x0;
    jumpflow::simulate_prm_driven(m, x, 0.0, horizon, engine);
    return std::llround(x);
  });
  const boost::math::binomial_distribution<> law(x0, std::exp(-horizon));
  const double p = jumpflow::test::discrete_fit(
      counts, [&](double k) { return boost::math::pdf(law, k); }, 11, 0.0);
  EXPECT_GT(p, alpha);
}

// Immigration (a) and death (b per individual) from 0: X_T ~ Poisson(a/b (1 - e^{-bT}))
// (M/M/infinity queue). Chi-square at alpha, and the mean within 5 standard errors.
TEST(JumpGenericStatistical, ExactMarkovSimulatorGivesImmigrationDeathLaw) {
  philox_engine g(announce_seed(404), 0);
  const double a = 3.0, b = 0.5, horizon = 4.0;
  const jumpflow::test::immigration_death_model m{a, b};
  const auto counts = final_counts(g, [&](philox_engine& engine) {
    jumpflow::count_vector x = jumpflow::count_vector::Zero(1);
    jumpflow::simulate_markov_jump(m, x, 0.0, horizon, engine);
    return x[0];
  });
  expect_poisson(counts, a / b * (1.0 - std::exp(-b * horizon)));
}

// Immigration at rate a (1 + sin t), death b per individual, from 0: X_T ~ Poisson(m(T)) with
// m(T) = int_0^T a (1 + sin s) e^{-b (T - s)} ds
//      = a [(1 - e^{-bT}) / b + (b sin T - cos T + e^{-bT}) / (1 + b^2)]
// (Poisson arrivals into an infinite-server queue). Chi-square at alpha, and the mean within 5
// standard errors.
TEST(JumpGenericStatistical, ThinningMarkovSimulatorGivesPeriodicImmigrationDeathLaw) {
  philox_engine g(announce_seed(405), 0);
  const double a = 3.0, b = 0.5, horizon = 5.0;
  const jumpflow::test::periodic_immigration_death_model m{a, b};
  const auto counts = final_counts(g, [&](philox_engine& engine) {
    long long x = 0;
    jumpflow::simulate_markov_jump(m, x, 0.0, horizon, engine);
    return x;
  });
  const double e = std::exp(-b * horizon);
  const double mean =
      a * ((1.0 - e) / b + (b * std::sin(horizon) - std::cos(horizon) + e) / (1.0 + b * b));
  expect_poisson(counts, mean);
}

}  // namespace
