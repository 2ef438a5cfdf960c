// Test support: the exact reaction-network simulators behind one call signature, so typed
// tests run every test on each of them.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/jump.hpp"
#include "jumpflow/ode/detail/erased_ode.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::test {

// mass_action_only: the simulator needs mass-action propensities (bounds, or partial
// propensities), so it rejects custom channels.
#define JUMPFLOW_TEST_SIMULATOR(type, function, mass_action)                                   \
  struct type {                                                                                \
    static constexpr const char* name = "jumpflow::" #function;                                \
    static constexpr bool mass_action_only = mass_action;                                      \
    template <class Obs = null_observer, class Stop = never_stop>                              \
    std::uint64_t operator()(const reaction_network& n, count_vector& x, double t0, double t1, \
                             philox_engine& g, Obs&& obs = {}, Stop&& stop = {}) const {       \
      return function(n, x, t0, t1, g, std::forward<Obs>(obs), std::forward<Stop>(stop));      \
    }                                                                                          \
  };

JUMPFLOW_TEST_SIMULATOR(direct_sim, simulate_direct, false)
JUMPFLOW_TEST_SIMULATOR(next_reaction_sim, simulate_next_reaction, false)
JUMPFLOW_TEST_SIMULATOR(composition_rejection_sim, simulate_composition_rejection, false)
JUMPFLOW_TEST_SIMULATOR(sorting_direct_sim, simulate_sorting_direct, false)
JUMPFLOW_TEST_SIMULATOR(dense_direct_sim, simulate_dense_direct, false)
JUMPFLOW_TEST_SIMULATOR(rejection_sim, simulate_rejection, true)
JUMPFLOW_TEST_SIMULATOR(rejection_composition_sim, simulate_rejection_composition, true)
JUMPFLOW_TEST_SIMULATOR(partial_propensity_direct_sim, simulate_partial_propensity_direct, true)
#undef JUMPFLOW_TEST_SIMULATOR

// simulate_auto runs the chosen method, whose name its errors carry: the dense direct method
// on the small networks of the tests (at most 16 channels). It gets the observer and the stop
// condition through one type-erased reference each (no allocation), so that simulate_auto,
// which instantiates every method it may choose, is instantiated once per test file rather
// than once per observer lambda (six methods each); the simulators above are tested with the
// lambdas' own types.
struct auto_sim {
  static constexpr const char* name = "jumpflow::simulate_dense_direct";
  static constexpr bool mass_action_only = false;
  using observer_ref = detail::function_ref<void(const count_vector&, double)>;
  using stop_ref = detail::function_ref<bool(const count_vector&, double)>;
  template <class Obs = null_observer, class Stop = never_stop>
  std::uint64_t operator()(const reaction_network& n, count_vector& x, double t0, double t1,
                           philox_engine& g, Obs&& obs = {}, Stop&& stop = {}) const {
    return simulate_auto(n, x, t0, t1, g, observer_ref(obs), stop_ref(stop));
  }
};

}  // namespace jumpflow::test
