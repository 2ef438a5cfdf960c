/// \file
/// \brief density_linear_noise: the linear-noise (fluctuation) limit of a density-dependent
/// family of reaction networks, \f$\sqrt n (X^n - x) \Rightarrow G\f$, \f$dG = DF(x_t) G\, dt +
/// \Sigma(x_t)^{1/2} dW\f$ (Kurtz 1978), as a linear_noise_model for asymptotic_error_constant().
#pragma once

#include <functional>
#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/limit/scaled_family.hpp"

namespace jumpflow {

/// \brief The linear-noise limit of a density-dependent family (the classic families of
/// jumpflow/models/classic): models linear_noise_model.
/// \ingroup models_classic
///
/// At scale \f$n\f$ the density \f$X^n = x/n\f$ jumps by \f$l_j / n\f$ (\f$l_j = \nu_j\f$, the
/// channel's state change) at rate \f$n \beta_j(X^n)\f$, with \f$\beta_j(X) = a^n_j(n X)/n\f$
/// free of \f$n\f$ to leading order. Then
/// - jump_covariance(): \f$\Sigma(x) = \sum_j \beta_j(x) l_j l_j^\top\f$;
/// - drift_jacobian(): \f$DF(x)\f$, the Jacobian of the family's limit drift \f$F(x) =
///   \sum_j \beta_j(x) l_j\f$, by central differences of `family.drift`
///   (finite_difference_jacobian(), relative error about \f$10^{-10}\f$).
///
/// **Where the rates come from.** Nothing is retyped: the channels, their state changes and
/// propensities are those of `family.model(N)` at a large reference scale \f$N\f$ (default
/// \f$2^{30}\f$), and \f$\beta_j(x) = a^N_j(N x)/N\f$. A mass-action propensity is evaluated as
/// its polynomial at the real point \f$N x\f$ (falling factorials, relative error
/// \f$O(1/(N x))\f$ against the \f$n \to \infty\f$ limit); a custom propensity, which reads
/// integer counts, at the nearest counts \f$\mathrm{round}(N x)\f$ (relative error
/// \f$O(1/(N x))\f$). channel_rates() exposes \f$\beta\f$, so a test can check \f$\sum_j
/// \beta_j l_j\f$ against the family's drift.
class density_linear_noise {
 public:
  /// \brief The linear-noise limit of `family`.
  /// \tparam Family a scaled_family whose `model(n)` is a reaction_network and whose drift
  ///         acts on densities (immigration_death_family, sir_family, ...).
  /// \param family the family (copied).
  /// \param reference_scale \f$N\f$, finite and \f$\ge 1\f$.
  /// \throws std::domain_error for a bad `reference_scale`; whatever `family.model(N)` throws.
  template <scaled_family Family>
  explicit density_linear_noise(const Family& family, double reference_scale = 1073741824.0)
      : density_linear_noise(check_scale(reference_scale), family.model(reference_scale),
                             [family](const vector& x, vector& dxdt) { family.drift(x, dxdt); }) {}

  /// \brief The number of species \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return network_.species(); }

  /// \brief The density rates \f$\beta_j(x)\f$, \f$j < M\f$.
  /// \param x the densities (size \f$d\f$, entries \f$\ge 0\f$).
  /// \param beta receives \f$\beta\f$ (resized to the number of channels).
  void channel_rates(const vector& x, vector& beta) const;

  /// \brief \f$\Sigma(x) = \sum_j \beta_j(x) l_j l_j^\top\f$.
  /// \param x the densities.
  /// \param s receives \f$\Sigma(x)\f$ (\f$d \times d\f$).
  void jump_covariance(const vector& x, matrix& s) const;

  /// \brief \f$DF(x)\f$ by central differences of the family's drift.
  /// \param x the densities.
  /// \param a receives the Jacobian (\f$d \times d\f$).
  void drift_jacobian(const vector& x, matrix& a) const;

 private:
  static double check_scale(double n);
  density_linear_noise(double scale, reaction_network network,
                       std::function<void(const vector&, vector&)> drift);

  double scale_;
  reaction_network network_;
  std::function<void(const vector&, vector&)> drift_;
};

}  // namespace jumpflow
