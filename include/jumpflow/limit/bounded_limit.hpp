/// \file
/// \brief bounded_limit: a limit given in closed form, with bounds on its first two derivatives
/// that let sup_distance_observer skip most evaluations.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>
#include <type_traits>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/limit/detail/limit_value.hpp"
#include "jumpflow/ode/detail/reach.hpp"

namespace jumpflow {

/// \brief A limit \f$x(t)\f$ given by a callable (a closed form), with a bound \f$L\f$ on its
/// speed and a bound \f$K\f$ on its curvature, so that sup_distance_observer prunes its calls
/// as it does against a dense_solution.
/// \ingroup limit
///
/// A plain callable tells the observer nothing about how the limit moves between two times, so
/// the observer evaluates it at every call: against \f$x(t) = 1 - e^{-t}/2\f$
/// (immigration-death at \f$n = 10^4\f$ through simulate_direct()) it then adds 19 to 28 ns to
/// each jump of about 26 ns, and 2.5 to 3.2 ns in a bounded_limit, as against a dense_solution
/// (see \ref closed_form_limit). Declaring the bounds gives the observer the two things a
/// dense_solution gives:
///  * speed_bound(): \f$L \ge \sum_i \sup_s |x_i'(s)|\f$; the limit moves at most
///    \f$L\,(u - t)\f$ in any of the library's norms between \f$t\f$ and \f$u\f$;
///  * chord_horizon(): with also \f$K \ge \sum_i \sup_s |x_i''(s)|\f$, the limit stays
///    within \f$K (u - t)^2 / 8\f$ of its chord, the straight line from \f$x(t)\f$ to
///    \f$x(u)\f$, and within \f$L (u - t) / 2\f$ whatever its curvature (each component's
///    derivative ranges over an interval of length at most \f$2 \sup_s |x_i'(s)|\f$), both in
///    the \f$\ell^1\f$ norm and hence in the Euclidean and maximum norms.
///
/// With them the observer's windows of count states move along the chord, as against a
/// dense_cursor, and the sup and its time are bit for bit those of evaluating the limit at every
/// call (the observer's margins cover the rounding of a closed form computed to a few ulps).
/// The bounds are the caller's promise: bounds that are too small let the observer skip calls
/// that would have raised the sup. The suprema run over every time at which the observer may
/// evaluate the limit: the calls, and the ends of its windows, which may lie beyond the run's end
/// time. A limit defined (or bounded) only up to a time \f$T\f$ says so with `end` = \f$T\f$:
/// chord_horizon() then stops at \f$T\f$. (For real-valued states, which get no chord, the
/// observer's windows end where the speed bound says, and one that ends beyond the limit's span
/// is not used if the limit throws there; see sup_distance_observer.)
///
/// Example (the limit of jumpflow::immigration_death_family(1, 1, 0.5): \f$x' = e^{-t}/2\f$
/// and \f$x'' = -e^{-t}/2\f$ on \f$t \ge 0\f$, so \f$L = K = 1/2\f$):
/// \code
/// jumpflow::bounded_limit limit([](double t) { return 1.0 - 0.5 * std::exp(-t); }, 0.5, 0.5);
/// jumpflow::sup_distance_observer obs(limit, jumpflow::euclidean_norm{}, 1.0 / n);
/// \endcode
/// \tparam F a callable `f(double t, vector& out)` writing \f$x(t)\f$, or `f(double t) -> double`
///         for a limit of one component.
template <class F>
requires(std::invocable<const F&, double, vector&> ||
         std::is_invocable_r_v<double, const F&, double>) class bounded_limit {
 public:
  /// \brief The limit `f`, with bounds `speed_bound` (\f$L\f$) and `curvature_bound`
  /// (\f$K\f$) as in the class's description, up to the time `end`.
  /// \param f the limit.
  /// \param speed_bound \f$L \ge \sum_i \sup_s |x_i'(s)|\f$; finite and \f$\ge 0\f$ (0: the
  ///        limit is constant).
  /// \param curvature_bound \f$K \ge \sum_i \sup_s |x_i''(s)|\f$; finite and \f$> 0\f$ (for
  ///        a straight line, any \f$K > 0\f$: the smaller, the longer the windows).
  /// \param end the last time at which `f` is defined and the bounds hold (\f$+\infty\f$ by
  ///        default); not NaN.
  /// \throws std::domain_error for a bound that is negative, NaN or infinite, a curvature
  ///         bound of 0, or a NaN `end`.
  bounded_limit(F f, double speed_bound, double curvature_bound,
                double end = std::numeric_limits<double>::infinity())
      : f_(std::move(f)), speed_(speed_bound), curvature_(curvature_bound), end_(end) {
    require_domain(std::isfinite(speed_bound) && speed_bound >= 0.0, "jumpflow::bounded_limit",
                   "speed_bound", speed_bound, "finite and >= 0");
    require_domain(std::isfinite(curvature_bound) && curvature_bound > 0.0,
                   "jumpflow::bounded_limit", "curvature_bound", curvature_bound, "finite and > 0");
    require_domain(!std::isnan(end), "jumpflow::bounded_limit", "end", end, "not NaN");
  }

  /// \brief Writes \f$x(t)\f$ into `out` (resized to 1 for a scalar callable).
  /// \param t the time.
  /// \param out the limit's value.
  /// \throws whatever `f` throws.
  void operator()(double t, vector& out) const { detail::limit_value(f_, t, out); }

  /// \brief The speed bound \f$L\f$.
  /// \returns \f$L\f$.
  double speed_bound() const noexcept { return speed_; }
  /// \brief The curvature bound \f$K\f$.
  /// \returns \f$K\f$.
  double curvature_bound() const noexcept { return curvature_; }
  /// \brief The last time at which the limit is defined and bounded.
  /// \returns `end`.
  double end() const noexcept { return end_; }

  /// \brief A time \f$u \ge t\f$ up to which the limit provably stays within `distance` of its
  /// chord: \f$\|x(s) - c(s)\|_1 \le\f$ `distance` for \f$s \in [t, u]\f$, \f$c\f$ the straight
  /// line from \f$x(t)\f$ to \f$x(u)\f$ (as dense_solution::chord_horizon()).
  ///
  /// \f$u - t\f$ is the larger of \f$\sqrt{8\,\text{distance} / K}\f$ (the curvature bound)
  /// and \f$2\,\text{distance} / L\f$ (the speed bound; none for \f$L = 0\f$), rounded down so
  /// that \f$u\f$ is not overstated, and cut at end(). Both are sharp: the parabola
  /// \f$K s^2 / 2\f$ and the tent \f$L |s - m|\f$ (\f$m\f$ the middle of \f$[t, u]\f$) reach
  /// `distance` from their chords.
  /// \param t a finite time.
  /// \param distance the distance, \f$\ge 0\f$ (otherwise, or for a non-finite `t` or one
  ///        at or after end(), \f$u = t\f$: no guarantee beyond \f$t\f$).
  /// \returns \f$u\f$, at most end() when \f$t\f$ is before it.
  double chord_horizon(double t, double distance) const noexcept {
    if (!(distance >= 0.0 && distance < std::numeric_limits<double>::infinity()) ||
        !std::isfinite(t) || !(t < end_)) {
      return t;
    }
    // The curvature's span sqrt(8 distance / K), rounded down (2^-50 covers the roundings of a
    // quotient and a square root), walked at speed 1; the speed bound's, 2 distance / L. The
    // computed times, sums included, are not overstated (reach_at_speed()).
    const double span = std::sqrt(8.0 * distance / curvature_ * (1.0 - 0x1p-50)) * (1.0 - 0x1p-50);
    double u = detail::reach_at_speed(t, span, 1.0);
    if (speed_ > 0.0) u = std::max(u, detail::reach_at_speed(t, 2.0 * distance, speed_));
    return std::min(u, end_);
  }

  /// \brief The callable.
  /// \returns `f`.
  const F& function() const noexcept { return f_; }

 private:
  F f_;
  double speed_;
  double curvature_;
  double end_;
};

}  // namespace jumpflow
