// Test support: sqrt(n) s_n / K_inf -> 1, the sharp check of a convergence study against the
// asymptotic constant K_inf of its linear-noise limit (asymptotic_error_constant()).
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <span>

#include "jumpflow/limit/asymptotic_error_constant.hpp"
#include "jumpflow/limit/convergence_study.hpp"

namespace jumpflow::test {

/// The ratio sqrt(n) s_n / K_inf at one grid point and its standard error (s_n and K_inf are
/// independent estimates: relative errors add in quadrature).
struct sharp_ratio {
  double n, ratio, se;
};

inline sharp_ratio sharp_ratio_of(const study_point& p, const asymptotic_error_result& k) {
  const double r = std::sqrt(p.n) * p.error.value / k.constant.value;
  const double rel = std::hypot(p.error.standard_error / p.error.value,
                                k.constant.standard_error / k.constant.value);
  return {p.n, r, r * rel};
}

/// The pre-asymptotic allowance at scale n, relative: the sup over the ~nT jump times of X^n
/// misses the continuous sup by O(n^-1/2), as a grid of step 1/n does; K's own computation
/// measures that for a grid: (K - K_h)/K at h = T/m, which scales as sqrt(h), hence
/// (K - K_h)/K * sqrt(m / (n T)).
inline double pre_asymptotic_allowance(const asymptotic_error_result& k, double n) {
  const double grid = (k.constant.value - k.fine.value) / k.constant.value;
  return std::abs(grid) * std::sqrt(static_cast<double>(k.steps) / (n * k.horizon));
}

/// Checks a study against K_inf and prints the table:
/// * at the largest n, |ratio - 1| <= z SE + (K's discretisation error)/K +
///   pre_asymptotic_allowance(n) (the O(n^-1/2) terms);
/// * the gap shrinks: |gap at the largest n| <= |gap at the smallest n| + z SE of their
///   difference.
inline void expect_sharp_limit(const char* name, std::span<const study_point> points,
                               const asymptotic_error_result& k, double z) {
  std::printf("%s: K_inf = %.5f (SE %.5f, discretisation %.5f, grid %zu steps, %zu paths)\n",
              name, k.constant.value, k.constant.standard_error, k.discretisation_error, k.steps,
              k.constant.samples);
  for (const auto& p : points) {
    const sharp_ratio s = sharp_ratio_of(p, k);
    std::printf("  n = %8g: sqrt(n) s_n = %.5f (SE %.5f), ratio %.4f +- %.4f, gap %+.4f (%+.2f SE)\n",
                p.n, std::sqrt(p.n) * p.error.value, std::sqrt(p.n) * p.error.standard_error,
                s.ratio, s.se, s.ratio - 1.0, (s.ratio - 1.0) / s.se);
  }
  const sharp_ratio first = sharp_ratio_of(points.front(), k);
  const sharp_ratio last = sharp_ratio_of(points.back(), k);
  const double allowance = pre_asymptotic_allowance(k, last.n);
  const double tolerance = z * last.se + k.discretisation_error / k.constant.value + allowance;
  std::printf("  largest n: |gap| %.4f, tolerance %.4f = %.1f SE + discretisation %.4f + "
              "O(n^-1/2) allowance %.4f\n",
              std::abs(last.ratio - 1.0), tolerance, z, k.discretisation_error / k.constant.value,
              allowance);
  EXPECT_LE(std::abs(last.ratio - 1.0), tolerance) << name;
  // K_inf's own error is common to both points: the difference has the SEs of the s_n only.
  const double se_diff = std::hypot(std::sqrt(first.n) * points.front().error.standard_error,
                                    std::sqrt(last.n) * points.back().error.standard_error) /
                         k.constant.value;
  EXPECT_LE(std::abs(last.ratio - 1.0), std::abs(first.ratio - 1.0) + z * se_diff) << name;
}

}  // namespace jumpflow::test
