/// \file
/// \brief simulate_tau_leaping(): explicit tau-leaping with the Cao-Gillespie-Petzold step
/// size and no negative populations.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/detail/poisson_variate.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/exponential.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \brief Options of simulate_tau_leaping() (defaults from Cao, Gillespie and Petzold).
/// \ingroup jump
struct tau_leaping_options {
  /// Error control \f$\varepsilon\f$: the relative change of every propensity over a leap is
  /// bounded by about \f$\varepsilon\f$ (CGP 2006 recommend 0.03). Smaller is more accurate.
  double epsilon = 0.03;
  /// \f$n_c\f$: a channel that can fire fewer than this many times before exhausting a
  /// reactant is *critical* and fires at most once per leap (CGP 2005).
  long long critical_threshold = 10;
  /// When the leap would be shorter than `exact_threshold / a0` (a few mean SSA steps),
  /// take `exact_steps` exact direct-method steps instead.
  double exact_threshold = 10.0;
  /// The number of exact steps then taken.
  int exact_steps = 100;
};

namespace detail {

/// \brief The order of channel `j`'s propensity in species `i` at `x`, estimated on the integer
/// lattice: the largest secant log-derivative \f$|a(x \pm \delta e_i) - a(x)|\, x_i /
/// (\delta\, a(x))\f$ with \f$\delta = \max(\lceil \varepsilon x_i \rceil, 1)\f$, the change of
/// \f$x_i\f$ a first-order leap allows (so the estimate bounds the propensity's change over the
/// leap, not only its slope at `x`). 0 when \f$a(x) = 0\f$ or \f$x_i \le 0\f$ (the leap bound is
/// then one molecule whatever the order) and for probes whose propensity is not finite.
/// \param net the network.
/// \param j the channel.
/// \param i the species, one that channel `j` reads.
/// \param x the counts (restored on return).
/// \param t the time.
/// \param a the propensity \f$a_j(x, t)\f$.
/// \param epsilon the leap's error control \f$\varepsilon\f$.
/// \returns the estimated order, \f$\ge 0\f$.
inline double lattice_order(const reaction_network& net, index j, index i, count_vector& x,
                            double t, double a, double epsilon) {
  const long long xi = x[i];
  if (!(a > 0.0) || xi <= 0) return 0.0;
  const long long delta =
      std::max(1LL, static_cast<long long>(std::ceil(epsilon * static_cast<double>(xi))));
  double change = 0.0;
  for (const long long step : {delta, -std::min(delta, xi)}) {
    x[i] = xi + step;
    const double probe = net.propensity(j, x, t);
    if (std::isfinite(probe)) {
      change = std::max(change, std::abs(probe - a) / static_cast<double>(std::abs(step)));
    }
  }
  x[i] = xi;
  return change * static_cast<double>(xi) / a;
}

}  // namespace detail

/// \brief Approximate simulation of a reaction network on \f$[t_0, t_1]\f$ by explicit
/// Poisson tau-leaping, with the step size of Cao, Gillespie and Petzold (2006) and the
/// critical-reaction scheme of Cao, Gillespie and Petzold (2005): populations never go
/// negative.
/// \ingroup jump
///
/// Each leap: channels that could exhaust a reactant within `critical_threshold` firings are
/// critical; the others (with \f$\mu_i = \sum_j \nu_{ij} a_j\f$ and
/// \f$\sigma_i^2 = \sum_j \nu_{ij}^2 a_j\f$ over them) bound the leap by
/// \f$\tau' = \min_i \min\{\max(\varepsilon x_i/g_i, 1)/|\mu_i|,\ \max(\varepsilon x_i/g_i,
/// 1)^2/\sigma_i^2\}\f$ over all reactant species \f$i\f$ (those any channel reads, critical
/// or not: a species only critical channels read is still bounded), with \f$g_i\f$ from the
/// highest order of reaction in which \f$i\f$ is a reactant
/// (\f$g = (\text{order}/m)\sum_{k<m} x/(x-k)\f$ for multiplicity \f$m\f$).
/// A custom channel bounds the species it reads, with \f$g_i\f$ its order in species \f$i\f$
/// (the largest log-derivative of its propensity in \f$x_i\f$): the
/// order it declares (reaction_channel::with_orders()), or else one estimated from the
/// propensity at the start of the leap by finite differences on the integer lattice over the
/// change of \f$x_i\f$ a leap allows (detail::lattice_order()); every species read counts as at
/// least first order (\f$g_i \ge 1\f$). So a Hill repression \f$1/(1 + (x/K)^h)\f$ counts as
/// order \f$h (x/K)^h/(1 + (x/K)^h)\f$, up to \f$h\f$, not 1. Critical channels are those that
/// consume (change negatively) a species of which fewer than `critical_threshold` firings'
/// worth is left. If \f$\tau' <\f$ `exact_threshold`\f$/a_0\f$, `exact_steps` exact steps are taken instead.
/// Otherwise \f$\tau'' \sim \mathrm{Exp}(\sum_{\text{critical}} a_j)\f$, \f$\tau = \min(\tau',
/// \tau'', t_1 - t)\f$; each non-critical channel fires Poisson(\f$a_j \tau\f$) times and, if
/// \f$\tau = \tau''\f$, one critical channel (chosen \f$\propto a_j\f$) fires once. A leap that
/// would make a count negative is rejected and retried with \f$\tau'\f$ halved.
///
/// The observer is called at `t0`, after every leap and every exact step (with the time
/// reached), and at `t1`; `stop` is evaluated at the same times (except `t1`). Mass-action
/// networks never reach negative counts; a custom channel that fires without the molecules
/// it consumes does so in the exact dynamics too. Nothing is allocated per leap.
/// A time-dependent channel (reaction_channel::time_dependent()) is evaluated at the start
/// of each leap and exact step, a left-point rule that is part of the approximation.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition.
/// \param options the step-size options.
/// \returns the number of reaction firings (events), summed over leaps and exact steps.
/// \throws std::invalid_argument if `x` has the wrong size or the network has discrete events
///         (reaction_event).
/// \throws std::domain_error if `t0` or `t1` is not finite, `t1 < t0`, or an option is out of
///         its domain (\f$\varepsilon \in (0, 1)\f$, thresholds \f$\ge 1\f$).
/// \throws simulation_error if a propensity is negative, NaN or infinite; the message names
///         the channel, the value and the time, and `x` holds the state at which it was
///         evaluated (the last state passed to the observer).
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_tau_leaping(const reaction_network& net, count_vector& x, double t0, double t1, URBG& g,
                     Observer&& obs = {}, Stop&& stop = {},
                     const tau_leaping_options& options = {}) {
  // Y. Cao, D. T. Gillespie and L. R. Petzold, "Efficient step size selection for the
  // tau-leaping simulation method", J. Chem. Phys. 124 (2006) 044109 (the step size), and
  // "Avoiding negative populations in explicit Poisson tau-leaping", J. Chem. Phys. 123 (2005)
  // 054104 (critical reactions, rejection of negative leaps, exact steps for short leaps).
  constexpr const char* fn = "jumpflow::simulate_tau_leaping";
  constexpr double inf = std::numeric_limits<double>::infinity();
  detail::require_span(fn, net, x, t0, t1);
  require_argument(!net.has_events(), fn, "the number of the network's events",
                   static_cast<long long>(net.events().size()),
                   "0 (a leap does not locate discrete events: use an exact simulator)");
  require_domain(options.epsilon > 0.0 && options.epsilon < 1.0, fn, "options.epsilon",
                 options.epsilon, "in (0, 1)");
  require_domain(options.critical_threshold >= 1, fn, "options.critical_threshold",
                 options.critical_threshold, ">= 1");
  require_domain(options.exact_threshold >= 1.0, fn, "options.exact_threshold",
                 options.exact_threshold, "finite and >= 1");
  require_domain(options.exact_steps >= 1, fn, "options.exact_steps", options.exact_steps, ">= 1");
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;

  const auto m = static_cast<std::size_t>(net.channels());
  const auto d = static_cast<std::size_t>(net.species());
  std::vector<double> a(m), mu(d), sigma2(d), hor(d);
  std::vector<char> critical(m), reactant(d);
  std::vector<std::int64_t> fires(m);
  count_vector next(x.size());
  double t = t0;
  std::uint64_t events = 0;

  const auto propensities = [&] {
    double total = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      total += a[j] = detail::checked_propensity(fn, net, static_cast<index>(j), x, t);
    }
    return total;
  };
  // Firings before channel j exhausts one of the species it consumes (infinite if none):
  // criticality is about consumption, the step bound about the species read.
  const auto firings_left = [&](std::size_t j) {
    long long left = std::numeric_limits<long long>::max();
    const auto [first, last] = net.change(static_cast<index>(j));
    for (auto c = first; c != last; ++c) {
      if (c->count < 0) left = std::min(left, x[c->species] / -c->count);
    }
    return left;
  };

  double a0 = propensities();
  while (a0 > 0.0) {
    // Critical channels; mu and sigma^2 over the non-critical ones; g_i over every channel.
    std::fill(mu.begin(), mu.end(), 0.0);
    std::fill(sigma2.begin(), sigma2.end(), 0.0);
    std::fill(hor.begin(), hor.end(), 0.0);
    std::fill(reactant.begin(), reactant.end(), char{0});
    double critical_total = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      critical[j] = a[j] > 0.0 && firings_left(j) < options.critical_threshold;
      if (critical[j]) {
        critical_total += a[j];
      } else if (a[j] > 0.0) {
        const auto [first, last] = net.change(static_cast<index>(j));
        for (auto c = first; c != last; ++c) {
          const auto i = static_cast<std::size_t>(c->species);
          const auto v = static_cast<double>(c->count);
          mu[i] += v * a[j];
          sigma2[i] += v * v * a[j];
        }
      }
      // The species the propensity reads (its reactants, for mass action) bound the leap,
      // also while a_j = 0, so a channel about to switch on is not leapt over, and while it
      // is critical (CGP 2006, eqs. 32-33: all reactant species I_rs), so that the
      // non-critical channels cannot leap a species only critical channels read (an
      // immigration feeding it would run with the critical rates frozen). g_i (CGP 2006,
      // eq. 27, generalised): order/m * sum_{k<m} x/(x-k) for multiplicity m; for a custom
      // channel its declared order, or the lattice estimate; at least 1.
      const auto [r_first, r_last] = net.reads(static_cast<index>(j));
      const auto [o_first, o_last] = net.orders(static_cast<index>(j));
      const bool custom = !net.is_mass_action(static_cast<index>(j));
      for (auto r = r_first; r != r_last; ++r) {
        const auto i = static_cast<std::size_t>(*r);
        reactant[i] = 1;
        double gi = 1.0;
        if (custom) {
          gi = o_first != o_last ? o_first[r - r_first]
                                 : detail::lattice_order(net, static_cast<index>(j), *r, x, t,
                                                         a[j], options.epsilon);
        }
        hor[i] = std::max({hor[i], gi, 1.0});
      }
      if (!custom) {
        const auto [first, last] = net.reactants(static_cast<index>(j));
        long long order = 0;
        for (auto r = first; r != last; ++r) order += r->count;
        for (auto r = first; r != last; ++r) {
          const auto xi = static_cast<double>(x[r->species]);
          if (xi < static_cast<double>(r->count)) continue;  // cannot fire yet: g = 1 above
          double sum = 0.0;
          for (long long k = 0; k < r->count; ++k) sum += xi / (xi - static_cast<double>(k));
          auto& gi = hor[static_cast<std::size_t>(r->species)];
          gi = std::max(gi, static_cast<double>(order) / static_cast<double>(r->count) * sum);
        }
      }
    }
    double tau1 = inf;
    for (std::size_t i = 0; i < d; ++i) {
      if (!reactant[i]) continue;
      const double bound =
          std::max(options.epsilon * static_cast<double>(x[static_cast<index>(i)]) / hor[i], 1.0);
      if (mu[i] != 0.0) tau1 = std::min(tau1, bound / std::abs(mu[i]));
      if (sigma2[i] > 0.0) tau1 = std::min(tau1, bound * bound / sigma2[i]);
    }

    if (tau1 < options.exact_threshold / a0) {
      // Exact direct-method steps (CGP 2005, step 3): leaping would not pay off.
      for (int s = 0; s < options.exact_steps && a0 > 0.0; ++s) {
        const double tau = standard_exponential(g) / a0;
        if (t + tau > t1) {
          t = t1;
          break;
        }
        const double target = uniform01(g) * a0;
        std::size_t j = 0;
        double cumulative = a[0];
        while (cumulative <= target && j + 1 < m) cumulative += a[++j];
        while (a[j] == 0.0) --j;  // rounding past the last positive propensity
        t += tau;
        net.fire(static_cast<index>(j), x);
        ++events;
        obs(std::as_const(x), t);
        if (stop(std::as_const(x), t)) return events;
        a0 = propensities();
      }
      if (t >= t1) break;
      continue;
    }

    // A leap; retried with tau1 halved while it would make a count negative (CGP 2005).
    double tau = 0.0;
    std::uint64_t fired = 0;
    for (;;) {
      const double tau2 = critical_total > 0.0 ? standard_exponential(g) / critical_total : inf;
      const bool one_critical = tau2 <= tau1 && t + tau2 <= t1;
      tau = std::min({tau1, tau2, t1 - t});
      std::size_t chosen = m;
      if (one_critical) {
        const double target = uniform01(g) * critical_total;
        double cumulative = 0.0;
        for (std::size_t j = 0; j < m; ++j) {
          if (!critical[j]) continue;
          chosen = j;
          cumulative += a[j];
          if (target < cumulative) break;
        }
      }
      next = x;
      fired = 0;
      for (std::size_t j = 0; j < m; ++j) {
        fires[j] = critical[j] ? (j == chosen ? 1 : 0) : detail::poisson_variate(g, a[j] * tau);
        if (fires[j] == 0) continue;
        net.fire(static_cast<index>(j), next, fires[j]);
        fired += static_cast<std::uint64_t>(fires[j]);
      }
      // Reject only counts the leap drove negative (the state may start negative when a
      // custom channel did so in an exact step).
      bool negative = false;
      for (index i = 0; i < next.size(); ++i)
        negative = negative || (next[i] < 0 && next[i] < x[i]);
      if (!negative) break;
      tau1 /= 2.0;
    }
    x = next;
    events += fired;
    t = tau == t1 - t ? t1 : t + tau;
    if (t >= t1) break;
    obs(std::as_const(x), t);
    if (stop(std::as_const(x), t)) return events;
    a0 = propensities();
  }
  obs(std::as_const(x), t1);
  return events;
}

}  // namespace jumpflow
