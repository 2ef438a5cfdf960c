/// \file
/// \brief integrate(): any vector field, any Boost.Odeint stepper, Eigen states; ode_options.
#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/ode/detail/concat.hpp"
#include "jumpflow/ode/detail/odeint.hpp"

namespace jumpflow {

/// \brief The adaptive integrator dense_solution uses.
/// \ingroup ode
enum class ode_stepper {
  /// explicit Dormand-Prince 5(4) (the default; integrate() always uses it)
  dormand_prince,
  /// the linearly implicit Rosenbrock 4(3) method for stiff limits (integrate_rosenbrock4())
  rosenbrock4,
  /// rosenbrock4 if the problem is stiff (stiffness() above stiffness_threshold at the start
  /// or after a short explicit probe), Dormand-Prince otherwise
  automatic
};

/// \brief Tolerances, first step and stepper of the adaptive integrators.
/// \ingroup ode
///
/// The local error of a step is kept below `abs_tol + rel_tol * |x|` component-wise (odeint's
/// error checker).
struct ode_options {
  double abs_tol = 1e-10;      ///< \brief Absolute tolerance (> 0).
  double rel_tol = 1e-10;      ///< \brief Relative tolerance (>= 0).
  double initial_step = 1e-3;  ///< \brief First trial step (> 0); the controller adapts it.
  /// \brief The stepper of dense_solution (integrate() ignores it: it is explicit).
  ode_stepper stepper = ode_stepper::dormand_prince;
};

/// \brief A vector field in odeint's form: `sys(x, dxdt, t)` writes \f$f(x, t)\f$ into the
/// caller-owned buffer `dxdt` (already of the size of `x`).
/// \ingroup ode
/// \tparam System the callable.
template <class System>
concept ode_system = std::invocable<System&, const vector&, vector&, double>;

namespace detail {

inline void check_ode_span(const char* function, const vector& x, double t0, double t1) {
  require_domain(std::isfinite(t0), function, "t0", t0, "finite");
  require_domain(std::isfinite(t1) && t1 >= t0, function, "t1", t1,
                 detail::concat("finite and >= t0 = ", format_value(t0)));
  require_argument(x.size() >= 1, function, "x.size()", static_cast<long long>(x.size()), ">= 1");
  require_domain(x.allFinite(), function, "x", "a vector with a non-finite entry", "finite");
}

inline void check_ode_options(const char* function, const ode_options& o) {
  require_domain(std::isfinite(o.abs_tol) && o.abs_tol > 0, function, "options.abs_tol", o.abs_tol,
                 "finite and > 0");
  require_domain(std::isfinite(o.rel_tol) && o.rel_tol >= 0, function, "options.rel_tol", o.rel_tol,
                 "finite and >= 0");
  require_domain(std::isfinite(o.initial_step) && o.initial_step > 0, function,
                 "options.initial_step", o.initial_step, "finite and > 0");
}

// Wraps the user's observer: checks every state for finiteness (a blow-up is a
// simulation_error naming the time, not a silent NaN) and forwards it.
template <class Observer>
struct checked_ode_observer {
  Observer& obs;
  const char* function;
  void operator()(const vector& x, double t) const {
    if (!x.allFinite()) {
      for (index i = 0; i < x.size(); ++i) {
        require_simulation(
            std::isfinite(x[i]), function,
            detail::concat("component ", format_value(static_cast<long long>(i)), " of the state"),
            x[i], t, "finite");
      }
    }
    obs(x, t);
  }
};

}  // namespace detail

/// \brief Integrates \f$\dot x = f(x, t)\f$ from `t0` to `t1` with any Boost.Odeint stepper,
/// in place on `x`.
/// \ingroup ode
///
/// The stepper is taken by value; pass `std::ref(stepper)` to keep its state (e.g. the last
/// step size of a controlled stepper) in the caller's object. Dispatch on the stepper's
/// category (odeint's `stepper_category`):
/// - a plain stepper (`stepper_tag`, e.g. `runge_kutta4`, `euler`): fixed steps of `dt`, the
///   last one shortened to end exactly at `t1`;
/// - a controlled stepper (`controlled_stepper_tag`, e.g. `make_controlled(...)`): adaptive
///   steps, `dt` is the first trial step;
/// - a dense-output stepper (`dense_output_stepper_tag`, e.g. `make_dense_output(...)`):
///   adaptive steps, the last one cut to end exactly at `t1`.
///
/// Use Eigen-state steppers, e.g.
/// `runge_kutta4<vector, double, vector, double, vector_space_algebra>` from
/// `<boost/numeric/odeint.hpp>`. This header brings odeint's Dormand-Prince stepper,
/// `integrate_adaptive` and the Eigen adaptor, not the rest of odeint (whose headers would
/// double the compile time of every file that uses an ODE limit): include
/// `<boost/numeric/odeint.hpp>` for the other steppers.
/// The observer is called as `obs(x, t)` at `t0` and after every step.
/// \tparam Stepper an odeint stepper on jumpflow::vector (or a `std::reference_wrapper` to one).
/// \tparam System an ode_system.
/// \tparam Observer an observer of `(const vector&, double)`.
/// \param stepper the stepper.
/// \param sys the vector field.
/// \param x the initial state on entry, the state at `t1` on return.
/// \param t0,t1 the time span, `t0 <= t1`.
/// \param dt the (first) step, > 0.
/// \param obs the observer.
/// \returns the number of steps taken.
/// \throws std::domain_error for a non-finite or empty `x`, `t1 < t0`, `dt <= 0`.
/// \throws simulation_error when the state becomes non-finite (names the component and time).
template <class Stepper, ode_system System, class Observer = null_observer>
requires observer<Observer, vector> std::size_t integrate(Stepper stepper, System sys, vector& x,
                                                          double t0, double t1, double dt,
                                                          Observer&& obs = {}) {
  constexpr const char* fn = "jumpflow::integrate";
  detail::check_ode_span(fn, x, t0, t1);
  require_domain(std::isfinite(dt) && dt > 0, fn, "dt", dt, "finite and > 0");
  detail::checked_ode_observer<std::remove_reference_t<Observer>> checked{obs, fn};
  if (t1 == t0) {
    checked(x, t0);
    return 0;
  }
  namespace odeint = boost::numeric::odeint;
  using category = detail::stepper_category_t<Stepper>;
  auto& st = static_cast<detail::unwrapped_stepper_t<Stepper>&>(stepper);
  // Tags derive from these three (e.g. error_stepper_tag from stepper_tag: an error stepper
  // used on its own takes fixed steps).
  if constexpr (std::is_base_of_v<odeint::stepper_tag, category> ||
                std::is_base_of_v<odeint::controlled_stepper_tag, category> ||
                std::is_base_of_v<odeint::dense_output_stepper_tag, category>) {
    // odeint's integrate_adaptive dispatches on the same three categories.
    return odeint::integrate_adaptive(std::ref(st), std::ref(sys), x, t0, t1, dt,
                                      std::ref(checked));
  } else {
    static_assert(sizeof(Stepper) == 0,
                  "jumpflow::integrate: Stepper must be an odeint stepper whose stepper_category "
                  "is stepper_tag, controlled_stepper_tag or dense_output_stepper_tag");
    return 0;
  }
}

/// \brief Integrates \f$\dot x = f(x, t)\f$ from `t0` to `t1` in place on `x` with the default
/// stepper: adaptive Dormand-Prince 5(4) with dense output and the tolerances of `options`.
/// \ingroup ode
/// \tparam System an ode_system.
/// \tparam Observer an observer of `(const vector&, double)`, called at `t0` and after every step.
/// \param sys the vector field.
/// \param x the initial state on entry, the state at `t1` on return.
/// \param t0,t1 the time span, `t0 <= t1`.
/// \param options tolerances and first step.
/// \param obs the observer.
/// \returns the number of steps taken.
/// \throws std::domain_error for bad input (see the other overload) or bad options.
/// \throws simulation_error when the state becomes non-finite.
template <ode_system System, class Observer = null_observer>
requires observer<Observer, vector> std::size_t integrate(System sys, vector& x, double t0,
                                                          double t1,
                                                          const ode_options& options = {},
                                                          Observer&& obs = {}) {
  detail::check_ode_options("jumpflow::integrate", options);
  namespace odeint = boost::numeric::odeint;
  return integrate(
      odeint::make_dense_output(options.abs_tol, options.rel_tol, detail::dopri5_stepper()),
      std::move(sys), x, t0, t1, options.initial_step, std::forward<Observer>(obs));
}

}  // namespace jumpflow
