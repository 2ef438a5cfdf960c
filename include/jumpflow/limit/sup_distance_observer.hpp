/// \file
/// \brief sup_distance_observer: \f$\sup_t |X_t - x_t|\f$ between a jump path and its limit,
/// on the fly, with no path stored.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/limit/norms.hpp"
#include "jumpflow/ode/detail/concat.hpp"

namespace jumpflow {

namespace detail {

// Norms the observer evaluates component by component, fused with the differences.
template <class Norm>
struct fused_norm : std::false_type {};
template <>
struct fused_norm<euclidean_norm> : std::true_type {
  static void accumulate(double& acc, double v) noexcept { acc += v * v; }
  static double finish(double acc) noexcept { return std::sqrt(acc); }
  // The accumulator of a norm equal to `bound` >= 0 (finish's inverse, monotone).
  static double unfinish(double bound) noexcept { return bound * bound; }
};
template <>
struct fused_norm<max_norm> : std::true_type {
  static void accumulate(double& acc, double v) noexcept {
    // NaN propagates (a plain max would drop it).
    acc = (std::abs(v) > acc || std::isnan(v)) ? std::abs(v) : acc;
  }
  static double finish(double acc) noexcept { return acc; }
  static double unfinish(double bound) noexcept { return bound; }
};
template <>
struct fused_norm<l1_norm> : std::true_type {
  static void accumulate(double& acc, double v) noexcept { acc += std::abs(v); }
  static double finish(double acc) noexcept { return acc; }
  static double unfinish(double bound) noexcept { return bound; }
};

// The speed bound of a limit that declares one (dense_solution, dense_cursor, or a reference
// to either); +infinity (no pruning) otherwise.
template <class Limit>
double limit_speed_bound(const Limit& limit) noexcept {
  using bare = std::unwrap_reference_t<Limit>;
  if constexpr (requires(const bare& l) {
                  { l.speed_bound() } -> std::convertible_to<double>;
                }) {
    return static_cast<const bare&>(limit).speed_bound();
  } else {
    return std::numeric_limits<double>::infinity();
  }
}

}  // namespace detail

/// \brief How a path behaves between two calls of its observer (see sup_distance_observer).
/// \ingroup limit
enum class path_kind {
  /// Constant between calls: a jump process, whose simulator reports the state after each jump;
  /// the left limit at a call is the state of the previous call.
  piecewise_constant,
  /// Sampled: every call is a point of the path, including the left limit before each jump
  /// (reported as its own call); between calls the path moves continuously. This is the
  /// protocol of the PDMP simulators (simulate_pdmp()).
  sampled
};

/// \brief An observer `obs(x, t)` that tracks \f$\sup_t \|s X_t - x(t)\|\f$ between a
/// piecewise-constant jump path \f$X\f$ (scaled by \f$s\f$, e.g. \f$1/n\f$ for counts) and a
/// limit \f$x(t)\f$ given by a callable.
/// \ingroup limit
///
/// Simulators call an observer at the start, after every jump and at the end time (see
/// jumpflow::observer). Since \f$X\f$ is constant between calls, its left limit at a jump time
/// \f$t\f$ is the state of the previous call; at each call the observer compares **both**
/// sides of the jump, \f$\|s X_{t-} - x(t)\|\f$ and \f$\|s X_t - x(t)\|\f$, with the limit at
/// \f$t\f$ (one evaluation of the limit per call). Between jumps the distance can change only
/// through \f$x\f$, by at most \f$\sup|\dot x| \times\f$ the gap (\f$O(\log n / n)\f$ for a
/// family with jump rate \f$\propto n\f$), which is the sampling resolution of this sup.
///
/// No allocation after the first call (buffers sized to the state); no path is stored.
/// When the limit declares a speed bound \f$L\f$ (dense_solution::speed_bound(), e.g. through
/// a dense_cursor) and the norm is one of the library's, a call whose distances cannot exceed
/// the running sup (by the triangle inequality with \f$L\f$ times the time since the last
/// evaluation) skips the limit's evaluation: the sup is the same, to rounding, at a fraction
/// of the cost.
/// A non-finite state or distance (a NaN or infinity from the model or the limit) throws
/// simulation_error naming the time of the call that brought it, with or without pruning.
///
/// **Scalar states.** A model whose state is a number (`double`, or an integer count) is
/// observed as a state vector of size 1; its limit may then also be a scalar callable
/// `limit(double t) -> double`.
///
/// With `path_kind::sampled` (a PDMP path: the simulator reports the left limit of each jump
/// as its own call, and points of the flow between jumps) each call compares only
/// \f$\|s X_t - x(t)\|\f$; the sup is then over the reported points, whose spacing (the ODE
/// steps and the jumps) is the sampling resolution.
/// \tparam Limit a callable `limit(double t, vector& out)` writing \f$x(t)\f$: a closed form,
///         or for an ODE limit a dense_cursor on a dense_solution (O(1) per call along a path;
///         `std::cref(solution)` works too, with the solution's table lookup per call); or,
///         for a scalar limit, `limit(double t) -> double`.
/// \tparam Norm a callable `norm(const vector& v) -> double` (euclidean_norm, max_norm,
///         l1_norm or any other).
template <class Limit, class Norm = euclidean_norm>
requires(std::invocable<const Limit&, double, vector&> ||
         std::is_invocable_r_v<double, const Limit&, double>) class sup_distance_observer {
 public:
  /// \brief Observer against `limit`, in `norm`, with the state multiplied by `scale`.
  /// \param limit the limit path.
  /// \param norm the norm.
  /// \param scale factor applied to the observed state before comparing (1 for states already
  ///        in the limit's units, \f$1/n\f$ for population counts); finite and > 0.
  /// \param kind how the path behaves between calls (piecewise constant for jump processes,
  ///        sampled for PDMPs).
  /// \throws std::domain_error for a bad `scale`.
  explicit sup_distance_observer(Limit limit, Norm norm = {}, double scale = 1.0,
                                 path_kind kind = path_kind::piecewise_constant)
      : limit_(std::move(limit)),
        norm_(std::move(norm)),
        scale_(scale),
        compare_left_(kind == path_kind::piecewise_constant),
        speed_bound_(detail::limit_speed_bound(limit_)) {
    require_domain(std::isfinite(scale) && scale > 0.0, "jumpflow::sup_distance_observer", "scale",
                   scale, "finite and > 0");
  }

  /// \brief Records the state `x` at time `t` (the new state after a jump at `t`, or the
  /// initial/final state).
  /// \tparam Derived an Eigen vector type (real or integer entries).
  /// \param x the state.
  /// \param t the time.
  /// \throws simulation_error when a distance is not finite.
  /// \throws std::invalid_argument when `x` and the limit differ in size.
  template <class Derived>
  void operator()(const Eigen::MatrixBase<Derived>& x, double t) {
    if constexpr (detail::fused_norm<Norm>::value) {
      // The hot path (one call per jump) is the pruned call, small enough to be inlined into
      // the simulator's loop; the evaluation of the limit is out of line.
      if (prune(x, t)) [[likely]]
        return;
      observe_fused(x, t);
    } else {
      observe_generic(x, t);
    }
  }

  /// \brief Records a scalar state `x` at time `t`: the same as a state vector of size 1.
  /// \tparam Scalar an arithmetic type (`double`, an integer count, ...).
  /// \param x the state.
  /// \param t the time.
  /// \throws simulation_error when the state or a distance is not finite.
  /// \throws std::invalid_argument when the limit's dimension is not 1.
  template <class Scalar>
  requires std::is_arithmetic_v<Scalar>
  void operator()(Scalar x, double t) {
    Eigen::Matrix<double, 1, 1> v;
    v(0) = static_cast<double>(x);
    (*this)(v, t);
  }

  /// \brief The largest distance seen since construction or the last reset().
  /// \returns \f$\sup \|s X - x\|\f$ over the calls so far (0 before any call).
  double sup() const noexcept { return sup_; }
  /// \brief The time at which the largest distance was seen.
  /// \returns that time (NaN before any call).
  double argsup() const noexcept { return argsup_; }
  /// \brief The number of calls since construction or the last reset() (jumps + 2 for a
  /// whole path).
  /// \returns the count.
  std::uint64_t calls() const noexcept { return calls_; }
  /// \brief Forgets the path (keeps the buffers), ready for the next replicate.
  void reset() noexcept {
    sup_ = 0.0;
    argsup_ = std::numeric_limits<double>::quiet_NaN();
    calls_ = 0;
    has_previous_ = false;
    prune_sup_ = -std::numeric_limits<double>::infinity();
  }
  /// \brief The limit.
  /// \returns the limit callable.
  const Limit& limit() const noexcept { return limit_; }

 private:
  [[noreturn]] static void size_mismatch(index got, index want) {
    throw std::invalid_argument(error_message(
        "jumpflow::sup_distance_observer", "x.size()", format_value(static_cast<long long>(got)),
        detail::concat("the limit's dimension ", format_value(static_cast<long long>(want)))));
  }

  // Pruning (exact): with L the limit's speed bound and x_e its value at the last evaluated
  // time t_e, |y - x(t)| <= |y - x_e| + L |t - t_e| for y = X_{t-} and X_t. When both bounds
  // are <= the sup so far, this call cannot raise the sup and the limit is not evaluated.
  // Both bounds <= sup_ means both accumulators <= unfinish(sup_ - slack) (no sqrt on the hot
  // path). prune_sup_ is the sup when pruning is armed (a previous call, a finite speed
  // bound), -infinity otherwise, so that one comparison disarms it.
  template <class Derived>
  bool prune(const Eigen::MatrixBase<Derived>& x, double t) noexcept {
    using fused = detail::fused_norm<Norm>;
    const double room = prune_sup_ - speed_bound_ * std::abs(t - evaluated_at_);
    if (!(room >= 0.0)) return false;  // disarmed, or the slack alone exceeds the sup
    const double most = fused::unfinish(room);
    // The left limit is the previous call's state, compared with the same limit value (it is
    // re-evaluated only when not pruned): its accumulator is that call's, cached.
    if (!(left_acc_ <= most)) return false;
    const index d = previous_.size();
    if (x.size() != d) return false;  // reported by the full path
    const double* lv = limit_value_.data();
    double right = 0.0;
    for (index i = 0; i < d; ++i)
      fused::accumulate(right, scale_ * static_cast<double>(x.coeff(i)) - lv[i]);
    // A non-finite new state is never pruned (a NaN or infinite accumulator fails the
    // comparison): it is evaluated and reported by the full path, at this call's time.
    if (!(right <= most)) return false;
    double* p = previous_.data();
    for (index i = 0; i < d; ++i) p[i] = scale_ * static_cast<double>(x.coeff(i));
    if (compare_left_) left_acc_ = right;
    ++calls_;
    return true;
  }

  // A call that evaluates the limit (fused norms): both distances in one pass, no temporaries.
  template <class Derived>
  [[gnu::noinline]] void observe_fused(const Eigen::MatrixBase<Derived>& x, double t) {
    using fused = detail::fused_norm<Norm>;
    evaluate_limit(t);
    const index d = limit_value_.size();
    if (x.size() != d) size_mismatch(x.size(), d);
    if (previous_.size() != d) previous_.resize(d);
    evaluated_at_ = t;
    double left = 0.0, right = 0.0;
    for (index i = 0; i < d; ++i) {
      const double lv = limit_value_[i];
      const double xi = scale_ * static_cast<double>(x.coeff(i));
      fused::accumulate(left, previous_[i] - lv);
      fused::accumulate(right, xi - lv);
      previous_[i] = xi;
    }
    if (has_previous_ && compare_left_) record(fused::finish(left), t);
    record(fused::finish(right), t);
    left_acc_ = compare_left_ ? right : 0.0;
    has_previous_ = true;
    prune_sup_ = speed_bound_ < std::numeric_limits<double>::infinity()
                     ? sup_
                     : -std::numeric_limits<double>::infinity();
    ++calls_;
  }

  // A call with any other norm: the limit evaluated every time.
  template <class Derived>
  void observe_generic(const Eigen::MatrixBase<Derived>& x, double t) {
    evaluate_limit(t);
    const index d = limit_value_.size();
    if (x.size() != d) size_mismatch(x.size(), d);
    if (has_previous_ && compare_left_) {
      diff_ = previous_ - limit_value_;
      record(norm_(std::as_const(diff_)), t);
    }
    previous_ = scale_ * x.template cast<double>();
    diff_ = previous_ - limit_value_;
    record(norm_(std::as_const(diff_)), t);
    has_previous_ = true;
    ++calls_;
  }

  void evaluate_limit(double t) {
    if constexpr (std::invocable<const Limit&, double, vector&>) {
      limit_(t, limit_value_);
    } else {
      limit_value_.resize(1);
      limit_value_[0] = static_cast<double>(limit_(t));
    }
  }

  void record(double distance, double t) {
    if (!(distance >= 0.0 && distance < std::numeric_limits<double>::infinity())) {
      require_simulation(false, "jumpflow::sup_distance_observer", "distance to the limit",
                         distance, t, "finite (check the model's state and the limit)");
    }
    if (distance > sup_) {
      sup_ = distance;
      argsup_ = t;
    }
  }

  Limit limit_;
  Norm norm_;
  double scale_;
  bool compare_left_;          // piecewise-constant path: the previous call is the left limit
  double speed_bound_;         // of the limit (+inf: unknown, no pruning)
  double evaluated_at_ = 0.0;  // time of the last evaluation of the limit
  // Fused-norm accumulator of the next call's left limit (the last call's state, piecewise
  // constant paths; 0 for sampled ones) against limit_value_.
  double left_acc_ = 0.0;
  double prune_sup_ = -std::numeric_limits<double>::infinity();  // sup_ when pruning is armed
  vector limit_value_, previous_, diff_;
  double sup_ = 0.0;
  double argsup_ = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t calls_ = 0;
  bool has_previous_ = false;
};

}  // namespace jumpflow
