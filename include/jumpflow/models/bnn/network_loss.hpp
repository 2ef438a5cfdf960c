/// \file
/// \brief network_loss: the loss \f$L(w) = \ell(y, f_w(x))\f$ of one training pair for a
/// feedforward_network (squared or logistic).
#pragma once

#include <memory>

#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/feedforward_network.hpp"

namespace jumpflow {

/// \brief The loss \f$\ell\f$ of one training pair.
/// \ingroup models_bnn
enum class pair_loss {
  squared,  ///< \f$\ell(y, f) = \tfrac12 (f - y)^2\f$
  logistic  ///< \f$\ell(y, f) = \log(1 + e^{-y f})\f$, labels \f$y \in \{-1, +1\}\f$
};

/// \brief One training pair \f$(x, y)\f$.
/// \ingroup models_bnn
struct training_pair {
  vector x;  ///< the input
  double y;  ///< the target (a label \f$\pm 1\f$ for the logistic loss)
};

/// \brief The loss of a learning opportunity, \f$L(w) = \ell(y, f_w(x))\f$. Models loss_function.
/// \ingroup models_bnn
///
/// The gradient is \f$\ell'(y, f_w(x))\, \partial f_w(x)/\partial w\f$, by backpropagation.
class network_loss {
 public:
  /// \brief The loss of the pair `(x, y)` for `network`.
  /// \param network the network (shared, immutable).
  /// \param pair the training pair; `pair.x` has size network->inputs().
  /// \param loss the per-pair loss.
  /// \throws std::invalid_argument if `network` is null, the input size differs, or a
  ///         logistic label is not \f$\pm 1\f$.
  /// \throws std::domain_error if the pair is not finite.
  network_loss(std::shared_ptr<const feedforward_network> network, training_pair pair,
               pair_loss loss = pair_loss::squared);

  /// \brief The number of weights \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return network_->dimension(); }
  /// \brief The network.
  /// \returns the network.
  const feedforward_network& network() const noexcept { return *network_; }
  /// \brief The training pair.
  /// \returns the pair.
  const training_pair& pair() const noexcept { return pair_; }

  /// \brief \f$\ell(y, f)\f$.
  /// \param f the network output.
  /// \returns the loss.
  double pointwise(double f) const noexcept;
  /// \brief \f$\partial \ell(y, f)/\partial f\f$.
  /// \param f the network output.
  /// \returns the derivative.
  double pointwise_derivative(double f) const noexcept;

  /// \brief \f$L(w)\f$.
  /// \param w the weights (size \f$d\f$).
  /// \returns \f$\ell(y, f_w(x))\f$.
  double value(const vector& w) const { return pointwise(network_->output(w, pair_.x)); }

  /// \brief \f$\nabla L(w)\f$ by backpropagation.
  /// \param w the weights (size \f$d\f$).
  /// \param g receives the gradient (size \f$d\f$).
  void gradient(const vector& w, vector& g) const {
    const double f = network_->output_gradient(w, pair_.x, g);
    g *= pointwise_derivative(f);
  }

 private:
  std::shared_ptr<const feedforward_network> network_;
  training_pair pair_;
  pair_loss loss_;
};

}  // namespace jumpflow
