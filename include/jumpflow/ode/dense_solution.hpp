/// \file
/// \brief dense_solution: an adaptive Dormand-Prince solution stored once and evaluated
/// anywhere on its span by interpolation.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/ode/detail/concat.hpp"
#include "jumpflow/ode/detail/erased_ode.hpp"
#include "jumpflow/ode/detail/reach.hpp"
#include "jumpflow/ode/integrate.hpp"
#include "jumpflow/ode/stiff.hpp"

namespace jumpflow {

/// \brief The solution of \f$\dot x = f(x, t)\f$, \f$x(t_0) = x_0\f$ on \f$[t_0, t_1]\f$,
/// computed once by adaptive Dormand-Prince 5(4) (Boost.Odeint's `runge_kutta_dopri5` with
/// dense output) and then evaluated at any \f$t\f$ by its continuous extension.
/// \ingroup ode
///
/// **How it is stored.** On each accepted step \f$[a, a+h]\f$ the continuous extension of
/// Dormand-Prince (the one odeint's `calc_state` evaluates) is a polynomial of degree 5 in
/// \f$\theta = (t-a)/h\f$. The constructor samples it at \f$\theta = 0, 1/5, \dots, 1\f$
/// (the step's end points and four `calc_state` calls), which determines it, and keeps it as
/// \f$x(a + \theta h) = y_0 + \sum_{k=1}^{5} c_k \theta^k\f$ (coefficients of the increment
/// over the step, so their rounding scales with the increment, not the state) plus the end
/// value \f$y_1\f$. An evaluation is a Horner scheme (5 multiply-adds per component) and
/// reproduces odeint's dense output to rounding; at a step's ends it returns the stored values
/// bit for bit. Memory: \f$7 d\f$ doubles per step.
///
/// **Cost of an evaluation.** Finding the step uses a table of as many uniform buckets as
/// there are steps (bucket, then a binary search among the few steps that meet it): O(1) per
/// evaluation for any order of times when step sizes vary moderately, O(log steps) at worst;
/// then \f$O(d)\f$ for the interpolation. No allocation when the caller passes the output
/// buffer. The object is immutable after construction, so threads may share it (no hidden
/// cursor). For a sweep of increasing times (a path comparison), a dense_cursor remembers the
/// last step and finds the next one in O(1) without the table.
///
/// The last step is cut to end exactly at \f$t_1\f$, so the vector field is never evaluated
/// beyond the span.
class dense_solution {
 public:
  /// \brief Solves the ODE on \f$[t_0, t_1]\f$ and stores the dense output.
  ///
  /// With `options.stepper` = ode_stepper::rosenbrock4 (or automatic, when the problem is
  /// stiff) the Jacobian is taken by finite differences (finite_difference_jacobian()); pass it
  /// to the other constructor when it is known.
  /// \tparam System an ode_system: `sys(const vector& x, vector& dxdt, double t)`.
  /// \param sys the vector field.
  /// \param x0 the initial state.
  /// \param t0,t1 the span, \f$t_0 \le t_1\f$ (equal: the constant solution \f$x_0\f$).
  /// \param options tolerances, first step and stepper.
  /// \throws std::domain_error for a non-finite `x0`, a bad span or bad options.
  /// \throws std::invalid_argument for an empty `x0`.
  /// \throws simulation_error when the solution becomes non-finite (names the time).
  template <ode_system System>
  dense_solution(System sys, const vector& x0, double t0, double t1, ode_options options = {})
      : dense_solution(detail::ode_function(sys), detail::ode_jacobian_function(), x0, t0, t1,
                       options) {}

  /// \brief Solves the ODE on \f$[t_0, t_1]\f$ with the Jacobian `jac` (used by the
  /// rosenbrock4 stepper and by the stiffness test of ode_stepper::automatic) and stores the
  /// dense output.
  ///
  /// The rosenbrock4 stepper's continuous extension has degree 3; it is stored in the same
  /// degree-5 form (sampled at the same six nodes, which determine it exactly).
  /// \tparam System an ode_system.
  /// \tparam Jacobian an ode_jacobian.
  /// \param sys the vector field.
  /// \param jac its Jacobian \f$\partial f/\partial x\f$.
  /// \param x0 the initial state.
  /// \param t0,t1 the span, \f$t_0 \le t_1\f$.
  /// \param options tolerances, first step and stepper.
  /// \throws std::domain_error for a non-finite `x0`, a bad span or bad options.
  /// \throws std::invalid_argument for an empty `x0`.
  /// \throws simulation_error when the solution becomes non-finite (names the time).
  template <ode_system System, ode_jacobian Jacobian>
  dense_solution(System sys, Jacobian jac, const vector& x0, double t0, double t1,
                 ode_options options = {})
      : dense_solution(detail::ode_function(sys), detail::ode_jacobian_function(jac), x0, t0, t1,
                       options) {}

  /// \brief Writes \f$x(t)\f$ into `out` (resized if needed; no allocation when it already has
  /// the right size).
  /// \param t a time in \f$[t_0, t_1]\f$.
  /// \param out the output buffer.
  /// \throws std::domain_error when `t` is outside \f$[t_0, t_1]\f$ or not finite.
  void operator()(double t, vector& out) const {
    if (!(t >= t0_ && t <= t1_)) out_of_span(t);
    if (out.size() != dim_) out.resize(dim_);
    evaluate_in_step(find_step(t), t, out);
  }

  /// \brief \f$x(t)\f$ as a new vector.
  /// \param t a time in \f$[t_0, t_1]\f$.
  /// \returns the solution at `t`.
  /// \throws std::domain_error when `t` is outside \f$[t_0, t_1]\f$ or not finite.
  vector operator()(double t) const {
    vector out(dim_);
    (*this)(t, out);
    return out;
  }

  /// \brief Start of the span.
  /// \returns \f$t_0\f$.
  double t0() const noexcept { return t0_; }
  /// \brief End of the span.
  /// \returns \f$t_1\f$.
  double t1() const noexcept { return t1_; }
  /// \brief Dimension of the state.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return dim_; }
  /// \brief A bound \f$L\f$ on the speed of the stored solution: \f$\|x(t) - x(s)\| \le L |t -
  /// s|\f$ in the \f$\ell^1\f$ norm, hence also in the Euclidean and maximum norms.
  ///
  /// Exact for the interpolant that operator() evaluates: on a step of width \f$h\f$ with
  /// coefficients \f$c_k\f$, \f$\|\dot x\|_1 \le \sum_k k \|c_k\|_1 / h\f$; \f$L\f$ is the
  /// largest of these. horizon() uses the bound of each step instead.
  /// \returns \f$L \ge 0\f$.
  double speed_bound() const noexcept { return speed_bound_; }
  /// \brief A time \f$\tau \ge t\f$ up to which the stored solution provably stays within
  /// `distance` of \f$x(t)\f$: \f$\|x(s) - x(t)\|_1 \le\f$ `distance` for all
  /// \f$s \in [t, \tau]\f$ (hence also in the Euclidean and maximum norms).
  ///
  /// Uses the speed bound of each step (\f$\sum_k k \|c_k\|_1 / h\f$, as speed_bound() but
  /// per step), so \f$\tau\f$ reaches further than \f$t + \text{distance} / L\f$ where the
  /// solution is slower than its fastest step; the rounding of the computed \f$\tau\f$ is
  /// accounted for. The search walks at most 64 steps (a shorter \f$\tau\f$ beyond that, still
  /// a valid one) and never passes \f$t_1\f$. sup_distance_observer uses it to skip limit
  /// evaluations that cannot raise the sup.
  /// \param t a time in \f$[t_0, t_1]\f$ (outside: \f$\tau = t\f$, no guarantee).
  /// \param distance the distance, \f$\ge 0\f$ (otherwise \f$\tau = t\f$).
  /// \returns \f$\tau \in [t, t_1]\f$.
  double horizon(double t, double distance) const noexcept {
    if (!(t >= t0_ && t <= t1_)) return t;
    return horizon_from(find_step(t), t, distance);
  }
  /// \brief A time \f$u \ge t\f$ up to which the stored solution provably stays within
  /// `distance` of its chord: \f$\|x(s) - c(s)\|_1 \le\f$ `distance` for all
  /// \f$s \in [t, u]\f$, where \f$c\f$ is the straight line from \f$x(t)\f$ to \f$x(u)\f$
  /// (hence also in the Euclidean and maximum norms).
  ///
  /// Two bounds, the further reaching one wins (both rounded so that \f$u\f$ is not overstated):
  ///  * within the step that contains \f$t\f$, whose coefficients \f$c_k\f$ (width \f$h\f$)
  ///    bound the second derivative by \f$A = \sum_k k (k - 1) \|c_k\|_1 / h^2\f$: a function
  ///    with \f$|x''| \le A\f$ stays within \f$A (u - t)^2 / 8\f$ of its chord;
  ///  * across steps (at most 64), where the first derivative need not be continuous: each step
  ///    bounds each component's derivative in \f$[c_1 - \sum_{k \ge 2} k |c_k|,\,
  ///    c_1 + \sum_{k \ge 2} k |c_k|] / h\f$, and a continuous function whose derivative ranges
  ///    over an interval of length \f$\omega_i\f$ on \f$[t, u]\f$ stays within
  ///    \f$(u - t)\, \omega_i / 4\f$ of its chord.
  ///
  /// Where the solution moves nearly in a straight line this reaches much further than
  /// horizon(), whose window ends once the solution has moved `distance`:
  /// sup_distance_observer then compares the state with a box that moves along the chord.
  /// \param t a time in \f$[t_0, t_1]\f$ (outside: \f$u = t\f$, no guarantee).
  /// \param distance the distance, \f$\ge 0\f$ (otherwise \f$u = t\f$).
  /// \returns \f$u \in [t, t_1]\f$.
  /// \throws std::bad_alloc (a scratch vector of \f$2d\f$ values; dense_cursor keeps its own).
  double chord_horizon(double t, double distance) const {
    if (!(t >= t0_ && t <= t1_)) return t;
    std::vector<double> scratch(2 * static_cast<std::size_t>(dim_));
    return chord_horizon_from(find_step(t), t, distance, scratch.data());
  }
  /// \brief Number of accepted steps stored.
  /// \returns the number of steps.
  std::size_t steps() const noexcept { return starts_.size(); }
  /// \brief Whether the solution was computed by the implicit rosenbrock4 stepper (chosen by
  /// `options.stepper`, or by ode_stepper::automatic for a stiff problem).
  /// \returns true for rosenbrock4, false for Dormand-Prince.
  bool implicit() const noexcept { return implicit_; }

 private:
  static constexpr std::size_t node_count = 6;  // degree-5 continuous extension
  static constexpr std::size_t automatic_probe_steps = 100;

  // The constructors' work, compiled once in the library (src/ode/dense_solution.cpp): the
  // vector field and Jacobian come as type-erased references (an empty `jac`: finite
  // differences), so that the steppers are not instantiated in every file that builds a limit.
  dense_solution(detail::ode_function sys, detail::ode_jacobian_function jac, const vector& x0,
                 double t0, double t1, const ode_options& options);

  // Steps a dense-output stepper over [t0, t1] and stores every step (six samples of its
  // continuous extension).
  template <class Stepper, class Sys>
  void solve(const char* fn, Stepper& stepper, Sys sys, const vector& x0,
             const ode_options& options);
  static constexpr double node_theta(std::size_t j) noexcept {
    return static_cast<double>(j) / static_cast<double>(node_count - 1);
  }

  friend class dense_cursor;
  static constexpr std::size_t block = node_count + 1;  // y0, c1..c5, y1

  void push_node(const vector& x) { data_.insert(data_.end(), x.data(), x.data() + x.size()); }

  // The last node_count pushed nodes y_m = x(a + (m/5) h) become y0, c1..c5 (the monomial
  // coefficients of x - y0 in theta) followed by y1 = y_5.
  void finish_step();

  void compute_speed_bound();

  void push_constant_step(const vector& x0);

  void evaluate_in_step(std::size_t k, double t, vector& out) const {
    if (out.size() != dim_) out.resize(dim_);
    const auto d = static_cast<std::size_t>(dim_);
    const double* y = data_.data() + k * block * d;
    double* o = out.data();
    const double theta = std::clamp((t - starts_[k]) * inverse_widths_[k], 0.0, 1.0);
    if (theta == 0.0) {
      std::copy(y, y + d, o);
    } else if (theta == 1.0) {
      std::copy(y + 6 * d, y + 7 * d, o);
    } else {
      // Unrolled for 1 to 3 components (the same operations in the same order): the general
      // loop's vector setup cost more than its work there (callgrind, sup_distance_observer's
      // evaluations: about 40 instructions fewer per call for three components, 7 for one).
      switch (d) {
        case 1:
          horner<1>(y, theta, o);
          break;
        case 2:
          horner<2>(y, theta, o);
          break;
        case 3:
          horner<3>(y, theta, o);
          break;
        default:
          horner<0>(y, theta, o, d);
      }
    }
  }
  // The interpolant of evaluate_in_step() at theta in (0, 1), for D components (0: d).
  template <std::size_t D>
  static void horner(const double* y, double theta, double* o, std::size_t d = D) noexcept {
    if constexpr (D > 0) d = D;
    for (std::size_t i = 0; i < d; ++i) {
      double v = y[5 * d + i];
      for (std::size_t m = 4; m >= 1; --m) v = v * theta + y[m * d + i];
      o[i] = y[i] + v * theta;
    }
  }

  // The step containing t, starting the search at `hint` (increasing times: O(1)).
  std::size_t find_step_from(std::size_t hint, double t) const noexcept {
    const std::size_t m = starts_.size();
    if (hint < m && t >= starts_[hint]) {
      if (hint + 1 == m || t < starts_[hint + 1]) return hint;
      if (hint + 2 == m || t < starts_[hint + 2]) return hint + 1;
    }
    return find_step(t);
  }

  void build_buckets();

  // horizon() from the step k that contains t.
  double horizon_from(std::size_t k, double t, double distance) const noexcept {
    constexpr std::size_t max_walk = 64;
    const std::size_t m = starts_.size();
    for (const std::size_t last = std::min(m, k + max_walk); k < last; ++k) {
      const double end = k + 1 < m ? starts_[k + 1] : t1_;
      const double speed = step_speeds_[k];
      // The computed travel to the end of the step, rounded up (one product and one
      // difference, u = 2^-53 each).
      const double travel = speed * (end - t) * (1.0 + 0x1p-50);
      if (!(travel <= distance)) return std::min(detail::reach_at_speed(t, distance, speed), end);
      distance = (distance - travel) * (1.0 - 0x1p-50);  // rounded down
      t = end;
    }
    return t;  // t1, or the end of the walk
  }

  // chord_horizon()'s omega for a range of the derivative's bounds (lowest, highest per
  // component): the sum of the d widths, rounded up. Also step_spreads_'s, so that the walk's
  // first step is that stored value bit for bit.
  static double spread(const double* range, std::size_t d) noexcept {
    double omega = 0.0;
    for (std::size_t i = 0; i < d; ++i) omega += range[2 * i + 1] - range[2 * i];
    return omega * (1.0 + 0x1p-40);  // rounded up (the sum of d differences)
  }

  // chord_horizon() from the step k that contains t, with 2 d values of scratch.
  double chord_horizon_from(std::size_t k, double t, double distance,
                            double* range) const noexcept {
    if (!(distance >= 0.0)) return t;
    const std::size_t m = starts_.size();
    const auto end_of = [&](std::size_t j) { return j + 1 < m ? starts_[j + 1] : t1_; };
    // Rounded down: 2^-50 covers the roundings of a quotient, a square root and a sum.
    const auto down = [](double v) { return v * (1.0 - 0x1p-50); };
    // Within step k: (u - t)^2 A / 8 <= distance.
    double within = end_of(k);
    if (step_curvatures_[k] > 0.0) {
      within = std::min(within, t + down(std::sqrt(down(8.0 * distance / step_curvatures_[k]))));
    }
    // Across steps: (u - t) omega / 4 <= distance, omega = sum_i (max hi_i - min lo_i) over
    // the steps that [t, u] meets (in the stored scratch per component).
    // Step k alone first, from its stored omega (step_spreads_): the walk's first iteration,
    // bit for bit, which most calls need alone (u within step k).
    const auto reach = [&](double omega) {
      return omega > 0.0 ? t + down(down(4.0 * distance / omega))
                         : std::numeric_limits<double>::infinity();
    };
    const double reach_k = reach(step_spreads_[k]);
    if (reach_k < end_of(k)) return std::max(t, std::max(within, reach_k));
    const auto d = static_cast<std::size_t>(dim_);
    double across = end_of(k);
    constexpr std::size_t max_walk = 64;
    // range: per component, the running min and max of the derivative's bounds (step k's).
    const double* first = step_slopes_.data() + 2 * k * d;
    std::copy(first, first + 2 * d, range);
    for (std::size_t j = k + 1; j < std::min(m, k + max_walk); ++j) {
      const double* r = step_slopes_.data() + 2 * j * d;
      for (std::size_t i = 0; i < d; ++i) {
        range[2 * i] = std::min(range[2 * i], r[2 * i]);
        range[2 * i + 1] = std::max(range[2 * i + 1], r[2 * i + 1]);
      }
      const double end = end_of(j);
      const double reach_j = reach(spread(range, d));
      if (reach_j < end) {
        across = std::max(across, reach_j);
        break;
      }
      across = end;
    }
    return std::max(t, std::max(within, across));
  }

  std::size_t find_step(double t) const noexcept {
    const std::size_t m = starts_.size();
    if (m == 1) return 0;
    auto b = static_cast<std::size_t>((t - t0_) * scale_);
    if (b >= m) b = m - 1;
    const std::size_t lo = bucket_first_[b];
    const std::size_t hi = std::min(bucket_first_[b + 1] + 1, m);
    // Last step in [lo, hi) that starts at or before t.
    const auto it = std::upper_bound(starts_.begin() + static_cast<std::ptrdiff_t>(lo),
                                     starts_.begin() + static_cast<std::ptrdiff_t>(hi), t);
    const auto k = static_cast<std::size_t>(it - starts_.begin());
    return k == 0 ? 0 : k - 1;
  }

  [[noreturn]] void out_of_span(double t) const;

  double t0_, t1_;
  bool implicit_ = false;
  index dim_;
  double scale_ = 0.0;
  double speed_bound_ = 0.0;
  std::vector<double> step_speeds_;  // the speed bound of each step (speed_bound_: their max)
  std::vector<double> step_curvatures_;  // a bound of the second derivative on each step
  // Per step and component, a range of the first derivative (lowest, highest).
  std::vector<double> step_slopes_;
  // Per step, spread() of that range: chord_horizon()'s omega for a walk of one step.
  std::vector<double> step_spreads_;
  std::vector<double> starts_, widths_;
  std::vector<double> inverse_widths_;
  std::vector<double> data_;               // per step, `block` vectors of dim_ values, contiguous
  std::vector<std::size_t> bucket_first_;  // first step meeting each bucket
};

/// \brief A cursor on a dense_solution for sweeps of increasing times: remembers the last
/// step, so each evaluation finds its step in O(1) (any order of times still works, through the
/// solution's lookup table).
/// \ingroup ode
///
/// Cheap to copy; holds a reference to the solution, which must outlive it. Not for sharing
/// between threads (give each replicate its own, e.g. inside sup_distance_observer).
class dense_cursor {
 public:
  /// \brief A cursor at the start of `solution`.
  /// \param solution the solution (must outlive the cursor).
  /// \throws std::bad_alloc (chord_horizon()'s scratch, \f$2d\f$ values, allocated here so that
  ///         no call allocates).
  explicit dense_cursor(const dense_solution& solution)
      : solution_(&solution), scratch_(2 * static_cast<std::size_t>(solution.dimension())) {}

  /// \brief Writes \f$x(t)\f$ into `out` (as dense_solution::operator()).
  /// \param t a time in \f$[t_0, t_1]\f$.
  /// \param out the output buffer (resized if needed).
  /// \throws std::domain_error when `t` is outside \f$[t_0, t_1]\f$ or not finite.
  void operator()(double t, vector& out) const {
    const dense_solution& s = *solution_;
    if (!(t >= s.t0_ && t <= s.t1_)) s.out_of_span(t);
    step_ = s.find_step_from(step_, t);
    s.evaluate_in_step(step_, t, out);
  }

  /// \brief The solution's speed bound (dense_solution::speed_bound()).
  /// \returns \f$L\f$.
  double speed_bound() const noexcept { return solution_->speed_bound(); }

  /// \brief The solution's horizon (dense_solution::horizon()), starting the step search at
  /// the cursor's step (O(1) along a path).
  /// \param t a time in \f$[t_0, t_1]\f$.
  /// \param distance the distance.
  /// \returns \f$\tau \in [t, t_1]\f$ with \f$\|x(s) - x(t)\|_1 \le\f$ `distance` on
  ///          \f$[t, \tau]\f$.
  double horizon(double t, double distance) const noexcept {
    const dense_solution& s = *solution_;
    if (!(t >= s.t0_ && t <= s.t1_)) return t;
    return s.horizon_from(s.find_step_from(step_, t), t, distance);
  }

  /// \brief The solution's chord horizon (dense_solution::chord_horizon()), starting the step
  /// search at the cursor's step (O(1) along a path).
  /// \param t a time in \f$[t_0, t_1]\f$.
  /// \param distance the distance.
  /// \returns \f$u \in [t, t_1]\f$ with \f$x\f$ within `distance` of its chord on \f$[t, u]\f$.
  double chord_horizon(double t, double distance) const noexcept {
    const dense_solution& s = *solution_;
    if (!(t >= s.t0_ && t <= s.t1_)) return t;
    return s.chord_horizon_from(s.find_step_from(step_, t), t, distance, scratch_.data());
  }

 private:
  const dense_solution* solution_;
  mutable std::size_t step_ = 0;  // the step of the last evaluation
  mutable std::vector<double> scratch_;  // chord_horizon()'s, 2 d values
};

}  // namespace jumpflow
