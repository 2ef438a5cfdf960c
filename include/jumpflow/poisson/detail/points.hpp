/// \file
/// \brief Internal: the loop of the homogeneous Poisson process, without validation.
#pragma once

#include <cstdint>

#include "jumpflow/core/error.hpp"
#include "jumpflow/random/exponential.hpp"

namespace jumpflow::detail {

/// Points of a rate-`rate` Poisson process in (t0, t1], by successive exponential gaps
/// t_k = t_{k-1} + E_k / rate (the draw that overshoots t1 is made and discarded). The
/// caller has validated rate, t0, t1. Returns the number of points.
template <class URBG, class F>
std::uint64_t poisson_points(URBG& g, double rate, double t0, double t1, F& on_point) {
  if (rate == 0.0 || t1 == t0) return 0;
  std::uint64_t count = 0;
  double t = t0;
  for (;;) {
    const double next = t + standard_exponential(g) / rate;
    if (!(next <= t1)) return count;
    // A gap below half an ulp of t would stall the clock forever.
    require_simulation(next > t, "jumpflow::poisson_process::generate", "time step", next - t, t,
                       "> 0 (the rate is too large for the magnitude of the time)");
    t = next;
    ++count;
    on_point(t);
  }
}

}  // namespace jumpflow::detail
