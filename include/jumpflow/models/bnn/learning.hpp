/// \file
/// \brief Learning over many opportunities: the STDP rule run over a sequence of training pairs,
/// each for time \f$T\f$, and its limit, the composition of the gradient flows
/// \f$\theta_k = \Phi^{L_k}_T(\theta_{k-1})\f$.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/models/bnn/feedforward_network.hpp"
#include "jumpflow/models/bnn/gradient_flow.hpp"
#include "jumpflow/models/bnn/network_loss.hpp"
#include "jumpflow/models/bnn/stdp_rule.hpp"
#include "jumpflow/ode/dense_solution.hpp"

namespace jumpflow {

/// \brief The parameters of learning over opportunities.
/// \ingroup models_bnn
struct learning_options {
  double n = 1000.0;                    ///< spike intensity \f$n\f$ per unit time
  double learning_rate = 1.0;           ///< \f$\alpha\f$
  double amplitude = 1.0;               ///< STDP amplitude \f$A\f$
  double horizon = 1.0;                 ///< time \f$T\f$ spent on each opportunity
  pair_loss loss = pair_loss::squared;  ///< the per-pair loss
  stdp_rule_options rule{};             ///< scaling and difference scheme
};

namespace detail {
inline void check_learning(const char* f, const feedforward_network* net,
                           std::span<const training_pair> pairs, const learning_options& o,
                           const vector& w) {
  require_argument(net != nullptr, f, "network", "null", "a network");
  require_argument(!pairs.empty(), f, "pairs.size()", 0, ">= 1");
  require_domain(std::isfinite(o.horizon) && o.horizon > 0, f, "options.horizon", o.horizon,
                 "finite and > 0");
  require_argument(w.size() == net->dimension(), f, "w.size()", w.size(),
                   "equal to network->dimension()");
}
}  // namespace detail

/// \brief Runs the STDP rule over the opportunities `pairs` in order: opportunity \f$k\f$
/// (0-based) is processed on \f$(kT, (k+1)T]\f$ by stdp_rule with loss
/// \f$L_k(w) = \ell(y_k, f_w(x_k))\f$, simulated by simulate_prm_driven() (spikes: a marked
/// Poisson random measure of rate \f$n\f$ and mark law `law`). Stores no path.
/// \ingroup models_bnn
/// \tparam Law a mark_law of dimension \f$d\f$ (e.g. uniform_cube_law(d)).
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer called `obs(w, t)` as simulate_prm_driven() does on each opportunity's
///         span \f$[kT, (k+1)T]\f$ (global time; the boundaries are seen twice).
/// \param network the network (its dimension is \f$d\f$).
/// \param pairs the training pairs, one per opportunity.
/// \param law the perturbation law.
/// \param options \f$n, \alpha, A, T\f$, the pair loss and the rule's options.
/// \param w the weights: initial on entry, final on return.
/// \param g the engine.
/// \param obs the observer.
/// \returns the number of spikes.
/// \throws std::invalid_argument, std::domain_error for bad input (as stdp_rule, network_loss).
/// \throws simulation_error if a loss turns non-finite (`w` keeps its last valid value).
template <mark_law Law, urbg URBG, class Observer = null_observer>
std::uint64_t learn_opportunities(const std::shared_ptr<const feedforward_network>& network,
                                  std::span<const training_pair> pairs, const Law& law,
                                  const learning_options& options, vector& w, URBG& g,
                                  Observer&& obs = {}) {
  detail::check_learning("jumpflow::learn_opportunities", network.get(), pairs, options, w);
  std::uint64_t spikes = 0;
  const double T = options.horizon;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    const stdp_rule<network_loss, Law> rule(network_loss(network, pairs[k], options.loss), law,
                                            options.n, options.learning_rate, options.amplitude,
                                            options.rule);
    const double t0 = static_cast<double>(k) * T;
    spikes += simulate_prm_driven(rule, w, t0, t0 + T, g, obs);
  }
  return spikes;
}

/// \brief The limit of learn_opportunities(): on \f$[kT, (k+1)T]\f$ the gradient flow
/// \f$\dot\theta = -\kappa \nabla L_k(\theta)\f$ started where the previous one ended
/// (\f$\kappa\f$ = stdp_rule::limit_coefficient() of the options and law), each solved by the
/// ode module's dense_solution; callable as `flow(t, out)` for any \f$t \in [0, KT]\f$.
/// \ingroup models_bnn
class opportunity_flow {
 public:
  /// \brief Solves the flows of all opportunities.
  /// \tparam Law the perturbation law (only its second moment enters, through \f$\kappa\f$).
  /// \param network the network.
  /// \param pairs the training pairs.
  /// \param law the perturbation law.
  /// \param options as for learn_opportunities().
  /// \param w0 the initial weights.
  /// \param ode the integrator's tolerances.
  /// \throws std::invalid_argument, std::domain_error for bad input.
  template <mark_law Law>
  opportunity_flow(const std::shared_ptr<const feedforward_network>& network,
                   std::span<const training_pair> pairs, const Law& law,
                   const learning_options& options, const vector& w0, ode_options ode = {})
      : horizon_(options.horizon) {
    detail::check_learning("jumpflow::opportunity_flow", network.get(), pairs, options, w0);
    vector w = w0;
    pieces_.reserve(pairs.size());
    for (std::size_t k = 0; k < pairs.size(); ++k) {
      const stdp_rule<network_loss, Law> rule(network_loss(network, pairs[k], options.loss), law,
                                              options.n, options.learning_rate, options.amplitude,
                                              options.rule);
      const double t0 = static_cast<double>(k) * horizon_;
      pieces_.emplace_back(gradient_flow<network_loss>(rule.loss(), rule.limit_coefficient()), w,
                           t0, t0 + horizon_, ode);
      pieces_.back()(t0 + horizon_, w);
    }
  }
  /// \brief \f$\theta(t)\f$ into `out`.
  /// \param t the time in \f$[0, KT]\f$ (clamped).
  /// \param out receives the weights.
  void operator()(double t, vector& out) const {
    const double last = static_cast<double>(pieces_.size() - 1);
    const double k = std::clamp(std::floor(t / horizon_), 0.0, last);
    const double end = static_cast<double>(pieces_.size()) * horizon_;
    pieces_[static_cast<std::size_t>(k)](std::clamp(t, 0.0, end), out);
  }
  /// \brief \f$\theta(t)\f$.
  /// \param t the time.
  /// \returns the weights.
  vector operator()(double t) const {
    vector out;
    (*this)(t, out);
    return out;
  }
  /// \brief The number of opportunities \f$K\f$.
  /// \returns \f$K\f$.
  std::size_t opportunities() const noexcept { return pieces_.size(); }

 private:
  double horizon_;
  std::vector<dense_solution> pieces_;
};

}  // namespace jumpflow
