/// \file
/// \brief The Yule (pure birth) process and its density-dependent family.
#pragma once

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief Yule process: \f$S \to 2S\f$ at rate \f$\lambda x\f$; one species.
/// \ingroup models_classic
///
/// Started from 1, the count at time \f$t\f$ is geometric on \f$\{1, 2, \dots\}\f$ with
/// success probability \f$e^{-\lambda t}\f$.
/// \param birth the per-capita birth rate \f$\lambda \ge 0\f$, finite.
/// \returns the reaction network.
/// \throws std::domain_error if `birth` is negative, NaN or infinite.
reaction_network yule(double birth);

/// \brief The density-dependent Yule family: at scale \f$n\f$ births at rate \f$\lambda x\f$
/// (the same network), so \f$X^n = x/n\f$ jumps by \f$1/n\f$ at rate \f$n \lambda X^n\f$.
/// \ingroup models_classic
///
/// Limit: \f$\dot x = \lambda x\f$, \f$x(0) = x_0\f$. Read the scaled state with
/// to_density(counts, n, X); start the counts at initial_counts(n).
class yule_family {
 public:
  /// \brief The family with birth rate \f$\lambda\f$ and initial density \f$x_0\f$.
  /// \param birth \f$\lambda \ge 0\f$, finite.
  /// \param x0 \f$x_0 \ge 0\f$, finite.
  /// \throws std::domain_error if a parameter is out of its domain.
  yule_family(double birth, double x0);
  /// \brief The network at scale `n` (counts).
  /// \param n the scale \f$n > 0\f$, finite.
  /// \returns yule(\f$\lambda\f$).
  /// \throws std::domain_error if `n` is not finite and positive.
  reaction_network model(double n) const;
  /// \brief The initial counts at scale `n`: \f$\mathrm{round}(n x_0)\f$.
  /// \param n the scale.
  /// \returns the counts.
  /// \throws std::domain_error if `n` is not finite and positive.
  count_vector initial_counts(double n) const;
  /// \brief The initial condition of the limit.
  /// \returns \f$(x_0)\f$.
  const vector& initial_state() const noexcept { return x0_; }
  /// \brief The limit drift \f$\lambda x\f$.
  /// \param x the density (size 1).
  /// \param dxdt the drift (resized if needed).
  void drift(const vector& x, vector& dxdt) const;
  /// \brief The dimension of the state, 1.
  /// \returns 1.
  static constexpr index dimension() noexcept { return 1; }
  /// \brief The birth rate.
  /// \returns \f$\lambda\f$.
  double birth() const noexcept { return birth_; }

 private:
  double birth_;
  vector x0_;
};

}  // namespace jumpflow
