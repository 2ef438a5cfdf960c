/// \file
/// \brief Stiff ODE limits: Jacobians (analytic or by finite differences), a stiffness
/// estimate, and integrate_rosenbrock4() (Boost.Odeint's linearly implicit Rosenbrock method).
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
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
#include "jumpflow/ode/detail/odeint.hpp"
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
inline double stiffness(const matrix& J, double span) {
  constexpr const char* fn = "jumpflow::stiffness";
  require_argument(J.rows() == J.cols() && J.rows() >= 1, fn, "J.rows()",
                   static_cast<long long>(J.rows()),
                   "equal to J.cols() = " + std::to_string(J.cols()) + " and >= 1");
  require_domain(std::isfinite(span) && span >= 0.0, fn, "span", span, "finite and >= 0");
  require_domain(J.allFinite(), fn, "J", "a matrix with a non-finite entry", "finite");
  const Eigen::EigenSolver<matrix> solver(J, false);
  double fastest = 0.0;
  for (const auto& lambda : solver.eigenvalues()) fastest = std::max(fastest, -lambda.real());
  return span * fastest;
}

/// \brief Stiffness above which ode_stepper::automatic takes rosenbrock4 (explicit steps would
/// then be bounded by stability, a few thousand of them, not by accuracy).
/// \ingroup ode
inline constexpr double stiffness_threshold = 1e4;

namespace detail {

// Boost.Odeint's rosenbrock4 (Hairer and Wanner's 4(3) Rosenbrock method, odeint's
// default_rosenbrock_coefficients), step for step, on Eigen states: odeint's own class works
// on uBLAS, whose storage (Boost 1.74) calls std::allocator::construct, removed in C++20. Its
// interface is the one odeint's rosenbrock4_controller and rosenbrock4_dense_output use, so
// those are odeint's own. The system is a pair (f, jac) with f(x, dxdt, t) and
// jac(x, J, t, dfdt).
class eigen_rosenbrock4 {
 public:
  using value_type = double;
  using state_type = vector;
  using deriv_type = vector;
  using time_type = double;
  using resizer_type = odeint::initially_resizer;
  using stepper_category = odeint::stepper_tag;
  using wrapped_state_type = odeint::state_wrapper<state_type>;
  using wrapped_deriv_type = odeint::state_wrapper<deriv_type>;
  using order_type = unsigned short;
  static constexpr order_type stepper_order = 4;
  static constexpr order_type error_order = 3;

  order_type order() const { return stepper_order; }

  template <class System>
  void do_step(System system, const vector& x, double t, vector& xout, double dt, vector& xerr) {
    auto& sys = static_cast<std::unwrap_reference_t<System>&>(system);
    auto& f = sys.first;
    auto& jac = sys.second;
    const index n = x.size();
    resize(n);
    f(x, dxdt_, t);
    jac(x, jac_, t, dfdt_);
    // W = I/(gamma dt) - J, factorised once per step.
    jac_ *= -1.0;
    jac_.diagonal().array() += 1.0 / (c_.gamma * dt);
    lu_.compute(jac_);
    g1_ = lu_.solve(dxdt_ + dt * c_.d1 * dfdt_);
    xtmp_ = x + c_.a21 * g1_;
    f(xtmp_, dxdtnew_, t + c_.c2 * dt);
    g2_ = lu_.solve(dxdtnew_ + dt * c_.d2 * dfdt_ + c_.c21 * g1_ / dt);
    xtmp_ = x + c_.a31 * g1_ + c_.a32 * g2_;
    f(xtmp_, dxdtnew_, t + c_.c3 * dt);
    g3_ = lu_.solve(dxdtnew_ + dt * c_.d3 * dfdt_ + (c_.c31 * g1_ + c_.c32 * g2_) / dt);
    xtmp_ = x + c_.a41 * g1_ + c_.a42 * g2_ + c_.a43 * g3_;
    f(xtmp_, dxdtnew_, t + c_.c4 * dt);
    g4_ = lu_.solve(dxdtnew_ + dt * c_.d4 * dfdt_ +
                    (c_.c41 * g1_ + c_.c42 * g2_ + c_.c43 * g3_) / dt);
    xtmp_ = x + c_.a51 * g1_ + c_.a52 * g2_ + c_.a53 * g3_ + c_.a54 * g4_;
    f(xtmp_, dxdtnew_, t + dt);
    g5_ = lu_.solve(dxdtnew_ + (c_.c51 * g1_ + c_.c52 * g2_ + c_.c53 * g3_ + c_.c54 * g4_) / dt);
    xtmp_ += g5_;
    f(xtmp_, dxdtnew_, t + dt);
    xerr = lu_.solve(
        dxdtnew_ + (c_.c61 * g1_ + c_.c62 * g2_ + c_.c63 * g3_ + c_.c64 * g4_ + c_.c65 * g5_) / dt);
    xout = xtmp_ + xerr;
  }

  void prepare_dense_output() {
    cont3_ = c_.d21 * g1_ + c_.d22 * g2_ + c_.d23 * g3_ + c_.d24 * g4_ + c_.d25 * g5_;
    cont4_ = c_.d31 * g1_ + c_.d32 * g2_ + c_.d33 * g3_ + c_.d34 * g4_ + c_.d35 * g5_;
  }

  void calc_state(double t, vector& x, const vector& x_old, double t_old, const vector& x_new,
                  double t_new) const {
    const double s = (t - t_old) / (t_new - t_old), s1 = 1.0 - s;
    x = x_old * s1 + s * (x_new + s1 * (cont3_ + s * cont4_));
  }

 private:
  void resize(index n) {
    if (dxdt_.size() == n) return;
    for (vector* v : {&dxdt_, &dfdt_, &dxdtnew_, &xtmp_, &g1_, &g2_, &g3_, &g4_, &g5_}) {
      v->resize(n);
    }
    jac_.resize(n, n);
  }

  odeint::default_rosenbrock_coefficients<double> c_;
  vector dxdt_, dfdt_, dxdtnew_, xtmp_, g1_, g2_, g3_, g4_, g5_, cont3_, cont4_;
  matrix jac_;
  Eigen::PartialPivLU<matrix> lu_;
};

// The dense-output Rosenbrock stepper: odeint's controller and dense output around it.
inline auto rosenbrock4_dense_stepper(const ode_options& o) {
  using controller = odeint::rosenbrock4_controller<eigen_rosenbrock4>;
  return odeint::rosenbrock4_dense_output<controller>(controller(o.abs_tol, o.rel_tol));
}

// The (f, jac) pair the stepper takes: the Jacobian in x from `jac`, the time derivative of f
// by a forward difference (0 for an autonomous field up to rounding).
template <class System, class Jacobian>
auto rosenbrock_system(System& sys, Jacobian& jac) {
  return std::make_pair(
      [&sys](const vector& x, vector& dxdt, double t) {
        dxdt.resize(x.size());
        sys(x, dxdt, t);
      },
      [&sys, &jac, f0 = vector(), f1 = vector()](const vector& x, matrix& J, double t,
                                                 vector& dfdt) mutable {
        jac(x, J, t);
        const double h =
            std::sqrt(std::numeric_limits<double>::epsilon()) * std::max(std::abs(t), 1.0);
        f0.resize(x.size());
        f1.resize(x.size());
        sys(x, f0, t);
        sys(x, f1, t + h);
        dfdt = (f1 - f0) / h;
      });
}

// The Jacobian of `sys` by finite differences, as an ode_jacobian.
template <class System>
struct finite_difference_jacobian_of {
  System* sys;
  void operator()(const vector& x, matrix& J, double t) const {
    finite_difference_jacobian(*sys, x, t, J);
  }
};

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
  constexpr const char* fn = "jumpflow::integrate_rosenbrock4";
  detail::check_ode_span(fn, x, t0, t1);
  detail::check_ode_options(fn, options);
  detail::checked_ode_observer<std::remove_reference_t<Observer>> checked{obs, fn};
  if (t1 == t0) {
    checked(x, t0);
    return 0;
  }
  namespace odeint = boost::numeric::odeint;
  return odeint::integrate_adaptive(detail::rosenbrock4_dense_stepper(options),
                                    detail::rosenbrock_system(sys, jac), x, t0, t1,
                                    std::min(options.initial_step, t1 - t0), std::ref(checked));
}

}  // namespace jumpflow
