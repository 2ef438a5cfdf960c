/// \file
/// \brief simulate_next_reaction(): the next reaction method of Gibson and Bruck.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/jump/detail/indexed_heap.hpp"
#include "jumpflow/jump/detail/event_loop.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/detail/time_dependent_network.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/exponential.hpp"

namespace jumpflow {

namespace detail {

/// The event-free loop of simulate_next_reaction() (the caller handles the network's events).
template <class URBG, class Observer, class Stop>
std::uint64_t next_reaction_loop(const char* fn, const reaction_network& net, count_vector& x, double t0,
                                 double t1, URBG& g, Observer& obs, Stop& stop) {
  constexpr double never = std::numeric_limits<double>::infinity();
  if (net.is_time_dependent()) {
    return detail::simulate_time_dependent_network(fn, net, x, t0, t1, g, obs, stop);
  }
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;

  const auto m = static_cast<std::size_t>(net.channels());
  std::vector<double> a(m), when(m);
  for (std::size_t j = 0; j < m; ++j) {
    a[j] = detail::checked_propensity(fn, net, static_cast<index>(j), x, t0);
    when[j] = a[j] > 0.0 ? t0 + standard_exponential(g) / a[j] : never;
  }
  detail::indexed_min_heap queue;
  queue.reset(when);
  std::uint64_t events = 0;
  for (;;) {
    const std::size_t mu = queue.top();
    const double t = queue.top_key();
    if (!(t <= t1)) break;  // also when every time is infinite (absorbing state)
    net.fire(static_cast<index>(mu), x);
    ++events;
    obs(std::as_const(x), t);
    if (stop(std::as_const(x), t)) return events;
    bool mu_done = false;
    const auto [first, last] = net.dependents(static_cast<index>(mu));
    for (const index* kp = first; kp != last; ++kp) {
      const auto k = static_cast<std::size_t>(*kp);
      const double fresh = detail::checked_propensity(fn, net, *kp, x, t);
      double next = never;
      if (fresh > 0.0) {
        if (k != mu && a[k] > 0.0) {
          next = t + (a[k] / fresh) * (queue.key(k) - t);  // rescale the unused waiting time
        } else {
          next = t + standard_exponential(g) / fresh;
        }
      }
      mu_done = mu_done || k == mu;
      a[k] = fresh;
      queue.update(k, next);
    }
    if (!mu_done) {  // the fired channel does not read what it changes: only a new draw
      queue.update(mu, a[mu] > 0.0 ? t + standard_exponential(g) / a[mu] : never);
    }
  }
  obs(std::as_const(x), t1);
  return events;
}

}  // namespace detail

/// \brief Exact simulation of a reaction network on \f$[t_0, t_1]\f$ by the next reaction
/// method (Gibson and Bruck 2000): one putative absolute firing time per channel in an
/// indexed priority queue, reused after each event.
/// \ingroup jump
///
/// After channel \f$\mu\f$ fires at \f$t\f$, every dependent channel \f$k \ne \mu\f$ whose
/// propensity changed from \f$a\f$ to \f$a' > 0\f$ gets \f$T_k \leftarrow t + (a/a')(T_k - t)\f$
/// (no draw); \f$\mu\f$ itself, and a channel whose propensity was 0, draws a fresh
/// \f$T = t + E/a'\f$ (exact by memorylessness); a channel with \f$a' = 0\f$ gets
/// \f$T = \infty\f$. About one standard exponential per event (drawn in increasing channel
/// order over the dependents), \f$O(\log M)\f$ per dependent.
///
/// Same observer, stop and error contract as simulate_direct(); it simulates the same law
/// (a different path for the same seed). Nothing is allocated per event.
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
simulate_next_reaction(const reaction_network& net, count_vector& x, double t0, double t1, URBG& g,
                       Observer&& obs = {}, Stop&& stop = {}) {
  // M. A. Gibson and J. Bruck, "Efficient exact stochastic simulation of chemical systems with
  // many species and many channels", J. Phys. Chem. A 104 (2000) 1876-1889.
  constexpr const char* fn = "jumpflow::simulate_next_reaction";
  detail::require_span(fn, net, x, t0, t1);
  if (net.has_events()) {
    // Discrete events: the loop runs between them (detail/event_loop.hpp).
    return detail::simulate_with_events(
        fn, net, x, t0, t1, g, obs, stop,
        [fn, &net](count_vector& y, double a, double b, URBG& e, auto& o, auto& s) {
          return detail::next_reaction_loop(fn, net, y, a, b, e, o, s);
        });
  }
  return detail::next_reaction_loop(fn, net, x, t0, t1, g, obs, stop);
}

}  // namespace jumpflow
