// What a fuzz target does with a network that was read: evaluates every propensity, rate
// and observable at the initial state, builds the network for the simulators, and evaluates
// every event's trigger and assignment.
#pragma once

#include <stdexcept>

#include "jumpflow/core/error.hpp"
#include "jumpflow/io/imported_network.hpp"

namespace jumpflow::fuzz {

inline void exercise(const imported_network& m) {
  const count_vector& x = m.initial_state();
  const vector real = x.cast<double>();
  vector dxdt;
  for (index j = 0; j < m.channels(); ++j) {
    (void)m.propensity(j, x, 0.5);
    (void)m.deterministic_rate(j, real, 0.5);
  }
  m.drift(real, dxdt, 0.5);
  for (const auto& o : m.observables()) (void)(*o.value)(x, 0.5);
  const auto& net = m.network();
  for (index j = 0; j < net.channels(); ++j) (void)net.propensity(j, x, 0.5);
  for (const auto& e : net.events()) {
    (void)e.trigger(x, 0.5);
    count_vector y = x;
    try {
      e.assign(y, 0.5);
    } catch (const simulation_error&) {  // an assignment to a negative count
    }
  }
}

}  // namespace jumpflow::fuzz
