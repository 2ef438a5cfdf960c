// Statistical tests of the poisson module. Each test states its oracle and its tolerance:
// goodness-of-fit tests (KS, chi-square) reject at alpha = 1e-6, moment checks allow 5
// standard errors of the Monte Carlo estimate. Seeds are fixed and printed.
#include <gtest/gtest.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <vector>

#include "discrete_fit.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/poisson.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::vector;
using jumpflow::test::announce_seed;
using jumpflow::test::chi_square_test;
using jumpflow::test::ks_test;
using jumpflow::test::ks_test_2;
using jumpflow::test::mean_and_se;
using jumpflow::test::poisson_fit;
constexpr double alpha = 1e-6;

// Oracle: N((0, T]) ~ Poisson(rT) (chi-square), and the gaps of one long run are i.i.d.
// Exp(r) (KS against the exponential cdf).
TEST(PoissonStatistical, CountsArePoissonAndGapsExponential) {
  philox_engine g(announce_seed(301), 0);
  const double rate = 2.5, horizon = 4.0;
  const jumpflow::poisson_process p(rate);
  std::vector<std::uint64_t> counts(20000);
  for (auto& c : counts) c = p.generate(g, 0.0, horizon, [](double) {});
  EXPECT_GT(poisson_fit(counts, rate * horizon), alpha);

  std::vector<double> gaps;
  const std::size_t wanted = 200000;
  gaps.reserve(wanted);
  double last = 0.0;
  p.generate(g, 0.0, 1.2 * wanted / rate, [&](double t) {  // ~1.2x the points needed
    if (gaps.size() < wanted) gaps.push_back(t - last);
    last = t;
  });
  ASSERT_EQ(gaps.size(), wanted);
  const auto r = ks_test(gaps, [&](double x) { return -std::expm1(-rate * x); });
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
}

// Intensity 1 + sin t on [0, 10], cumulative Lambda(t) = t + 1 - cos t.
// Oracles: counts in (a, b] ~ Poisson(Lambda(b) - Lambda(a)) (chi-square); the first point T1
// has P(T1 <= t) = 1 - exp(-Lambda(t)) and the last point L before 10 has
// P(L <= t) = exp(-(Lambda(10) - Lambda(t))) (KS); thinning and time change agree (two-sample KS).
TEST(PoissonStatistical, ThinningAndTimeChangeAgreeForOnePlusSine) {
  philox_engine g(announce_seed(302), 0);
  auto intensity = [](double t) { return 1.0 + std::sin(t); };
  auto cumulative = [](double t) { return t + 1.0 - std::cos(t); };
  const jumpflow::thinned_poisson_process thinned(intensity, 2.0);
  const jumpflow::time_changed_poisson_process changed(cumulative);
  const double cuts[] = {0.0, 2.0, 5.0, 10.0};
  const int replicates = 20000;
  struct sample {
    std::vector<std::uint64_t> counts[3];
    std::vector<double> first, last;
  } by[2];
  auto record = [&](sample& s, auto&& process) {
    std::uint64_t c[3] = {0, 0, 0};
    double first = 10.0, last = 0.0;  // censored at the ends (probability ~ e^-11.8 each)
    bool any = false;
    process.generate(g, 0.0, 10.0, [&](double t) {
      ++c[t <= 2.0 ? 0 : (t <= 5.0 ? 1 : 2)];
      if (!any) first = t;
      any = true;
      last = t;
    });
    for (int i = 0; i < 3; ++i) s.counts[i].push_back(c[i]);
    s.first.push_back(first);
    s.last.push_back(last);
  };
  for (int r = 0; r < replicates; ++r) {
    record(by[0], thinned);
    record(by[1], changed);
  }
  const double total = cumulative(10.0);
  for (int m = 0; m < 2; ++m) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_GT(poisson_fit(by[m].counts[i], cumulative(cuts[i + 1]) - cumulative(cuts[i])), alpha)
          << "method " << m << ", interval " << i;
    }
    const auto f = ks_test(by[m].first, [&](double t) { return -std::expm1(-cumulative(t)); });
    EXPECT_GT(f.p_value, alpha) << "method " << m << ", D = " << f.statistic;
    const auto l = ks_test(by[m].last, [&](double t) { return std::exp(cumulative(t) - total); });
    EXPECT_GT(l.p_value, alpha) << "method " << m << ", D = " << l.statistic;
  }
  EXPECT_GT(ks_test_2(by[0].first, by[1].first).p_value, alpha);
  EXPECT_GT(ks_test_2(by[0].last, by[1].last).p_value, alpha);
}

// Oracle: the marks are i.i.d. draws of the law, here N(0, 2^2) per coordinate (KS on the
// first and on the last coordinate, which takes a different branch of gaussian_law).
TEST(PoissonStatistical, MarksFollowTheirLaw) {
  philox_engine g(announce_seed(303), 0);
  const jumpflow::marked_poisson_measure m(5.0, jumpflow::gaussian_law(3, 2.0));
  std::vector<double> first, last;
  m.generate(g, 0.0, 30000.0, [&](double, const vector& u) {
    first.push_back(u[0]);
    last.push_back(u[2]);
  });
  ASSERT_GT(first.size(), 100000u);
  const boost::math::normal_distribution<> law(0.0, 2.0);
  auto cdf = [&](double x) { return boost::math::cdf(law, x); };
  EXPECT_GT(ks_test(first, cdf).p_value, alpha);
  EXPECT_GT(ks_test(last, cdf).p_value, alpha);
}

// Oracle: counts of disjoint sets A = (0,1] x [-1,0), B = (0,1] x [0,1], C = (1,2] x [-1,1]
// are independent Poisson with means r/2, r/2, r (marking theorem). Tolerance: each sample
// correlation within 5 / sqrt(n) of 0 (its standard error under independence is
// 1/sqrt(n)); each law by chi-square at alpha.
TEST(PoissonStatistical, CountsOfDisjointSetsAreIndependentPoisson) {
  philox_engine g(announce_seed(304), 0);
  const double rate = 3.0;
  const jumpflow::marked_poisson_measure m(rate, jumpflow::uniform_cube_law(1));
  const int n = 40000;
  std::vector<std::uint64_t> a(n), b(n), c(n);
  for (int r = 0; r < n; ++r) {
    std::uint64_t na = 0, nb = 0, nc = 0;
    m.generate(g, 0.0, 2.0, [&](double t, const vector& u) {
      if (t > 1.0) {
        ++nc;
      } else {
        ++(u[0] < 0.0 ? na : nb);
      }
    });
    a[static_cast<std::size_t>(r)] = na;
    b[static_cast<std::size_t>(r)] = nb;
    c[static_cast<std::size_t>(r)] = nc;
  }
  EXPECT_GT(poisson_fit(a, rate / 2), alpha);
  EXPECT_GT(poisson_fit(b, rate / 2), alpha);
  EXPECT_GT(poisson_fit(c, rate), alpha);
  auto correlation = [](const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
    const double k = static_cast<double>(x.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      mx += static_cast<double>(x[i]);
      my += static_cast<double>(y[i]);
    }
    mx /= k;
    my /= k;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double dx = static_cast<double>(x[i]) - mx, dy = static_cast<double>(y[i]) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    return sxy / std::sqrt(sxx * syy);
  };
  const double bound = 5.0 / std::sqrt(static_cast<double>(n));
  EXPECT_LT(std::abs(correlation(a, b)), bound);
  EXPECT_LT(std::abs(correlation(a, c)), bound);
  EXPECT_LT(std::abs(correlation(b, c)), bound);
}

// Campbell with f(t, u) = (1 + t) u1^2 + u2, r = 3 on (0, 2], u ~ uniform[-1, 1]^2:
// E int f dN = nu(f) = r int_0^2 (1 + t) dt E u1^2 = 3 * 4 / 3 = 4;
// Var int f dN = nu(f^2) = r [int_0^2 (1 + t)^2 dt E u1^4 + 2 E u2^2] = 3 (26/15 + 2/3) = 7.2.
// Tolerance: 5 standard errors (for the variance, SE = sqrt((m4 - s^4) / n)).
TEST(PoissonStatistical, CampbellMeanAndVariance) {
  philox_engine g(announce_seed(305), 0);
  const jumpflow::marked_poisson_measure m(3.0, jumpflow::uniform_cube_law(2));
  auto f = [](double t, const vector& u) { return (1.0 + t) * u[0] * u[0] + u[1]; };
  const int n = 100000;
  std::vector<double> x(n);
  for (auto& v : x) v = jumpflow::prm_integral(m, g, 0.0, 2.0, f);
  const auto mean = mean_and_se(x);
  EXPECT_NEAR(mean.mean, 4.0, 5.0 * mean.se);
  std::vector<double> sq(n);
  for (std::size_t i = 0; i < x.size(); ++i) sq[i] = (x[i] - mean.mean) * (x[i] - mean.mean);
  const auto var = mean_and_se(sq);
  EXPECT_NEAR(var.mean, 7.2, 5.0 * var.se);

  // Its Monte Carlo estimate of nu(f), within 5 of its own standard errors.
  const auto nu = jumpflow::estimate_compensator(m, g, 0.0, 2.0, f, 400000);
  EXPECT_NEAR(nu.value, 4.0, 5.0 * nu.standard_error);
}

// Oracle: the compensated integral has mean 0, with the exact compensator 4 and with the
// Monte Carlo one (unbiased). Tolerance: 5 standard errors.
TEST(PoissonStatistical, CompensatedIntegralHasMeanZero) {
  philox_engine g(announce_seed(306), 0);
  const jumpflow::marked_poisson_measure m(3.0, jumpflow::uniform_cube_law(2));
  auto f = [](double t, const vector& u) { return (1.0 + t) * u[0] * u[0] + u[1]; };
  const int n = 40000;
  std::vector<double> exact(n), estimated(n);
  for (auto& v : exact) v = jumpflow::compensated_prm_integral(m, g, 0.0, 2.0, f, 4.0);
  for (auto& v : estimated) {
    v = jumpflow::compensated_prm_integral(m, g, 0.0, 2.0, f,
                                           jumpflow::monte_carlo_compensator{50});
  }
  const auto e1 = mean_and_se(exact), e2 = mean_and_se(estimated);
  EXPECT_NEAR(e1.mean, 0.0, 5.0 * e1.se);
  EXPECT_NEAR(e2.mean, 0.0, 5.0 * e2.se);
}

// Compound Poisson with rate 2 on (0, 3] and Exp(1) jumps: E Y = r t E xi = 6 and
// E (Y - 6)^2 = r t E xi^2 = 12. Tolerance: 5 standard errors.
TEST(PoissonStatistical, CompoundPoissonMeanAndVariance) {
  philox_engine g(announce_seed(307), 0);
  const jumpflow::compound_poisson_process y(
      2.0, [](auto& engine) { return jumpflow::standard_exponential(engine); });
  const int n = 100000;
  std::vector<double> x(n), sq(n);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = y.increment(g, 0.0, 3.0);
    sq[i] = (x[i] - 6.0) * (x[i] - 6.0);
  }
  const auto mean = mean_and_se(x), var = mean_and_se(sq);
  EXPECT_NEAR(mean.mean, 6.0, 5.0 * mean.se);
  EXPECT_NEAR(var.mean, 12.0, 5.0 * var.se);
}

}  // namespace
