// Statistical tests of the estimators and the rate fit: the confidence intervals have their
// nominal coverage on known distributions (two-sided: too wide fails as well as too narrow).
//
// Oracle: the exact mean / root mean square of the law. Each test repeats a small estimate
// M = 2000 times (each repetition on its own stream) and counts how often the 95% interval
// contains the truth. Tolerance: the 95% +- 2%; the binomial standard error of the
// observed coverage is sqrt(0.95 * 0.05 / 2000) = 0.0049, so 2% is 4.1 standard errors (a
// correct implementation fails with probability about 4e-5). Seeds are fixed and printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::test::announce_seed;

constexpr std::uint64_t repetitions = 2000;
constexpr double tolerance = 0.02;

template <class Contains>
double coverage(std::uint64_t seed, Contains contains) {
  const auto hits = jumpflow::run_ensemble(repetitions, seed, 0, contains);
  double covered = 0.0;
  for (bool h : hits) covered += h ? 1.0 : 0.0;
  return covered / static_cast<double>(repetitions);
}

// Normal data, R = 10: the Student-t interval is exact, coverage 95%.
TEST(Coverage, MeanEstimateOnNormalData) {
  const double cov = coverage(announce_seed(2024), [](philox_engine& g, std::uint64_t) {
    std::vector<double> xs(10);
    for (auto& x : xs) x = 1.0 + 2.0 * jumpflow::standard_normal(g);
    const auto e = jumpflow::mean_estimate(xs);
    return e.ci_low <= 1.0 && 1.0 <= e.ci_high;
  });
  EXPECT_NEAR(cov, 0.95, tolerance);
}

// X = 3 U with U uniform(0, 1), R = 200: sqrt(E X^2) = sqrt(3). The interval is the t interval
// of E X^2 mapped through the square root; X^2 is mildly skewed (skewness 0.64), so at R = 200
// its coverage is nominal to a few tenths of a percent.
TEST(Coverage, RmsEstimateOnUniformData) {
  const double truth = std::sqrt(3.0);
  const double cov = coverage(announce_seed(2025), [truth](philox_engine& g, std::uint64_t) {
    std::vector<double> xs(200);
    for (auto& x : xs) x = 3.0 * jumpflow::uniform01(g);
    const auto e = jumpflow::rms_estimate(xs);
    return e.ci_low <= truth && truth <= e.ci_high;
  });
  EXPECT_NEAR(cov, 0.95, tolerance);
}

// ---------------------------------------------------------------------------------------------
// The rate fit. Synthetic data sets with a known slope and known per-point standard errors:
// log e_i = a + p log x_i (+ b x_i^{-1/2}) + sigma_i Z_i, Z_i standard normal, passed to
// fit_rate() as estimates with standard error sigma_i e_i (so sigma_i is the exact standard
// deviation of log e_i). Oracle: the known-variance interval covers p with probability exactly
// 0.95 for any number of points, and the goodness-of-fit p-value is uniform on (0, 1).
// Tolerances: coverage 95% +- 1.5%, two-sided (so a too-wide interval fails); with M = 10000
// data sets per design the binomial SE is 0.0022, so 1.5% is 6.9 SE. Uniformity of the p-values:
// KS test at alpha = 1e-6.
constexpr std::uint64_t fit_sets = 10000;
constexpr double fit_tolerance = 0.015;

struct design {
  const char* name;
  std::vector<double> x;
  std::vector<double> sigma;  // standard deviation of log e_i
  double correction = 0.0;    // b of the data's b x^{-1/2} term
};

// The designs the project's tests use: rate in d (3 points), a theorem study in n (4 points),
// a Kurtz study (6 points, unequal SEs), and a 7-point doubling grid.
const std::vector<design>& designs() {
  static const std::vector<design> all{
      {"3 points, d = 16, 64, 256, 5% SE", {16, 64, 256}, {0.05, 0.05, 0.05}},
      {"4 points, n = 256..16384, 3-6% SE", {256, 1024, 4096, 16384}, {0.03, 0.04, 0.05, 0.06}},
      {"6 points, n = 250..8000, 2-8% SE",
       {250, 500, 1000, 2000, 4000, 8000},
       {0.02, 0.03, 0.04, 0.05, 0.06, 0.08}},
      {"7 points, n = 100..6400, 0.4% SE",
       {100, 200, 400, 800, 1600, 3200, 6400},
       {0.004, 0.004, 0.004, 0.004, 0.004, 0.004, 0.004}}};
  return all;
}

struct fit_outcome {
  double slope;
  bool covered;
  double p_value;
};

std::vector<fit_outcome> fit_many(const design& d, const jumpflow::rate_fit_options& options,
                                  std::uint64_t seed) {
  return jumpflow::run_ensemble(fit_sets, seed, 0, [&](philox_engine& g, std::uint64_t) {
    std::vector<jumpflow::estimate> es;
    for (std::size_t i = 0; i < d.x.size(); ++i) {
      const double log_e = std::log(2.0) - 0.5 * std::log(d.x[i]) +
                           d.correction / std::sqrt(d.x[i]) +
                           d.sigma[i] * jumpflow::standard_normal(g);
      const double v = std::exp(log_e);
      es.push_back({v, d.sigma[i] * v, 0.0, 0.0, 100, 0.95});
    }
    const auto fit = jumpflow::fit_rate(d.x, es, options);
    return fit_outcome{fit.slope, fit.ci_low <= -0.5 && -0.5 <= fit.ci_high, fit.p_value};
  });
}

struct fit_summary {
  double coverage, ks_p_value;
};

fit_summary summarize(const char* name, const std::vector<fit_outcome>& fits) {
  double covered = 0.0;
  std::vector<double> p_values;
  for (const auto& f : fits) {
    covered += f.covered ? 1.0 : 0.0;
    p_values.push_back(f.p_value);
  }
  const double cov = covered / static_cast<double>(fits.size());
  const auto ks =
      jumpflow::test::ks_test(p_values, [](double u) { return std::clamp(u, 0.0, 1.0); });
  std::printf("  %-42s coverage %.4f, KS of the fit p-values: D = %.4f, p = %.3g\n", name, cov,
              ks.statistic, ks.p_value);
  return {cov, ks.p_value};
}

TEST(Coverage, RateFitKnownVarianceIntervalIsExact) {
  const std::uint64_t seed = announce_seed(2026);
  std::uint64_t k = 0;
  for (const auto& d : designs()) {
    const auto s = summarize(d.name, fit_many(d, {}, seed + k++));
    EXPECT_NEAR(s.coverage, 0.95, fit_tolerance) << d.name;
    EXPECT_GT(s.ks_p_value, 1e-6) << d.name;
  }
}

// The same for the correction-term fit log e = a + p log x + b x^{-1/2} (3 parameters, chi^2 on
// k - 3 dof), on data with and without a correction term, for the designs with >= 4 points.
TEST(Coverage, RateFitCorrectionTermIntervalIsExact) {
  const std::uint64_t seed = announce_seed(2027);
  const jumpflow::rate_fit_options corr{.handling = jumpflow::pre_asymptotic::correction_term};
  std::uint64_t k = 0;
  for (double b : {0.0, -0.16}) {
    for (auto d : designs()) {
      if (d.x.size() < 4) continue;
      d.correction = b;
      std::printf("b = %.2f:", b);
      const auto s = summarize(d.name, fit_many(d, corr, seed + k++));
      EXPECT_NEAR(s.coverage, 0.95, fit_tolerance) << d.name << ", b = " << b;
      EXPECT_GT(s.ks_p_value, 1e-6) << d.name << ", b = " << b;
    }
  }
}

// The SGD-like case: sqrt(n) s_n = 3.1 exp(-0.16 / sqrt(n)), i.e. 3.05 at n = 100 and
// about 3.08-3.10 from n = 400 on, measured at 0.4% relative SE on a 7-point doubling grid. The
// plain power-law fit is biased by the pre-asymptotic term (its slope sits about +0.003 above
// -1/2, 2.7 of its SEs), too little curvature for the goodness of fit to see: the plain
// interval misses -1/2 most of the time (oracle: coverage < 0.5; measured 0.16), and so does
// the range chosen by the goodness of fit (0.17: each data set's misfit is mostly too small to
// reject, although over all data sets the p-values are far from uniform). The correction-term fit
// has its exact 95% coverage (95% +- 1.5%, as above) and uniform p-values.
TEST(Coverage, PreAsymptoticTermIsHandledByTheCorrectionFit) {
  const std::uint64_t seed = announce_seed(2028);
  design d = designs().back();
  d.correction = -0.16;
  d.name = "SGD-like, plain fit";
  const auto plain = summarize(d.name, fit_many(d, {}, seed));
  EXPECT_LT(plain.coverage, 0.5);
  d.name = "SGD-like, asymptotic range";
  const auto range = summarize(
      d.name, fit_many(d, {.handling = jumpflow::pre_asymptotic::asymptotic_range}, seed));
  d.name = "SGD-like, correction term";
  const auto corr =
      summarize(d.name, fit_many(d, {.handling = jumpflow::pre_asymptotic::correction_term}, seed));
  EXPECT_NEAR(corr.coverage, 0.95, fit_tolerance);
  EXPECT_GT(corr.ks_p_value, 1e-6);
  std::printf("  coverage: plain %.3f, asymptotic range %.3f, correction term %.3f\n",
              plain.coverage, range.coverage, corr.coverage);
}

// A synthetic study whose per-point standard errors are themselves estimated: sup error =
// |Z| sqrt(2) / sqrt(n), Z standard normal, so sqrt(E e^2) = sqrt(2/n) exactly, slope -1/2,
// rms_estimate() of R = 100 replicates per point (5 grid points). Oracle: the fitted slope
// averages -1/2 (tolerance 5 standard errors of the average over 2000 studies), and the
// known-variance interval keeps its coverage up to the error of the estimated weights: at
// R = 100 the SE of each log estimate is itself uncertain by about 15%, which costs under 1% of
// coverage (measured 0.950); tolerance 95% +- 2% two-sided (binomial SE 0.0049).
TEST(Coverage, RateFitRecoversAKnownSlope) {
  const std::uint64_t seed = announce_seed(2029);
  const std::vector<double> grid{100, 300, 1000, 3000, 10000};
  const auto fits =
      jumpflow::run_ensemble(repetitions, seed, 0, [&](philox_engine& g, std::uint64_t) {
        std::vector<jumpflow::estimate> es;
        for (double n : grid) {
          std::vector<double> xs(100);
          for (auto& x : xs) x = std::abs(jumpflow::standard_normal(g)) * std::sqrt(2.0 / n);
          es.push_back(jumpflow::rms_estimate(xs));
        }
        const auto fit = jumpflow::fit_rate(grid, es);
        return fit_outcome{fit.slope, fit.ci_low <= -0.5 && -0.5 <= fit.ci_high, fit.p_value};
      });
  std::vector<double> slopes;
  double covered = 0.0;
  for (const auto& f : fits) {
    slopes.push_back(f.slope);
    covered += f.covered ? 1.0 : 0.0;
  }
  const auto mean = jumpflow::mean_estimate(slopes);
  const double cov = covered / static_cast<double>(repetitions);
  std::printf("  mean slope %.5f +- %.5f, coverage %.4f\n", mean.value, mean.standard_error, cov);
  EXPECT_NEAR(mean.value, -0.5, 5.0 * mean.standard_error);
  EXPECT_NEAR(cov, 0.95, tolerance);
}

}  // namespace
