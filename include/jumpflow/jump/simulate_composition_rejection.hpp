/// \file
/// \brief simulate_composition_rejection(): the composition-rejection SSA for large networks.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/jump/detail/composition_groups.hpp"
#include "jumpflow/jump/detail/event_loop.hpp"
#include "jumpflow/jump/detail/propensity_table.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/detail/time_dependent_network.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/detail/half_word_bits.hpp"
#include "jumpflow/random/uniform01.hpp"
#include "jumpflow/random/ziggurat_exponential.hpp"

namespace jumpflow {

class composition_rejection_workspace;
namespace detail {
struct composition_rejection_access;

/// What an event of simulate_composition_rejection() reads of the network, in flat arrays
/// rebuilt per run without allocation once sized: the propensities (propensity_table: a
/// mass-action channel with at most two reactant terms from one record, anything else through
/// the network), the state changes and the dependency graph (compressed rows with 32-bit
/// entries), so an event does not walk the network's own rows.
class flat_network {
 public:
  void assign(const char* fn, const reaction_network& net) {
    net_ = &net;
    table_.assign(net);
    const auto m = static_cast<std::size_t>(net.channels());
    if (m >= std::numeric_limits<std::uint32_t>::max()) {  // dependents hold 32-bit indices
      require_argument(false, fn, "the number of channels", static_cast<long long>(m),
                       "below 2^32 - 1");
    }
    change_begin_.resize(m + 1);
    dependent_begin_.resize(m + 1);
    change_.clear();
    dependent_.clear();
    for (std::size_t j = 0; j < m; ++j) {
      change_begin_[j] = change_.size();
      dependent_begin_[j] = dependent_.size();
      const auto [c_first, c_last] = net.change(static_cast<index>(j));
      change_.insert(change_.end(), c_first, c_last);
      const auto [d_first, d_last] = net.dependents(static_cast<index>(j));
      for (const index* k = d_first; k != d_last; ++k) {
        dependent_.push_back(static_cast<std::uint32_t>(*k));
      }
    }
    change_begin_[m] = change_.size();
    dependent_begin_[m] = dependent_.size();
  }

  /// a_j(x, t), checked as checked_propensity() does.
  double propensity(const char* fn, std::size_t j, const count_vector& x, double t) const {
    const double a = table_(fn, static_cast<index>(j), x, t);
    // The table checks the channels it hands to the network; a mass-action product can still
    // overflow (a NaN is impossible: rates are finite and >= 0, counts at least the multiplicity).
    if (!(a < std::numeric_limits<double>::infinity())) [[unlikely]] {
      throw_bad_propensity(fn, *net_, static_cast<index>(j), a, t);
    }
    return a;
  }

  /// x += nu_j.
  void fire(std::size_t j, count_vector& x) const noexcept {
    for (std::size_t c = change_begin_[j]; c < change_begin_[j + 1]; ++c) {
      x[change_[c].species] += change_[c].count;
    }
  }

  /// The dependents of channel j, as [first, last).
  std::pair<const std::uint32_t*, const std::uint32_t*> dependents(std::size_t j) const noexcept {
    return {dependent_.data() + dependent_begin_[j], dependent_.data() + dependent_begin_[j + 1]};
  }

 private:
  const reaction_network* net_ = nullptr;
  propensity_table table_;
  std::vector<std::size_t> change_begin_, dependent_begin_;
  std::vector<species_term> change_;
  std::vector<std::uint32_t> dependent_;
};
}  // namespace detail

/// \brief Caller-owned scratch memory of simulate_composition_rejection(): the propensity
/// groups, the propensities and flat copies of the network's rate constants, state changes and
/// dependency graph, kept between calls so that many short runs (an ensemble's replicates) do
/// not allocate them again.
/// \ingroup jump
///
/// Default-constructible; usable with any network (the tables adapt to its size). One
/// workspace serves one run at a time: give each thread its own.
class composition_rejection_workspace {
 public:
  composition_rejection_workspace() = default;

 private:
  friend struct detail::composition_rejection_access;
  detail::composition_groups groups_;
  detail::flat_network network_;
  std::vector<double> propensities_;
};

namespace detail {
// The simulator's view of a workspace (its members stay out of the public interface).
struct composition_rejection_access {
  static composition_groups& groups(composition_rejection_workspace& w) noexcept { return w.groups_; }
  static std::vector<double>& propensities(composition_rejection_workspace& w) noexcept { return w.propensities_; }
  static flat_network& network(composition_rejection_workspace& w) noexcept { return w.network_; }
};

/// The event-free loop of simulate_composition_rejection() (the caller has checked the span
/// and handles the network's events).
template <class URBG, class Observer, class Stop>
std::uint64_t composition_rejection_loop(const char* fn, const reaction_network& net,
                                         count_vector& x, double t0, double t1, URBG& g,
                                         composition_rejection_workspace& work, Observer& obs,
                                         Stop& stop) {
  // A. Slepoy, A. P. Thompson and S. J. Plimpton, "A constant-time kinetic Monte Carlo
  // algorithm for simulation of large biochemical reaction networks", J. Chem. Phys. 128
  // (2008) 205101.
  if (net.is_time_dependent()) {
    return detail::simulate_time_dependent_network(fn, net, x, t0, t1, g, obs, stop);
  }
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;

  const auto m = static_cast<std::size_t>(net.channels());
  detail::flat_network& flat = detail::composition_rejection_access::network(work);
  flat.assign(fn, net);
  std::vector<double>& a = detail::composition_rejection_access::propensities(work);
  a.resize(m);
  for (std::size_t j = 0; j < m; ++j) a[j] = flat.propensity(fn, j, x, t0);
  detail::composition_groups& groups = detail::composition_rejection_access::groups(work);
  groups.reset(a);
  const std::uint64_t refresh_every = m < 16 ? 16 : m;
  std::uint64_t events = 0, since_refresh = 0;
  double t = t0;
  const auto u01 = [&g] { return uniform01(g); };
  half_word_bits<URBG> bits(g);
  for (;;) {
    double a0 = groups.total();
    if (!(a0 > 0.0)) {  // absorbing, unless the running total only drifted to <= 0
      groups.refresh(a);
      a0 = groups.total();
      if (!(a0 > 0.0)) break;
    }
    const double tau = ziggurat_exponential(g) / a0;
    if (t + tau > t1) break;
    const std::size_t j = groups.select_bits(a, bits, u01);
    if (j == m) {  // drifted total with every group empty: the state is absorbing
      groups.refresh(a);
      continue;
    }
    t += tau;
    flat.fire(j, x);
    ++events;
    obs(std::as_const(x), t);
    if (stop(std::as_const(x), t)) return events;
    const auto [first, last] = flat.dependents(j);
    for (const std::uint32_t* k = first; k != last; ++k) {
      const double fresh = flat.propensity(fn, *k, x, t);
      groups.set(*k, a[*k], fresh);
      a[*k] = fresh;
    }
    if (++since_refresh == refresh_every) {
      groups.refresh(a);
      since_refresh = 0;
    }
  }
  obs(std::as_const(x), t1);
  return events;
}

}  // namespace detail

/// \brief simulate_composition_rejection() with a caller-owned workspace: the same law, the
/// same path for the same seed as the overload without one, and no table built per call once
/// the workspace has been used (as odeint's steppers own their buffers).
/// \ingroup jump
///
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param work the workspace (any network; one per thread).
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events.
/// \throws std::invalid_argument if `x` has the wrong size.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws simulation_error if a propensity is negative, NaN or infinite (as simulate_direct()).
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_composition_rejection(const reaction_network& net, count_vector& x, double t0, double t1,
                               URBG& g, composition_rejection_workspace& work, Observer&& obs = {},
                               Stop&& stop = {}) {
  constexpr const char* fn = "jumpflow::simulate_composition_rejection";
  detail::require_span(fn, net, x, t0, t1);
  if (net.has_events()) {
    // Discrete events: the loop runs between them (detail/event_loop.hpp).
    return detail::simulate_with_events(
        fn, net, x, t0, t1, g, obs, stop,
        [fn, &net, &work](count_vector& y, double a, double b, URBG& e, auto& o, auto& s) {
          return detail::composition_rejection_loop(fn, net, y, a, b, e, work, o, s);
        });
  }
  return detail::composition_rejection_loop(fn, net, x, t0, t1, g, work, obs, stop);
}

/// \brief Exact simulation of a reaction network on \f$[t_0, t_1]\f$ by the
/// composition-rejection method of Slepoy, Thompson and Plimpton (2008): the method for
/// large networks, with a cost per event independent of the number of channels.
/// \ingroup jump
///
/// Channels are grouped by the binary exponent of their propensity
/// (\f$a \in [2^{e-1}, 2^e)\f$). An event draws \f$\tau = E/a_0\f$, picks a group with
/// probability proportional to its total propensity (a linear search over the groups, whose
/// number is \f$\log_2\f$ of the propensities' dynamic range, not \f$M\f$), then a member by
/// rejection: a uniform member is accepted with probability \f$a_j / 2^e \ge 1/2\f$. After an
/// event only the dependents are updated, each moved between groups in \f$O(1)\f$ (the groups
/// are indexed by exponent; a group that empties leaves the search at once). Group sums are
/// refreshed exactly every \f$\max(M, 16)\f$ events to bound rounding drift.
///
/// **Draws per event, in this order** (part of the reproducibility contract): \f$E\f$ =
/// ziggurat_exponential(g) for \f$\tau = E / a_0\f$; then, only if more than one group is
/// non-empty, 32 random bits for the group; then 32 bits per rejection trial (on average at
/// most 2 trials). The 32-bit draws take the two halves of one engine output in turn (as
/// simulate_dense_direct()); each stands for a uniform \f$u = (k + V)\,2^{-32}\f$, and
/// \f$V\f$ = uniform01(g) is drawn only when the 32 bits \f$k\f$ alone do not decide the group,
/// the member or the acceptance (probability about \f$M \cdot 2^{-32}\f$), so the law is that of
/// 53-bit uniforms. On a chain of 1000 channels this is about 1.8 engine outputs per event
/// instead of 3.6 and a logarithm.
///
/// An event reads flat copies of the network's state changes, dependency graph and mass-action
/// rate constants (rebuilt at the start of each run in \f$O(M)\f$ plus the dependency graph,
/// without allocation once a workspace has been used), not the network's own rows: the same
/// propensities bitwise, so the same paths.
///
/// Same observer, stop and error contract as simulate_direct(); it simulates the same law
/// (a different path for the same seed). Nothing is allocated per event. This overload builds
/// its tables (\f$O(M)\f$ plus a few over the 2201 possible exponents) on every call; for many
/// short runs pass a composition_rejection_workspace to the other overload, which reuses them.
/// A network with a time-dependent channel (reaction_channel::time_dependent()) is simulated
/// exactly by the event-location path shared with simulate_pdmp() (same observer, stop and
/// error contract; per event one standard_exponential() and one uniform01()).
/// A network with discrete events (reaction_event) is simulated exactly between them: the
/// run is cut at every switch time and after every jump at which a trigger turns true, the
/// events are applied and the loop restarted (exact by memorylessness); the observer also
/// sees the state after each event, and the returned count does not include events.
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
simulate_composition_rejection(const reaction_network& net, count_vector& x, double t0, double t1,
                               URBG& g, Observer&& obs = {}, Stop&& stop = {}) {
  composition_rejection_workspace work;
  return simulate_composition_rejection(net, x, t0, t1, g, work, std::forward<Observer>(obs),
                                        std::forward<Stop>(stop));
}

}  // namespace jumpflow
