/// \file
/// \brief The loss_function concept shared by the analytic losses and the network losses of
/// the BNN learning rule.
#pragma once

#include <concepts>

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief A differentiable loss \f$L : \mathbb{R}^d \to \mathbb{R}\f$ of the weights.
/// \ingroup models_bnn
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `loss.dimension()` | `index` | \f$d\f$ |
/// | `loss.value(z)` | `double` | \f$L(z)\f$ for a `vector` `z` of size \f$d\f$ |
/// | `loss.gradient(z, g)` | | writes \f$\nabla L(z)\f$ into `g` (size \f$d\f$, caller-owned) |
///
/// Optional fast path (see has_fast_differences): `loss.central_difference(z, u, s)`
/// \f$= L(z + s u) - L(z - s u)\f$ and `loss.forward_difference(z, u, s)`
/// \f$= L(z + s u) - L(z)\f$, for losses where the change along \f$u\f$ costs less than two
/// evaluations (quadratic losses). Losses are immutable and may be shared by threads;
/// `value` and `gradient` allocate nothing after their first call on a thread.
/// \tparam Loss the loss type.
template <class Loss>
concept loss_function = requires(const Loss& loss, const vector& z, vector& g) {
  { loss.dimension() } -> std::convertible_to<index>;
  { loss.value(z) } -> std::convertible_to<double>;
  loss.gradient(z, g);
};

/// \brief A loss_function that also computes the change of loss along a direction directly
/// (`central_difference(z, u, s)` and `forward_difference(z, u, s)`); the learning rule then
/// uses them instead of two evaluations.
/// \ingroup models_bnn
/// \tparam Loss the loss type.
template <class Loss>
concept has_fast_differences = loss_function<Loss> &&
    requires(const Loss& loss, const vector& z, const vector& u, double s) {
  { loss.central_difference(z, u, s) } -> std::convertible_to<double>;
  { loss.forward_difference(z, u, s) } -> std::convertible_to<double>;
};

/// \brief A loss_function that is a sum of one-dimensional terms,
/// \f$L(z) = \sum_j \ell_j(z_j)\f$, and exposes them as `loss.term(j, x)` \f$= \ell_j(x)\f$.
/// \ingroup models
///
/// For such a loss an expectation over a perturbation with independent coordinates splits
/// into one-dimensional integrals (e.g. the smoothed drift of stdp_rule::mean_drift()).
/// \tparam Loss the loss type.
template <class Loss>
concept separable_loss = loss_function<Loss> && requires(const Loss& loss, index j, double x) {
  { loss.term(j, x) } -> std::convertible_to<double>;
};

/// \brief Whether `Loss` is quadratic in \f$z\f$ (it declares
/// `static constexpr bool is_quadratic = true`, as quadratic_loss does). A finite difference
/// of a quadratic loss is exactly linear in the step, so the STDP rule's drift is then the
/// gradient flow's for every amplitude.
/// \ingroup models
/// \tparam Loss the loss type.
template <class Loss>
inline constexpr bool is_quadratic_loss = requires { requires Loss::is_quadratic; };

}  // namespace jumpflow
