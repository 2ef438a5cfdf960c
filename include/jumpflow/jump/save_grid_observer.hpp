/// \file
/// \brief save_grid_observer: turns the event-by-event observer calls of a simulator into
/// calls on a fixed time grid.
#pragma once

#include <cmath>
#include <cstddef>
#include <utility>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

/// \brief Observer adaptor: forwards the path to `inner(x, t_k)` on the grid
/// \f$t_k = t_{\mathrm{start}} + k\,h\f$, \f$k = 0, \dots, K-1\f$, with \f$x\f$ the state at
/// \f$t_k\f$ (right-continuous: jumps at exactly \f$t_k\f$ are included).
/// \ingroup jump
///
/// Pass it to a simulator as the observer (by reference, so you keep the inner observer's
/// results). Grid points before the first observed time are never emitted; grid points after
/// the last observed time are emitted when the simulator reports its end time, if they are
/// \f$\le\f$ it. It keeps one copy of the state (the left limit), allocated at the first
/// call and reused afterwards, so it allocates nothing per event.
/// \tparam State the state type (count_vector, vector).
/// \tparam Inner the callable `inner(const State&, double)`.
template <class State, class Inner>
class save_grid_observer {
 public:
  /// \brief Grid of `points` times from `start` with spacing `step`.
  /// \param start the first grid time, finite.
  /// \param step the spacing \f$h > 0\f$, finite.
  /// \param points the number \f$K\f$ of grid times.
  /// \param inner the observer called on the grid.
  /// \throws std::domain_error if `start` is not finite or `step` is not finite and positive.
  save_grid_observer(double start, double step, std::size_t points, Inner inner)
      : start_(start), step_(step), points_(points), inner_(std::move(inner)) {
    require_domain(std::isfinite(start), "jumpflow::save_grid_observer", "start", start, "finite");
    require_domain(std::isfinite(step) && step > 0.0, "jumpflow::save_grid_observer", "step", step,
                   "finite and > 0");
  }

  /// \brief Receives the state `x` at time `t` from the simulator.
  /// \param x the state.
  /// \param t the time; calls come with non-decreasing times.
  void operator()(const State& x, double t) {
    // Grid points strictly before t see the state before this call (the left limit).
    if (started_) {
      while (next_ < points_ && time(next_) < t) inner_(previous_, time(next_++));
    } else {
      while (next_ < points_ && time(next_) < t) ++next_;  // before the path started
      started_ = true;
    }
    previous_ = x;
    // A grid point at exactly t sees the state after the jump at t; later calls at the same
    // time (simultaneous events) are not possible for the simulators of jumpflow, except
    // for the final call at the end time, which repeats the state.
    while (next_ < points_ && time(next_) == t) inner_(x, time(next_++));
  }

  /// \brief The number of grid points emitted so far.
  /// \returns the count.
  std::size_t emitted() const noexcept { return next_; }

  /// \brief The inner observer.
  /// \returns a reference to it.
  Inner& inner() noexcept { return inner_; }

 private:
  double time(std::size_t k) const noexcept { return start_ + static_cast<double>(k) * step_; }

  double start_, step_;
  std::size_t points_;
  Inner inner_;
  State previous_{};
  std::size_t next_ = 0;
  bool started_ = false;
};

/// \brief Makes a save_grid_observer for states of type `State`.
/// \ingroup jump
/// \tparam State the state type (count_vector, vector).
/// \tparam Inner the callable `inner(const State&, double)`.
/// \param start the first grid time.
/// \param step the spacing.
/// \param points the number of grid times.
/// \param inner the observer called on the grid (copied; pass `std::ref` to keep it).
/// \returns the adaptor.
/// \throws std::domain_error as save_grid_observer's constructor.
template <class State, class Inner>
save_grid_observer<State, Inner> save_grid(double start, double step, std::size_t points,
                                           Inner inner) {
  return save_grid_observer<State, Inner>(start, step, points, std::move(inner));
}

}  // namespace jumpflow
