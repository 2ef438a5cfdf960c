/// \file
/// \brief Independent oracles of the STDP rule: the moments of the perturbation laws, the
/// covariance ODE and closed forms for a quadratic loss, and the explicit constant of the
/// convergence bound.
#pragma once

#include <cmath>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/gradient_flow.hpp"
#include "jumpflow/models/bnn/quadratic_loss.hpp"
#include "jumpflow/models/bnn/stdp_rule.hpp"
#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace jumpflow {

/// \brief The second and fourth moments \f$s_2 = E u_j^2\f$, \f$m_4 = E u_j^4\f$ of one
/// coordinate of a perturbation law (centred, symmetric, i.i.d. coordinates).
/// \ingroup models
struct perturbation_moments {
  double second;  ///< \f$s_2\f$
  double fourth;  ///< \f$m_4\f$
};

/// \brief Moments of the uniform law on \f$[a, b]^d\f$: \f$m_4 = (b^5 - a^5)/(5(b - a))\f$
/// (\f$1/5\f$ on \f$[-1, 1]\f$).
/// \ingroup models
/// \param law the law.
/// \returns its moments.
inline perturbation_moments moments_of(const uniform_cube_law& law) {
  const double a = law.lower(), b = law.upper();
  return {law.second_moment(), (std::pow(b, 5) - std::pow(a, 5)) / (5.0 * (b - a))};
}
/// \brief Moments of the Rademacher law \f$\pm s\f$: \f$s^2, s^4\f$.
/// \ingroup models
/// \param law the law.
/// \returns its moments.
inline perturbation_moments moments_of(const rademacher_law& law) {
  const double s2 = law.second_moment();
  return {s2, s2 * s2};
}
/// \brief Moments of \f$N(0, \sigma^2)\f$: \f$\sigma^2, 3\sigma^4\f$.
/// \ingroup models
/// \param law the law.
/// \returns its moments.
inline perturbation_moments moments_of(const gaussian_law& law) {
  const double s2 = law.second_moment();
  return {s2, 3.0 * s2 * s2};
}
/// \brief Moments of the STDP law: \f$s_2 = A^2\lambda/(\lambda + 2\mu)\f$,
/// \f$m_4 = A^4\lambda/(\lambda + 4\mu)\f$.
/// \ingroup models
/// \param law the law.
/// \returns its moments.
inline perturbation_moments moments_of(const stdp_law& law) {
  return {law.second_moment(), law.fourth_moment()};
}

/// \brief The exact mean and covariance of the STDP rule for a quadratic loss (see
/// \ref bnn_quadratic_oracles),
/// as an ODE system on \f$\mathrm{vec}(P)\f$ for the ode module's integrators.
/// \ingroup models
///
/// For \f$L(z) = \tfrac12 (z - z^*)^T H (z - z^*)\f$ the two-sided and linearised jumps coincide,
/// \f$J = -2\alpha_n A_n^2 (g \cdot u) u\f$ with \f$g = H(z - z^*)\f$; the mean follows the
/// gradient flow \f$m_t = Z_t - z^*\f$ exactly (Poisson clock), and \f$P_t =
/// \mathrm{Cov}(Z^n_t)\f$, \f$P_0 = 0\f$, solves \f[ \dot P = -\kappa (H P + P H) + \frac{4
/// \alpha^2 A^4}{n}
///     \left[ s_2^2 (\mathrm{tr}(S) I + 2 S) + (m_4 - 3 s_2^2) \mathrm{Diag}(S) \right],
///     \quad S = H (P + m m^T) H, \f]
/// (\f$\kappa = 2 s_2 \alpha A^2\f$; for the uniform law \f$s_2^2 = 1/9\f$ and
/// \f$m_4 - 3 s_2^2 = -\tfrac65 \cdot \tfrac19\f$). \f$E|Z^n_t - Z_t|^2 = \mathrm{tr} P_t\f$.
class quadratic_covariance_ode {
 public:
  /// \brief The ODE of the rule `rule` started at `z0` at time 0.
  /// \tparam Law the rule's perturbation law (moments_of() must accept it).
  /// \param rule a two-sided or linearised stdp_rule on a quadratic_loss.
  /// \param z0 the initial weights.
  /// \throws std::invalid_argument for the one-sided scheme (its jump has another law).
  template <class Law>
  quadratic_covariance_ode(const stdp_rule<quadratic_loss, Law>& rule, const vector& z0)
      : hessian_(rule.loss().hessian()),
        flow_(rule.loss(), rule.limit_coefficient(), z0),
        minimiser_(rule.loss().minimiser()),
        kappa_(rule.limit_coefficient()) {
    require_argument(rule.options().scheme != difference_scheme::one_sided,
                     "jumpflow::quadratic_covariance_ode", "rule.options().scheme", "one_sided",
                     "two_sided or linearised");
    const perturbation_moments mom = moments_of(rule.mark_law());
    const double a2 = rule.amplitude() * rule.amplitude();
    noise_ = 4.0 * rule.learning_rate() * rule.learning_rate() * a2 * a2 / rule.rate();
    s2sq_ = mom.second * mom.second;
    excess_ = mom.fourth - 3.0 * s2sq_;
  }
  /// \brief The dimension of the ODE state, \f$d^2\f$ (\f$P\f$ stored column-major).
  /// \returns \f$d^2\f$.
  index state_dimension() const noexcept { return hessian_.rows() * hessian_.rows(); }
  /// \brief \f$\dot P\f$ at \f$(P, t)\f$.
  /// \param p \f$\mathrm{vec}(P)\f$.
  /// \param dpdt receives \f$\mathrm{vec}(\dot P)\f$.
  /// \param t the
  /// time.
  void operator()(const vector& p, vector& dpdt, double t) const {
    const index d = hessian_.rows();
    const Eigen::Map<const matrix> P(p.data(), d, d);
    const vector m = flow_(t) - minimiser_;
    const matrix S = hessian_ * (P + m * m.transpose()) * hessian_;
    matrix dP = -kappa_ * (hessian_ * P + P * hessian_);
    matrix noise = 2.0 * s2sq_ * S;
    noise.diagonal().array() += s2sq_ * S.trace() + excess_ * S.diagonal().array();
    dP += noise_ * noise;
    dpdt = Eigen::Map<const vector>(dP.data(), d * d);
  }
  /// \brief \f$E|Z^n_t - Z_t|^2 = \mathrm{tr}\,P\f$ from \f$\mathrm{vec}(P)\f$.
  /// \param p \f$\mathrm{vec}(P)\f$.
  /// \returns the trace.
  double mean_square_error(const vector& p) const {
    const index d = hessian_.rows();
    return Eigen::Map<const matrix>(p.data(), d, d).trace();
  }

 private:
  matrix hessian_;
  quadratic_flow flow_;
  vector minimiser_;
  double kappa_;
  double noise_ = 0.0;
  double s2sq_ = 0.0;
  double excess_ = 0.0;
};

/// \brief Closed form of \f$E|Z^n_t - Z_t|^2\f$ for an isotropic quadratic loss \f$H = hI\f$
/// (two-sided or linearised, Poisson clock):
/// \f$|z_0 - z^*|^2 e^{-\gamma t}(e^{\beta t} - 1)\f$, \f$\gamma = 2\kappa h\f$,
/// \f$\beta = 4\alpha^2 A^4 h^2 (s_2^2 (d - 1) + m_4) / n\f$
/// (\f$= 4\alpha^2 A^4 h^2 (d + 4/5) / (9n)\f$ for the uniform law).
/// \ingroup models
/// \tparam Law the rule's perturbation law.
/// \param rule the rule (its loss must be isotropic).
/// \param z0 the initial weights.
/// \param t the time.
/// \returns \f$E|Z^n_t - Z_t|^2\f$.
/// \throws std::invalid_argument if the loss is not isotropic or the scheme is one-sided.
template <class Law>
double isotropic_mean_square_error(const stdp_rule<quadratic_loss, Law>& rule, const vector& z0,
                                   double t) {
  const char* f = "jumpflow::isotropic_mean_square_error";
  const quadratic_loss& loss = rule.loss();
  const vector h = loss.hessian().diagonal();
  require_argument(loss.is_diagonal() && (h.array() == h[0]).all(), f, "rule.loss()", "anisotropic",
                   "isotropic");
  require_argument(rule.options().scheme != difference_scheme::one_sided, f,
                   "rule.options().scheme", "one_sided", "two_sided or linearised");
  const perturbation_moments mom = moments_of(rule.mark_law());
  const double d = static_cast<double>(loss.dimension());
  const double a2 = rule.amplitude() * rule.amplitude();
  const double gamma = 2.0 * rule.limit_coefficient() * h[0];
  const double beta = 4.0 * rule.learning_rate() * rule.learning_rate() * a2 * a2 * h[0] * h[0] *
                      (mom.second * mom.second * (d - 1.0) + mom.fourth) / rule.rate();
  return (z0 - loss.minimiser()).squaredNorm() * std::exp(-gamma * t) * std::expm1(beta * t);
}

/// \brief The mean under the deterministic grid clock (jumps at \f$k/n\f$) for a quadratic loss:
/// \f$E Z^n_{k/n} - z^* = (I - \kappa H / n)^k (z_0 - z^*)\f$, the explicit Euler scheme of
/// the flow (bias \f$O(1/n)\f$).
/// \ingroup models
/// \tparam Law the rule's perturbation law.
/// \param rule a two-sided or linearised rule on a quadratic loss.
/// \param z0 the initial weights.
/// \param k the number of grid steps.
/// \returns \f$E Z^n_{k/n}\f$.
template <class Law>
vector quadratic_grid_mean(const stdp_rule<quadratic_loss, Law>& rule, const vector& z0,
                           long long k) {
  const quadratic_loss& loss = rule.loss();
  const matrix step = matrix::Identity(loss.dimension(), loss.dimension()) -
                      (rule.limit_coefficient() / rule.rate()) * loss.hessian();
  vector m = z0 - loss.minimiser();
  for (long long i = 0; i < k; ++i) m = step * m;
  return loss.minimiser() + m;
}

/// \brief The explicit constant \f$c\f$ of the bound
/// \f$\sqrt{E \sup_{t \le T} |Z^n_t - Z_t|^2} \le c \sqrt{d/n}\f$ (\ref bnn_bound), for the
/// linearised scheme (and for every scheme whose jumps are exactly linear, e.g. two-sided on a
/// quadratic loss): with scheme factor \f$f\f$ (2 or 1),
/// \f[ c = 2 f \sqrt{T m_4}\, \alpha A^2 G \exp(f s_2 \alpha A^2 K T), \f]
/// which is \f$4\sqrt{T/5}\,\alpha A^2 G \exp(\tfrac23 A^2 \alpha K T)\f$ for the defaults.
/// Derivation: \f$n E|J|^2 \le \frac{f^2 \alpha^2 A^4}{n} G^2 (s_2^2 (d + 2) + m_4 - 3 s_2^2) \le
/// \frac{f^2 \alpha^2 A^4}{n} G^2 m_4 d\f$; Doob's \f$L^2\f$ inequality and Gronwall.
/// \ingroup models
/// \tparam Loss,Law the rule's loss and law (moments_of() must accept the law).
/// \param rule the rule.
/// \param horizon \f$T > 0\f$.
/// \param gradient_bound \f$G = \sup |\nabla L|\f$ over the region the paths visit.
/// \param lipschitz \f$K\f$, a Lipschitz constant of \f$\nabla L\f$.
/// \returns \f$c\f$.
/// \throws std::domain_error if a parameter is negative or not finite.
template <class Loss, class Law>
double explicit_bound_constant(const stdp_rule<Loss, Law>& rule, double horizon,
                               double gradient_bound, double lipschitz) {
  const char* f = "jumpflow::explicit_bound_constant";
  require_domain(std::isfinite(horizon) && horizon > 0, f, "horizon", horizon, "finite and > 0");
  require_domain(std::isfinite(gradient_bound) && gradient_bound >= 0, f, "gradient_bound",
                 gradient_bound, "finite and >= 0");
  require_domain(std::isfinite(lipschitz) && lipschitz >= 0, f, "lipschitz", lipschitz,
                 "finite and >= 0");
  const perturbation_moments mom = moments_of(rule.mark_law());
  const double a2 = rule.amplitude() * rule.amplitude();
  return 2.0 * rule.scheme_factor() * std::sqrt(horizon * mom.fourth) * rule.learning_rate() * a2 *
         gradient_bound * std::exp(rule.limit_coefficient() * lipschitz * horizon);
}

}  // namespace jumpflow
