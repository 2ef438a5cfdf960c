// Test support: chi-square goodness of fit of integer counts to a discrete law (used by the
// statistical tests of the poisson and jump modules).
#pragma once

#include <algorithm>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

#include "goodness_of_fit.hpp"

namespace jumpflow::test {

/// Chi-square p-value of counts against the law with probabilities pmf(0..k_max-1) and the
/// tail P(K >= k_max) = tail (cells pooled until each expects >= 5, see chi_square_test).
template <class Count>
double discrete_fit(const std::vector<Count>& counts, const std::function<double(double)>& pmf,
                    std::size_t k_max, double tail) {
  std::vector<double> observed(k_max + 1, 0.0), probabilities(k_max + 1, 0.0);
  for (Count c : counts) {
    observed[std::min(static_cast<std::size_t>(std::max<Count>(c, 0)), k_max)] += 1.0;
  }
  for (std::size_t k = 0; k < k_max; ++k) probabilities[k] = pmf(static_cast<double>(k));
  probabilities[k_max] = tail;
  return chi_square_test(observed, probabilities).p_value;
}

/// Chi-square p-value of counts against Poisson(mean).
template <class Count>
double poisson_fit(const std::vector<Count>& counts, double mean) {
  const boost::math::poisson_distribution<> law(mean);
  const auto k_max = static_cast<std::size_t>(mean + 10.0 * std::sqrt(mean) + 10.0);
  return discrete_fit(
      counts, [&](double k) { return boost::math::pdf(law, k); }, k_max,
      boost::math::cdf(boost::math::complement(law, static_cast<double>(k_max) - 1.0)));
}

}  // namespace jumpflow::test
