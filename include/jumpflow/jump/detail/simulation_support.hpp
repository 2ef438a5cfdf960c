/// \file
/// \brief Internal: checks shared by the reaction-network simulators.
#pragma once

#include <cmath>
#include <limits>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

/// Throws the simulation_error for a bad propensity (cold path, out of line).
[[noreturn]] void throw_bad_propensity(const char* function, const reaction_network& net, index j,
                                       double value, double t);

/// Validates the arguments every simulator shares.
void require_span(const char* function, const reaction_network& net, const count_vector& x,
                  double t0, double t1);

/// Refuses a network with discrete events, for a method that does not locate them.
inline void require_no_events(const char* function, const reaction_network& net) {
  require_argument(!net.has_events(), function, "the number of the network's events",
                   static_cast<long long>(net.events().size()),
                   "0 (this method does not locate discrete events: use simulate_direct(), "
                   "simulate_next_reaction() or simulate_composition_rejection())");
}

/// a_j(x, t), checked: finite and >= 0 (a NaN fails both comparisons).
inline double checked_propensity(const char* function, const reaction_network& net, index j,
                                 const count_vector& x, double t) {
  const double a = net.propensity(j, x, t);
  if (!(a >= 0.0 && a < std::numeric_limits<double>::infinity())) [[unlikely]] {
    throw_bad_propensity(function, net, j, a, t);
  }
  return a;
}

}  // namespace jumpflow::detail
