/// \file
/// \brief The reference problems of the learning-rule theorem: losses whose gradient at the
/// start and whose curvature do not depend on the dimension \f$d\f$ (\ref bnn_bound), so that a
/// convergence study sees \f$\sqrt{d/n}\f$ and not \f$d/\sqrt n\f$.
#pragma once

#include <memory>

#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/feedforward_network.hpp"
#include "jumpflow/models/bnn/network_loss.hpp"
#include "jumpflow/models/bnn/quadratic_loss.hpp"

namespace jumpflow {

/// \brief The start \f$z_0 = (1, \dots, 1)/\sqrt d\f$: \f$|z_0| = 1\f$ in every dimension.
/// \ingroup models
/// \param d the dimension, \f$\ge 1\f$.
/// \returns \f$z_0\f$.
/// \throws std::invalid_argument if `d < 1`.
vector reference_start(index d);

/// \brief The anisotropic quadratic loss \f$\tfrac12 z^T H z\f$ with
/// \f$H = \mathrm{Diag}(h)\f$, \f$h\f$ evenly spaced in \f$[0.5, 2]\f$ (\f$h = 1\f$ for
/// \f$d = 1\f$), minimiser \f$z^* = 0\f$: the spectrum does not depend on \f$d\f$.
/// \ingroup models
/// \param d the dimension, \f$\ge 1\f$.
/// \returns the loss.
/// \throws std::invalid_argument if `d < 1`.
quadratic_loss anisotropic_quadratic(index d);

/// \brief A small tanh network with squared loss whose gradient at the start does not depend
/// on its size.
/// \ingroup models
struct network_problem {
  std::shared_ptr<const feedforward_network> network;  ///< \brief Widths \f$\{k, 2, 1\}\f$, tanh hidden layer.
  network_loss loss;                                   ///< \brief Squared loss on one training pair.
  vector start;                                        ///< \brief The initial weights \f$w_0\f$.
};

/// \brief The tanh network \f$\{k, 2, 1\}\f$ (\f$d = 2k + 2\f$ weights) with one training pair
/// \f$x = (1, \dots, 1)/\sqrt k\f$, target 1.5, squared loss. The hidden rows of \f$w_0\f$ are
/// \f$0.8\,x\f$ and \f$-0.5\,x\f$ and the output weights \f$(1, -0.7)\f$, so the
/// pre-activations, the output and \f$|\nabla L(w_0)|\f$ are the same for every \f$k\f$.
/// \ingroup models
/// \param k the number of inputs, \f$\ge 1\f$.
/// \returns the network, its loss and \f$w_0\f$.
/// \throws std::invalid_argument if `k < 1`.
network_problem tanh_network_problem(index k);

}  // namespace jumpflow
