// What a fuzz target does with a network that was read: evaluates every propensity, rate
// and observable at the initial state, and builds the network for the simulators.
#pragma once

#include <stdexcept>

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
  try {
    const auto& net = m.network();
    for (index j = 0; j < net.channels(); ++j) (void)net.propensity(j, x);
  } catch (const std::invalid_argument&) {  // a time-dependent network
  }
}

}  // namespace jumpflow::fuzz
