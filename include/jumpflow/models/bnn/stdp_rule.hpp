/// \file
/// \brief stdp_rule: the spike-triggered STDP learning rule of a biological neural network as
/// a jump process driven by a marked Poisson random measure (models prm_driven_model).
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>
#include <string>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/loss_function.hpp"
#include "jumpflow/random/coordinate_expectation.hpp"
#include "jumpflow/random/mark_law.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace jumpflow {

/// \brief The finite-difference scheme that turns two loss values into the broadcast
/// learning signal.
/// \ingroup models_bnn
enum class difference_scheme {
  two_sided,  ///< \f$L(z - h) - L(z + h)\f$ (default); drift \f$-2 s_2 \alpha A^2 \nabla L\f$
  one_sided,  ///< \f$L(z) - L(z + h)\f$; drift \f$-s_2 \alpha A^2 \nabla L\f$ (half)
  linearised  ///< forward gradient \f$-2 \nabla L(z) \cdot h\f$; drift \f$-2 s_2 \alpha A^2 \nabla
              ///< L\f$
};

/// \brief How amplitude and learning rate scale with the spike intensity \f$n\f$:
/// \f$A_n = A n^{-b}\f$, \f$\alpha_n = \alpha n^{-(1 - 2b)}\f$, \f$b \in [0, 1/2]\f$, so that
/// \f$\alpha_n A_n^2 = \alpha A^2 / n\f$ always.
/// \ingroup models_bnn
class amplitude_scaling {
 public:
  /// \brief The scaling with exponent \f$b\f$.
  /// \param exponent \f$b \in [0, 1/2]\f$ (default \f$1/2\f$: shrinking amplitude).
  /// \throws std::domain_error if \f$b \notin [0, 1/2]\f$.
  explicit amplitude_scaling(double exponent = 0.5) : exponent_(exponent) {
    require_domain(exponent >= 0.0 && exponent <= 0.5, "jumpflow::amplitude_scaling", "exponent",
                   exponent, "in [0, 0.5]");
  }
  /// \brief Shrinking amplitude (the default): \f$A_n = A/\sqrt n\f$, \f$\alpha_n = \alpha\f$.
  /// \returns the scaling with \f$b = 1/2\f$.
  static amplitude_scaling shrinking_amplitude() { return amplitude_scaling(0.5); }
  /// \brief Fixed amplitude: \f$A_n = A\f$, \f$\alpha_n = \alpha / n\f$ (the limit is then a
  /// smoothed gradient flow unless the loss is quadratic).
  /// \returns the scaling with \f$b = 0\f$.
  static amplitude_scaling fixed_amplitude() { return amplitude_scaling(0.0); }
  /// \brief The exponent \f$b\f$.
  /// \returns \f$b\f$.
  double exponent() const noexcept { return exponent_; }
  /// \brief \f$A_n = A n^{-b}\f$.
  /// \param amplitude \f$A\f$.
  /// \param n the spike intensity.
  /// \returns \f$A_n\f$.
  double amplitude(double amplitude, double n) const { return amplitude * std::pow(n, -exponent_); }
  /// \brief \f$\alpha_n = \alpha n^{-(1 - 2b)}\f$.
  /// \param learning_rate \f$\alpha\f$.
  /// \param n the spike intensity.
  /// \returns \f$\alpha_n\f$.
  double learning_rate(double learning_rate, double n) const {
    return learning_rate * std::pow(n, -(1.0 - 2.0 * exponent_));
  }

 private:
  double exponent_;
};

/// \brief The options of stdp_rule (defaults: shrinking amplitude, two-sided differences).
/// The perturbation law is the rule's `Law` parameter; the clock (Poisson or grid) is chosen
/// by the simulator.
/// \ingroup models_bnn
struct stdp_rule_options {
  amplitude_scaling scaling{};  ///< \f$A_n, \alpha_n\f$ as functions of \f$n\f$
  difference_scheme scheme = difference_scheme::two_sided;  ///< the difference scheme
};

/// \brief The three numbers of an stdp_rule, by name (so that they cannot be swapped):
/// `stdp_parameters{.rate = 1e3, .learning_rate = 1.0, .amplitude = 1.0}`.
/// \ingroup models
struct stdp_parameters {
  /// \brief The spike intensity \f$n\f$ (required: the NaN default is rejected).
  double rate = std::numeric_limits<double>::quiet_NaN();
  double learning_rate = 1.0;  ///< \brief The learning rate \f$\alpha\f$.
  double amplitude = 1.0;      ///< \brief The STDP amplitude \f$A\f$.
};

/// \brief Which deterministic flow a path of the rule is compared with.
/// \ingroup models
enum class stdp_limit {
  /// \brief The rule's true limit \f$\dot z = b(z) = \lim_n n E_u[J_n(z, u)]\f$
  /// (stdp_rule::limit_drift()): the smoothed gradient flow under fixed amplitude, the
  /// gradient flow when stdp_rule::limit_is_gradient_flow().
  smoothed,
  /// \brief The plain gradient flow \f$\dot z = -\kappa \nabla L(z)\f$,
  /// \f$\kappa\f$ = stdp_rule::gradient_coefficient(), whatever the options.
  gradient
};

/// \brief The STDP learning rule (Schmidt-Hieber 2023; Christensen and Kallsen 2024) on the
/// weights \f$z \in \mathbb{R}^d\f$ of one learning opportunity with loss \f$L\f$.
/// Models prm_driven_model.
/// \ingroup models_bnn
///
/// Spikes arrive at rate \f$n\f$ (rate()); at each spike a perturbation \f$u \sim \pi\f$ is
/// drawn (mark_law()) and the weights jump by (two-sided scheme)
/// \f[ J_n(z, u) = \alpha_n \,[L(z - A_n u) - L(z + A_n u)]\, A_n u, \f]
/// each coordinate the product of the synapse's own STDP term \f$A_n u_\nu\f$ and one broadcast
/// scalar (the rule is local).
///
/// **The limit.** The drift of the compensator is \f$b_n(z) = n E_u[J_n(z, u)]\f$
/// (mean_drift()) and the limit as \f$n \to \infty\f$ is \f$\dot Z = b(Z)\f$,
/// \f$b = \lim_n b_n\f$ (limit_drift()). By Taylor's formula
/// \f$L(z - h) - L(z + h) = -2 \nabla L(z) \cdot h + O(|h|^3)\f$, so whenever \f$A_n \to 0\f$
/// (scaling exponent \f$b > 0\f$) the limit is the gradient flow
/// \f$\dot Z = -\kappa \nabla L(Z)\f$ with \f$\kappa\f$ = gradient_coefficient(), computed
/// from the options and the law's second moment \f$s_2\f$: \f$2 s_2 \alpha A^2\f$ (two-sided,
/// linearised) or \f$s_2 \alpha A^2\f$ (one-sided); \f$\tfrac23 \alpha A^2\f$ for the
/// defaults. Under **fixed amplitude** (\f$b = 0\f$, \f$A_n = A\f$, \f$\alpha_n = \alpha/n\f$)
/// the drift does not depend on \f$n\f$ and the limit is the *smoothed* flow
/// \f[ b(z) = \alpha A\, E_u\big[(L(z - A u) - L(z + A u))\, u\big] \f]
/// (two-sided; one-sided: \f$L(z) - L(z + Au)\f$), which differs from the gradient flow unless
/// \f$L\f$ is quadratic; the linearised scheme gives the gradient flow for every scaling and
/// law. limit_is_gradient_flow() tells which case holds. For a separable_loss the smoothed
/// drift is computed by one-dimensional quadrature over the law (coordinate_expectation());
/// for other losses limit_drift() refuses and monte_carlo_drift (smoothed_flow.hpp) estimates
/// it with a stated standard error.
///
/// When the loss has fast differences (has_fast_differences, e.g. quadratic_loss) the change
/// of loss along \f$u\f$ is computed directly; otherwise the loss is evaluated at
/// \f$z \pm A_n u\f$ in the jump buffer. jump() allocates nothing.
/// \tparam Loss a loss_function.
/// \tparam Law a mark_law with centred, symmetric i.i.d. coordinates (uniform_cube_law on
///         \f$[-1,1]\f$ by default; stdp_law, rademacher_law, gaussian_law).
template <loss_function Loss, mark_law Law = uniform_cube_law>
class stdp_rule {
 public:
  using state_type = vector;  ///< the weights \f$z\f$
  using mark_type = vector;   ///< the perturbation \f$u\f$
  using loss_type = Loss;     ///< the loss
  using law_type = Law;       ///< the perturbation law

  /// \brief The rule for `loss` with perturbation law `law`.
  /// \param loss the loss \f$L\f$ of the learning opportunity.
  /// \param law the perturbation law \f$\pi\f$ (dimension \f$d\f$ = loss.dimension()).
  /// \param n the spike intensity \f$n > 0\f$.
  /// \param learning_rate \f$\alpha > 0\f$.
  /// \param amplitude the STDP amplitude \f$A > 0\f$.
  /// \param options scaling and difference scheme.
  /// \throws std::domain_error if \f$n\f$, \f$\alpha\f$ or \f$A\f$ is not finite and positive.
  /// \throws std::invalid_argument if the law's dimension differs from the loss's.
  stdp_rule(Loss loss, Law law, double n, double learning_rate, double amplitude,
            stdp_rule_options options = {})
      : loss_(std::move(loss)),
        law_(std::move(law)),
        n_(n),
        alpha_(learning_rate),
        amplitude_(amplitude),
        options_(options) {
    const char* f = "jumpflow::stdp_rule";
    require_domain(std::isfinite(n) && n > 0, f, "n", n, "finite and > 0");
    require_domain(std::isfinite(learning_rate) && learning_rate > 0, f, "learning_rate",
                   learning_rate, "finite and > 0");
    require_domain(std::isfinite(amplitude) && amplitude > 0, f, "amplitude", amplitude,
                   "finite and > 0");
    require_argument(
        static_cast<index>(law_.dimension()) == static_cast<index>(loss_.dimension()), f,
        "law.dimension()", static_cast<long long>(law_.dimension()),
        "equal to loss.dimension() = " + std::to_string(static_cast<long long>(loss_.dimension())));
    alpha_n_ = options_.scaling.learning_rate(alpha_, n_);
    amplitude_n_ = options_.scaling.amplitude(amplitude_, n_);
  }

  /// \brief The rule with the law built from the dimension alone (e.g. the default uniform
  /// law on \f$[-1, 1]^d\f$).
  /// \param loss,n,learning_rate,amplitude,options as above.
  /// \throws std::domain_error, std::invalid_argument as above.
  stdp_rule(Loss loss, double n, double learning_rate, double amplitude,
            stdp_rule_options options = {}) requires std::constructible_from<Law, index>
      : stdp_rule(loss, Law(static_cast<index>(loss.dimension())), n, learning_rate, amplitude,
                  options) {}

  /// \brief The rule from named parameters:
  /// `stdp_rule(loss, law, {.rate = n, .learning_rate = alpha, .amplitude = A})`.
  /// \param loss the loss.
  /// \param law the perturbation law.
  /// \param parameters \f$n\f$, \f$\alpha\f$, \f$A\f$.
  /// \param options scaling and difference scheme.
  /// \throws std::domain_error, std::invalid_argument as the positional constructor.
  stdp_rule(Loss loss, Law law, const stdp_parameters& parameters, stdp_rule_options options = {})
      : stdp_rule(std::move(loss), std::move(law), parameters.rate, parameters.learning_rate,
                  parameters.amplitude, options) {}

  /// \brief The rule from named parameters, with the law built from the dimension alone:
  /// `stdp_rule(loss, {.rate = n, .learning_rate = alpha, .amplitude = A})`.
  /// \param loss,parameters,options as above.
  /// \throws std::domain_error, std::invalid_argument as above.
  stdp_rule(Loss loss, const stdp_parameters& parameters,
            stdp_rule_options options = {}) requires std::constructible_from<Law, index>
      : stdp_rule(loss, Law(static_cast<index>(loss.dimension())), parameters.rate,
                  parameters.learning_rate, parameters.amplitude, options) {}

  /// \brief The spike intensity \f$n\f$ (the rate of the driving Poisson random measure).
  /// \returns \f$n\f$.
  double rate() const noexcept { return n_; }
  /// \brief The perturbation law \f$\pi\f$ (the mark law of the driving measure).
  /// \returns the law.
  const Law& mark_law() const noexcept { return law_; }
  /// \brief The loss \f$L\f$.
  /// \returns the loss.
  const Loss& loss() const noexcept { return loss_; }
  /// \brief The number of weights \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return static_cast<index>(loss_.dimension()); }
  /// \brief The options.
  /// \returns the options.
  const stdp_rule_options& options() const noexcept { return options_; }
  /// \brief The learning rate \f$\alpha\f$.
  /// \returns \f$\alpha\f$.
  double learning_rate() const noexcept { return alpha_; }
  /// \brief The STDP amplitude \f$A\f$.
  /// \returns \f$A\f$.
  double amplitude() const noexcept { return amplitude_; }
  /// \brief The per-spike learning rate \f$\alpha_n\f$.
  /// \returns \f$\alpha_n\f$.
  double step_learning_rate() const noexcept { return alpha_n_; }
  /// \brief The per-spike amplitude \f$A_n\f$.
  /// \returns \f$A_n\f$.
  double step_amplitude() const noexcept { return amplitude_n_; }
  /// \brief The step \f$1/n\f$ of the deterministic grid clock.
  /// \returns \f$1/n\f$.
  double grid_step() const noexcept { return 1.0 / n_; }

  /// \brief The factor \f$f\f$ of the scheme: 2 for the two-sided and linearised schemes
  /// (\f$L(z-h) - L(z+h) \approx -2 \nabla L \cdot h\f$), 1 for the one-sided one.
  /// \returns \f$f\f$.
  double scheme_factor() const noexcept {
    return options_.scheme == difference_scheme::one_sided ? 1.0 : 2.0;
  }
  /// \brief \f$\kappa = f s_2 \alpha A^2\f$ of the gradient flow
  /// \f$\dot Z = -\kappa \nabla L(Z)\f$: scheme_factor() \f$\cdot\, s_2 \alpha A^2\f$ with
  /// \f$s_2\f$ = mark_law().second_moment(). This is the first-order (Taylor) drift; it is the
  /// rule's limit only when limit_is_gradient_flow() (see limit_coefficient()).
  /// \returns \f$\kappa\f$ (\f$\tfrac23 \alpha A^2\f$ for the defaults).
  double gradient_coefficient() const noexcept {
    return scheme_factor() * law_.second_moment() * alpha_ * amplitude_ * amplitude_;
  }
  /// \brief Whether the limit of the rule is the gradient flow \f$-\kappa \nabla L\f$: true
  /// when the amplitude shrinks (\f$b > 0\f$: Taylor), for the linearised scheme (its mean
  /// jump is \f$-\kappa \nabla L / n\f$ exactly) and for a quadratic loss (is_quadratic_loss:
  /// the differences are exactly linear in the step, the law symmetric); false under fixed
  /// amplitude otherwise, where the limit is the smoothed flow.
  /// \returns whether limit_drift() is \f$-\kappa \nabla L\f$.
  bool limit_is_gradient_flow() const noexcept {
    return options_.scaling.exponent() > 0.0 || mean_drift_is_gradient();
  }
  /// \brief \f$\kappa\f$ of the limit \f$\dot Z = -\kappa \nabla L(Z)\f$, when the limit is a
  /// scaled gradient flow (limit_is_gradient_flow()).
  /// \returns gradient_coefficient().
  /// \throws std::invalid_argument under fixed amplitude with a non-quadratic loss and a
  ///         finite-difference scheme: the limit is then the smoothed flow (limit_drift()), not
  ///         a multiple of \f$\nabla L\f$; use gradient_coefficient() for the plain gradient flow.
  double limit_coefficient() const {
    require_argument(limit_is_gradient_flow(), "jumpflow::stdp_rule::limit_coefficient",
                     "the limit", "the smoothed flow (fixed amplitude, non-quadratic loss)",
                     "a gradient flow; use limit_drift() for the true limit or "
                     "gradient_coefficient() for the plain gradient flow");
    return gradient_coefficient();
  }
  /// \brief The expected rate \f$p\f$ of \f$\sqrt{E \sup_t |Z^n_t - Z_t|^2} \approx C n^{p}\f$
  /// against the true limit (stdp_limit::smoothed).
  ///
  /// The fluctuations are \f$O(n^{-1/2})\f$; the drift bias \f$b_n - b\f$ is 0 under fixed
  /// amplitude, for the linearised scheme and for a quadratic loss, and
  /// \f$O(A_n^2) = O(n^{-2b})\f$ otherwise (the third-order Taylor term). Hence \f$p = -1/2\f$
  /// except for \f$0 < b < 1/4\f$ with a finite-difference scheme on a non-quadratic loss,
  /// where the bias dominates and \f$p = -2b\f$. Against stdp_limit::gradient the error
  /// has the same rate when limit_is_gradient_flow(); otherwise it tends to the gap between the
  /// two flows (limit_gap() in smoothed_flow.hpp).
  /// \returns \f$p\f$.
  double expected_rate() const noexcept {
    const double b = options_.scaling.exponent();
    if (b == 0.0 || mean_drift_is_gradient()) return -0.5;
    return -std::min(0.5, 2.0 * b);
  }
  /// \brief Whether `which` is the rule's true limit (so the error against it tends to 0 at
  /// expected_rate(); otherwise it tends to a positive gap).
  /// \param which the flow.
  /// \returns true for stdp_limit::smoothed, and for stdp_limit::gradient when
  ///          limit_is_gradient_flow().
  bool is_limit(stdp_limit which) const noexcept {
    return which == stdp_limit::smoothed || limit_is_gradient_flow();
  }

  /// \brief One coordinate of the drift \f$b_n(z) = n E_u[J_n(z, u)]\f$ of a separable loss,
  /// by quadrature over one coordinate of the law.
  ///
  /// For \f$L = \sum_k \ell_k(z_k)\f$ and independent centred coordinates, the terms
  /// \f$k \ne j\f$ of the difference average out against \f$u_j\f$, so
  /// \f$b_{n,j}(z) = n \alpha_n A_n E[(\ell_j(z_j - A_n u_j) - \ell_j(z_j + A_n u_j))\, u_j]\f$
  /// (two-sided; one-sided \f$\ell_j(z_j) - \ell_j(z_j + A_n u_j)\f$), a one-dimensional
  /// integral computed by coordinate_expectation() to relative tolerance `tolerance`.
  /// \tparam L the loss type (defaults to `Loss`; must be a separable_loss).
  /// \param j the coordinate.
  /// \param z the weights.
  /// \param tolerance relative tolerance of the quadrature.
  /// \returns \f$b_{n,j}(z)\f$ and the quadrature's error estimate.
  template <class L = Loss>
  requires separable_loss<L> && has_coordinate_quadrature<Law> quadrature_estimate
  mean_drift_coordinate(index j, const vector& z, double tolerance = 1e-12) const {
    const double s = amplitude_n_, zj = z[j], scale = n_ * alpha_n_ * s;
    quadrature_estimate r{};
    if (options_.scheme == difference_scheme::one_sided) {
      const double here = loss_.term(j, zj);
      r = coordinate_expectation(
          law_, [&](double u) { return (here - loss_.term(j, zj + s * u)) * u; }, tolerance);
    } else {
      r = coordinate_expectation(
          law_,
          [&](double u) { return (loss_.term(j, zj - s * u) - loss_.term(j, zj + s * u)) * u; },
          tolerance);
    }
    return {scale * r.value, std::abs(scale) * r.error};
  }

  /// \brief The drift \f$b_n(z) = n E_u[J_n(z, u)]\f$ of the compensator at the rule's
  /// \f$n\f$.
  ///
  /// Exactly \f$-\kappa \nabla L(z)\f$ for the linearised scheme and for a quadratic loss;
  /// otherwise, for a separable_loss and a law with has_coordinate_quadrature, by
  /// mean_drift_coordinate() (relative tolerance \f$10^{-12}\f$).
  /// \param z the weights.
  /// \param dzdt receives \f$b_n(z)\f$ (resized to \f$d\f$).
  /// \throws std::invalid_argument for a loss that is neither separable nor quadratic with a
  ///         finite-difference scheme (use monte_carlo_drift), or a law without quadrature.
  void mean_drift(const vector& z, vector& dzdt) const {
    dzdt.resize(z.size());
    if (mean_drift_is_gradient()) {
      gradient_drift(z, dzdt);
      return;
    }
    if constexpr (separable_loss<Loss> && has_coordinate_quadrature<Law>) {
      for (index j = 0; j < z.size(); ++j) dzdt[j] = mean_drift_coordinate(j, z).value;
    } else {
      require_argument(false, "jumpflow::stdp_rule::mean_drift", "the loss (or law)",
                       "not separable (no term(j, x)) or without coordinate_expectation()",
                       "a separable_loss with a has_coordinate_quadrature law, a quadratic loss "
                       "or the linearised scheme; estimate the drift with "
                       "jumpflow::monte_carlo_drift instead");
    }
  }

  /// \brief The limit vector field \f$b(z) = \lim_n n E_u[J_n(z, u)]\f$ of the rule's
  /// options (see the class description): \f$-\kappa \nabla L(z)\f$ when
  /// limit_is_gradient_flow(), the smoothed drift (mean_drift(), which does not depend on
  /// \f$n\f$ under fixed amplitude) otherwise.
  /// \param z the weights.
  /// \param dzdt receives \f$b(z)\f$ (resized to \f$d\f$).
  /// \throws std::invalid_argument when the limit is the smoothed flow and the loss is not
  ///         separable (mean_drift()): never a wrong flow.
  void limit_drift(const vector& z, vector& dzdt) const {
    if (limit_is_gradient_flow()) {
      dzdt.resize(z.size());
      gradient_drift(z, dzdt);
      return;
    }
    mean_drift(z, dzdt);
  }

  /// \brief Writes the jump \f$J_n(x, u)\f$ into `dx`.
  /// \param x the weights before the spike (size \f$d\f$).
  /// \param u the perturbation (size \f$d\f$).
  /// \param t the spike time (for the error message).
  /// \param dx receives the jump (size \f$d\f$; also used as scratch).
  /// \throws simulation_error if the loss (or its gradient) is not finite, naming \f$t\f$.
  void jump(const vector& x, const vector& u, double t, vector& dx) const {
    eigen_assert(x.size() == dimension() && u.size() == dimension() && dx.size() == dimension());
    const double s = amplitude_n_;
    double signal = 0.0;  // the broadcast scalar multiplying A_n u
    switch (options_.scheme) {
      case difference_scheme::linearised: {
        loss_.gradient(x, dx);
        signal = -2.0 * s * dx.dot(u);
        require_simulation(std::isfinite(signal), "jumpflow::stdp_rule::jump",
                           "gradient . u of the loss", signal, t, "finite");
        break;
      }
      case difference_scheme::two_sided: {
        if constexpr (has_fast_differences<Loss>) {
          signal = -loss_.central_difference(x, u, s);
        } else {
          dx = x + s * u;
          const double plus = loss_.value(dx);
          dx = x - s * u;
          signal = loss_.value(dx) - plus;
        }
        require_simulation(std::isfinite(signal), "jumpflow::stdp_rule::jump",
                           "L(z - h) - L(z + h) of the loss", signal, t, "finite");
        break;
      }
      case difference_scheme::one_sided: {
        if constexpr (has_fast_differences<Loss>) {
          signal = -loss_.forward_difference(x, u, s);
        } else {
          dx = x + s * u;
          signal = loss_.value(x) - loss_.value(dx);
        }
        require_simulation(std::isfinite(signal), "jumpflow::stdp_rule::jump",
                           "L(z) - L(z + h) of the loss", signal, t, "finite");
        break;
      }
    }
    dx = (alpha_n_ * signal * s) * u;
  }

 private:
  bool mean_drift_is_gradient() const noexcept {
    return options_.scheme == difference_scheme::linearised || is_quadratic_loss<Loss>;
  }
  void gradient_drift(const vector& z, vector& dzdt) const {
    loss_.gradient(z, dzdt);
    dzdt *= -gradient_coefficient();
  }

  Loss loss_;
  Law law_;
  double n_;
  double alpha_;
  double amplitude_;
  stdp_rule_options options_;
  double alpha_n_ = 0.0;
  double amplitude_n_ = 0.0;
};

}  // namespace jumpflow
