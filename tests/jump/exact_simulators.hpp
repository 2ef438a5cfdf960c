// Test support: the exact reaction-network simulators behind one call signature, so typed
// tests run every test on each of them.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "jumpflow/core/observer_window.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/ode/detail/erased_ode.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::test {

// An observer as the simulators are tested with it: null_observer and windowed observers
// (sup_distance_observer) keep their own type, for the paths the simulators take for them;
// every other observer (the tests' lambdas) goes through one type-erased reference (no
// allocation), which takes the same path as the lambda's own type (the plain observer
// protocol) but instantiates each simulator once per test file rather than once per lambda.
using observer_ref = detail::function_ref<void(const count_vector&, double)>;
using stop_ref = detail::function_ref<bool(const count_vector&, double)>;
template <class Obs>
decltype(auto) test_observer(Obs& obs) {
  using plain = std::remove_cvref_t<Obs>;
  if constexpr (std::is_same_v<plain, null_observer> || windowed_observer<plain>) {
    return (obs);
  } else {
    return observer_ref(obs);
  }
}
// A stop condition likewise: never_stop keeps its type, the others are erased.
template <class Stop>
decltype(auto) test_stop(Stop& stop) {
  if constexpr (std::is_same_v<std::remove_cvref_t<Stop>, never_stop>) {
    return (stop);
  } else {
    return stop_ref(stop);
  }
}

// mass_action_only: the simulator needs mass-action propensities (bounds, or partial
// propensities), so it rejects custom channels.
#define JUMPFLOW_TEST_SIMULATOR(type, function, mass_action)                                   \
  struct type {                                                                                \
    static constexpr const char* name = "jumpflow::" #function;                                \
    static constexpr bool mass_action_only = mass_action;                                      \
    template <class Obs = null_observer, class Stop = never_stop>                              \
    std::uint64_t operator()(const reaction_network& n, count_vector& x, double t0, double t1, \
                             philox_engine& g, Obs&& obs = {}, Stop&& stop = {}) const {       \
      return function(n, x, t0, t1, g, test_observer(obs), test_stop(stop));                   \
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
// on the small networks of the tests (at most 16 channels). It gets every observer and stop
// condition through the type-erased references above, even null_observer and windowed ones:
// simulate_auto instantiates every method it may choose.
struct auto_sim {
  static constexpr const char* name = "jumpflow::simulate_dense_direct";
  static constexpr bool mass_action_only = false;
  template <class Obs = null_observer, class Stop = never_stop>
  std::uint64_t operator()(const reaction_network& n, count_vector& x, double t0, double t1,
                           philox_engine& g, Obs&& obs = {}, Stop&& stop = {}) const {
    return simulate_auto(n, x, t0, t1, g, observer_ref(obs), stop_ref(stop));
  }
};

}  // namespace jumpflow::test
