/// \file
/// \brief simulate_markov_jump(): exact simulation of a generic Markov jump model (a
/// time-homogeneous one by exponential clocks, a time-dependent one by thinning).
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/detail/markov_loop.hpp"
#include "jumpflow/jump/markov_jump_model.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \cond INTERNAL
namespace detail {
// A readable error for an observer that cannot be called as obs(const state_type&, double),
// instead of one deep inside markov_jump_loop; false stops the instantiation of the loop.
template <class Observer, class State>
constexpr bool checked_markov_observer() {
  static_assert(observer<Observer, State>,
                "jumpflow::simulate_markov_jump: the observer must be callable as "
                "obs(const state_type& x, double t) with the model's state_type (see "
                "jumpflow::observer)");
  return observer<Observer, State>;
}
}  // namespace detail
/// \endcond

/// \brief Simulates a markov_jump_model exactly on \f$[t_0, t_1]\f$: from \f$(x, t)\f$ the next
/// jump comes after an \f$\mathrm{Exp}(\lambda(x))\f$ holding time and adds
/// \f$\Delta \sim \mu(x, \cdot)\f$ (the "direct" construction of a Markov jump process; e.g.
/// Gillespie 1977 for reaction networks, of which this is the single-channel view).
/// \ingroup jump
///
/// **Order of draws** (reproducibility contract, pinned by a golden test): per jump, one
/// standard_exponential() \f$E\f$ (holding time \f$E/\lambda(x)\f$), then the kernel's draws;
/// the exponential that overshoots \f$t_1\f$ last. An absorbing state (\f$\lambda = 0\f$) ends
/// the path without a draw.
///
/// **Observer**: `obs(x, t0)` first, `obs(x, t)` after every jump, `obs(x, t1)` last. No
/// allocation per jump.
/// \tparam Model a markov_jump_model.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer a callable `obs(const state_type& x, double t)` (jumpflow::observer; any
///         other type stops compilation with a static_assert naming it).
/// \param m the model.
/// \param x the state: \f$X_{t_0}\f$ on entry, \f$X_{t_1}\f$ on return.
/// \param t0 the start, finite.
/// \param t1 the end, finite and \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \returns the number of jumps.
/// \throws std::domain_error if `t0`, `t1` are not finite or `t1 < t0`.
/// \throws simulation_error if \f$\lambda(x)\f$ is NaN, negative or infinite, a jump or the new
///         state is not finite, or the time stops advancing; the message names the value and
///         the time, and `x` keeps its last valid value.
template <class Model, urbg URBG, class Observer = null_observer>
requires markov_jump_model<Model, URBG> std::uint64_t simulate_markov_jump(
    const Model& m, typename Model::state_type& x, double t0, double t1, URBG& g,
    Observer&& obs = {}) {
  if constexpr (!detail::checked_markov_observer<Observer, typename Model::state_type>()) {
    return 0;
  } else {
    return detail::markov_jump_loop(x, t0, t1, obs, [&](double& t, auto& dx) {
      const double lambda = m.intensity(std::as_const(x));
      require_simulation(std::isfinite(lambda) && lambda >= 0.0, detail::markov_function,
                         "intensity", lambda, t, "finite and >= 0");
      if (!detail::next_event_time(t, lambda, t1, g)) return detail::step_result::stop;
      m.sample_jump(std::as_const(x), g, dx);
      return detail::step_result::jump;
    });
  }
}

/// \brief Simulates a time_dependent_markov_jump_model exactly by thinning (Lewis and
/// Shedler 1979; Ogata 1981): candidates at rate \f$B\f$ = `m.intensity_bound(x, t, t1)`, each
/// accepted with probability \f$\lambda(x, t)/B\f$; the bound is re-evaluated after every
/// candidate (valid by the memoryless property), so it may follow the state.
/// \ingroup jump
///
/// **Order of draws** (reproducibility contract, pinned by a golden test): per candidate, one
/// standard_exponential() \f$E\f$ (gap \f$E/B\f$), then one uniform01() \f$V\f$ (accepted when
/// \f$V B < \lambda\f$), then, if accepted, the kernel's draws; the exponential that overshoots
/// \f$t_1\f$ last. A bound of 0 ends the path without a draw.
/// \tparam Model a time_dependent_markov_jump_model (and not a markov_jump_model).
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer a callable `obs(const state_type& x, double t)` (jumpflow::observer; any
///         other type stops compilation with a static_assert naming it).
/// \param m the model.
/// \param x the state: \f$X_{t_0}\f$ on entry, \f$X_{t_1}\f$ on return.
/// \param t0 the start, finite.
/// \param t1 the end, finite and \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \returns the number of jumps (accepted candidates).
/// \throws std::domain_error if `t0`, `t1` are not finite or `t1 < t0`.
/// \throws simulation_error if the bound is NaN, negative or infinite, \f$\lambda(x, t)\f$ is
///         NaN, negative or above the bound, or a jump or the new state is not finite; the
///         message names the value and the time, and `x` keeps its last valid value.
template <class Model, urbg URBG, class Observer = null_observer>
requires(time_dependent_markov_jump_model<Model, URBG> &&
         !markov_jump_model<Model, URBG>) std::uint64_t
    simulate_markov_jump(const Model& m, typename Model::state_type& x, double t0, double t1,
                         URBG& g, Observer&& obs = {}) {
  if constexpr (!detail::checked_markov_observer<Observer, typename Model::state_type>()) {
    return 0;
  } else {
    return detail::markov_jump_loop(x, t0, t1, obs, [&](double& t, auto& dx) {
      const double bound = m.intensity_bound(std::as_const(x), t, t1);
      require_simulation(std::isfinite(bound) && bound >= 0.0, detail::markov_function,
                         "intensity bound", bound, t, "finite and >= 0");
      if (!detail::next_event_time(t, bound, t1, g)) return detail::step_result::stop;
      const double v = uniform01(g);
      const double lambda = m.intensity(std::as_const(x), t);
      if (!(lambda >= 0.0 && lambda <= bound)) {
        throw simulation_error(simulation_message(detail::markov_function, "intensity", lambda, t,
                                                  ">= 0 and <= the bound " + format_value(bound)));
      }
      if (!(v * bound < lambda)) return detail::step_result::rejected;
      m.sample_jump(std::as_const(x), t, g, dx);
      return detail::step_result::jump;
    });
  }
}

/// \cond INTERNAL
// Chosen only when Model is neither kind of Markov jump model: names the missing member.
template <class Model, class State, class URBG, class Observer = null_observer>
requires(!markov_jump_model<Model, URBG> &&
         !time_dependent_markov_jump_model<Model, URBG>) std::uint64_t
    simulate_markov_jump(const Model&, State&, double, double, URBG&, Observer&& = {}) {
  static_assert(
      requires { typename Model::state_type; },
      "jumpflow::simulate_markov_jump: the model has no member type state_type; add "
      "`using state_type = jumpflow::vector;` (or count_vector, double, ...)");
  static_assert(
      requires(const Model& m, const typename Model::state_type& x) {
        { m.intensity(x) } -> std::convertible_to<double>;
      } ||
          requires(const Model& m, const typename Model::state_type& x, double t) {
            { m.intensity(x, t) } -> std::convertible_to<double>;
          },
      "jumpflow::simulate_markov_jump: the model has no const member intensity(x) (or "
      "intensity(x, t)) returning the total jump rate");
  static_assert(
      requires(const Model& m, const typename Model::state_type& x) { m.intensity(x); } ||
          requires(const Model& m, const typename Model::state_type& x, double t) {
            { m.intensity_bound(x, t, t) } -> std::convertible_to<double>;
          },
      "jumpflow::simulate_markov_jump: a time-dependent model (intensity(x, t)) needs a const "
      "member intensity_bound(x, t, t1) bounding the intensity on [t, t1]");
  static_assert(markov_jump_model<Model, URBG> || time_dependent_markov_jump_model<Model, URBG>,
                "jumpflow::simulate_markov_jump: the model has no const member "
                "sample_jump(x, g, dx) (or sample_jump(x, t, g, dx)) drawing the increment of a "
                "jump into dx");
  return 0;
}
/// \endcond

}  // namespace jumpflow
