/// \file
/// \brief stdp_rule: the spike-triggered STDP learning rule of a biological neural network as
/// a jump process driven by a marked Poisson random measure (models prm_driven_model).
#pragma once

#include <cmath>
#include <concepts>
#include <string>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/loss_function.hpp"
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

/// \brief The STDP learning rule (Schmidt-Hieber 2023; Christensen and Kallsen 2024) on the
/// weights \f$z \in \mathbb{R}^d\f$ of one learning opportunity with loss \f$L\f$.
/// Models prm_driven_model.
/// \ingroup models_bnn
///
/// Spikes arrive at rate \f$n\f$ (rate()); at each spike a perturbation \f$u \sim \pi\f$ is
/// drawn (mark_law()) and the weights jump by (two-sided scheme)
/// \f[ J_n(z, u) = \alpha_n \,[L(z - A_n u) - L(z + A_n u)]\, A_n u, \f]
/// each coordinate the product of the synapse's own STDP term \f$A_n u_\nu\f$ and one broadcast
/// scalar (the rule is local). The limit as \f$n \to \infty\f$ is the gradient flow
/// \f$\dot Z = -\kappa \nabla L(Z)\f$ with \f$\kappa\f$ = limit_coefficient(), computed from the
/// options and the law's second moment \f$s_2\f$: \f$2 s_2 \alpha A^2\f$ (two-sided,
/// linearised) or \f$s_2 \alpha A^2\f$ (one-sided); \f$\tfrac23 \alpha A^2\f$ for the defaults.
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
  /// \brief \f$\kappa\f$ of the limit \f$\dot Z = -\kappa \nabla L(Z)\f$: scheme_factor()
  /// \f$\cdot\, s_2 \alpha A^2\f$ with \f$s_2\f$ = mark_law().second_moment().
  /// \returns \f$\kappa\f$ (\f$\tfrac23 \alpha A^2\f$ for the defaults).
  double limit_coefficient() const noexcept {
    return scheme_factor() * law_.second_moment() * alpha_ * amplitude_ * amplitude_;
  }
  /// \brief The limit vector field \f$b(z) = -\kappa \nabla L(z)\f$.
  /// \param z the weights.
  /// \param dzdt receives \f$b(z)\f$.
  void limit_drift(const vector& z, vector& dzdt) const {
    dzdt.resize(z.size());
    loss_.gradient(z, dzdt);
    dzdt *= -limit_coefficient();
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
