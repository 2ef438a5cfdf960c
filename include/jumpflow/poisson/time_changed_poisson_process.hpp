/// \file
/// \brief time_changed_poisson_process: an inhomogeneous Poisson process by a time change of
/// the unit-rate process.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/poisson/detail/points.hpp"
#include "jumpflow/poisson/detail/span.hpp"

namespace jumpflow {

/// \brief Selects numeric inversion of the cumulative intensity in
/// time_changed_poisson_process (when no inverse is given).
/// \ingroup poisson
///
/// The inverse \f$\Lambda^{-1}(s) = \inf\{t : \Lambda(t) \ge s\}\f$ is found by bisection on
/// the bracket [previous point, \f$t_1\f$], which stops when the bracket is narrower than
/// `relative_tolerance` times \f$\max(|t_{lo}|, |t_{hi}|, t_1 - t_0)\f$, or when its midpoint
/// no longer differs from an end (no progress in double precision). It needs only that
/// \f$\Lambda\f$ be nondecreasing; flat stretches (zero intensity) are handled.
struct numeric_inversion {
  /// \brief Relative tolerance on the time of a point, finite and in \f$(0, 1)\f$.
  double relative_tolerance = 1e-12;
};

/// \brief The Poisson process with cumulative intensity \f$\Lambda(t) = \int^t \lambda\f$ by a
/// time change: if \f$S_1 < S_2 < \dots\f$ are the points of a unit-rate process on
/// \f$(\Lambda(t_0), \Lambda(t_1)]\f$, then \f$\Lambda^{-1}(S_k)\f$ are the points of the
/// process on \f$(t_0, t_1]\f$ (e.g. Daley and Vere-Jones 2003, 7.4).
/// \ingroup poisson
///
/// The inverse is either given (a callable `inverse(double s) -> double`) or found
/// numerically (`Inverse` = numeric_inversion).
///
/// **Order of draws** (reproducibility contract): exactly those of
/// poisson_process(1).generate(g, \f$\Lambda(t_0)\f$, \f$\Lambda(t_1)\f$, ...): one
/// standard_exponential() per point plus the one that overshoots.
/// \tparam Cumulative a callable `Lambda(double t) -> double`, nondecreasing.
/// \tparam Inverse a callable `inverse(double s) -> double`, or numeric_inversion.
template <class Cumulative, class Inverse = numeric_inversion>
class time_changed_poisson_process {
  static_assert(std::is_invocable_r_v<double, const Cumulative&, double>,
                "jumpflow::time_changed_poisson_process: Cumulative must be callable as "
                "Lambda(double t) -> double");
  static_assert(std::is_same_v<Inverse, numeric_inversion> ||
                    std::is_invocable_r_v<double, const Inverse&, double>,
                "jumpflow::time_changed_poisson_process: Inverse must be callable as "
                "inverse(double s) -> double, or be jumpflow::numeric_inversion");
  static constexpr bool numeric = std::is_same_v<Inverse, numeric_inversion>;

 public:
  /// \brief The process with cumulative intensity `cumulative` and the inverse `inverse`
  /// (or numeric inversion with its tolerance).
  /// \param cumulative \f$\Lambda\f$, finite and nondecreasing on the spans it is used on.
  /// \param inverse \f$\Lambda^{-1}\f$, or a numeric_inversion.
  /// \throws std::domain_error if a numeric_inversion's tolerance is not in \f$(0, 1)\f$.
  explicit time_changed_poisson_process(Cumulative cumulative, Inverse inverse = {})
      : cumulative_(std::move(cumulative)), inverse_(std::move(inverse)) {
    if constexpr (numeric) {
      const double tol = inverse_.relative_tolerance;
      require_domain(tol > 0.0 && tol < 1.0, "jumpflow::time_changed_poisson_process",
                     "relative_tolerance", tol, "in (0, 1)");
    }
  }

  /// \brief Calls `on_point(t)` for every point in \f$(t_0, t_1]\f$, in nondecreasing order.
  /// \tparam URBG a uniform random bit generator.
  /// \tparam F a callable `on_point(double t)`.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \param on_point the callback.
  /// \returns the number of points.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  /// \throws simulation_error if \f$\Lambda(t_0)\f$ or \f$\Lambda(t_1)\f$ is not finite,
  ///         \f$\Lambda(t_1) < \Lambda(t_0)\f$, \f$\Lambda\f$ returns NaN during inversion, or a
  ///         given inverse returns a time outside \f$[t_0, t_1]\f$ (beyond rounding) or earlier
  ///         than the previous point.
  template <urbg URBG, class F>
  std::uint64_t generate(URBG& g, double t0, double t1, F&& on_point) const {
    constexpr const char* fn = "jumpflow::time_changed_poisson_process::generate";
    detail::require_span(fn, t0, t1);
    const double s0 = cumulative_(t0);
    const double s1 = cumulative_(t1);
    require_simulation(std::isfinite(s0), fn, "cumulative intensity", s0, t0, "finite");
    require_simulation(std::isfinite(s1) && s1 >= s0, fn, "cumulative intensity", s1, t1,
                       "finite and >= its value at t0, " + format_value(s0));
    double previous = t0;
    auto on_unit_point = [&](double s) {
      double t;
      if constexpr (numeric) {
        t = invert(s, previous, t0, t1);
      } else {
        t = inverse_(s);
        const double slack = 1e-9 * std::max({1.0, std::abs(t0), std::abs(t1)});
        if (!(t >= previous - slack && t <= t1 + slack)) {
          throw simulation_error(simulation_message(
              fn, "inverse cumulative intensity at " + format_value(s), t, previous,
              "in [" + format_value(previous) + ", " + format_value(t1) +
                  "] (the previous point and t1)"));
        }
        t = std::clamp(t, previous, t1);
      }
      previous = t;
      on_point(t);
    };
    return detail::poisson_points(g, 1.0, s0, s1, on_unit_point);
  }

  /// \brief The cumulative intensity \f$\Lambda\f$.
  /// \returns the callable.
  const Cumulative& cumulative() const noexcept { return cumulative_; }

 private:
  // Smallest t in [lo, t1] with Lambda(t) >= s, by bisection; Lambda(t1) >= s holds.
  double invert(double s, double lo, double t0, double t1) const {
    constexpr const char* fn = "jumpflow::time_changed_poisson_process::generate";
    const double tol = inverse_.relative_tolerance;
    double hi = t1;
    for (;;) {
      const double scale = std::max({std::abs(lo), std::abs(hi), t1 - t0});
      if (hi - lo <= tol * scale) return hi;
      const double mid = lo + 0.5 * (hi - lo);
      if (!(mid > lo && mid < hi)) return hi;  // no progress in double precision
      const double value = cumulative_(mid);
      require_simulation(!std::isnan(value), fn, "cumulative intensity", value, mid, "not NaN");
      (value >= s ? hi : lo) = mid;
    }
  }

  Cumulative cumulative_;
  Inverse inverse_;
};

/// \brief Deduction guide: a cumulative intensity alone selects numeric inversion.
/// \ingroup poisson
/// \tparam Cumulative the cumulative intensity's type.
template <class Cumulative>
time_changed_poisson_process(Cumulative) -> time_changed_poisson_process<Cumulative>;

}  // namespace jumpflow
