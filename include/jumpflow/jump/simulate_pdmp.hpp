/// \file
/// \brief simulate_pdmp(), simulate_pdmp_thinning(), simulate_pdmp_fixed_step(): simulation of
/// piecewise-deterministic Markov processes (jumps and an ODE flow in one path).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/detail/pdmp_core.hpp"
#include "jumpflow/jump/pdmp_model.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/exponential.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

namespace detail {

/// Which points of the path the simulator reports: the PDMP simulators report all of them;
/// the time-dependent reaction-network path (m = 0, a piecewise-constant path) reports only
/// the jumps, as the other reaction-network simulators do.
struct pdmp_reporting {
  bool flow_points = true;   ///< ends of ODE steps between events
  bool left_limits = true;   ///< the state just before each jump
};

/// The exact simulator (see simulate_pdmp()).
template <class Model, class URBG, class Observer, class Stop>
std::uint64_t pdmp_exact(const char* fn, const Model& model,
                         pdmp_state<typename Model::discrete_type>& x, double t0, double t1,
                         URBG& g, Observer& obs, Stop& stop, const pdmp_options& o,
                         pdmp_reporting report) {
  pdmp_core<Model> core(fn, model, x, t0, t1, o);
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;
  const index m = core.dimension();
  pdmp_counters* counters = core.counters();
  const auto sys = [&](const vector& z, vector& dz, double t) {
    core.field(z, dz, x.k, t, true);
  };
  vector z(m + 1), z_event(m + 1);
  z.head(m) = x.y;
  z[m] = 0.0;
  auto stepper = make_pdmp_stepper(o);
  const double slack =
      4.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(t0), std::abs(t1));
  const auto first_step = [&](double h, double t) {
    return std::min({h, o.max_step, t1 - t > 0 ? t1 - t : h});
  };
  stepper.initialize(z, t0, first_step(o.initial_step, t0));
  double target = standard_exponential(g);  // the Exp(1) level of the compensator
  std::uint64_t events = 0;
  while (stepper.current_time() < t1 - slack) {
    const double now = stepper.current_time();
    if (stepper.current_time_step() > t1 - now) {
      stepper.initialize(stepper.current_state(), now, t1 - now);  // land on t1
    }
    const auto [a, b] = stepper.do_step(std::cref(sys));
    if (counters != nullptr) ++counters->flow_steps;
    const vector& zb = stepper.current_state();
    core.check_flow(zb, b);
    if (zb[m] < target) {  // no event in (a, b]
      if (m > 0) x.y = zb.head(m);
      if (report.flow_points && b < t1 - slack) {
        obs(std::as_const(x), b);
        if (stop(std::as_const(x), b)) return events;
      }
      continue;
    }
    // Davis (1993), section 25: the next event time is the first t with
    // int_{t_n}^t lambda(phi_s, k, s) ds = E, E ~ Exp(1); the channel is chosen in proportion
    // to the intensities at that time.
    const double t_star = locate_event(stepper, m, target, o.location_tol, z_event, counters);
    if (m > 0) x.y = z_event.head(m);
    const double total = core.total(x.y, x.k, t_star);
    if (report.left_limits) obs(std::as_const(x), t_star);
    const index j = core.select(uniform01(g) * total);
    if (j < static_cast<index>(model.channels())) {
      core.fire(j, x, t_star, g);
      ++events;
      obs(std::as_const(x), t_star);
      if (stop(std::as_const(x), t_star)) return events;
    }
    target = standard_exponential(g);
    z.head(m) = x.y;
    z[m] = 0.0;
    stepper.initialize(z, t_star, first_step(stepper.current_time_step(), t_star));
  }
  if (m > 0) x.y = stepper.current_state().head(m);
  obs(std::as_const(x), t1);
  return events;
}

/// Advances a flow stepper (state y, or a dummy component when m = 0) until its current time
/// is >= s, reporting the ends of the steps up to s. Returns false when `stop` fired.
template <class Core, class Stepper, class System, class State, class Observer, class Stop>
bool pdmp_advance(Core& core, Stepper& stepper, const System& sys, State& x, double s, double t1,
                  double& reported, Observer& obs, Stop& stop, bool report) {
  const index m = core.dimension();
  for (;;) {
    const double b = stepper.current_time();
    if (b > reported && b <= s && b < t1) {
      reported = b;
      if (m > 0) x.y = stepper.current_state().head(m);
      if (report) {
        obs(std::as_const(x), b);
        if (stop(std::as_const(x), b)) return false;
      }
    }
    if (b >= s) return true;
    if (stepper.current_time_step() > t1 - b) {
      stepper.initialize(stepper.current_state(), b, t1 - b);
    }
    const auto step = stepper.do_step(std::cref(sys));
    if (core.counters() != nullptr) ++core.counters()->flow_steps;
    core.check_flow(stepper.current_state(), step.second);
    if (step.second >= t1) return true;  // the last step lands on t1 (cut above)
  }
}

}  // namespace detail

/// \brief Simulates a pdmp_model on \f$[t_0, t_1]\f$ with exact event times: the total
/// intensity is integrated along the flow as one more ODE component and each event is located
/// where it reaches an Exp(1) draw (the default PDMP simulator).
/// \ingroup jump
///
/// **Method.** Between events the ODE \f$\dot y = f(y, k, t)\f$,
/// \f$\dot\Lambda = \sum_j \lambda_j(y, k, t)\f$, \f$\Lambda = 0\f$ at the last event, is
/// integrated by adaptive Dormand-Prince 5(4) with dense output. With \f$E\f$ an Exp(1) draw,
/// the next event is at the first \f$t^*\f$ with \f$\Lambda(t^*) = E\f$ (Davis 1993): after a
/// step \f$[a, b]\f$ with \f$\Lambda(b) \ge E\f$, \f$t^*\f$ is found in \f$(a, b]\f$ on the
/// step's continuous extension by TOMS 748 root bracketing, stopped when
/// \f$|\Lambda(t^*) - E| \le\f$ `options.location_tol`\f$\cdot E\f$ or when the bracket is a few
/// ulps wide. Channel \f$j\f$ then fires with probability \f$\lambda_j(t^*)/\sum_i
/// \lambda_i(t^*)\f$. The law of the path is exact up to the ODE tolerances and the location
/// tolerance: the located time is the exact event time of an Exp(1) draw perturbed by a
/// relative `location_tol`. The ODE restarts at every event (the vector field jumps there).
///
/// **Order of draws** per inter-event interval: one standard_exponential() \f$E\f$; at the
/// event one uniform01() for the channel, then the kernel's draws.
///
/// **Observer** (the path is continuous between events, so every left limit is reported):
/// `obs(x, t0)`; `obs(x, b)` at the end \f$b\f$ of every ODE step without an event; at each
/// event \f$t^*\f$ first `obs(x, t*)` with the left limit \f$(y(t^*), k_-)\f$, then
/// `obs(x, t*)` with the new state; `obs(x, t1)` last. Between two consecutive calls the path
/// follows the flow, so a sup_distance_observer in `path_kind::sampled` mode sees the path at
/// the step ends and on both sides of every jump (`options.max_step` refines the sampling).
/// `stop` is evaluated at `t0`, after every step end and after every jump; when it returns
/// true the simulator returns at once with `x` at that time.
///
/// No allocation per event or step (buffers are sized once per call).
/// \tparam Model a pdmp_model.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer a callable `obs(const pdmp_state<discrete_type>& x, double t)`.
/// \tparam Stop a stop_condition on `pdmp_state<discrete_type>`.
/// \param model the model.
/// \param x the state at `t0`; on return the state at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition.
/// \param options tolerances and step limits.
/// \returns the number of events.
/// \throws std::invalid_argument if `x.y` does not have the model's dimension or the model has
///         no channel.
/// \throws std::domain_error if `t0`, `t1` are not finite, `t1 < t0`, `x.y` is not finite or an
///         option is out of its domain.
/// \throws simulation_error if an intensity is negative, NaN or infinite (the message names
///         the channel, the value and the time), the flow or a jump makes \f$y\f$ non-finite;
///         `x` keeps the last state passed to the observer (or the state before the jump).
template <class Model, urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires pdmp_model<Model, URBG> &&
    observer<Observer, pdmp_state<typename Model::discrete_type>> &&
    stop_condition<Stop, pdmp_state<typename Model::discrete_type>>
std::uint64_t simulate_pdmp(const Model& model, pdmp_state<typename Model::discrete_type>& x,
                            double t0, double t1, URBG& g, Observer&& obs = {}, Stop&& stop = {},
                            const pdmp_options& options = {}) {
  return detail::pdmp_exact("jumpflow::simulate_pdmp", model, x, t0, t1, g, obs, stop, options,
                            detail::pdmp_reporting{});
}

/// \brief Simulates a pdmp_thinning_model on \f$[t_0, t_1]\f$ exactly by thinning against the
/// model's bound (Lewis and Shedler 1979, along the flow): candidates come at rate
/// \f$B\f$ = `model.intensity_bound(y, k, t, t1)`, each accepted with probability
/// \f$\sum_j \lambda_j / B\f$ at its time, on the flow integrated by adaptive Dormand-Prince
/// with dense output.
/// \ingroup jump
///
/// No root finding; exact up to the ODE tolerances when the bound holds. The bound is
/// re-evaluated after every candidate (valid by memorylessness), so it may follow the path.
/// A rejected candidate does not restart the ODE. **Order of draws** per candidate: one
/// standard_exponential() (gap \f$E/B\f$), one uniform01() \f$V\f$ (accepted when
/// \f$V B < \sum_j \lambda_j\f$, and then the same \f$V B\f$ chooses the channel), then the
/// kernel's draws if accepted. Same observer, stop and error contract as simulate_pdmp().
/// \tparam Model a pdmp_thinning_model.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer a callable `obs(const pdmp_state<discrete_type>& x, double t)`.
/// \tparam Stop a stop_condition on `pdmp_state<discrete_type>`.
/// \param model the model.
/// \param x the state at `t0`; on return the state at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition.
/// \param options ODE tolerances and step limits (`location_tol` is not used).
/// \returns the number of events.
/// \throws std::invalid_argument, std::domain_error as simulate_pdmp().
/// \throws simulation_error as simulate_pdmp(), and when the bound is NaN, negative or
///         infinite or the total intensity exceeds it (the message names both and the time).
template <class Model, urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires pdmp_thinning_model<Model, URBG> &&
    observer<Observer, pdmp_state<typename Model::discrete_type>> &&
    stop_condition<Stop, pdmp_state<typename Model::discrete_type>>
std::uint64_t simulate_pdmp_thinning(const Model& model,
                                     pdmp_state<typename Model::discrete_type>& x, double t0,
                                     double t1, URBG& g, Observer&& obs = {}, Stop&& stop = {},
                                     const pdmp_options& options = {}) {
  constexpr const char* fn = "jumpflow::simulate_pdmp_thinning";
  detail::pdmp_core<Model> core(fn, model, x, t0, t1, options);
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;
  const index m = core.dimension();
  const auto sys = [&](const vector& z, vector& dz, double t) {
    core.field(z, dz, x.k, t, false);
  };
  // With m = 0 a constant dummy component keeps one code path (its steps are cheap).
  vector z = m > 0 ? vector(x.y) : vector::Zero(1);
  vector zs(z.size());
  auto stepper = detail::make_pdmp_stepper(options);
  const auto first_step = [&](double h, double t) {
    return std::min({h, options.max_step, t1 - t > 0 ? t1 - t : h});
  };
  stepper.initialize(z, t0, first_step(options.initial_step, t0));
  const auto bound_at = [&](double t) {
    const double bound = model.intensity_bound(std::as_const(x.y), std::as_const(x.k), t, t1);
    require_simulation(bound >= 0.0 && bound < std::numeric_limits<double>::infinity(), fn,
                       "intensity bound", bound, t, "finite and >= 0");
    return bound;
  };
  double t = t0, reported = t0;
  double bound = bound_at(t);
  std::uint64_t events = 0;
  for (;;) {
    const double s = bound > 0.0 ? t + standard_exponential(g) / bound
                                 : std::numeric_limits<double>::infinity();
    if (!(s <= t1)) break;
    if (!detail::pdmp_advance(core, stepper, sys, x, s, t1, reported, obs, stop, true)) {
      return events;
    }
    stepper.calc_state(s, zs);
    if (m > 0) x.y = zs.head(m);
    const double total = core.total(x.y, x.k, s);
    if (!(total <= bound)) {
      throw simulation_error(simulation_message(fn, "total intensity", total, s,
                                                "<= the intensity bound " + format_value(bound)));
    }
    const double v = uniform01(g) * bound;
    t = s;
    if (v < total) {
      obs(std::as_const(x), s);
      core.fire(core.select(v), x, s, g);
      ++events;
      obs(std::as_const(x), s);
      if (stop(std::as_const(x), s)) return events;
      if (m > 0) z = x.y;
      stepper.initialize(z, s, first_step(stepper.current_time_step(), s));
      reported = s;
    } else if (core.counters() != nullptr) {
      ++core.counters()->rejected_candidates;
    }
    bound = bound_at(t);
  }
  if (!detail::pdmp_advance(core, stepper, sys, x, t1, t1, reported, obs, stop, true)) {
    return events;
  }
  if (m > 0) x.y = stepper.current_state().head(m);
  obs(std::as_const(x), t1);
  return events;
}

/// \brief **Approximate** simulation of a pdmp_model on a fixed time grid of step `h`
/// (classical Runge-Kutta 4 for \f$(y, \Lambda)\f$); an event is placed at the first grid
/// point where \f$\Lambda \ge E\f$. For comparisons and tests only: event times are off by up to
/// \f$h\f$ (a weak error of order \f$h\f$), which the statistical tests of jumpflow detect at
/// \f$h = 0.1\f$. Use simulate_pdmp() for real work.
/// \ingroup jump
///
/// Same draws per event as simulate_pdmp(), same observer protocol (grid points play the role
/// of step ends), stop and error contract.
/// \tparam Model a pdmp_model.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer a callable `obs(const pdmp_state<discrete_type>& x, double t)`.
/// \tparam Stop a stop_condition on `pdmp_state<discrete_type>`.
/// \param model the model.
/// \param x the state at `t0`; on return the state at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param h the step, finite and > 0 (the last step is shortened to end at `t1`).
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition.
/// \returns the number of events.
/// \throws std::domain_error if `h` is not finite and > 0, and as simulate_pdmp().
/// \throws std::invalid_argument, simulation_error as simulate_pdmp().
template <class Model, urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires pdmp_model<Model, URBG> &&
    observer<Observer, pdmp_state<typename Model::discrete_type>> &&
    stop_condition<Stop, pdmp_state<typename Model::discrete_type>>
std::uint64_t simulate_pdmp_fixed_step(const Model& model,
                                       pdmp_state<typename Model::discrete_type>& x, double t0,
                                       double t1, double h, URBG& g, Observer&& obs = {},
                                       Stop&& stop = {}) {
  constexpr const char* fn = "jumpflow::simulate_pdmp_fixed_step";
  require_domain(std::isfinite(h) && h > 0.0, fn, "h", h, "finite and > 0");
  detail::pdmp_core<Model> core(fn, model, x, t0, t1, pdmp_options{});
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;
  const index m = core.dimension();
  const auto sys = [&](const vector& z, vector& dz, double t) {
    core.field(z, dz, x.k, t, true);
  };
  namespace odeint = boost::numeric::odeint;
  odeint::runge_kutta4<vector, double, vector, double, odeint::vector_space_algebra> rk4;
  vector z(m + 1);
  z.head(m) = x.y;
  z[m] = 0.0;
  double target = standard_exponential(g);
  std::uint64_t events = 0;
  const auto steps = static_cast<std::uint64_t>(std::ceil((t1 - t0) / h));
  for (std::uint64_t i = 0; i < steps; ++i) {
    const double a = t0 + static_cast<double>(i) * h;
    const double b = i + 1 == steps ? t1 : t0 + static_cast<double>(i + 1) * h;
    rk4.do_step(std::cref(sys), z, a, b - a);
    core.check_flow(z, b);
    if (m > 0) x.y = z.head(m);
    if (z[m] < target) {
      if (b < t1) {
        obs(std::as_const(x), b);
        if (stop(std::as_const(x), b)) return events;
      }
      continue;
    }
    const double total = core.total(x.y, x.k, b);
    obs(std::as_const(x), b);
    const index j = core.select(uniform01(g) * total);
    if (j < static_cast<index>(model.channels())) {
      core.fire(j, x, b, g);
      ++events;
      obs(std::as_const(x), b);
      if (stop(std::as_const(x), b)) return events;
    }
    target = standard_exponential(g);
    z.head(m) = x.y;
    z[m] = 0.0;
  }
  obs(std::as_const(x), t1);
  return events;
}

/// \cond INTERNAL
// Chosen only when Model is not a pdmp_model: names the missing member.
template <class Model, class State, class URBG, class... Rest>
requires(!pdmp_model<Model, URBG>) std::uint64_t
    simulate_pdmp(const Model&, State&, double, double, URBG&, Rest&&...) {
  static_assert(requires { typename Model::discrete_type; },
                "jumpflow::simulate_pdmp: the model has no member type discrete_type; add "
                "`using discrete_type = jumpflow::count_vector;` (or int, ...)");
  static_assert(
      requires(const Model& m) {
        { m.dimension() } -> std::convertible_to<index>;
      },
      "jumpflow::simulate_pdmp: the model has no const member dimension() returning the size of "
      "the continuous state y");
  static_assert(
      requires(const Model& m) {
        { m.channels() } -> std::convertible_to<index>;
      },
      "jumpflow::simulate_pdmp: the model has no const member channels() returning the number "
      "of jump channels");
  static_assert(
      requires(const Model& m, const vector& y, const typename Model::discrete_type& k, double t,
               vector& dydt) { m.flow(y, k, t, dydt); },
      "jumpflow::simulate_pdmp: the model has no const member flow(y, k, t, dydt) writing the "
      "vector field f(y, k, t) into dydt");
  static_assert(
      requires(const Model& m, const vector& y, const typename Model::discrete_type& k, double t,
               std::span<double> lambda) { m.intensities(y, k, t, lambda); },
      "jumpflow::simulate_pdmp: the model has no const member intensities(y, k, t, lambda) "
      "writing the intensity of every channel into the std::span<double> lambda");
  static_assert(pdmp_model<Model, URBG>,
                "jumpflow::simulate_pdmp: the model has no const member jump(j, y, k, t, g) "
                "applying the kernel of channel j to y and k");
  return 0;
}
/// \endcond

}  // namespace jumpflow
