/// \file
/// \brief stdp_linear_noise: the linear-noise (fluctuation) limit of the STDP learning rule,
/// \f$\sqrt n (Z^n - Z) \Rightarrow G\f$, \f$dG = -\kappa \nabla^2 L(Z_t) G\, dt +
/// \Sigma(Z_t)^{1/2} dW\f$, as a linear_noise_model for asymptotic_error_constant(); and
/// loss_hessian().
#pragma once

#include <cmath>
#include <string>
#include <type_traits>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/log_cosh_loss.hpp"
#include "jumpflow/models/bnn/loss_function.hpp"
#include "jumpflow/models/bnn/quadratic_loss.hpp"
#include "jumpflow/models/bnn/stdp_rule.hpp"
#include "jumpflow/ode/linear_noise.hpp"
#include "jumpflow/random/mark_law.hpp"

namespace jumpflow {

/// \brief The Hessian of a quadratic loss: \f$H\f$ (exact).
/// \ingroup models_bnn
/// \param loss the loss.
/// \param z the point (unused: \f$H\f$ is constant).
/// \param out receives \f$H\f$.
inline void loss_hessian(const quadratic_loss& loss, const vector& z, matrix& out) {
  static_cast<void>(z);
  out = loss.hessian();
}

/// \brief The Hessian of the log-cosh loss: \f$\mathrm{Diag}(\mathrm{sech}^2(z_j - z^*_j))\f$
/// (exact).
/// \ingroup models_bnn
/// \param loss the loss.
/// \param z the point.
/// \param out receives the Hessian (\f$d \times d\f$).
inline void loss_hessian(const log_cosh_loss& loss, const vector& z, matrix& out) {
  out = matrix::Zero(z.size(), z.size());
  for (index j = 0; j < z.size(); ++j) {
    const double c = std::cosh(z[j] - loss.minimiser()[j]);
    out(j, j) = 1.0 / (c * c);
  }
}

/// \brief The Hessian of any loss_function: its own `loss.hessian(z, out)` if it has one,
/// otherwise central differences of the gradient (finite_difference_jacobian(), step
/// \f$\epsilon^{1/3} \max(1, |z_j|) \approx 6 \cdot 10^{-6}\f$), symmetrised. Accuracy of the
/// differences: \f$O(h^2 |\nabla^3 L|) + O(\epsilon |\nabla L| / h)\f$, about \f$10^{-10}\f$
/// for derivatives of order one (e.g. network_loss with tanh units).
/// \ingroup models_bnn
/// \tparam Loss a loss_function.
/// \param loss the loss.
/// \param z the point.
/// \param out receives the Hessian (\f$d \times d\f$).
template <loss_function Loss>
void loss_hessian(const Loss& loss, const vector& z, matrix& out) {
  if constexpr (requires { loss.hessian(z, out); }) {
    loss.hessian(z, out);
  } else {
    auto gradient = [&loss](const vector& x, vector& g) {
      g.resize(x.size());
      loss.gradient(x, g);
    };
    finite_difference_jacobian(gradient, z, out);
    out = 0.5 * (out + out.transpose()).eval();
  }
}

/// \brief The linear-noise limit of an stdp_rule: models linear_noise_model.
/// \ingroup models_bnn
///
/// With \f$g = \nabla L(z)\f$, scheme factor \f$f\f$ (stdp_rule::scheme_factor()) and the law's
/// moments \f$m_2 = E u_j^2\f$, \f$m_4 = E u_j^4\f$ (second_moment(), fourth_moment()), the
/// jump is \f$J_n = -f \alpha_n A_n^2 (g \cdot u) u + O(\alpha_n A_n^3)\f$ at rate \f$n\f$, and
/// \f$\alpha_n A_n^2 = \alpha A^2/n\f$. Hence
/// - drift_jacobian(): \f$Db(z) = -\kappa \nabla^2 L(z)\f$, \f$\kappa\f$ =
///   stdp_rule::limit_coefficient(), the Hessian by loss_hessian();
/// - jump_covariance(): \f$\Sigma(z) = \lim n^2 E[J_n J_n^\top] = (f \alpha A^2)^2
///   E[(g \cdot u)^2 u u^\top]\f$, with
///   \f$E[(g \cdot u)^2 u u^\top] = m_2^2 (|g|^2 I + 2 g g^\top) + (m_4 - 3 m_2^2)
///   \mathrm{Diag}(g \circ g)\f$ (for the uniform law on \f$[-1, 1]\f$: \f$\tfrac19 [|g|^2 I + 2 g
///   g^\top - \tfrac65 \mathrm{Diag}(g \circ g)]\f$).
///
/// **When it applies.** \f$\sqrt n (Z^n - Z) \Rightarrow G\f$ needs the drift of the rule to be
/// \f$-\kappa \nabla L + o(n^{-1/2})\f$ and its jumps to be linear in \f$u\f$ to leading order.
/// Exactly so for the linearised scheme, and for the two-sided scheme on a quadratic loss, at
/// any amplitude exponent \f$b\f$. Otherwise the drift is off by \f$O(A_n^2) = O(n^{-2b})\f$
/// (Taylor remainder of the difference), which needs \f$b > 1/4\f$; with fixed amplitude
/// (\f$b = 0\f$) the limit is a smoothed flow with another noise. The constructor refuses the
/// other cases.
/// \tparam Loss a loss_function (Hessian by loss_hessian()).
/// \tparam Law the rule's law, with has_fourth_moment.
template <loss_function Loss, mark_law Law>
requires has_fourth_moment<Law>
class stdp_linear_noise {
 public:
  /// \brief The linear-noise limit of `rule`.
  /// \param rule the rule (its loss, law, options and constants are copied).
  /// \throws std::invalid_argument when the rule's options have another limit (see the class
  ///         description).
  explicit stdp_linear_noise(const stdp_rule<Loss, Law>& rule)
      : loss_(rule.loss()),
        kappa_(rule.limit_coefficient()),
        noise_scale_(std::pow(rule.scheme_factor() * rule.learning_rate() * rule.amplitude() *
                                  rule.amplitude(),
                              2)),
        m2_(rule.mark_law().second_moment()),
        m4_(rule.mark_law().fourth_moment()) {
    const double b = rule.options().scaling.exponent();
    const difference_scheme scheme = rule.options().scheme;
    const bool exact = scheme == difference_scheme::linearised ||
                       (scheme == difference_scheme::two_sided &&
                        std::is_same_v<Loss, quadratic_loss>);
    require_argument(exact || b > 0.25, "jumpflow::stdp_linear_noise",
                     "rule.options().scaling.exponent()", b,
                     "> 0.25 unless the jump is linear in u (linearised scheme, or two-sided on a "
                     "quadratic loss): below, the drift's O(n^-2b) bias is not o(n^-1/2)");
  }

  /// \brief The number of weights \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return static_cast<index>(loss_.dimension()); }

  /// \brief \f$Db(z) = -\kappa \nabla^2 L(z)\f$.
  /// \param z the weights on the limit path.
  /// \param a receives the Jacobian (\f$d \times d\f$).
  void drift_jacobian(const vector& z, matrix& a) const {
    loss_hessian(loss_, z, a);
    a *= -kappa_;
  }

  /// \brief \f$\Sigma(z) = (f \alpha A^2)^2 [m_2^2 (|g|^2 I + 2 g g^\top) + (m_4 - 3 m_2^2)
  /// \mathrm{Diag}(g \circ g)]\f$, \f$g = \nabla L(z)\f$.
  /// \param z the weights on the limit path.
  /// \param s receives \f$\Sigma(z)\f$ (\f$d \times d\f$).
  void jump_covariance(const vector& z, matrix& s) const {
    vector g(z.size());
    loss_.gradient(z, g);
    const double m2sq = m2_ * m2_;
    s.noalias() = (2.0 * m2sq) * g * g.transpose();
    s.diagonal().array() += m2sq * g.squaredNorm() + (m4_ - 3.0 * m2sq) * g.array().square();
    s *= noise_scale_;
  }

  /// \brief \f$\kappa\f$ of the limit \f$\dot Z = -\kappa \nabla L(Z)\f$.
  /// \returns \f$\kappa\f$.
  double limit_coefficient() const noexcept { return kappa_; }

 private:
  Loss loss_;
  double kappa_;
  double noise_scale_;
  double m2_, m4_;
};

}  // namespace jumpflow
