// Statistical tests of the PDMP simulators against exact laws: the first event time of
// y' = y, lambda = y (a KS test), the moments of the telegraph model from its closed moment
// ODEs, and the event locator's tolerance (halving it must not move the statistics, and a
// sloppy fixed-step locator must be detected). Every test prints its seed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <iostream>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/ode.hpp"
#include "jumpflow/random.hpp"
#include "pdmp_models.hpp"

namespace {

using jumpflow::pdmp_options;
using jumpflow::pdmp_state;
using jumpflow::vector;
using jumpflow::test::announce_seed;
using jumpflow::test::exponential_growth_pdmp;
using jumpflow::test::ks_test;
using jumpflow::test::mean_and_se;
using jumpflow::test::telegraph_pdmp;

constexpr double alpha = 1e-6;  // level of every goodness-of-fit test here

// Which simulator draws the path.
enum class method { exact, thinning, fixed_step };

struct first_event_stop {
  bool operator()(const pdmp_state<long long>& x, double) const { return x.k >= 1; }
};

// R first-event times of the exponential-growth model from y(0) = 1 (each replicate on its own
// stream of the seed); the horizon t1 = 4 has P(T > 4) = exp(-(e^4 - 1)) < 1e-23.
std::vector<double> first_event_times(method how, std::uint64_t seed, int replicates,
                                      const pdmp_options& options = {}, double h = 0.1) {
  const exponential_growth_pdmp model;
  const jumpflow::stream_factory streams(seed);
  std::vector<double> times;
  times.reserve(static_cast<std::size_t>(replicates));
  for (int r = 0; r < replicates; ++r) {
    auto g = streams(static_cast<std::uint64_t>(r));
    pdmp_state<long long> x{vector::Ones(1), 0};
    double when = -1.0;
    const auto obs = [&](const pdmp_state<long long>& s, double t) {
      if (s.k == 1 && when < 0) when = t;
    };
    switch (how) {
      case method::exact:
        jumpflow::simulate_pdmp(model, x, 0.0, 4.0, g, obs, first_event_stop{}, options);
        break;
      case method::thinning:
        jumpflow::simulate_pdmp_thinning(model, x, 0.0, 4.0, g, obs, first_event_stop{}, options);
        break;
      case method::fixed_step:
        jumpflow::simulate_pdmp_fixed_step(model, x, 0.0, 4.0, h, g, obs, first_event_stop{});
        break;
    }
    times.push_back(when);
  }
  return times;
}

double first_event_cdf(double t) { return t <= 0 ? 0.0 : 1.0 - std::exp(-std::expm1(t)); }

// Oracle: P(T > t) = exp(-int_0^t e^s ds) = exp(-(e^t - 1)). KS test on 10^4 draws at
// alpha = 1e-6.
TEST(PdmpStatistical, FirstEventTimeOfExponentialGrowthIsExact) {
  const std::uint64_t seed = announce_seed(20261201);
  const auto times = first_event_times(method::exact, seed, 10000);
  const auto ks = ks_test(times, first_event_cdf);
  std::cout << "exact locator: D = " << ks.statistic << ", p = " << ks.p_value << "\n";
  EXPECT_GT(ks.p_value, alpha);
}

TEST(PdmpStatistical, ThinningFirstEventTimeIsExact) {
  const std::uint64_t seed = announce_seed(20261202);
  const auto times = first_event_times(method::thinning, seed, 10000);
  const auto ks = ks_test(times, first_event_cdf);
  std::cout << "thinning: D = " << ks.statistic << ", p = " << ks.p_value << "\n";
  EXPECT_GT(ks.p_value, alpha);
}

// The telegraph model's first two moments at T from its closed moment equations: with
// p = P(s = 1), m1 = E y, ms = E[s y], m2 = E y^2 (the generator applied to s, y, s y, y^2):
//   p'  = k_on (1 - p) - k_off p
//   m1' = beta p - gamma m1
//   ms' = beta p - gamma ms + k_on (m1 - ms) - k_off ms
//   m2' = 2 beta ms - 2 gamma m2
struct telegraph_moments {
  double mean, variance;
};
telegraph_moments telegraph_oracle(const telegraph_pdmp& m, double T) {
  vector z = vector::Zero(4);  // s(0) = 0, y(0) = 0
  jumpflow::integrate(
      [&m](const vector& v, vector& dv, double) {
        dv[0] = m.k_on * (1 - v[0]) - m.k_off * v[0];
        dv[1] = m.beta * v[0] - m.gamma * v[1];
        dv[2] = m.beta * v[0] - m.gamma * v[2] + m.k_on * (v[1] - v[2]) - m.k_off * v[2];
        dv[3] = 2 * m.beta * v[2] - 2 * m.gamma * v[3];
      },
      z, 0.0, T);
  return {z[1], z[3] - z[1] * z[1]};
}

struct sample_moments {
  double mean, mean_se, variance, variance_se;
};
sample_moments moments_of(const std::vector<double>& y) {
  const auto [mean, mean_se] = mean_and_se(y);
  std::vector<double> sq(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) sq[i] = (y[i] - mean) * (y[i] - mean);
  const auto [var, var_se] = mean_and_se(sq);
  const double n = static_cast<double>(y.size());
  return {mean, mean_se, var * n / (n - 1), var_se};
}

std::vector<double> telegraph_endpoints(method how, std::uint64_t seed, int replicates, double T,
                                        const pdmp_options& options = {}) {
  const telegraph_pdmp model;
  const jumpflow::stream_factory streams(seed);
  std::vector<double> y;
  for (int r = 0; r < replicates; ++r) {
    auto g = streams(static_cast<std::uint64_t>(r));
    pdmp_state<int> x{vector::Zero(1), 0};
    if (how == method::thinning) {
      jumpflow::simulate_pdmp_thinning(model, x, 0.0, T, g, jumpflow::null_observer{},
                                       jumpflow::never_stop{}, options);
    } else {
      jumpflow::simulate_pdmp(model, x, 0.0, T, g, jumpflow::null_observer{},
                              jumpflow::never_stop{}, options);
    }
    y.push_back(x.y[0]);
  }
  return y;
}

// Oracle: the closed moment ODEs above. Tolerance: 5 standard errors of the sample mean and of
// the sample variance (SE of the mean of the squared deviations).
void expect_telegraph_moments(method how, std::uint64_t seed) {
  constexpr double T = 1.5;
  const auto oracle = telegraph_oracle(telegraph_pdmp{}, T);
  const auto s = moments_of(telegraph_endpoints(how, seed, 4000, T));
  std::cout << "E y(T) = " << s.mean << " +- " << s.mean_se << " (oracle " << oracle.mean
            << "), Var y(T) = " << s.variance << " +- " << s.variance_se << " (oracle "
            << oracle.variance << ")\n";
  EXPECT_NEAR(s.mean, oracle.mean, 5 * s.mean_se);
  EXPECT_NEAR(s.variance, oracle.variance, 5 * s.variance_se);
}

TEST(PdmpStatistical, TelegraphMomentsMatchTheClosedMomentEquations) {
  expect_telegraph_moments(method::exact, announce_seed(20261203));
}

TEST(PdmpStatistical, ThinningTelegraphMomentsMatchTheClosedMomentEquations) {
  expect_telegraph_moments(method::thinning, announce_seed(20261204));
}

// Event-location tolerance: the same streams with every tolerance halved must give statistics
// that differ by less than one standard error (the tolerance is far below the Monte Carlo
// error). Coarse tolerances (1e-5) make the check meaningful.
TEST(PdmpStatistical, HalvingTheLocationToleranceMovesNoStatistic) {
  const std::uint64_t seed = announce_seed(20261205);
  pdmp_options coarse;
  coarse.abs_tol = coarse.rel_tol = 1e-5;
  coarse.location_tol = 1e-5;
  pdmp_options fine = coarse;
  fine.abs_tol = fine.rel_tol = 0.5e-5;
  fine.location_tol = 0.5e-5;
  const auto a = mean_and_se(first_event_times(method::exact, seed, 10000, coarse));
  const auto b = mean_and_se(first_event_times(method::exact, seed, 10000, fine));
  std::cout << "first event: mean " << a.mean << " vs " << b.mean << " (SE " << a.se << ")\n";
  EXPECT_LT(std::abs(a.mean - b.mean), a.se);
  const auto ya = moments_of(telegraph_endpoints(method::exact, seed, 2000, 1.5, coarse));
  const auto yb = moments_of(telegraph_endpoints(method::exact, seed, 2000, 1.5, fine));
  std::cout << "telegraph: mean " << ya.mean << " vs " << yb.mean << " (SE " << ya.mean_se
            << "), variance " << ya.variance << " vs " << yb.variance << " (SE " << ya.variance_se
            << ")\n";
  EXPECT_LT(std::abs(ya.mean - yb.mean), ya.mean_se);
  EXPECT_LT(std::abs(ya.variance - yb.variance), ya.variance_se);
}

// A sloppy locator (events on a fixed grid of step 0.1) is detected twice: the KS test
// against the exact law rejects it at alpha = 1e-6, and halving its step moves the mean by
// many standard errors (the bias is about h/2).
TEST(PdmpStatistical, SloppyFixedStepLocatorIsDetected) {
  const std::uint64_t seed = announce_seed(20261206);
  const auto coarse = first_event_times(method::fixed_step, seed, 10000, {}, 0.1);
  const auto ks = ks_test(coarse, first_event_cdf);
  std::cout << "fixed step 0.1: D = " << ks.statistic << ", p = " << ks.p_value << "\n";
  EXPECT_LT(ks.p_value, alpha);
  const auto a = mean_and_se(coarse);
  const auto b = mean_and_se(first_event_times(method::fixed_step, seed, 10000, {}, 0.05));
  std::cout << "fixed step: mean " << a.mean << " (h = 0.1) vs " << b.mean << " (h = 0.05), SE "
            << a.se << "\n";
  EXPECT_GT(std::abs(a.mean - b.mean), 3 * a.se);
}

}  // namespace
