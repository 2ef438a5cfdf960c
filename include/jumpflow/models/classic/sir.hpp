/// \file
/// \brief The SIR epidemic and its density-dependent family.
#pragma once

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief SIR epidemic on species \f$(S, I, R)\f$ = indices (0, 1, 2): infection
/// \f$S + I \to 2I\f$ at rate \f$\beta S I / N\f$ (channel 0) and recovery
/// \f$I \to R\f$ at rate \f$\gamma I\f$ (channel 1).
/// \ingroup models_classic
/// \param infection \f$\beta \ge 0\f$, finite.
/// \param recovery \f$\gamma \ge 0\f$, finite.
/// \param population the normalising population \f$N > 0\f$, finite (usually the total).
/// \returns the reaction network.
/// \throws std::domain_error if a parameter is out of its domain.
reaction_network sir(double infection, double recovery, double population);

/// \brief The density-dependent SIR family: at scale \f$n\f$ the network sir(\f$\beta,
/// \gamma, n\f$), so \f$X^n = (S, I, R)/n\f$ jumps by \f$(-1, 1, 0)/n\f$ at rate
/// \f$n \beta s i\f$ and by \f$(0, -1, 1)/n\f$ at rate \f$n \gamma i\f$ (Kurtz 1970).
/// \ingroup models_classic
///
/// Limit (Kermack-McKendrick): \f$\dot s = -\beta s i\f$, \f$\dot i = \beta s i - \gamma i\f$,
/// \f$\dot r = \gamma i\f$. Read the scaled state with to_density(counts, n, X); start the
/// counts at initial_counts(n).
class sir_family {
 public:
  /// \brief The family with rates \f$\beta, \gamma\f$ and initial densities \f$(s_0, i_0, r_0)\f$.
  /// \param infection \f$\beta \ge 0\f$, finite.
  /// \param recovery \f$\gamma \ge 0\f$, finite.
  /// \param s0,i0,r0 the initial densities, finite and \f$\ge 0\f$.
  /// \throws std::domain_error if a parameter is out of its domain.
  sir_family(double infection, double recovery, double s0, double i0, double r0 = 0.0);
  /// \brief The network at scale `n` (counts).
  /// \param n the scale \f$n > 0\f$, finite.
  /// \returns sir(\f$\beta, \gamma, n\f$).
  /// \throws std::domain_error if `n` is not finite and positive.
  reaction_network model(double n) const;
  /// \brief The initial counts at scale `n`: \f$\mathrm{round}(n (s_0, i_0, r_0))\f$.
  /// \param n the scale.
  /// \returns the counts.
  /// \throws std::domain_error if `n` is not finite and positive.
  count_vector initial_counts(double n) const;
  /// \brief The initial condition of the limit.
  /// \returns \f$(s_0, i_0, r_0)\f$.
  const vector& initial_state() const noexcept { return x0_; }
  /// \brief The limit drift.
  /// \param x the densities \f$(s, i, r)\f$.
  /// \param dxdt \f$(-\beta s i, \beta s i - \gamma i, \gamma i)\f$ (resized if needed).
  void drift(const vector& x, vector& dxdt) const;
  /// \brief The dimension of the state, 3.
  /// \returns 3.
  static constexpr index dimension() noexcept { return 3; }
  /// \brief The infection rate.
  /// \returns \f$\beta\f$.
  double infection() const noexcept { return infection_; }
  /// \brief The recovery rate.
  /// \returns \f$\gamma\f$.
  double recovery() const noexcept { return recovery_; }

 private:
  double infection_, recovery_;
  vector x0_;
};

}  // namespace jumpflow
