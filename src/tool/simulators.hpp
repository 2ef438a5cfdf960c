// The simulators of reaction networks by the names `jumpflow simulate --model --method` takes,
// shared by that command and the Python module (Network.simulate, Network.ensemble), so that
// both accept the same names and run the same code for each.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/simulate_auto.hpp"
#include "jumpflow/jump/simulate_composition_rejection.hpp"
#include "jumpflow/jump/simulate_dense_direct.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/jump/simulate_next_reaction.hpp"
#include "jumpflow/jump/simulate_partial_propensity_direct.hpp"
#include "jumpflow/jump/simulate_rejection.hpp"
#include "jumpflow/jump/simulate_sorting_direct.hpp"
#include "jumpflow/jump/simulate_tau_leaping.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::tool {

/// A simulator of reaction networks: `automatic` (choose_ssa_method), eight exact methods, and
/// tau-leaping (approximate).
enum class simulator {
  automatic,
  direct,
  dense_direct,
  sorting_direct,
  next_reaction,
  composition_rejection,
  rejection,
  rejection_composition,
  partial_propensity_direct,
  tau_leaping,
};

struct named_simulator {
  const char* name;
  simulator method;
};

/// Every simulator by its name, "auto" first (the order of `jumpflow simulate --help`).
inline constexpr std::array<named_simulator, 10> simulators{{
    {"auto", simulator::automatic},
    {"direct", simulator::direct},
    {"dense-direct", simulator::dense_direct},
    {"sorting-direct", simulator::sorting_direct},
    {"next-reaction", simulator::next_reaction},
    {"composition-rejection", simulator::composition_rejection},
    {"rejection", simulator::rejection},
    {"rejection-composition", simulator::rejection_composition},
    {"partial-propensity-direct", simulator::partial_propensity_direct},
    {"tau-leaping", simulator::tau_leaping},
}};

/// The simulator named `name`, if there is one.
inline std::optional<simulator> find_simulator(std::string_view name) {
  for (const auto& s : simulators) {
    if (name == s.name) return s.method;
  }
  return std::nullopt;
}

/// The name of `method`.
inline const char* simulator_name(simulator method) {
  for (const auto& s : simulators) {
    if (s.method == method) return s.name;
  }
  return "auto";
}

/// The names joined by ", " (for error messages).
inline std::string simulator_names() {
  std::string all;
  for (const auto& s : simulators) all += (all.empty() ? "" : ", ") + std::string(s.name);
  return all;
}

/// The method that runs for `method` on `net`: for `automatic` the one simulate_auto() takes
/// (choose_ssa_method), otherwise `method` itself.
inline simulator resolve_simulator(simulator method, const reaction_network& net) {
  if (method != simulator::automatic) return method;
  switch (choose_ssa_method(net)) {
    case ssa_method::direct: return simulator::direct;
    case ssa_method::sorting_direct: return simulator::sorting_direct;
    case ssa_method::composition_rejection: return simulator::composition_rejection;
    case ssa_method::partial_propensity_direct: return simulator::partial_propensity_direct;
    case ssa_method::dense_direct: return simulator::dense_direct;
    case ssa_method::rejection_composition: return simulator::rejection_composition;
  }
  return simulator::rejection_composition;  // not reached: every ssa_method is listed (-Wswitch)
}

/// One path of `net` from `x` on [t0, t1] by `method` (`automatic` as resolve_simulator()), with
/// the library's simulate_* function of that name: the same path for a seed as that function
/// (and, for `automatic`, as simulate_auto()). The partial-propensity and composition-rejection
/// methods reuse a workspace per thread. `tau` configures tau-leaping. Returns the events.
template <class Observer, class Stop = never_stop>
std::uint64_t simulate_with(simulator method, const tau_leaping_options& tau, const reaction_network& net,
                            count_vector& x, double t0, double t1, philox_engine& g, Observer&& obs,
                            Stop&& stop = {}) {
  switch (resolve_simulator(method, net)) {
    case simulator::dense_direct: return simulate_dense_direct(net, x, t0, t1, g, obs, stop);
    case simulator::sorting_direct: return simulate_sorting_direct(net, x, t0, t1, g, obs, stop);
    case simulator::next_reaction: return simulate_next_reaction(net, x, t0, t1, g, obs, stop);
    case simulator::composition_rejection: {
      thread_local composition_rejection_workspace work;  // its tables serve the thread's paths
      return simulate_composition_rejection(net, x, t0, t1, g, work, obs, stop);
    }
    case simulator::rejection: return simulate_rejection(net, x, t0, t1, g, obs, stop);
    case simulator::rejection_composition: return simulate_rejection_composition(net, x, t0, t1, g, obs, stop);
    case simulator::partial_propensity_direct: {
      thread_local partial_propensity_workspace work;  // its rows serve the thread's paths
      return simulate_partial_propensity_direct(net, x, t0, t1, g, work, obs, stop);
    }
    case simulator::tau_leaping: return simulate_tau_leaping(net, x, t0, t1, g, obs, stop, tau);
    default: return simulate_direct(net, x, t0, t1, g, obs, stop);
  }
}

}  // namespace jumpflow::tool
