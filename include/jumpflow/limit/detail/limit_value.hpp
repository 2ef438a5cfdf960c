// Internal: the value of a limit given as a callable, either form (sup_distance_observer, and
// bounded_limit's own evaluation).
#pragma once

#include <concepts>

#include "jumpflow/core/types.hpp"

namespace jumpflow::detail {

// Writes x(t) into `out`: `f(t, out)` for a callable that writes a vector, else `f(t)` (one
// component, `out` resized to 1).
template <class F>
void limit_value(const F& f, double t, vector& out) {
  if constexpr (std::invocable<const F&, double, vector&>) {
    f(t, out);
  } else {
    out.resize(1);
    out[0] = static_cast<double>(f(t));
  }
}

}  // namespace jumpflow::detail
