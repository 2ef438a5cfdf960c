/// \file
/// \brief simulate_auto() and choose_ssa_method(): the fastest exact simulator for a network,
/// chosen from its size and structure.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/simulate_composition_rejection.hpp"
#include "jumpflow/jump/simulate_dense_direct.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/jump/simulate_partial_propensity_direct.hpp"
#include "jumpflow/jump/simulate_rejection.hpp"
#include "jumpflow/jump/simulate_sorting_direct.hpp"
#include "jumpflow/jump/stop_condition.hpp"

namespace jumpflow {

/// \brief The exact simulators simulate_auto() chooses from.
/// \ingroup jump
enum class ssa_method {
  direct,                 ///< simulate_direct()
  sorting_direct,         ///< simulate_sorting_direct()
  composition_rejection,  ///< simulate_composition_rejection()
  rejection_composition,  ///< simulate_rejection_composition() (RSSA-CR)
  partial_propensity_direct,  ///< simulate_partial_propensity_direct() (PDM)
  dense_direct,               ///< simulate_dense_direct()
};

/// \brief The name of a method, as the command-line tool spells it.
/// \ingroup jump
/// \param m the method.
/// \returns `"direct"`, `"sorting-direct"`, `"composition-rejection"`,
/// `"rejection-composition"`, `"partial-propensity-direct"` or `"dense-direct"`.
inline const char* to_string(ssa_method m) noexcept {
  switch (m) {
    case ssa_method::direct:
      return "direct";
    case ssa_method::sorting_direct:
      return "sorting-direct";
    case ssa_method::composition_rejection:
      return "composition-rejection";
    case ssa_method::partial_propensity_direct:
      return "partial-propensity-direct";
    case ssa_method::dense_direct:
      return "dense-direct";
    default:
      return "rejection-composition";
  }
}

/// \brief The exact method that simulate_auto() uses for `net`: the fastest one in the SSA
/// speed table of the docs (benchmarks/jump/ssa_table.cpp) for networks of its size and
/// structure.
/// \ingroup jump
///
/// The rule, from the measurements documented in \ref choosing_simulator (summary):
/// - at most 16 channels, no time-dependent channel: the dense direct method (recomputing
///   every propensity beats a search plus dependency updates; 0.50-0.77x the previous direct
///   method's time per event on the three small models, depending on the host's speed, and
///   0.87x the sorting direct method on a chain of 16 channels);
/// - a time-dependent channel: the sorting direct method (every exact method takes the same
///   event-location path for time-dependent channels);
/// - more than 16 channels, all mass action with at most two reactant molecules: the
///   partial-propensity direct method (fastest on chains of 64, 256 and 1000 channels and on
///   random networks of 32 to \f$10^4\f$ channels; on a chain of 32 it ties with sorting
///   direct);
/// - 17 to 64 channels otherwise: the sorting direct method (a short search beats any
///   bookkeeping);
/// - more than 64 channels, all mass action, some reaction with three or more reactant
///   molecules: RSSA-CR, which recomputes no dependent on most events and selects in
///   constant time;
/// - otherwise (a custom propensity has no bound): composition-rejection;
/// - a network with discrete events (reaction_event) is left to the methods that locate them:
///   the direct method up to 64 channels, composition-rejection above.
///
/// The choice depends on the network only, never on the state, the seed or the thread count,
/// so results stay reproducible.
/// \param net the network.
/// \returns the method.
inline ssa_method choose_ssa_method(const reaction_network& net) noexcept {
  constexpr index small_network_channels = 64;
  constexpr index tiny_network_channels = 16;
  const index m = net.channels();
  if (net.has_events()) {
    return m <= small_network_channels ? ssa_method::direct : ssa_method::composition_rejection;
  }
  if (m <= tiny_network_channels && !net.is_time_dependent()) return ssa_method::dense_direct;
  if (net.is_time_dependent()) return ssa_method::sorting_direct;
  bool mass_action = true, bimolecular = true;  // every channel: mass action, <= 2 reactant molecules
  for (index j = 0; j < m && mass_action; ++j) {
    mass_action = net.is_mass_action(j);
    const auto [first, last] = net.reactants(j);
    long long molecules = 0;
    for (const species_term* r = first; r != last; ++r) molecules += r->count;
    bimolecular = bimolecular && molecules <= 2;
  }
  if (mass_action && bimolecular) return ssa_method::partial_propensity_direct;
  if (m <= small_network_channels) return ssa_method::sorting_direct;
  if (!mass_action) return ssa_method::composition_rejection;
  return ssa_method::rejection_composition;
}

/// \brief Exact simulation of a reaction network on \f$[t_0, t_1]\f$ by the method
/// choose_ssa_method() picks for it.
/// \ingroup jump
///
/// Same observer, stop and error contract as simulate_direct(); the path for a seed is that of
/// the chosen method, and error messages name the chosen method's function.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events.
/// \throws std::invalid_argument if `x` has the wrong size.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws simulation_error if a propensity is negative, NaN or infinite (as simulate_direct()).
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_auto(const reaction_network& net, count_vector& x, double t0, double t1, URBG& g,
              Observer&& obs = {}, Stop&& stop = {}) {
  switch (choose_ssa_method(net)) {
    case ssa_method::direct:
      return simulate_direct(net, x, t0, t1, g, std::forward<Observer>(obs),
                             std::forward<Stop>(stop));
    case ssa_method::sorting_direct:
      return simulate_sorting_direct(net, x, t0, t1, g, std::forward<Observer>(obs),
                                     std::forward<Stop>(stop));
    case ssa_method::dense_direct:
      return simulate_dense_direct(net, x, t0, t1, g, std::forward<Observer>(obs),
                                   std::forward<Stop>(stop));
    case ssa_method::composition_rejection:
      return simulate_composition_rejection(net, x, t0, t1, g, std::forward<Observer>(obs),
                                            std::forward<Stop>(stop));
    case ssa_method::partial_propensity_direct:
      return simulate_partial_propensity_direct(net, x, t0, t1, g, std::forward<Observer>(obs),
                                                std::forward<Stop>(stop));
    default:
      return simulate_rejection_composition(net, x, t0, t1, g, std::forward<Observer>(obs),
                                            std::forward<Stop>(stop));
  }
}

}  // namespace jumpflow
