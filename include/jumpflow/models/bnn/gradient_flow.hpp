/// \file
/// \brief The limit of the STDP rule: the gradient flow \f$\dot Z = -\kappa \nabla L(Z)\f$ as an
/// ODE system, and its closed forms for the quadratic and log-cosh losses.
#pragma once

#include <cmath>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/log_cosh_loss.hpp"
#include "jumpflow/models/bnn/loss_function.hpp"
#include "jumpflow/models/bnn/quadratic_loss.hpp"

namespace jumpflow {

namespace detail {
// The eigenvalues (ascending) and orthonormal eigenvectors (columns) of the symmetric `h`, by
// Eigen's SelfAdjointEigenSolver, compiled once in the library (src/models/bnn/).
void symmetric_eigen(const matrix& h, vector& values, matrix& vectors);
}  // namespace detail

/// \brief The gradient flow \f$\dot z = -\kappa \nabla L(z)\f$ as an ODE system
/// `sys(z, dzdt, t)` (for the ode module's integrators).
/// \ingroup models_bnn
/// \tparam Loss a loss_function.
template <loss_function Loss>
class gradient_flow {
 public:
  /// \brief The flow of `loss` with speed `coefficient`.
  /// \param loss the loss \f$L\f$.
  /// \param coefficient \f$\kappa\f$ (e.g. stdp_rule::limit_coefficient()), finite.
  /// \throws std::domain_error if `coefficient` is not finite.
  gradient_flow(Loss loss, double coefficient) : loss_(std::move(loss)), kappa_(coefficient) {
    require_domain(std::isfinite(coefficient), "jumpflow::gradient_flow", "coefficient",
                   coefficient, "finite");
  }
  /// \brief Writes \f$-\kappa \nabla L(z)\f$ into `dzdt`.
  /// \param z the state.
  /// \param dzdt receives the derivative (resized to \f$d\f$).
  /// \param t the
  /// time (unused).
  void operator()(const vector& z, vector& dzdt, double t) const {
    static_cast<void>(t);
    dzdt.resize(z.size());  // no-op when already sized (as odeint's buffers are)
    loss_.gradient(z, dzdt);
    dzdt *= -kappa_;
  }
  /// \brief \f$\kappa\f$.
  /// \returns \f$\kappa\f$.
  double coefficient() const noexcept { return kappa_; }

 private:
  Loss loss_;
  double kappa_;
};

/// \brief The closed-form gradient flow of a quadratic_loss:
/// \f$Z_t = z^* + e^{-\kappa H (t - t_0)} (z_0 - z^*)\f$, by the eigendecomposition of \f$H\f$.
/// \ingroup models_bnn
class quadratic_flow {
 public:
  /// \brief The flow from `z0` at time `t0`.
  /// \param loss the quadratic loss.
  /// \param coefficient \f$\kappa\f$, finite.
  /// \param z0 the initial state (size \f$d\f$).
  /// \param t0 the initial time.
  /// \throws std::invalid_argument if `z0` has the wrong size.
  /// \throws std::domain_error if `coefficient` is not finite.
  quadratic_flow(const quadratic_loss& loss, double coefficient, const vector& z0, double t0 = 0.0)
      : minimiser_(loss.minimiser()), kappa_(coefficient), t0_(t0) {
    require_domain(std::isfinite(coefficient), "jumpflow::quadratic_flow", "coefficient",
                   coefficient, "finite");
    require_argument(z0.size() == loss.dimension(), "jumpflow::quadratic_flow", "z0.size()",
                     z0.size(), "equal to loss.dimension()");
    if (loss.is_diagonal()) {
      eigenvalues_ = loss.hessian().diagonal();
      coords_ = z0 - minimiser_;
    } else {
      detail::symmetric_eigen(loss.hessian(), eigenvalues_, basis_);
      coords_ = basis_.transpose() * (z0 - minimiser_);
    }
  }
  /// \brief \f$Z_t\f$ into `out` (resized if needed).
  /// \param t the time.
  /// \param out receives \f$Z_t\f$.
  void operator()(double t, vector& out) const {
    const double s = kappa_ * (t - t0_);
    if (basis_.size() == 0) {
      out = (minimiser_.array() + (-s * eigenvalues_.array()).exp() * coords_.array()).matrix();
    } else {
      // z* + sum_k e^{-s lambda_k} c_k v_k, column by column: no temporary, so no allocation
      // per evaluation once `out` has the right size (a path comparison evaluates per event).
      out = minimiser_;
      for (index k = 0; k < coords_.size(); ++k) {
        out.noalias() += (std::exp(-s * eigenvalues_[k]) * coords_[k]) * basis_.col(k);
      }
    }
  }
  /// \brief \f$Z_t\f$.
  /// \param t the time.
  /// \returns \f$Z_t\f$.
  vector operator()(double t) const {
    vector out;
    (*this)(t, out);
    return out;
  }

 private:
  vector minimiser_;
  double kappa_;
  double t0_;
  vector eigenvalues_;
  matrix basis_;   // empty for a diagonal H
  vector coords_;  // z0 - z* in the eigenbasis
};

}  // namespace jumpflow

namespace jumpflow {

/// \brief The closed-form gradient flow of a log_cosh_loss, coordinate by coordinate:
/// \f$\dot m = -\kappa \tanh m\f$ gives \f$\sinh m_t = e^{-\kappa (t - t_0)} \sinh m_0\f$, so
/// \f$Z_t = z^* + \mathrm{asinh}(e^{-\kappa (t - t_0)} \sinh(z_0 - z^*))\f$.
/// \ingroup models_bnn
class log_cosh_flow {
 public:
  /// \brief The flow from `z0` at time `t0`.
  /// \param loss the log-cosh loss.
  /// \param coefficient \f$\kappa\f$, finite.
  /// \param z0 the initial state (size \f$d\f$).
  /// \param t0 the initial time.
  /// \throws std::invalid_argument if `z0` has the wrong size.
  /// \throws std::domain_error if `coefficient` is not finite.
  log_cosh_flow(const log_cosh_loss& loss, double coefficient, const vector& z0, double t0 = 0.0)
      : minimiser_(loss.minimiser()), kappa_(coefficient), t0_(t0) {
    require_domain(std::isfinite(coefficient), "jumpflow::log_cosh_flow", "coefficient",
                   coefficient, "finite");
    require_argument(z0.size() == loss.dimension(), "jumpflow::log_cosh_flow", "z0.size()",
                     z0.size(), "equal to loss.dimension()");
    sinh0_ = (z0 - minimiser_).array().sinh().matrix();
  }
  /// \brief \f$Z_t\f$ into `out` (resized if needed).
  /// \param t the time.
  /// \param out receives \f$Z_t\f$.
  void operator()(double t, vector& out) const {
    const double decay = std::exp(-kappa_ * (t - t0_));
    out.resize(minimiser_.size());
    for (index j = 0; j < minimiser_.size(); ++j) {
      out[j] = minimiser_[j] + std::asinh(decay * sinh0_[j]);
    }
  }
  /// \brief \f$Z_t\f$.
  /// \param t the time.
  /// \returns \f$Z_t\f$.
  vector operator()(double t) const {
    vector out;
    (*this)(t, out);
    return out;
  }

 private:
  vector minimiser_;
  double kappa_;
  double t0_;
  vector sinh0_;
};

}  // namespace jumpflow
