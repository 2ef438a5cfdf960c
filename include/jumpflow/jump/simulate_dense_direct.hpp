/// \file
/// \brief simulate_dense_direct(): Gillespie's direct method with every propensity recomputed
/// from a fixed-shape table at each event, the fastest exact simulator of very small networks.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/jump/detail/dense_counts.hpp"
#include "jumpflow/jump/detail/dense_table.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/detail/time_dependent_network.hpp"
#include "jumpflow/jump/detail/window_skipper.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/detail/half_word_bits.hpp"
#include "jumpflow/random/uniform01.hpp"
#include "jumpflow/random/ziggurat_exponential.hpp"

namespace jumpflow {

namespace detail {

/// The event loop of simulate_dense_direct() after the observer's first call (made by `watch`,
/// which calls the observer after every jump, or only when the path leaves the window of a
/// windowed_observer), on the working state `Counts` (dense_counts or fixed_dense_counts: the
/// same path, see dense_counts.hpp).
template <class Counts, class URBG, class Observer, class Stop>
[[gnu::always_inline]] inline std::uint64_t dense_direct_loop(const char* fn,
                                                              const reaction_network& net,
                                                              const dense_table& table,
                                                              count_vector& x, double t0,
                                                              double t1, URBG& g,
                                                              window_skipper<Observer>& watch,
                                                              Stop& stop) {
  Counts counts(table, x);
  const std::size_t m = counts.channels();
  const double* const cumulative = counts.cumulative();
  half_word_bits<URBG> bits(g);
  std::uint64_t events = 0;
  double t = t0;
  // On a throw the observer first sees the skipped call (window_skipper::flush()). The observer's
  // own calls need no guard (a call that throws was made); an engine that may throw gets the
  // whole loop guarded (watch.run()); otherwise only the propensities and the stop condition
  // that may throw are guarded, each on its own: a handler around the whole loop kept `t` and
  // `events` in memory (measured: 1.5 ns per event on immigration-death with an observer).
  constexpr bool whole = !noexcept(g());
  constexpr bool guard_cumulate =
      !whole && !noexcept(counts.cumulate(fn, net, std::as_const(x), t));
  constexpr bool guard_stop = !whole && !noexcept(stop(std::as_const(x), t));
  // The register kernels compare the counts with a windowed observer's box after every jump
  // (window_skipper::fix()) instead of counting budgets of jumps. Measured through
  // simulate_auto() with sup_distance_observer, added time per jump: SIR (3 species) 18.3 ->
  // 15.5 ns at n = 10^4, 6.3 -> 5.4 ns at 10^5; immigration-death (1 species, compared as
  // integer counts valid up to a time budget) 2.15 -> 2.03 ns at n = 10^4, 6.5 -> 6.2 ns at
  // 10^3, 0.81 -> 0.79 ns at 10^5 (its budgets of jumps lasted 14 jumps at 10^4).
  constexpr int species = [] {
    if constexpr (requires { Counts::species; }) {
      return Counts::species;
    } else {
      return 0;  // the general loop: budgets
    }
  }();
  constexpr bool compare = species > 0 && window_skipper<Observer>::windowed;
  constexpr int compared = compare ? species : 1;
  if constexpr (compare) watch.template fix<compared>(x, t0);
  [[maybe_unused]] auto box = watch.template box<compared>();
  // Inlined, so that the loop keeps its variables in registers.
  const auto run = [&]() __attribute__((always_inline)) -> std::uint64_t {
    for (;;) {
      // All propensities at the current state, cumulated (exact sum: no drift to undo).
      const double a0 = watch.template guarded<guard_cumulate>(
          [&] { return counts.cumulate(fn, net, x, t); }, x, t, events);
      if (!(a0 > 0.0)) break;  // absorbing
      // ziggurat_exponential(g), its common path always inlined: with thirteen loops in one
      // translation unit the compiler's inlining budget otherwise leaves it a call in the
      // general loop (measured: 1.15x its time per event).
      const double tau = ziggurat_exponential_inline(g) / a0;
      // One comparison for the end of the run and of the observer's window (horizon = t1
      // without a window).
      if (t + tau > watch.horizon(t1)) [[unlikely]] {
        if (t + tau > t1) break;
        watch.window_ends(x, t, t + tau, events);
        if constexpr (compare) box = watch.template box<compared>();
      }
      const double k = static_cast<double>(bits());
      // lo < a0 (k < 2^32) and hi <= a0; the first cumulative sum above lo belongs to a channel
      // with a positive propensity. The channel is the number of the first m - 1 sums <= target.
      const double lo = k * 0x1p-32 * a0, hi = (k + 1.0) * 0x1p-32 * a0;
      std::size_t j = 0;
      for (std::size_t p = 0; p + 1 < m; ++p) j += cumulative[p] <= lo ? 1 : 0;
      if (cumulative[j] < hi) [[unlikely]] {
        // The interval straddles a boundary: draw the bits below the 32 (simulate_direct()'s
        // rule for a target rounded to the very top: take the last positive channel).
        const double target = lo + uniform01(g) * 0x1p-32 * a0;
        j = 0;
        for (std::size_t p = 0; p + 1 < m; ++p) j += cumulative[p] <= target ? 1 : 0;
        while (j > 0 && cumulative[j] == cumulative[j - 1]) --j;
      }
      [[maybe_unused]] const double before = t;
      t += tau;
      counts.fire(j, x);
      // obs(x, t) unless the window skips it.
      if constexpr (compare) {
        ++events;
        if (!box.holds(counts, t)) [[unlikely]] {
          watch.moved(net, static_cast<index>(j), x, before, t, events);
          box = watch.template box<compared>();
        }
      } else {
        watch.jumped(net, static_cast<index>(j), x, t, ++events);
      }
      const bool stopped = watch.template guarded<guard_stop>(
          [&] { return stop(std::as_const(x), t); }, x, t, events);
      if (stopped) {
        watch.flush(x, t, events);
        return events;
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

// A register kernel: dense_direct_loop() on fixed_dense_counts<M, D>, a function of its own.
// Whether the compiler inlined a kernel into simulate_dense_direct() (twelve of them, and the
// general loop) depended on the translation unit, and inlined it kept fewer values in registers:
// immigration-death with a sup_distance_observer took 15.0 ns per event instead of 12.0 in a
// program where it was inlined (bare runs 9.6 ns either way).
template <int M, int D, class URBG, class Observer, class Stop>
[[gnu::noinline]] std::uint64_t dense_direct_kernel(const char* fn, const reaction_network& net,
                                                    const dense_table& table, count_vector& x,
                                                    double t0, double t1, URBG& g,
                                                    window_skipper<Observer>& watch, Stop& stop) {
  return dense_direct_loop<fixed_dense_counts<M, D>>(fn, net, table, x, t0, t1, g, watch, stop);
}

// dense_direct_loop() on dense_counts, with every call inlined (Boost's ziggurat and the engine's
// refill): with the register kernels in the same translation unit, the compiler's inlining budget
// would otherwise leave them calls in this loop (measured: 1.15x the time per event). The
// register kernels are not flattened: the cold paths it pulls in made them spill the counts
// (Schlogl's kernel, 1.3x).
template <bool HasGeneral, class URBG, class Observer, class Stop>
[[gnu::flatten]] std::uint64_t dense_direct_loop_any(const char* fn, const reaction_network& net,
                                                     const dense_table& table, count_vector& x,
                                                     double t0, double t1, URBG& g,
                                                     window_skipper<Observer>& watch, Stop& stop) {
  return dense_direct_loop<dense_counts<HasGeneral>>(fn, net, table, x, t0, t1, g, watch, stop);
}

}  // namespace detail

/// \brief Exact simulation of a reaction network on \f$[t_0, t_1]\f$ by Gillespie's direct
/// method, recomputing all \f$M\f$ propensities at each event from a fixed-shape table and
/// choosing the channel without a data-dependent branch: the fastest exact method for networks
/// of a handful of channels.
/// \ingroup jump
///
/// **Draws per event, in this order** (part of the reproducibility contract):
/// 1. \f$E\f$ = ziggurat_exponential(g), and \f$\tau = E / a_0\f$ with
///    \f$a_0 = \sum_j a_j(x)\f$;
/// 2. 32 random bits \f$k\f$: the low half of a fresh engine output at odd-numbered events, the
///    high half of that same output at the next event (both halves of every output are used);
/// 3. only when \f$[k, k + 1)\, 2^{-32} a_0\f$ straddles a boundary of the cumulative
///    propensities (probability at most \f$M \cdot 2^{-32}\f$): \f$V\f$ = uniform01(g).
///
/// The channel is the first \f$j\f$ with \f$a_1 + \dots + a_j > u\, a_0\f$ for
/// \f$u = (k + V)\, 2^{-32}\f$: when the whole interval \f$[k, k+1)\, 2^{-32} a_0\f$ lies in one
/// channel's cell, that channel is chosen without drawing \f$V\f$, which does not change the law
/// (any \f$V\f$ would choose it). So \f$u\f$ has 32 + 53 bits where they matter, and about 1.5
/// engine outputs are drawn per event (simulate_direct() draws 2 and takes a logarithm).
///
/// **Why it is fast on small networks.** Every event recomputes all \f$M\f$ propensities (no
/// dependency graph, no rounding drift of \f$a_0\f$) from 40-byte records: a mass-action
/// channel of total order at most 3 is \f$k f_1 f_2 f_3\f$ with clamped factors, bitwise
/// reaction_network::propensity; the channel is the count of cumulative sums below the target
/// (no search loop whose exit the branch predictor must guess), and the state change is a fixed
/// number of slots. The work per event is \f$O(M)\f$, cheaper than a search plus dependency
/// updates up to a few dozen channels; simulate_auto() picks this method up to the measured
/// crossover. A network of at most 4 channels and 3 species, all mass action, runs a loop
/// compiled for its sizes, which keeps the counts in registers (same draws, same arithmetic, the
/// same path bit for bit; `jump_ssa_table`'s row "dense direct, general loop" is the baseline:
/// 0.66x to 0.70x its time per event on immigration-death and Schlogl, 0.80x to 0.81x on
/// decaying-dimerizing, in two runs in one host state, since ziggurat_exponential()'s common
/// path is inlined into the kernels). Custom channels and mass action of order
/// above 3 are evaluated through reaction_network::propensity (checked); a network with a
/// time-dependent channel takes the event-location path shared with simulate_pdmp().
///
/// Same observer, stop and error contract as simulate_direct(), including its skipping of the
/// calls a windowed_observer (sup_distance_observer) does not need, and the same law (a
/// different path for the same seed). Allocates three tables per call (four with a
/// windowed_observer), nothing per event.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network, without discrete events.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events.
/// \throws std::invalid_argument if `x` has the wrong size or the network has discrete events.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws simulation_error if a propensity is negative, NaN or infinite (as simulate_direct()).
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_dense_direct(const reaction_network& net, count_vector& x, double t0, double t1, URBG& g,
                      Observer&& obs = {}, Stop&& stop = {}) {
  // D. T. Gillespie, "Exact stochastic simulation of coupled chemical reactions", J. Phys.
  // Chem. 81 (1977) 2340: the direct method as first stated, all propensities recomputed per
  // event; the table and the branch-free selection are the small-network engineering.
  constexpr const char* fn = "jumpflow::simulate_dense_direct";
  detail::require_span(fn, net, x, t0, t1);
  detail::require_no_events(fn, net);
  if (net.is_time_dependent()) {
    return detail::simulate_time_dependent_network(fn, net, x, t0, t1, g, obs, stop);
  }
  // Calls the observer after every jump, or only when it leaves the window of a
  // windowed_observer.
  detail::window_skipper<std::remove_reference_t<Observer>> watch(obs, net, t1);
  watch.call(x, t0, 0);
  if (stop(std::as_const(x), t0)) return 0;

  const detail::dense_table table(net);
  if (table.has_general()) {
    return detail::dense_direct_loop_any<true>(fn, net, table, x, t0, t1, g, watch, stop);
  }
  // Up to 4 channels and 3 species: the counts in registers (the same path).
  const auto fixed = [&]<int M, int D>() {
    return detail::dense_direct_kernel<M, D>(fn, net, table, x, t0, t1, g, watch, stop);
  };
  const auto by_species = [&]<int M>() -> std::uint64_t {
    switch (table.species()) {
      case 1:
        return fixed.template operator()<M, 1>();
      case 2:
        return fixed.template operator()<M, 2>();
      case 3:
        return fixed.template operator()<M, 3>();
      default:
        return detail::dense_direct_loop_any<false>(fn, net, table, x, t0, t1, g, watch, stop);
    }
  };
  switch (table.channels()) {
    case 1:
      return by_species.template operator()<1>();
    case 2:
      return by_species.template operator()<2>();
    case 3:
      return by_species.template operator()<3>();
    case 4:
      return by_species.template operator()<4>();
    default:
      return detail::dense_direct_loop_any<false>(fn, net, table, x, t0, t1, g, watch, stop);
  }
}

}  // namespace jumpflow
