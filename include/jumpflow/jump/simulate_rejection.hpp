/// \file
/// \brief simulate_rejection() and simulate_rejection_composition(): the rejection-based SSA
/// (RSSA) of Thanh, Priami and Zunino, for large mass-action networks.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/detail/composition_groups.hpp"
#include "jumpflow/jump/detail/propensity_table.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/uniform01.hpp"
#include "jumpflow/random/ziggurat_exponential.hpp"

namespace jumpflow {

namespace detail {

/// Candidate selection in proportion to the bounds by a linear search (plain RSSA); the same
/// interface as composition_groups (RSSA-CR).
class linear_selection {
 public:
  void reset(const std::vector<double>& b) { refresh(b); }
  double total() const noexcept { return total_; }
  void set(std::size_t, double old_b, double new_b) noexcept { total_ += new_b - old_b; }
  void refresh(const std::vector<double>& b) noexcept {
    total_ = 0.0;
    for (double v : b) total_ += v;
  }
  template <class Uniform>
  std::size_t select(const std::vector<double>& b, Uniform&& u01) const {
    const double target = u01() * total_;
    double cumulative = 0.0;
    for (std::size_t j = 0; j < b.size(); ++j) {
      cumulative += b[j];
      if (target < cumulative) return j;
    }
    return b.size();  // rounding: the caller refreshes the total and draws again
  }

 private:
  double total_ = 0.0;
};

/// The half width w of the fluctuation interval [x - w, x + w] of a count:
/// max(floor(|x| / 10) + 1, 2), about +-10% as in Thanh, Priami and Zunino; the minimum of 2
/// keeps small counts from leaving their interval at almost every event.
inline long long rssa_half_width(long long x) noexcept {
  const long long w = (x < 0 ? -x : x) / 10 + 1;
  return w < 2 ? 2 : w;
}

/// RSSA (Thanh, Priami and Zunino 2014) with the candidate selection Selection.
template <class Selection, class URBG, class Observer, class Stop>
std::uint64_t simulate_rssa(const char* fn, const reaction_network& net, count_vector& x,
                            double t0, double t1, URBG& g, Observer& obs, Stop& stop) {
  require_span(fn, net, x, t0, t1);
  require_no_events(fn, net);
  const propensity_table propensity(net);
  for (index j = 0; j < net.channels(); ++j) {
    require_argument(net.is_mass_action(j), fn, "network", net.describe(j) + " (not mass action)",
                     "a mass-action network (bounds need propensities nondecreasing in counts)");
  }
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;

  const auto m = static_cast<std::size_t>(net.channels());
  const auto d = static_cast<std::size_t>(net.species());
  // Readers of each species (the inverse of reaction_network::reads), compressed rows.
  std::vector<std::size_t> reader_begin(d + 1, 0);
  for (std::size_t j = 0; j < m; ++j) {
    const auto [first, last] = net.reads(static_cast<index>(j));
    for (const index* s = first; s != last; ++s) ++reader_begin[static_cast<std::size_t>(*s) + 1];
  }
  for (std::size_t i = 0; i < d; ++i) reader_begin[i + 1] += reader_begin[i];
  std::vector<index> reader(reader_begin[d]);
  {
    std::vector<std::size_t> fill(reader_begin.begin(), reader_begin.end() - 1);
    for (std::size_t j = 0; j < m; ++j) {
      const auto [first, last] = net.reads(static_cast<index>(j));
      for (const index* s = first; s != last; ++s) {
        reader[fill[static_cast<std::size_t>(*s)]++] = static_cast<index>(j);
      }
    }
  }
  // Fluctuation intervals [low, high] of the counts, and the bounds a_j(high) >= a_j(x): mass
  // action is nondecreasing in every count, so the bound holds while x stays below high.
  count_vector high = x;
  std::vector<long long> low(d);
  for (std::size_t i = 0; i < d; ++i) {
    const long long w = rssa_half_width(x[static_cast<index>(i)]);
    low[i] = x[static_cast<index>(i)] - w;
    high[static_cast<index>(i)] = x[static_cast<index>(i)] + w;
  }
  std::vector<double> bound(m);
  for (std::size_t j = 0; j < m; ++j) bound[j] = propensity(fn, static_cast<index>(j), high, t0);
  Selection selection;
  selection.reset(bound);
  const std::uint64_t refresh_every = m < 16 ? 16 : m;
  std::uint64_t events = 0, since_refresh = 0;
  double t = t0;
  const auto u01 = [&g] { return uniform01(g); };
  for (;;) {
    double total = selection.total();
    if (!(total > 0.0)) {  // every bound 0 (so every propensity): absorbing, unless drift
      selection.refresh(bound);
      total = selection.total();
      if (!(total > 0.0)) break;
    }
    // Candidates form a Poisson process of rate `total` (the bounds only change at events);
    // thinning each with probability a_j / bound_j leaves exactly the reaction process.
    const double next = t + ziggurat_exponential(g) / total;
    if (next > t1) break;
    const std::size_t j = selection.select(bound, u01);
    if (j == m) {  // rounding past the last positive bound: refresh and draw again
      selection.refresh(bound);
      continue;
    }
    t = next;
    const double accept = uniform01(g) * bound[j];
    if (!(accept < propensity(fn, static_cast<index>(j), x, t))) continue;  // rejected
    net.fire(static_cast<index>(j), x);
    ++events;
    obs(std::as_const(x), t);
    if (stop(std::as_const(x), t)) return events;
    const auto [first, last] = net.change(static_cast<index>(j));
    for (const species_term* c = first; c != last; ++c) {
      const auto i = static_cast<std::size_t>(c->species);
      const long long v = x[c->species];
      if (v >= low[i] && v <= high[c->species]) continue;
      // The count left its interval: a new interval around it, new bounds for its readers.
      const long long w = rssa_half_width(v);
      low[i] = v - w;
      high[c->species] = v + w;
      for (std::size_t r = reader_begin[i]; r < reader_begin[i + 1]; ++r) {
        const auto k = static_cast<std::size_t>(reader[r]);
        const double fresh = propensity(fn, reader[r], high, t);
        selection.set(k, bound[k], fresh);
        bound[k] = fresh;
      }
    }
    if (++since_refresh == refresh_every) {
      selection.refresh(bound);
      since_refresh = 0;
    }
  }
  obs(std::as_const(x), t1);
  return events;
}

}  // namespace detail

/// \brief Exact simulation of a mass-action reaction network on \f$[t_0, t_1]\f$ by the
/// rejection-based SSA (RSSA) of Thanh, Priami and Zunino (2014), with a linear search over the
/// propensity bounds.
/// \ingroup jump
///
/// Each species count \f$x_i\f$ is given a fluctuation interval
/// \f$[x_i - w_i, x_i + w_i]\f$, \f$w_i = \max(\lfloor |x_i| / 10 \rfloor + 1, 2)\f$, and each
/// channel the bound \f$\bar a_j = a_j(\bar x) \ge a_j(x)\f$ at the upper ends \f$\bar x\f$
/// (mass action is nondecreasing in every count). Candidates arrive at rate
/// \f$\bar a_0 = \sum_j \bar a_j\f$: each draws \f$E\f$ = ziggurat_exponential(g) and advances
/// the time by \f$E / \bar a_0\f$, picks a channel \f$j\f$ with probability
/// \f$\bar a_j / \bar a_0\f$ (one uniform01(g), linear search), and fires it if
/// uniform01(g)\f$\cdot \bar a_j < a_j(x)\f$ (thinning, exact). Bounds change only when a count
/// leaves its interval, and then only for the channels that read it: most events recompute no
/// propensity but the candidate's. For networks with many channels use
/// simulate_rejection_composition(), which selects in \f$O(1)\f$.
///
/// Same observer, stop and error contract as simulate_direct(); it simulates the same law (a
/// different path for the same seed). Nothing is allocated per event.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network; every channel mass action (time-dependent or custom propensities
///        have no bound).
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events (accepted candidates).
/// \throws std::invalid_argument if `x` has the wrong size or a channel is not mass action.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_rejection(const reaction_network& net, count_vector& x, double t0, double t1, URBG& g,
                   Observer&& obs = {}, Stop&& stop = {}) {
  // V. H. Thanh, C. Priami and R. Zunino, "Efficient rejection-based simulation of biochemical
  // reactions with stochastic noise and delays", J. Chem. Phys. 141 (2014) 134116.
  return detail::simulate_rssa<detail::linear_selection>("jumpflow::simulate_rejection", net, x,
                                                         t0, t1, g, obs, stop);
}

/// \brief Exact simulation of a mass-action reaction network on \f$[t_0, t_1]\f$ by RSSA-CR:
/// the rejection-based SSA with composition-rejection selection of the candidates (Thanh,
/// Zunino and Priami 2015), the method for large networks.
/// \ingroup jump
///
/// As simulate_rejection(), but the candidate is selected among the bounds by composition-rejection
/// (the groups of simulate_composition_rejection(), by binary exponent of the bound): a group
/// with probability proportional to its sum (one uniform01(g)), then a uniform member accepted
/// with probability \f$\bar a_j / 2^e \ge 1/2\f$ (one uniform01(g) per try). The cost per
/// candidate does not depend on the number of channels, and the groups change only when bounds
/// do, which is rare.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network; every channel mass action.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events (accepted candidates).
/// \throws std::invalid_argument if `x` has the wrong size or a channel is not mass action.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_rejection_composition(const reaction_network& net, count_vector& x, double t0, double t1,
                               URBG& g, Observer&& obs = {}, Stop&& stop = {}) {
  // V. H. Thanh, R. Zunino and C. Priami, "On the rejection-based algorithm for simulation and
  // analysis of large-scale reaction networks", J. Chem. Phys. 142 (2015) 244106.
  return detail::simulate_rssa<detail::composition_groups>(
      "jumpflow::simulate_rejection_composition", net, x, t0, t1, g, obs, stop);
}

}  // namespace jumpflow
