/// \file
/// \brief The immigration-death process and its density-dependent family.
#pragma once

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief Immigration-death: \f$\emptyset \to S\f$ at rate \f$k\f$ (channel 0) and
/// \f$S \to \emptyset\f$ at rate \f$g\,x\f$ (channel 1); one species.
/// \ingroup models_classic
///
/// Started from 0 the count at time \f$t\f$ is Poisson with mean
/// \f$(k/g)(1 - e^{-g t})\f$; the stationary law is Poisson(\f$k/g\f$).
/// \param immigration the immigration rate \f$k \ge 0\f$, finite.
/// \param death the per-capita death rate \f$g \ge 0\f$, finite.
/// \returns the reaction network.
/// \throws std::domain_error if a rate is negative, NaN or infinite.
reaction_network immigration_death(double immigration, double death);

/// \brief The density-dependent immigration-death family (Kurtz 1970): at scale \f$n\f$,
/// immigration at rate \f$n k\f$ and death at rate \f$g x\f$, so \f$X^n = x/n\f$ jumps by
/// \f$\pm 1/n\f$ at rate \f$n \beta_\pm(X^n)\f$ with \f$\beta_+ = k\f$, \f$\beta_-(X) = g X\f$.
/// \ingroup models_classic
///
/// Limit: \f$\dot x = k - g x\f$, \f$x(0) = x_0\f$. Read the scaled state with
/// to_density(counts, n, X); start the counts at initial_counts(n).
class immigration_death_family {
 public:
  /// \brief The family with immigration \f$k\f$, death \f$g\f$ and initial density \f$x_0\f$.
  /// \param immigration \f$k \ge 0\f$, finite.
  /// \param death \f$g \ge 0\f$, finite.
  /// \param x0 the initial density \f$\ge 0\f$, finite.
  /// \throws std::domain_error if a parameter is out of its domain.
  immigration_death_family(double immigration, double death, double x0);

  /// \brief The network at scale `n` (counts).
  /// \param n the scale \f$n > 0\f$, finite.
  /// \returns immigration_death(n k, g).
  /// \throws std::domain_error if `n` is not finite and positive.
  reaction_network model(double n) const;
  /// \brief The initial counts at scale `n`: \f$\mathrm{round}(n x_0)\f$.
  /// \param n the scale \f$n > 0\f$, finite.
  /// \returns the counts.
  /// \throws std::domain_error if `n` is not finite and positive.
  count_vector initial_counts(double n) const;
  /// \brief The initial condition of the limit, \f$(x_0)\f$.
  /// \returns a vector of size 1.
  const vector& initial_state() const noexcept { return x0_; }
  /// \brief The limit drift \f$k - g x\f$.
  /// \param x the density (size 1).
  /// \param dxdt the drift (resized if needed).
  void drift(const vector& x, vector& dxdt) const;
  /// \brief The dimension of the state, 1.
  /// \returns 1.
  static constexpr index dimension() noexcept { return 1; }
  /// \brief The immigration rate \f$k\f$.
  /// \returns \f$k\f$.
  double immigration() const noexcept { return immigration_; }
  /// \brief The death rate \f$g\f$.
  /// \returns \f$g\f$.
  double death() const noexcept { return death_; }

 private:
  double immigration_, death_;
  vector x0_;
};

}  // namespace jumpflow
