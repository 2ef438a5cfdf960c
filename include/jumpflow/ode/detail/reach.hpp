// Internal: how far in time a path of bounded speed provably stays within a distance, with the
// rounding of the computed time accounted for (dense_solution::horizon(), and
// sup_distance_observer for limits that declare only a global speed bound).
#pragma once

#include <cmath>
#include <limits>

namespace jumpflow::detail {

// A time tau >= t such that speed * (tau - t) <= distance holds for the computed tau (not only
// for the exact t + distance / speed): the budget is first cut by 2^-50 of itself and of
// speed * |t|, which covers the two roundings (the quotient and the sum; u = 2^-53 each).
// +infinity for speed 0; t when nothing is left of the budget (or for a NaN).
inline double reach_at_speed(double t, double distance, double speed) noexcept {
  if (speed == 0.0 && distance >= 0.0) return std::numeric_limits<double>::infinity();
  const double budget = distance * (1.0 - 0x1p-50) - 0x1p-50 * speed * std::abs(t);
  if (!(budget > 0.0 && speed > 0.0)) return t;
  return t + budget / speed;
}

}  // namespace jumpflow::detail
