/// \file
/// \brief simulate_prm_driven(): exact simulation of a prm_driven_model on a Poisson or a grid
/// clock, streamed to an observer.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/clocks.hpp"
#include "jumpflow/jump/detail/state_ops.hpp"
#include "jumpflow/jump/prm_driven_model.hpp"
#include "jumpflow/poisson/detail/span.hpp"
#include "jumpflow/poisson/marked_poisson_measure.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

namespace detail {
template <class T>
inline constexpr bool is_prm_clock =
    std::is_same_v<std::remove_cvref_t<T>, poisson_clock> ||
    std::is_same_v<std::remove_cvref_t<T>, grid_clock>;
}  // namespace detail

/// \brief Simulates \f$X_t = X_0 + \int\int J(X_{s-}, u, s)\,N(ds, du)\f$ on \f$[t_0, t_1]\f$,
/// updating `x` in place and calling the observer; stores no path.
/// \ingroup jump
///
/// **poisson_clock** (default): the atoms \f$(t_k, u_k)\f$ of the
/// marked_poisson_measure(`m.rate()`, `m.mark_law()`) in time order; at each,
/// \f$X \leftarrow X + J(X, u_k, t_k)\f$. If the model has `m.intensity(x, t)`
/// (thinned_prm_driven_model), each atom draws one more uniform \f$v\f$ and jumps only if
/// \f$v\,r < \lambda(X_{t_k-}, t_k)\f$: a state-dependent jump rate \f$\lambda\f$ by thinning.
/// **grid_clock**: jumps at \f$t_0 + k\,\mathrm{step}\f$, \f$k = 1..K\f$ (see grid_count()), one
/// mark each.
///
/// **Order of draws** (reproducibility contract, pinned by a golden test): poisson_clock:
/// per atom, the exponential gap, then the mark's draws (as marked_poisson_measure), then,
/// for a thinned model, one uniform01(); the overshooting exponential last. grid_clock: the
/// marks' draws only, in grid order.
///
/// **Observer**: `obs(x, t0)` first, `obs(x, t)` after every jump, `obs(x, t1)` last.
/// No allocation per jump: one mark buffer and one increment buffer per call.
/// \tparam Model a prm_driven_model.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer a callable `obs(const state_type& x, double t)`.
/// \tparam Clock poisson_clock or grid_clock.
/// \param m the model.
/// \param x the state: \f$X_{t_0}\f$ on entry, \f$X_{t_1}\f$ on return.
/// \param t0 the start, finite.
/// \param t1 the end, finite and \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param clock the clock.
/// \returns the number of jumps made.
/// \throws std::domain_error if `t0`, `t1` are not finite or `t1 < t0`, if `m.rate()` is
///         negative or not finite, or if the grid step is not finite and positive.
/// \throws simulation_error if a jump or the new state is not finite, or
///         `m.intensity(x, t)` is NaN, negative or above `m.rate()`; the message names the
///         coordinate, the value and the time, and `x` keeps its last valid value.
template <prm_driven_model Model, urbg URBG, class Observer = null_observer,
          class Clock = poisson_clock>
requires(!detail::is_prm_clock<Observer>) std::uint64_t
    simulate_prm_driven(const Model& m, typename Model::state_type& x, double t0, double t1,
                        URBG& g, Observer&& obs = {}, Clock clock = {}) {
  using state = typename Model::state_type;
  using law = std::remove_cvref_t<decltype(m.mark_law())>;
  using measure = marked_poisson_measure<law>;
  static_assert(std::is_same_v<typename Model::mark_type, typename measure::mark_type>,
                "jumpflow::simulate_prm_driven: Model::mark_type must be the mark type of "
                "marked_poisson_measure<decltype(m.mark_law())> (jumpflow::vector for a "
                "mark_law, the returned value for a callable law)");
  static_assert(std::is_same_v<Clock, poisson_clock> || std::is_same_v<Clock, grid_clock>,
                "jumpflow::simulate_prm_driven: Clock must be poisson_clock or grid_clock");
  static_assert(std::is_invocable_v<Observer&, const state&, double>,
                "jumpflow::simulate_prm_driven: Observer must be callable as obs(x, t)");
  constexpr const char* fn = "jumpflow::simulate_prm_driven";
  constexpr bool thinned = thinned_prm_driven_model<Model>;
  static_assert(!(thinned && std::is_same_v<Clock, grid_clock>),
                "jumpflow::simulate_prm_driven: a model with intensity(x, t) (thinning) runs on "
                "the poisson_clock only");

  detail::require_span(fn, t0, t1);
  const double rate = m.rate();
  require_domain(std::isfinite(rate) && rate >= 0, fn, "rate", rate, "finite and >= 0");
  const measure n(rate, m.mark_law());
  typename measure::mark_type u = n.make_mark();
  state dx = detail::make_increment(x);
  std::uint64_t jumps = 0;
  auto step = [&](double t, const typename measure::mark_type& mark) {
    m.jump(std::as_const(x), mark, t, dx);
    detail::apply_jump(fn, x, std::as_const(dx), t);
    ++jumps;
    obs(std::as_const(x), t);
  };

  obs(std::as_const(x), t0);
  if constexpr (std::is_same_v<Clock, grid_clock>) {
    const std::uint64_t k_max = grid_count(clock, t0, t1);
    for (std::uint64_t k = 1; k <= k_max; ++k) {
      const double t = std::min(t0 + static_cast<double>(k) * clock.step, t1);
      n.draw_mark(g, u);
      step(t, u);
    }
  } else if constexpr (thinned) {
    n.generate(
        g, t0, t1,
        [&](double t, const typename measure::mark_type& mark) {
          const double v = uniform01(g);
          const double lambda = m.intensity(std::as_const(x), t);
          if (!(lambda >= 0.0 && lambda <= rate)) {
            throw simulation_error(simulation_message(
                fn, "intensity", lambda, t, ">= 0 and <= the rate " + format_value(rate)));
          }
          if (v * rate < lambda) step(t, mark);
        },
        u);
  } else {
    n.generate(g, t0, t1, step, u);
  }
  obs(std::as_const(x), t1);
  return jumps;
}

/// \brief simulate_prm_driven() with a clock and no observer:
/// `simulate_prm_driven(m, x, t0, t1, g, grid_clock{step})`.
/// \ingroup jump
/// \tparam Model a prm_driven_model.
/// \tparam URBG a uniform random bit generator.
/// \tparam Clock poisson_clock or grid_clock.
/// \param m the model.
/// \param x the state (updated in place).
/// \param t0,t1 the span.
/// \param g the engine.
/// \param clock the clock.
/// \returns the number of jumps made.
/// \throws as the overload with an observer.
template <prm_driven_model Model, urbg URBG, class Clock>
requires detail::is_prm_clock<Clock> std::uint64_t
simulate_prm_driven(const Model& m, typename Model::state_type& x, double t0, double t1, URBG& g,
                    Clock clock) {
  return simulate_prm_driven(m, x, t0, t1, g, null_observer{}, clock);
}

/// \cond INTERNAL
// Chosen only when Model is not a prm_driven_model: names the missing member.
template <class Model, class State, class URBG, class Observer = null_observer,
          class Clock = poisson_clock>
requires(!prm_driven_model<Model>) std::uint64_t
    simulate_prm_driven(const Model&, State&, double, double, URBG&, Observer&& = {}, Clock = {}) {
  static_assert(
      requires { typename Model::state_type; },
      "jumpflow::simulate_prm_driven: the model has no member type state_type; add "
      "`using state_type = jumpflow::vector;` (or the type of your state)");
  static_assert(
      requires { typename Model::mark_type; },
      "jumpflow::simulate_prm_driven: the model has no member type mark_type; add "
      "`using mark_type = jumpflow::vector;` (for a mark_law) or the callable law's "
      "value type");
  static_assert(
      requires(const Model& m) {
        { m.rate() } -> std::convertible_to<double>;
      },
      "jumpflow::simulate_prm_driven: the model has no const member rate() returning the "
      "time intensity (double)");
  static_assert(
      requires(const Model& m) { m.mark_law(); },
      "jumpflow::simulate_prm_driven: the model has no const member mark_law() "
      "returning the law of the marks");
  static_assert(prm_driven_model<Model>,
                "jumpflow::simulate_prm_driven: the model has no const member "
                "jump(const state_type& x, const mark_type& u, double t, state_type& dx) that "
                "writes the jump J(x, u, t) into dx");
  return 0;
}
/// \endcond

}  // namespace jumpflow
