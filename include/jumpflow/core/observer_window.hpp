/// \file
/// \brief count_window and windowed_observer: an optional protocol through which an observer
/// of count states tells a simulator which calls it does not need.
#pragma once

#include <concepts>
#include <cstdint>
#include <limits>

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief The calls an observer of count states (count_vector) does not need: those at times
/// up to `until` whose state lies in a box, or in a ball around it (see windowed_observer).
/// \ingroup core
///
/// The box holds, per species \f$i\f$, the counts \f$v\f$ with
/// \f$\ell_i \le v \le \ell_i + w_i\f$, stored as `box[2i]` \f$= \ell_i\f$ and
/// `box[2i + 1]` \f$= w_i \ge 0\f$, read as an unsigned integer (a width up to
/// \f$2^{64} - 1\f$ fits); contains() tests it in one unsigned comparison. A box that moves
/// (below) is compared in doubles: its bounds must lie within \f$\pm 2^{53}\f$. The empty
/// window (`until` \f$= -\infty\f$) lets no call be skipped; its box is then not read.
///
/// A box may also move: with a `drift` \f$r\f$ (counts per unit time), at time \f$t\f$ it holds
/// the counts with \f$\ell_i \le v - r_i (t - t_f) \le \ell_i + w_i\f$ (\f$t_f\f$ = `from`),
/// tested by contains(i, v, t). sup_distance_observer moves its box along the chord of a
/// dense_solution (dense_solution::chord_horizon()), which follows the limit much longer than a
/// fixed box can.
struct count_window {
  /// \brief Calls at times \f$\le\f$ `until` may be skipped (\f$-\infty\f$: none).
  double until = -std::numeric_limits<double>::infinity();
  /// \brief The box, two entries per species (lowest count, width); read only when `until` is
  /// finite, owned by the observer.
  const long long* box = nullptr;
  /// \brief The box's drift, one entry per species in counts per unit time (nullptr: the box
  /// does not move); read only when `until` is finite, owned by the observer.
  const double* drift = nullptr;
  /// \brief The time at which the moving box is `box` (read only with a `drift`).
  double from = 0.0;
  /// \brief Optionally, a ball around the box (nullptr: none): its centre, one entry per
  /// species in counts (at time `from`, moving with the `drift` as the box does); read only
  /// when `until` is finite, owned by the observer.
  ///
  /// The ball holds the counts \f$v\f$ with \f$\sum_i (v_i - c_i - r_i (t - t_f))^2 \le
  /// \rho^2\f$ (\f$\rho^2\f$ = `radius2`). A state in the ball may be skipped as one in the box
  /// (the contract of windowed_observer holds with the ball for the box), so that a simulator
  /// may compare with either. The ball is the larger region, the box the one that can be
  /// compared per species (sup_distance_observer's box lies inside its Euclidean ball of states
  /// that cannot raise the sup, up to the rounding at the sphere).
  const double* centre = nullptr;
  /// \brief The ball's squared radius, in counts (read only with a `centre`).
  double radius2 = 0.0;

  /// \brief Whether the count `v` of species `i` lies in the box, for a box that does not move.
  /// \param i the species.
  /// \param v its count.
  /// \returns \f$\ell_i \le v \le \ell_i + w_i\f$.
  bool contains(index i, long long v) const noexcept {
    // lo <= v <= lo + width in one comparison, in modular arithmetic.
    return static_cast<unsigned long long>(v) - static_cast<unsigned long long>(box[2 * i]) <=
           static_cast<unsigned long long>(box[2 * i + 1]);
  }
  /// \brief Whether the count `v` of species `i` lies in the box at time `t`.
  /// \param i the species.
  /// \param v its count.
  /// \param t the time.
  /// \returns \f$\ell_i \le v - r_i (t - t_f) \le \ell_i + w_i\f$ (without a drift,
  ///          contains(i, v)).
  bool contains(index i, long long v, double t) const noexcept {
    if (drift == nullptr) return contains(i, v);
    const double offset = static_cast<double>(v) - drift[i] * (t - from);
    const auto lo = static_cast<double>(box[2 * i]);
    return offset >= lo && offset <= lo + static_cast<double>(box[2 * i + 1]);
  }
  /// \brief Whether the state `v` (every species) lies in the window's region at time `t`: in
  /// the ball when there is one, else in the box.
  /// \param v the counts, one per species.
  /// \param t the time.
  /// \returns whether the state may be skipped (for a time up to `until`).
  bool contains(const count_vector& v, double t) const noexcept {
    if (centre != nullptr) {
      const double dt = drift != nullptr ? t - from : 0.0;
      double sum = 0.0;
      for (index i = 0; i < v.size(); ++i) {
        const double offset =
            static_cast<double>(v[i]) - centre[i] - (drift != nullptr ? drift[i] * dt : 0.0);
        sum += offset * offset;
      }
      return sum <= radius2;
    }
    for (index i = 0; i < v.size(); ++i) {
      if (!contains(i, v[i], t)) return false;
    }
    return true;
  }
};

/// \brief An observer of count states that can tell the simulator which calls it does not
/// need, so that the simulator skips them (an optional refinement of jumpflow::observer).
/// \ingroup core
///
/// | expression | meaning |
/// |---|---|
/// | `o.window()` | a count_window, valid until the next call of `o` |
/// | `o.skip(k)` | counts `k` (a `std::uint64_t`) calls that were skipped |
///
/// **The contract.** Let `o.window()` be read after a call `o(x, s)`. A later call
/// `o(y, t)` of the same path, with \f$t \le\f$ `until` and every component of `y` in the box
/// (at time \f$t\f$, for a box that moves), and with only such calls since `o(x, s)`, need not
/// be made: it would not change the observer's results, and its state is not needed as the left
/// limit of a later call at a time \f$t' \le\f$ `until` (whose state leaves the box), provided
/// it also lies in the box at \f$t'\f$ (which a box that does not move gives for free). When
/// `until` is finite, the state `x` lies in the box, so a simulator need only check the
/// components a jump changed (for a box that does not move); or, knowing how far each jump can
/// move each component, need not check the jumps that cannot have reached the box's edge yet
/// (simulate_sorting_direct() counts such a jump budget, and for a moving box a time budget
/// too, as simulate_direct() does for networks of more than three species). A
/// simulator that skips calls
///  * reports them with `o.skip(k)` before its next call (which tells the observer that the
///    last skipped state lies in the box at that call's time);
///  * makes the last skipped call (its state and time, after `o.skip(k - 1)`) before a call
///    at a time after `until`, and before it returns, stops or throws, so that the observer
///    ends as if every call had been made;
///  * reads the window again after every call it makes.
///
/// sup_distance_observer implements it; simulate_direct(), simulate_sorting_direct() and
/// simulate_dense_direct() use it. With it the observer's
/// results are bit for bit those of calling it after every jump.
/// \tparam Observer the observer.
template <class Observer>
concept windowed_observer = requires(Observer& o, const Observer& c, std::uint64_t k) {
  { c.window() } noexcept -> std::same_as<count_window>;
  o.skip(k);
};

}  // namespace jumpflow
