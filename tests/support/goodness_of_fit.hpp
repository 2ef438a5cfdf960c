// Test support: goodness-of-fit tests used by the statistical tests of every module.
//
// Kolmogorov-Smirnov (one and two samples) with the asymptotic Kolmogorov law and
// Stephens' small-sample correction (Stephens 1970; Numerical Recipes 3rd ed. 14.3.3),
// accurate to a few percent in the p-value for n >= 20, far finer than the alpha = 1e-6
// threshold needs; and Pearson's chi-square with bins pooled until every expected count
// is >= 5, p-value from Boost.Math's chi_squared law.
#pragma once

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <vector>

namespace jumpflow::test {

/// Prints the seed of a randomized test, so a failure can be replayed.
inline std::uint64_t announce_seed(std::uint64_t seed) {
  std::cout << "[ seed     ] " << seed << std::endl;
  return seed;
}

/// Survival function of the Kolmogorov distribution, Q(lambda) = P(K > lambda).
inline double kolmogorov_q(double lambda) {
  if (lambda < 0.2) return 1.0;
  double sum = 0.0, sign = 1.0;
  for (int k = 1; k <= 200; ++k) {
    const double term = sign * std::exp(-2.0 * k * k * lambda * lambda);
    sum += term;
    if (std::abs(term) < 1e-16 * std::abs(sum)) break;
    sign = -sign;
  }
  return std::clamp(2.0 * sum, 0.0, 1.0);
}

struct ks_result {
  double statistic;  // D
  double p_value;
};

/// One-sample KS test of `sample` against the continuous cdf `cdf`.
inline ks_result ks_test(std::vector<double> sample, const std::function<double(double)>& cdf) {
  if (sample.empty()) throw std::invalid_argument("ks_test: empty sample");
  std::sort(sample.begin(), sample.end());
  const double n = static_cast<double>(sample.size());
  double d = 0.0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(sample[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  const double sn = std::sqrt(n);
  return {d, kolmogorov_q((sn + 0.12 + 0.11 / sn) * d)};
}

/// Two-sample KS test (continuous laws).
inline ks_result ks_test_2(std::vector<double> a, std::vector<double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("ks_test_2: empty sample");
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  std::size_t i = 0, j = 0;
  double d = 0.0;
  while (i < a.size() && j < b.size()) {
    const double x = std::min(a[i], b[j]);
    while (i < a.size() && a[i] <= x) ++i;
    while (j < b.size() && b[j] <= x) ++j;
    d = std::max(d, std::abs(static_cast<double>(i) / na - static_cast<double>(j) / nb));
  }
  const double en = std::sqrt(na * nb / (na + nb));
  return {d, kolmogorov_q((en + 0.12 + 0.11 / en) * d)};
}

struct chi_square_result {
  double statistic;
  double degrees_of_freedom;
  double p_value;
};

/// Pearson chi-square test of observed counts against cell probabilities (which should sum
/// to 1; a last cell "everything else" is the caller's job). Adjacent cells are pooled,
/// left to right, until each pooled expected count is >= 5. `fitted` parameters reduce the
/// degrees of freedom.
inline chi_square_result chi_square_test(const std::vector<double>& observed,
                                         const std::vector<double>& probabilities,
                                         int fitted = 0) {
  if (observed.size() != probabilities.size() || observed.empty()) {
    throw std::invalid_argument("chi_square_test: observed and probabilities differ in size");
  }
  double total = 0.0;
  for (double o : observed) total += o;
  std::vector<double> obs, expct;
  double o_acc = 0.0, e_acc = 0.0;
  for (std::size_t i = 0; i < observed.size(); ++i) {
    o_acc += observed[i];
    e_acc += probabilities[i] * total;
    if (e_acc >= 5.0) {
      obs.push_back(o_acc);
      expct.push_back(e_acc);
      o_acc = e_acc = 0.0;
    }
  }
  if (!expct.empty()) {  // the remainder joins the last pooled cell
    obs.back() += o_acc;
    expct.back() += e_acc;
  }
  if (expct.size() < 2) throw std::invalid_argument("chi_square_test: fewer than 2 pooled cells");
  double stat = 0.0;
  for (std::size_t i = 0; i < obs.size(); ++i) {
    stat += (obs[i] - expct[i]) * (obs[i] - expct[i]) / expct[i];
  }
  const double dof = static_cast<double>(obs.size()) - 1.0 - fitted;
  const boost::math::chi_squared_distribution<double> law(dof);
  return {stat, dof, boost::math::cdf(boost::math::complement(law, stat))};
}

/// Sample mean and its standard error.
struct mean_se {
  double mean;
  double se;
};
inline mean_se mean_and_se(const std::vector<double>& x) {
  const double n = static_cast<double>(x.size());
  double m = 0.0;
  for (double v : x) m += v;
  m /= n;
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return {m, std::sqrt(ss / (n - 1.0) / n)};
}

}  // namespace jumpflow::test
