/// \file
/// \brief Gene expression with negative feedback (mRNA, protein) and its density-dependent family.
#pragma once

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief Parameters of gene expression with negative feedback.
/// \ingroup models_classic
struct gene_expression_parameters {
  double transcription = 10.0;  ///< maximal transcription rate \f$k_m\f$
  double repression =
      50.0;           ///< repression threshold \f$K > 0\f$ (protein count, or density in a family)
  double hill = 2.0;  ///< Hill coefficient \f$h > 0\f$
  double mrna_decay = 1.0;     ///< mRNA decay rate \f$d_m\f$
  double translation = 5.0;    ///< translation rate per mRNA \f$k_p\f$
  double protein_decay = 0.2;  ///< protein decay rate \f$d_p\f$
};

/// \brief Gene expression with negative feedback on species (mRNA \f$M\f$, protein \f$P\f$) =
/// indices (0, 1): transcription \f$\emptyset \to M\f$ at rate \f$k_m / (1 + (P/K)^h)\f$
/// (a custom propensity reading \f$P\f$), mRNA decay \f$M \to \emptyset\f$ at rate
/// \f$d_m M\f$, translation \f$M \to M + P\f$ at rate \f$k_p M\f$, protein decay
/// \f$P \to \emptyset\f$ at rate \f$d_p P\f$ (channels 0 to 3).
/// \ingroup models_classic
/// \param p the parameters (all finite and \f$\ge 0\f$; \f$K, h > 0\f$).
/// \returns the reaction network.
/// \throws std::domain_error if a parameter is out of its domain.
reaction_network gene_expression(const gene_expression_parameters& p);

/// \brief The density-dependent family: at scale \f$n\f$ transcription runs at
/// \f$n k_m / (1 + (P/(nK))^h)\f$ and the other channels as above, so \f$X^n = (M, P)/n\f$
/// jumps by \f$1/n\f$ at rate \f$n \beta(X^n)\f$.
/// \ingroup models_classic
///
/// Limit: \f$\dot m = k_m / (1 + (p/K)^h) - d_m m\f$, \f$\dot p = k_p m - d_p p\f$ (here
/// \f$K\f$ is a density). Read the scaled state with to_density(counts, n, X); start the
/// counts at initial_counts(n).
class gene_expression_family {
 public:
  /// \brief The family with parameters `p` and initial densities \f$(m_0, p_0)\f$.
  /// \param p the parameters.
  /// \param m0,p0 the initial densities, finite and \f$\ge 0\f$.
  /// \throws std::domain_error if a parameter is out of its domain.
  gene_expression_family(const gene_expression_parameters& p, double m0, double p0);
  /// \brief The network at scale `n` (counts).
  /// \param n the scale \f$n > 0\f$, finite.
  /// \returns gene_expression with \f$k_m \to n k_m\f$, \f$K \to n K\f$.
  /// \throws std::domain_error if `n` is not finite and positive.
  reaction_network model(double n) const;
  /// \brief The initial counts at scale `n`.
  /// \param n the scale.
  /// \returns \f$\mathrm{round}(n (m_0, p_0))\f$.
  /// \throws std::domain_error if `n` is not finite and positive.
  count_vector initial_counts(double n) const;
  /// \brief The initial condition of the limit.
  /// \returns \f$(m_0, p_0)\f$.
  const vector& initial_state() const noexcept { return x0_; }
  /// \brief The limit drift.
  /// \param x the densities \f$(m, p)\f$.
  /// \param dxdt \f$(k_m/(1 + (p/K)^h) - d_m m, k_p m - d_p p)\f$ (resized if needed).
  void drift(const vector& x, vector& dxdt) const;
  /// \brief The dimension of the state, 2.
  /// \returns 2.
  static constexpr index dimension() noexcept { return 2; }
  /// \brief The parameters.
  /// \returns them.
  const gene_expression_parameters& parameters() const noexcept { return p_; }

 private:
  gene_expression_parameters p_;
  vector x0_;
};

}  // namespace jumpflow
