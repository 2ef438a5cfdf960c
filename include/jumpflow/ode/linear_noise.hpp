/// \file
/// \brief The linear-noise (covariance) ODE \f$\dot S = J S + S J^\top + G(x)\f$ along the
/// limit \f$\dot x = b(x)\f$, with a user Jacobian or finite differences.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/ode/detail/concat.hpp"
#include "jumpflow/ode/integrate.hpp"

namespace jumpflow {

/// \brief Jacobian \f$J_{ij} = \partial b_i / \partial x_j\f$ of `drift(x, dxdt)` at `x` by
/// central differences, step \f$h_j = \epsilon^{1/3} \max(1, |x_j|)\f$ (error
/// \f$O(h^2)\f$, about \f$10^{-10}\f$ relative for smooth drifts).
/// \ingroup ode
/// \tparam Drift a callable `drift(const vector& x, vector& dxdt)`.
/// \param drift the drift.
/// \param x the point.
/// \param jac the output, resized to \f$d \times d\f$.
template <class Drift>
requires std::invocable<Drift&, const vector&, vector&>
void finite_difference_jacobian(Drift& drift, const vector& x, matrix& jac) {
  const index d = x.size();
  jac.resize(d, d);
  vector xp = x, fp(d), fm(d);
  const double eps = std::cbrt(std::numeric_limits<double>::epsilon());
  for (index j = 0; j < d; ++j) {
    const double h = eps * std::max(1.0, std::abs(x[j]));
    xp[j] = x[j] + h;
    const double hp = xp[j] - x[j];  // the step actually represented
    drift(xp, fp);
    xp[j] = x[j] - h;
    const double hm = x[j] - xp[j];
    drift(xp, fm);
    xp[j] = x[j];
    jac.col(j) = (fp - fm) / (hp + hm);
  }
}

/// \brief The state and covariance at the end of linear_noise_covariance().
/// \ingroup ode
struct linear_noise_result {
  vector mean;        ///< \brief The limit \f$x(t_1)\f$.
  matrix covariance;  ///< \brief The linear-noise covariance \f$S(t_1)\f$.
};

/// \brief The coupled system \f$\dot x = b(x)\f$, \f$\dot S = J(x) S + S J(x)^\top + G(x)\f$
/// on the stacked state \f$(x, \mathrm{vec}\,S)\f$ of size \f$d + d^2\f$ (column-major),
/// usable with any odeint stepper through integrate().
/// \ingroup ode
///
/// For a density-dependent family with jumps \f$\nu_k / n\f$ at rates \f$n a_k(x)\f$ (Kurtz
/// 1970, 1978; van Kampen's linear-noise approximation), \f$b = \sum_k \nu_k a_k\f$ and
/// \f$G = \sum_k \nu_k \nu_k^\top a_k\f$; then \f$\sqrt n (X^n_t - x_t)\f$ converges in law to
/// a centred Gaussian with covariance \f$S_t\f$ (\f$S_0 = 0\f$ for a deterministic start).
/// \tparam Drift `drift(const vector& x, vector& dxdt)`: the limit drift \f$b\f$.
/// \tparam Noise `noise(const vector& x, matrix& g)`: writes \f$G(x)\f$ (\f$d \times d\f$).
/// \tparam Jacobian `jacobian(const vector& x, matrix& j)`: writes \f$J(x)\f$; the default
///         (no Jacobian) uses finite_difference_jacobian().
template <class Drift, class Noise, class Jacobian = std::nullptr_t>
class linear_noise_system {
 public:
  /// \brief The system for a state of dimension `dimension`.
  /// \param dimension \f$d \ge 1\f$.
  /// \param drift,noise,jacobian as in the class description.
  /// \throws std::invalid_argument when `dimension < 1`.
  linear_noise_system(index dimension, Drift drift, Noise noise, Jacobian jacobian = {})
      : d_(dimension),
        drift_(std::move(drift)),
        noise_(std::move(noise)),
        jacobian_(std::move(jacobian)) {
    require_argument(dimension >= 1, "jumpflow::linear_noise_system", "dimension",
                     static_cast<long long>(dimension), ">= 1");
    x_.resize(d_);
    fx_.resize(d_);
    j_.resize(d_, d_);
    g_.resize(d_, d_);
  }

  /// \brief The vector field on the stacked state (odeint's signature).
  /// \param y the stacked state \f$(x, \mathrm{vec}\,S)\f$.
  /// \param dydt the output, same size.
  /// \param t the time (unused: the system is autonomous).
  void operator()(const vector& y, vector& dydt, double t) {
    static_cast<void>(t);
    x_ = y.head(d_);
    drift_(x_, fx_);
    if constexpr (std::is_same_v<Jacobian, std::nullptr_t>) {
      finite_difference_jacobian(drift_, x_, j_);
    } else {
      jacobian_(x_, j_);
    }
    noise_(x_, g_);
    const Eigen::Map<const matrix> s(y.data() + d_, d_, d_);
    Eigen::Map<matrix> ds(dydt.data() + d_, d_, d_);
    dydt.head(d_) = fx_;
    ds.noalias() = j_ * s;
    ds.noalias() += s * j_.transpose();
    ds += g_;
  }

  /// \brief Stacks a state and a covariance into the system's state.
  /// \param x the state (size \f$d\f$).
  /// \param s the covariance (\f$d \times d\f$).
  /// \returns \f$(x, \mathrm{vec}\,S)\f$.
  /// \throws std::invalid_argument on a size mismatch.
  vector stack(const vector& x, const matrix& s) const {
    require_argument(x.size() == d_, "jumpflow::linear_noise_system::stack", "x.size()",
                     static_cast<long long>(x.size()),
                     detail::concat("the dimension ", format_value(static_cast<long long>(d_))));
    require_argument(
        s.rows() == d_ && s.cols() == d_, "jumpflow::linear_noise_system::stack", "s.rows()",
        static_cast<long long>(s.rows()),
        detail::concat("the dimension ", format_value(static_cast<long long>(d_)), " (square)"));
    vector y(d_ + d_ * d_);
    y.head(d_) = x;
    y.tail(d_ * d_) = s.reshaped();
    return y;
  }

  /// \brief The dimension \f$d\f$ of the state (the stacked state has \f$d + d^2\f$).
  /// \returns \f$d\f$.
  index dimension() const noexcept { return d_; }

 private:
  index d_;
  Drift drift_;
  Noise noise_;
  Jacobian jacobian_;
  vector x_, fx_;
  matrix j_, g_;
};

/// \brief Solves the limit and the linear-noise covariance ODE from \f$(x_0, S_0)\f$ at
/// \f$t_0\f$ to \f$t_1\f$ (adaptive Dormand-Prince, tolerances of `options`).
/// \ingroup ode
/// \tparam Drift,Noise,Jacobian as in linear_noise_system (Jacobian `std::nullptr_t`:
///         finite differences).
/// \param drift the limit drift \f$b\f$.
/// \param noise \f$G\f$.
/// \param x0 the initial state.
/// \param s0 the initial covariance (zero for a deterministic start).
/// \param t0,t1 the span.
/// \param options tolerances.
/// \param jacobian the Jacobian of the drift, or `nullptr` for finite differences.
/// \returns \f$x(t_1)\f$ and \f$S(t_1)\f$.
/// \throws std::invalid_argument on size mismatch; std::domain_error on a bad span, options
///         or non-finite input; simulation_error when the solution blows up.
template <class Drift, class Noise, class Jacobian = std::nullptr_t>
linear_noise_result linear_noise_covariance(Drift drift, Noise noise, const vector& x0,
                                            const matrix& s0, double t0, double t1,
                                            const ode_options& options = {},
                                            Jacobian jacobian = {}) {
  linear_noise_system<Drift, Noise, Jacobian> sys(x0.size(), std::move(drift), std::move(noise),
                                                  std::move(jacobian));
  vector y = sys.stack(x0, s0);
  integrate(std::ref(sys), y, t0, t1, options);
  const index d = x0.size();
  return {y.head(d), y.tail(d * d).reshaped(d, d)};
}

}  // namespace jumpflow
