/// \file
/// \brief simulate_direct(): Gillespie's direct method with a dependency graph.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/jump/detail/event_loop.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/detail/time_dependent_network.hpp"
#include "jumpflow/jump/detail/window_skipper.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/exponential.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

namespace detail {

// The counts of a count_vector as window_skipper::box<D>() reads them (value() as a double,
// count() as an integer), for a loop that compares the state with the box after every jump.
struct count_vector_view {
  const count_vector& x;
  double value(int s) const noexcept { return static_cast<double>(x[s]); }
  long long count(int s) const noexcept { return x[s]; }
};

/// The loop of simulate_direct() for a network whose channels do not depend on time. Out of
/// line, so that the registers of its hot loop are not shared with the time-dependent path.
/// With `Compared` = D > 0 (a windowed_observer and a network of D <= 3 species) the loop
/// compares each jump's state with the observer's box (window_skipper::fix(), box()) instead of
/// counting budgets of jumps (see window_skipper).
template <int Compared, class URBG, class Observer, class Stop>
[[gnu::noinline]] std::uint64_t direct_steps(const char* fn, const reaction_network& net,
                                             count_vector& x, double t0, double t1, URBG& g,
                                             Observer& obs, Stop& stop) {
  // Calls the observer after every jump, or only when it leaves the window of a
  // windowed_observer.
  window_skipper<Observer> watch(obs, net, t1);
  watch.call(x, t0, 0);
  if (stop(std::as_const(x), t0)) return 0;
  constexpr bool compare = Compared > 0;
  static_assert(!compare || window_skipper<Observer>::windowed);
  constexpr int compared = compare ? Compared : 1;
  if constexpr (compare) watch.template fix<compared>(x, t0);
  [[maybe_unused]] auto box = watch.template box<compared>();
  // The horizon, in a register: only window_ends() and moved() change it.
  double horizon = watch.horizon(t1);

  const index m = net.channels();
  std::vector<double> a(static_cast<std::size_t>(m));
  const auto refresh_sum = [&] {
    double sum = 0.0;
    for (double v : a) sum += v;
    return sum;
  };
  for (index j = 0; j < m; ++j) {
    a[static_cast<std::size_t>(j)] = detail::checked_propensity(fn, net, j, x, t0);
  }
  double a0 = refresh_sum();
  // a0 is updated incrementally; summing afresh every max(M, 16) events bounds the rounding
  // drift at O(1) amortised cost.
  const std::uint64_t refresh_every = static_cast<std::uint64_t>(m < 16 ? 16 : m);
  std::uint64_t events = 0, since_refresh = 0;
  double t = t0;
  // On a throw the observer first sees the skipped call (window_skipper::flush()). The observer's
  // own calls need no guard (a call that throws was made); an engine that may throw gets the
  // whole loop guarded (watch.run()); otherwise only the propensities and the stop condition
  // are guarded, each on its own: a handler around the whole loop keeps `t` and `events` in
  // memory (as measured for simulate_dense_direct()).
  constexpr bool whole = !noexcept(g());
  constexpr bool guard = !whole;
  constexpr bool guard_stop = guard && !noexcept(stop(std::as_const(x), t));
  // Inlined, so that the loop keeps its variables in registers (out of line, the lambda would
  // reach them through its closure, in memory).
  const auto run = [&]() __attribute__((always_inline)) -> std::uint64_t {
    for (;;) {
      if (!(a0 > 0.0)) {
        // Absorbing, unless a0 only drifted to <= 0: decide on the exact sum.
        a0 = refresh_sum();
        if (!(a0 > 0.0)) break;
      }
      const double tau = standard_exponential(g) / a0;
      // One comparison for the end of the run and of the observer's window (horizon = t1
      // without a window).
      if (t + tau > horizon) [[unlikely]] {
        if (t + tau > t1) break;
        watch.window_ends(x, t, t + tau, events);
        if constexpr (compare) box = watch.template box<compared>();
        horizon = watch.horizon(t1);
      }
      const double target = uniform01(g) * a0;
      index j = 0;
      double cumulative = a[0];
      while (cumulative <= target && j + 1 < m) cumulative += a[static_cast<std::size_t>(++j)];
      if (cumulative <= target || a[static_cast<std::size_t>(j)] == 0.0) {
        // Rounding pushed the target past the last positive propensity: refresh the sum; with
        // all propensities 0 the state is absorbing, otherwise take the last positive channel.
        a0 = refresh_sum();
        if (!(a0 > 0.0)) break;
        while (a[static_cast<std::size_t>(j)] == 0.0) --j;
      }
      // x += nu_j, then obs(x, t) unless the window skips it.
      [[maybe_unused]] const double before = t;
      t += tau;
      if constexpr (compare) {
        net.fire(j, x);
        ++events;
        if (!box.holds(count_vector_view{x}, t)) [[unlikely]] {
          watch.moved(net, j, x, before, t, events);
          box = watch.template box<compared>();
          horizon = watch.horizon(t1);
        }
      } else {
        watch.jump(net, j, x, t, ++events);
        // check() may have changed it (without a window it is t1)
        if constexpr (window_skipper<Observer>::windowed) horizon = watch.horizon(t1);
      }
      const bool stopped = watch.template guarded<guard_stop>(
          [&] { return stop(std::as_const(x), t); }, x, t, events);
      if (stopped) {
        watch.flush(x, t, events);
        return events;
      }
      // (Not a structured binding: clang cannot capture one in a lambda before C++20's P1091.)
      const std::pair<const index*, const index*> dependents = net.dependents(j);
      watch.template guarded<guard>(
          [&] {
            for (const index* k = dependents.first; k != dependents.second; ++k) {
              const double fresh = detail::checked_propensity(fn, net, *k, x, t);
              auto& slot = a[static_cast<std::size_t>(*k)];
              a0 += fresh - slot;
              slot = fresh;
            }
          },
          x, t, events);
      if (++since_refresh == refresh_every) {
        a0 = refresh_sum();
        since_refresh = 0;
      }
    }
    watch.before_end(x, t, t1, events + 1);
    watch.call(x, t1, events + 1);
    return events;
  };
  if constexpr (whole) {
    return watch.run(run, x, t, events);  // on a throw, the observer first sees the skipped call
  } else {
    return run();
  }
}

/// The event-free loop of simulate_direct() (the caller handles the network's events).
template <class URBG, class Observer, class Stop>
std::uint64_t direct_loop(const char* fn, const reaction_network& net, count_vector& x, double t0,
                          double t1, URBG& g, Observer& obs, Stop& stop) {
  if (net.is_time_dependent()) {
    return detail::simulate_time_dependent_network(fn, net, x, t0, t1, g, obs, stop);
  }
  if constexpr (window_skipper<Observer>::windowed) {
    // Networks of 1 to 3 species compare each jump's state with the observer's box (for one
    // species, as a range of counts): budgets of jumps run out long before the state leaves
    // the box (see window_skipper), and each check cost a branch that the processor could not
    // predict.
    switch (net.species()) {
      case 1:
        return direct_steps<1>(fn, net, x, t0, t1, g, obs, stop);
      case 2:
        return direct_steps<2>(fn, net, x, t0, t1, g, obs, stop);
      case 3:
        return direct_steps<3>(fn, net, x, t0, t1, g, obs, stop);
      default:
        break;
    }
  }
  return direct_steps<0>(fn, net, x, t0, t1, g, obs, stop);
}

}  // namespace detail

/// \brief Exact simulation of a reaction network on \f$[t_0, t_1]\f$ by Gillespie's direct
/// method, recomputing after each event only the propensities the dependency graph names.
/// \ingroup jump
///
/// Each event draws \f$\tau = E / a_0\f$ with \f$E\f$ = standard_exponential(g) and
/// \f$a_0 = \sum_j a_j(x)\f$, then the channel \f$j\f$ with probability \f$a_j / a_0\f$ by a
/// linear search against uniform01(g)\f$\cdot a_0\f$ (two draws per event, in this order).
/// Cost per event: \f$O(M)\f$ for the search plus the dependents of the fired channel; for
/// networks with thousands of channels use simulate_composition_rejection().
///
/// The observer is called as `obs(x, t0)`, after every event with the new state and the event
/// time, and as `obs(x, t1)` at the end (unless `stop` ended the run). Nothing is allocated
/// per event (one propensity array per call).
/// A windowed_observer (sup_distance_observer) is called only when the path leaves its
/// window (see windowed_observer for the contract, which leaves the observer's results as if
/// every call had been made). The window's end is compared with each jump's time in the same
/// comparison as \f$t_1\f$. For a network of one to three species each jump's state is compared
/// with the window's ball when it has one (count_window::centre; else its box): for one species,
/// as a range of counts that lie in it up to a time budget when it moves. For more species the
/// window is checked lazily: after a call, the number of jumps that
/// cannot leave the box (each species' distance to the box's edge over its largest change,
/// precomputed per run; with a ball, the state's distance to its sphere over the longest jump)
/// is skipped with one integer comparison per jump; then each jump's
/// changed species are checked against the box until a check finds room for a new budget
/// (every \f$d\f$-th check, so that the \f$O(d)\f$ budget costs \f$O(1)\f$ per jump; with a
/// ball, every check is of the whole state and gives a new budget).
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
/// \throws simulation_error if a propensity is negative, NaN or infinite; the message names
///         the channel, the value and the time, and `x` holds the state at which it was
///         evaluated (the last state passed to the observer).
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_direct(const reaction_network& net, count_vector& x, double t0, double t1, URBG& g,
                Observer&& obs = {}, Stop&& stop = {}) {
  // Gillespie, "Exact stochastic simulation of coupled chemical reactions", J. Phys. Chem.
  // 81 (1977) 2340; dependency graph as in Gibson and Bruck, J. Phys. Chem. A 104 (2000) 1876.
  constexpr const char* fn = "jumpflow::simulate_direct";
  detail::require_span(fn, net, x, t0, t1);
  if (net.has_events()) {
    // Discrete events: the loop runs between them (detail/event_loop.hpp).
    return detail::simulate_with_events(
        fn, net, x, t0, t1, g, obs, stop,
        [fn, &net](count_vector& y, double a, double b, URBG& e, auto& o, auto& s) {
          return detail::direct_loop(fn, net, y, a, b, e, o, s);
        });
  }
  return detail::direct_loop(fn, net, x, t0, t1, g, obs, stop);
}

}  // namespace jumpflow
