// Test support: the exact reaction-network simulators behind one call signature, so typed
// tests run every test on each of them.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/jump.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::test {

#define JUMPFLOW_TEST_SIMULATOR(type, function)                                                \
  struct type {                                                                                \
    static constexpr const char* name = "jumpflow::" #function;                                \
    template <class Obs = null_observer, class Stop = never_stop>                              \
    std::uint64_t operator()(const reaction_network& n, count_vector& x, double t0, double t1, \
                             philox_engine& g, Obs&& obs = {}, Stop&& stop = {}) const {       \
      return function(n, x, t0, t1, g, std::forward<Obs>(obs), std::forward<Stop>(stop));      \
    }                                                                                          \
  };

JUMPFLOW_TEST_SIMULATOR(direct_sim, simulate_direct)
JUMPFLOW_TEST_SIMULATOR(next_reaction_sim, simulate_next_reaction)
JUMPFLOW_TEST_SIMULATOR(composition_rejection_sim, simulate_composition_rejection)
#undef JUMPFLOW_TEST_SIMULATOR

}  // namespace jumpflow::test
