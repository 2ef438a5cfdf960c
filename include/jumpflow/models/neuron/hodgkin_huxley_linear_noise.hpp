/// \file
/// \brief hodgkin_huxley_linear_noise: the linear-noise (fluctuation) limit of the stochastic
/// Hodgkin-Huxley neuron, \f$\sqrt{N_{Na}} (X^N - x) \Rightarrow G\f$, as a linear_noise_model
/// for asymptotic_error_constant(); and hodgkin_huxley_state_fractions().
#pragma once

#include <array>

#include "jumpflow/core/types.hpp"
#include "jumpflow/models/neuron/hodgkin_huxley.hpp"

namespace jumpflow {

/// \brief The fractions of channels in each of the 13 states of stochastic_hodgkin_huxley at the
/// gates \f$(m, h, n)\f$: \f$\binom{3}{i} m^i (1-m)^{3-i} h^j (1-h)^{1-j}\f$ at \f$i + 4j\f$ and
/// \f$\binom{4}{i} n^i (1-n)^{4-i}\f$ at \f$8 + i\f$ (the proportions
/// stochastic_hodgkin_huxley::initial_state() rounds to counts).
/// \ingroup models_neuron
/// \param m,h,n the gate variables, in \f$[0, 1]\f$.
/// \returns the 13 fractions (the first 8 and the last 5 each sum to 1).
/// \throws std::domain_error for a gate outside \f$[0, 1]\f$.
vector hodgkin_huxley_state_fractions(double m, double h, double n);

/// \brief The linear-noise limit of stochastic_hodgkin_huxley on the state
/// \f$z = (V, u_0, \dots, u_7, w_0, \dots, w_4)\f$ (voltage, fractions of sodium and of potassium
/// channels per state): models linear_noise_model.
/// \ingroup models_neuron
///
/// Scaled by \f$N = N_{Na}\f$ with \f$N_K = \rho N\f$ (\f$\rho\f$ = the model's
/// \f$N_K / N_{Na}\f$, 0.3 at the standard densities), transition \f$j\f$ (source \f$s_j\f$,
/// target \f$t_j\f$, per-channel rate \f$r_j(V)\f$) moves a fraction \f$1/N_{Na}\f$ or
/// \f$1/N_K\f$ at rate \f$N_{Na} u_{s_j} r_j\f$ or \f$N_K w_{s_j} r_j\f$. Hence, with
/// \f$\ell_j = e_{t_j} - e_{s_j}\f$ and \f$c_j\f$ = 1 (sodium) or \f$1/\rho\f$ (potassium):
/// - drift(): \f$\dot V\f$ of the membrane equation at the open fractions \f$u_7, w_4\f$, and
///   \f$\dot z_{1+i} = \sum_j r_j(V) z_{1+s_j} \ell_{j,i}\f$;
/// - jump_covariance(): \f$\Sigma(z) = \sum_j c_j r_j(V) z_{1+s_j} \ell_j \ell_j^\top\f$ (the
///   voltage row and column are 0: the voltage does not jump);
/// - drift_jacobian(): central differences of drift() (finite_difference_jacobian()).
///
/// **Nothing is retyped.** The transitions (source, target, \f$r_j\f$) are read from the model:
/// \f$r_j(V)\f$ is its intensity at one channel in every state, the source and target from its
/// jump; \f$\dot V\f$ is its flow, which is affine in the two open fractions, evaluated at
/// all-closed and at all-open counts. Along the Hodgkin-Huxley ODE the fractions are
/// limit_state() of \f$(V, m, h, n)\f$, and \f$G_0 = 0\f$ for the rounded initial counts of
/// stochastic_hodgkin_huxley::initial_state() (rounding error \f$O(1/N)\f$).
///
/// \f$\sqrt{N_{Na}} \sqrt{E \sup_{t \le T} |V^N_t - V_t|^2} \to K_\infty\f$ with the norm
/// voltage_norm on \f$G\f$ (Pakdaman, Thieullen and Wainrib 2010: the central limit theorem of
/// the fluid limit).
class hodgkin_huxley_linear_noise {
 public:
  /// \brief The dimension of \f$z\f$: the voltage and the 13 fractions.
  static constexpr index state_dimension = 1 + stochastic_hodgkin_huxley::states;

  /// \brief The linear-noise limit of `model` (its parameters and its ratio \f$N_K/N_{Na}\f$).
  /// \param model the stochastic neuron (copied).
  explicit hodgkin_huxley_linear_noise(const stochastic_hodgkin_huxley& model);

  /// \brief The state \f$z\f$ on the limit: the voltage and hodgkin_huxley_state_fractions().
  /// \param x \f$(V, m, h, n)\f$, a state of hodgkin_huxley_ode.
  /// \param z receives \f$z\f$ (size state_dimension).
  /// \throws std::invalid_argument if `x` does not have 4 entries.
  /// \throws std::domain_error for a gate outside \f$[0, 1]\f$.
  void limit_state(const vector& x, vector& z) const;

  /// \brief The limit drift \f$F(z)\f$ on the fractions.
  /// \param z the state (size state_dimension).
  /// \param dzdt receives \f$F(z)\f$ (resized).
  void drift(const vector& z, vector& dzdt) const;

  /// \brief \f$DF(z)\f$ by central differences of drift().
  /// \param z the state.
  /// \param a receives the Jacobian (state_dimension squared).
  void drift_jacobian(const vector& z, matrix& a) const;

  /// \brief \f$\Sigma(z)\f$ (see the class description).
  /// \param z the state.
  /// \param s receives \f$\Sigma(z)\f$ (state_dimension squared).
  void jump_covariance(const vector& z, matrix& s) const;

  /// \brief The norm of the voltage error: \f$|g_0|\f$ of a state \f$g\f$ of \f$G\f$ (for
  /// asymptotic_error_constant(), to match a sup distance of the voltage alone).
  struct voltage_norm {
    /// \brief \f$|g_0|\f$.
    /// \tparam G an Eigen vector expression.
    /// \param g the state.
    /// \returns \f$|g_0|\f$.
    template <class G>
    double operator()(const G& g) const {
      return g[0] < 0 ? -g[0] : g[0];
    }
  };

 private:
  static constexpr std::size_t transitions =
      static_cast<std::size_t>(stochastic_hodgkin_huxley::transitions);
  vector rates(double v) const;  // r_j(V), j < 28

  stochastic_hodgkin_huxley model_;
  std::array<index, transitions> source_{}, target_{};
  std::array<double, transitions> weight_{};  // c_j
};

}  // namespace jumpflow
