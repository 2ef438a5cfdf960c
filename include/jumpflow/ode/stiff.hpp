/// \file
/// \brief Stiff ODE limits: Jacobians (analytic or by finite differences), a stiffness
/// estimate, and integrate_rosenbrock4() (Boost.Odeint's linearly implicit Rosenbrock method).
#pragma once

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <functional>
#include <limits>
#include <type_traits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/ode/detail/erased_ode.hpp"
#include "jumpflow/ode/integrate.hpp"

namespace jumpflow {

/// \brief A Jacobian of a vector field: `jac(x, J, t)` writes \f$J = \partial f/\partial x\f$ at
/// \f$(x, t)\f$ into the caller-owned \f$d \times d\f$ matrix `J` (already of that size).
/// \ingroup ode
/// \tparam Jacobian the callable.
template <class Jacobian>
concept ode_jacobian = std::invocable<Jacobian&, const vector&, matrix&, double>;

/// \brief Writes the forward-difference Jacobian of `sys` at \f$(x, t)\f$ into `J` (resized):
/// column \f$k\f$ is \f$(f(x + h_k e_k, t) - f(x, t))/h_k\f$ with
/// \f$h_k = \sqrt{\epsilon_{\mathrm{mach}}} \max(|x_k|, 1)\f$.
/// \ingroup ode
/// \tparam System an ode_system.
/// \param sys the vector field.
/// \param x the state.
/// \param t the time.
/// \param J the output, \f$d \times d\f$.
template <ode_system System>
void finite_difference_jacobian(System& sys, const vector& x, double t, matrix& J) {
  const index d = x.size();
  J.resize(d, d);
  vector f0(d), f1(d), probe = x;
  sys(x, f0, t);
  const double root_eps = std::sqrt(std::numeric_limits<double>::epsilon());
  for (index k = 0; k < d; ++k) {
    const double h = root_eps * std::max(std::abs(x[k]), 1.0);
    probe[k] = x[k] + h;
    sys(probe, f1, t);
    J.col(k) = (f1 - f0) / (probe[k] - x[k]);  // the step as represented
    probe[k] = x[k];
  }
}

/// \brief The stiffness of \f$\dot x = f(x, t)\f$ at \f$(x, t)\f$ over a span: \f$(t_1 - t_0)
/// \max_k \max(-\mathrm{Re}\,\lambda_k, 0)\f$ over the eigenvalues \f$\lambda_k\f$ of the
/// Jacobian \f$J\f$: the number of the fastest decay's time constants in the span.
/// \ingroup ode
///
/// An explicit Runge-Kutta method is stable only for steps \f$h\f$ with \f$h|\lambda| \lesssim
/// 3\f$, so it needs about stiffness/3 steps however smooth the solution is; an implicit method
/// (integrate_rosenbrock4()) follows the solution's own scale.
/// \param J the Jacobian, square.
/// \param span \f$t_1 - t_0 \ge 0\f$.
/// \returns the stiffness, \f$\ge 0\f$.
/// \throws std::invalid_argument if `J` is not square or empty.
/// \throws std::domain_error if `span` is negative or not finite or `J` has a non-finite entry.
double stiffness(const matrix& J, double span);

/// \brief Stiffness above which ode_stepper::automatic takes rosenbrock4 (explicit steps would
/// then be bounded by stability, a few thousand of them, not by accuracy).
/// \ingroup ode
inline constexpr double stiffness_threshold = 1e4;

namespace detail {

// The work of integrate_rosenbrock4(), compiled once in the library (src/ode/stiff.cpp).
std::size_t integrate_rosenbrock4(ode_function sys, ode_jacobian_function jac, vector& x, double t0,
                                  double t1, const ode_options& options, ode_step_observer obs);

}  // namespace detail

/// \brief Integrates the stiff ODE \f$\dot x = f(x, t)\f$ from `t0` to `t1` in place on `x`
/// with Boost.Odeint's `rosenbrock4` (the linearly implicit 4(3) Rosenbrock method of Hairer
/// and Wanner, L-stable) and its step-size controller and dense output, using the Jacobian
/// `jac`. The stepper runs on Eigen states and an Eigen LU factorisation (odeint's own class
/// uses uBLAS, which does not compile as C++20 in Boost 1.74); the method, its coefficients,
/// its error estimate, the controller and the dense output are odeint's.
/// \ingroup ode
///
/// Each step solves linear systems with \f$I - h\gamma J\f$ (an LU factorisation, \f$O(d^3)\f$),
/// so a step costs more than an explicit one but its size follows the solution, not the
/// fastest time constant: on a stiff problem (stiffness() in the thousands or more) it takes
/// far fewer steps than integrate()'s Dormand-Prince. The time derivative
/// \f$\partial f/\partial t\f$ the method also needs is taken by a forward difference. The last
/// step is cut to end exactly at `t1`.
/// \tparam System an ode_system.
/// \tparam Jacobian an ode_jacobian (finite_difference_jacobian() when none is known).
/// \tparam Observer an observer of `(const vector&, double)`, called at `t0` and after every step.
/// \param sys the vector field.
/// \param jac its Jacobian \f$\partial f/\partial x\f$.
/// \param x the initial state on entry, the state at `t1` on return.
/// \param t0,t1 the time span, `t0 <= t1`.
/// \param options tolerances and first step (`options.stepper` is ignored).
/// \param obs the observer.
/// \returns the number of steps taken.
/// \throws std::domain_error for a non-finite or empty `x`, `t1 < t0` or bad options.
/// \throws simulation_error when the state becomes non-finite (names the component and time).
template <ode_system System, ode_jacobian Jacobian, class Observer = null_observer>
requires observer<Observer, vector> std::size_t integrate_rosenbrock4(
    System sys, Jacobian jac, vector& x, double t0, double t1, const ode_options& options = {},
    Observer&& obs = {}) {
  auto observe = [&obs](const vector& state, double t) { obs(state, t); };
  return detail::integrate_rosenbrock4(detail::ode_function(sys),
                                       detail::ode_jacobian_function(jac), x, t0, t1, options,
                                       detail::ode_step_observer(observe));
}

}  // namespace jumpflow
