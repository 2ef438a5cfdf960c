/// \file
/// \brief projected_observer: shows an observer a vector computed from the simulated state
/// (e.g. the voltage and open-channel fractions of a neuron model, to compare with a limit).
#pragma once

#include <concepts>
#include <utility>

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief An observer `obs(x, t)` that writes a projection \f$P(x)\f$ into a reused vector and
/// passes it on as `inner(P(x), t)`.
/// \ingroup jump
///
/// Typical use: a PDMP state (continuous part plus discrete counts) compared with an ODE limit
/// by a sup_distance_observer (in `path_kind::sampled` mode for a PDMP path). The buffer is
/// sized by the projection on the first call; nothing is allocated afterwards if the
/// projection keeps its size.
/// \tparam Projection a callable `proj(const State& x, vector& out)`.
/// \tparam Inner an observer of `(const vector&, double)`.
template <class Projection, class Inner>
class projected_observer {
 public:
  /// \brief Projects with `projection`, then calls `inner`.
  /// \param projection the projection.
  /// \param inner the observer that sees the projected path.
  projected_observer(Projection projection, Inner inner)
      : projection_(std::move(projection)), inner_(std::move(inner)) {}

  /// \brief Projects `x` and forwards it with `t`.
  /// \tparam State the simulator's state type.
  /// \param x the state.
  /// \param t the time.
  template <class State>
  requires std::invocable<Projection&, const State&, vector&>
  void operator()(const State& x, double t) {
    projection_(x, value_);
    inner_(std::as_const(value_), t);
  }

  /// \brief The inner observer (e.g. to read a sup_distance_observer's result).
  /// \returns a reference to it.
  Inner& inner() noexcept { return inner_; }
  /// \brief The inner observer.
  /// \returns a const reference to it.
  const Inner& inner() const noexcept { return inner_; }

 private:
  Projection projection_;
  Inner inner_;
  vector value_;
};

}  // namespace jumpflow
