/// \file
/// \brief feedforward_network: a feed-forward network of neurons on a directed acyclic graph
/// with \f$d\f$ weighted edges, one output neuron, and backpropagation.
#pragma once

#include <span>
#include <vector>

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief The activation \f$\sigma\f$ of a neuron.
/// \ingroup models_bnn
enum class activation {
  identity,  ///< \f$\sigma(s) = s\f$
  tanh,      ///< \f$\sigma(s) = \tanh s\f$
  logistic,  ///< \f$\sigma(s) = 1/(1 + e^{-s})\f$
  softplus   ///< the smooth ReLU \f$\sigma(s) = \log(1 + e^{s})\f$
};

/// \brief \f$\sigma(s)\f$.
/// \ingroup models_bnn
/// \param a the activation.
/// \param s the pre-activation.
/// \returns \f$\sigma(s)\f$.
double activate(activation a, double s) noexcept;
/// \brief \f$\sigma'(s)\f$.
/// \ingroup models_bnn
/// \param a the activation.
/// \param s the pre-activation.
/// \returns \f$\sigma'(s)\f$.
double activate_derivative(activation a, double s) noexcept;

/// \brief A directed edge (synapse) from neuron `from` to neuron `to`; its weight is the
/// coordinate of the weight vector with the edge's index.
/// \ingroup models_bnn
struct network_edge {
  index from;  ///< the pre-synaptic neuron
  index to;    ///< the post-synaptic neuron (> from)
};

/// \brief A feed-forward network on a directed acyclic graph: neurons \f$0, \dots, N-1\f$,
/// the first `inputs` of them input neurons, the last the output neuron; \f$d\f$ weighted
/// edges \f$\nu = (i, j)\f$ with \f$i < j\f$ (a topological numbering).
/// \ingroup models_bnn
///
/// Neuron \f$j\f$ (not an input) computes \f$a_j = \sigma_j(s_j)\f$,
/// \f$s_j = \sum_{\nu = (i, j)} w_\nu a_i\f$, with the hidden activation for every neuron but
/// the output, which has its own (identity by default); the output is
/// \f$f_w(x) = a_{N-1}\f$. The gradient \f$\partial f_w(x)/\partial w\f$ is computed by
/// backpropagation in one backward pass. The network is immutable; evaluations use
/// per-thread scratch buffers (no allocation after the first call on a thread).
class feedforward_network {
 public:
  /// \brief The network on the given graph.
  /// \param inputs number of input neurons (\f$\ge 1\f$).
  /// \param neurons total number of neurons \f$N\f$ (\f$>\f$ inputs).
  /// \param edges the edges; edge \f$k\f$ carries weight \f$w_k\f$ (at least one edge).
  /// \param hidden the activation of the non-input, non-output neurons.
  /// \param output the activation of the output neuron.
  /// \throws std::invalid_argument if the counts are out of range or an edge is not
  ///         \f$0 \le i < j < N\f$ with \f$j \ge\f$ inputs.
  feedforward_network(index inputs, index neurons, std::vector<network_edge> edges,
                      activation hidden, activation output = activation::identity);

  /// \brief A fully connected layered network (no biases), e.g. widths `{3, 5, 1}`: edges
  /// ordered by target neuron, then by source neuron.
  /// \param widths the layer widths, input layer first; at least two layers, the last of width 1.
  /// \param hidden the activation of the hidden layers.
  /// \param output the activation of the output neuron.
  /// \returns the network, with \f$d = \sum_l w_{l-1} w_l\f$ edges.
  /// \throws std::invalid_argument if fewer than two layers, a width is < 1, or the last is not 1.
  static feedforward_network layered(std::span<const index> widths, activation hidden,
                                     activation output = activation::identity);

  /// \brief The number of input neurons.
  /// \returns the input dimension.
  index inputs() const noexcept { return inputs_; }
  /// \brief The number of neurons \f$N\f$.
  /// \returns \f$N\f$.
  index neurons() const noexcept { return neurons_; }
  /// \brief The number of edges = the number of weights \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return static_cast<index>(edges_.size()); }
  /// \brief The edges, in weight order.
  /// \returns the edges.
  const std::vector<network_edge>& edges() const noexcept { return edges_; }

  /// \brief The output \f$f_w(x)\f$.
  /// \param w the weights (size dimension()).
  /// \param x the input (size inputs()).
  /// \returns \f$f_w(x)\f$.
  double output(const vector& w, const vector& x) const;

  /// \brief The output and its gradient in the weights, by backpropagation.
  /// \param w the weights (size dimension()).
  /// \param x the input (size inputs()).
  /// \param grad receives \f$\partial f_w(x) / \partial w\f$ (size dimension()).
  /// \returns \f$f_w(x)\f$.
  double output_gradient(const vector& w, const vector& x, vector& grad) const;

 private:
  double forward(const vector& w, const vector& x, std::vector<double>& pre,
                 std::vector<double>& act) const;

  index inputs_;
  index neurons_;
  std::vector<network_edge> edges_;
  activation hidden_;
  activation output_;
  std::vector<index>
      in_begin_;  // incoming edges of neuron j: sorted_[in_begin_[j] .. in_begin_[j+1])
  std::vector<index> sorted_;  // edge indices sorted by target neuron
};

}  // namespace jumpflow
