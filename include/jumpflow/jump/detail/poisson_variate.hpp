/// \file
/// \brief Internal: Poisson variates for tau-leaping, on the library's uniform01().
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow::detail {

/// log(k!) for k >= 0: a table below 10, Stirling's series above (absolute error < 1e-12).
inline double log_factorial(double k) noexcept {
  static constexpr std::array<double, 10> table{0.0,
                                                0.0,
                                                0.69314718055994531,
                                                1.79175946922805500,
                                                3.17805383034794562,
                                                4.78749174278204599,
                                                6.57925121201010100,
                                                8.52516136106541430,
                                                10.60460290274525023,
                                                12.80182748008146961};
  if (k < 10.0) return table[static_cast<std::size_t>(k)];
  constexpr double half_log_2pi = 0.91893853320467274;
  const double inv = 1.0 / k, inv2 = inv * inv;
  return (k + 0.5) * std::log(k) - k + half_log_2pi +
         inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0)));
}

/// A Poisson(mean) variate, mean >= 0 finite. Below mean 10: inversion by sequential search
/// (one uniform). From 10 on: Hoermann's transformed rejection PTRS (W. Hoermann, "The
/// transformed rejection method for generating Poisson random variables", Insurance:
/// Mathematics and Economics 12 (1993) 39-45), two uniforms per try, acceptance > 0.9.
template <urbg URBG>
std::int64_t poisson_variate(URBG& g, double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    const double u = uniform01(g);
    double p = std::exp(-mean), cdf = p;
    std::int64_t k = 0;
    // The tail beyond k = 200 has probability < 1e-150 for mean < 10: stop there.
    while (u > cdf && k < 200) {
      ++k;
      p *= mean / static_cast<double>(k);
      cdf += p;
    }
    return k;
  }
  const double slam = std::sqrt(mean), loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = uniform01(g) - 0.5;
    const double v = uniform01(g);
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - log_factorial(k)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

}  // namespace jumpflow::detail
