/// \file
/// \brief stdp_law: the spike-timing-dependent plasticity (STDP) perturbation law, drawn
/// from simulated pre- and post-synaptic spike times.
#pragma once

#include <cmath>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/exponential.hpp"

namespace jumpflow {

/// \brief The STDP perturbation law on \f$\mathbb{R}^d\f$: each synapse's update is
/// \f$\xi = \pm A\, e^{-\mu |\Delta t|}\f$, the sign given by the order of its pre- and
/// post-synaptic spikes. Models mark_law.
/// \ingroup random
///
/// **Mechanism (simulated, not a shortcut).** For each synapse, the first spikes of the
/// pre- and of the post-synaptic neuron after a common reference time are simulated as
/// two independent exponential clocks \f$T_{pre}, T_{post} \sim \mathrm{Exp}(\lambda)\f$
/// (Poisson spike trains of rate \f$\lambda\f$). With \f$\Delta t = T_{post} - T_{pre}\f$,
/// the synapse is potentiated (\f$+\f$) when the pre-synaptic spike comes first and
/// depressed (\f$-\f$) otherwise, by \f$A e^{-\mu |\Delta t|}\f$ (the exponential STDP
/// window of decay rate \f$\mu\f$).
///
/// **Law.** By memorylessness \f$|\Delta t| \sim \mathrm{Exp}(\lambda)\f$, independent of the
/// sign, which is fair. Hence \f$|\xi|/A = e^{-\mu|\Delta t|} \sim \mathrm{Beta}(\lambda/\mu,
/// 1)\f$, \f$E \xi^2 = A^2 \lambda/(\lambda + 2\mu)\f$, \f$E \xi^4 = A^4 \lambda/(\lambda +
/// 4\mu)\f$, and for \f$\lambda = \mu\f$ the law is exactly uniform on \f$[-A, A]\f$ (the rate
/// condition under which it equals the default perturbation law of the learning rule).
///
/// Draw order: coordinate \f$j = 0, \dots, d-1\f$ takes \f$T_{pre}\f$ then \f$T_{post}\f$ from
/// two successive standard_exponential() draws (divided by \f$\lambda\f$).
class stdp_law {
 public:
  /// \brief The law of \f$d\f$ independent synapses.
  /// \param dimension \f$d \ge 1\f$ (number of synapses).
  /// \param spike_rate \f$\lambda\f$, the rate of the pre- and post-synaptic spike trains,
  ///        finite and \f$> 0\f$.
  /// \param window_decay \f$\mu\f$, the decay rate of the STDP window, finite and \f$> 0\f$.
  /// \param amplitude \f$A\f$, finite and \f$> 0\f$ (default 1: a unit perturbation whose scale
  ///        the learning rule sets).
  /// \throws std::invalid_argument if `dimension < 1`.
  /// \throws std::domain_error if a rate or the amplitude is not finite and positive.
  stdp_law(index dimension, double spike_rate, double window_decay, double amplitude = 1.0)
      : dimension_(dimension), lambda_(spike_rate), mu_(window_decay), amplitude_(amplitude) {
    require_argument(dimension >= 1, "jumpflow::stdp_law", "dimension", dimension, ">= 1");
    require_domain(std::isfinite(spike_rate) && spike_rate > 0, "jumpflow::stdp_law", "spike_rate",
                   spike_rate, "finite and > 0");
    require_domain(std::isfinite(window_decay) && window_decay > 0, "jumpflow::stdp_law",
                   "window_decay", window_decay, "finite and > 0");
    require_domain(std::isfinite(amplitude) && amplitude > 0, "jumpflow::stdp_law", "amplitude",
                   amplitude, "finite and > 0");
  }

  /// \brief The dimension \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return dimension_; }
  /// \brief The spike rate \f$\lambda\f$.
  /// \returns \f$\lambda\f$.
  double spike_rate() const noexcept { return lambda_; }
  /// \brief The window decay rate \f$\mu\f$.
  /// \returns \f$\mu\f$.
  double window_decay() const noexcept { return mu_; }
  /// \brief The amplitude \f$A\f$.
  /// \returns \f$A\f$.
  double amplitude() const noexcept { return amplitude_; }
  /// \brief \f$E \xi_j^2 = A^2 \lambda / (\lambda + 2\mu)\f$, derived from \f$(\lambda, \mu)\f$.
  /// \returns the second moment of one coordinate.
  double second_moment() const noexcept {
    return amplitude_ * amplitude_ * lambda_ / (lambda_ + 2.0 * mu_);
  }
  /// \brief \f$E \xi_j^4 = A^4 \lambda / (\lambda + 4\mu)\f$.
  /// \returns the fourth moment of one coordinate.
  double fourth_moment() const noexcept {
    const double a2 = amplitude_ * amplitude_;
    return a2 * a2 * lambda_ / (lambda_ + 4.0 * mu_);
  }

  /// \brief Fills `out` with one draw: one simulated spike pair per synapse.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \param out a vector of size dimension().
  template <urbg URBG>
  void operator()(URBG& g, vector& out) const {
    eigen_assert(out.size() == dimension_);
    const double inv_lambda = 1.0 / lambda_;
    for (index j = 0; j < dimension_; ++j) {
      const double pre = standard_exponential(g) * inv_lambda;
      const double post = standard_exponential(g) * inv_lambda;
      const double dt = post - pre;
      const double size = amplitude_ * std::exp(-mu_ * std::abs(dt));
      out[j] = dt > 0 ? size : -size;  // pre before post: potentiation
    }
  }

  /// \brief One draw in a new vector.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \returns the draw.
  template <urbg URBG>
  vector operator()(URBG& g) const {
    vector out(dimension_);
    (*this)(g, out);
    return out;
  }

 private:
  index dimension_;
  double lambda_;
  double mu_;
  double amplitude_;
};

}  // namespace jumpflow
