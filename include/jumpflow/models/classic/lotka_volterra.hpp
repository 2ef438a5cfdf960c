/// \file
/// \brief The stochastic Lotka-Volterra predator-prey model and its density-dependent family.
#pragma once

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief Lotka-Volterra on species (prey \f$X\f$, predator \f$Y\f$) = indices (0, 1):
/// prey birth \f$X \to 2X\f$ at rate \f$a X\f$, predation \f$X + Y \to 2Y\f$ at rate
/// \f$b X Y / N\f$, predator death \f$Y \to \emptyset\f$ at rate \f$c Y\f$ (channels 0, 1, 2).
/// \ingroup models_classic
/// \param prey_birth \f$a \ge 0\f$, finite.
/// \param predation \f$b \ge 0\f$, finite.
/// \param predator_death \f$c \ge 0\f$, finite.
/// \param scale the normalising size \f$N > 0\f$, finite (1 for the plain mass-action model).
/// \returns the reaction network.
/// \throws std::domain_error if a parameter is out of its domain.
reaction_network lotka_volterra(double prey_birth, double predation, double predator_death,
                                double scale = 1.0);

/// \brief The density-dependent Lotka-Volterra family: at scale \f$n\f$ the network
/// lotka_volterra(\f$a, b, c, n\f$); \f$X^n = (X, Y)/n\f$.
/// \ingroup models_classic
///
/// Limit: \f$\dot x = a x - b x y\f$, \f$\dot y = b x y - c y\f$. Read the scaled state with
/// to_density(counts, n, X); start the counts at initial_counts(n).
class lotka_volterra_family {
 public:
  /// \brief The family with rates \f$a, b, c\f$ and initial densities \f$(x_0, y_0)\f$.
  /// \param prey_birth \f$a \ge 0\f$, finite.
  /// \param predation \f$b \ge 0\f$, finite.
  /// \param predator_death \f$c \ge 0\f$, finite.
  /// \param x0,y0 the initial densities, finite and \f$\ge 0\f$.
  /// \throws std::domain_error if a parameter is out of its domain.
  lotka_volterra_family(double prey_birth, double predation, double predator_death, double x0,
                        double y0);
  /// \brief The network at scale `n` (counts).
  /// \param n the scale \f$n > 0\f$, finite.
  /// \returns lotka_volterra(\f$a, b, c, n\f$).
  /// \throws std::domain_error if `n` is not finite and positive.
  reaction_network model(double n) const;
  /// \brief The initial counts at scale `n`.
  /// \param n the scale.
  /// \returns \f$\mathrm{round}(n (x_0, y_0))\f$.
  /// \throws std::domain_error if `n` is not finite and positive.
  count_vector initial_counts(double n) const;
  /// \brief The initial condition of the limit.
  /// \returns \f$(x_0, y_0)\f$.
  const vector& initial_state() const noexcept { return x0_; }
  /// \brief The limit drift.
  /// \param x the densities \f$(x, y)\f$.
  /// \param dxdt \f$(a x - b x y, b x y - c y)\f$ (resized if needed).
  void drift(const vector& x, vector& dxdt) const;
  /// \brief The dimension of the state, 2.
  /// \returns 2.
  static constexpr index dimension() noexcept { return 2; }

 private:
  double prey_birth_, predation_, predator_death_;
  vector x0_;
};

}  // namespace jumpflow
