// Private to the library (src/ode/): Boost.Odeint's rosenbrock4 on Eigen states, shared by
// integrate_rosenbrock4() (stiff.cpp) and dense_solution (dense_solution.cpp).
#pragma once

#include <Eigen/LU>
#include <algorithm>
#include <boost/numeric/odeint/stepper/rosenbrock4.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_controller.hpp>
#include <boost/numeric/odeint/stepper/rosenbrock4_dense_output.hpp>
#include <cmath>
#include <limits>
#include <utility>

#include "jumpflow/ode/detail/odeint.hpp"
#include "jumpflow/ode/stiff.hpp"

namespace jumpflow::detail {

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

}  // namespace jumpflow::detail
