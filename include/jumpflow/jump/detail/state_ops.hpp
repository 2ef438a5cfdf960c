/// \file
/// \brief Internal: operations on the states of jump processes (Eigen vectors, integer count
/// vectors, scalars), and the checks every simulator makes on a jump.
#pragma once

#include <cmath>
#include <string>
#include <string_view>
#include <type_traits>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"

namespace jumpflow::detail {

/// A buffer shaped like x (same size for Eigen vectors), zeroed.
template <class State>
State make_increment(const State& x) {
  State dx = x;
  if constexpr (requires { dx.setZero(); }) {
    dx.setZero();
  } else {
    dx = State{};
  }
  return dx;
}

/// Index of the first coordinate of v that is not finite, or -1 (scalars: 0 or -1).
template <class State>
index first_non_finite(const State& v) {
  if constexpr (std::is_arithmetic_v<State>) {
    if constexpr (std::is_floating_point_v<State>) return std::isfinite(v) ? -1 : 0;
    return -1;
  } else if constexpr (std::is_floating_point_v<typename State::Scalar>) {
    for (index j = 0; j < v.size(); ++j) {
      if (!std::isfinite(v[j])) return j;
    }
    return -1;
  } else {
    return -1;  // integer coordinates are always finite
  }
}

/// The value of coordinate j (a scalar state is its own coordinate 0), as a double.
template <class State>
double coordinate(const State& v, index j) {
  if constexpr (std::is_arithmetic_v<State>) {
    return static_cast<double>(v);
  } else {
    return static_cast<double>(v[j]);
  }
}

/// Checks that the jump dx and the new state x + dx are finite, then applies x += dx.
/// Throws simulation_error naming the coordinate, the value and the time otherwise, leaving
/// x untouched.
template <class State>
void apply_jump(std::string_view function, State& x, const State& dx, double t) {
  if (const index j = first_non_finite(dx); j >= 0) {
    const std::string what = std::is_arithmetic_v<State>
                                 ? std::string("jump")
                                 : "coordinate " + format_value(j) + " of the jump";
    throw simulation_error(simulation_message(function, what, coordinate(dx, j), t, "finite"));
  }
  if constexpr (std::is_arithmetic_v<State>) {
    if constexpr (std::is_floating_point_v<State>) {
      require_simulation(std::isfinite(x + dx), function, "new state", x + dx, t, "finite");
    }
  } else if constexpr (std::is_floating_point_v<typename State::Scalar>) {
    if (!(x + dx).allFinite()) {
      for (index j = 0; j < x.size(); ++j) {
        require_simulation(std::isfinite(x[j] + dx[j]), function,
                           "coordinate " + format_value(j) + " of the new state", x[j] + dx[j], t,
                           "finite");
      }
    }
  }
  x += dx;
}

}  // namespace jumpflow::detail
