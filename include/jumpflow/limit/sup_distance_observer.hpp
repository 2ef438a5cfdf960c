/// \file
/// \brief sup_distance_observer: \f$\sup_t |X_t - x_t|\f$ between a jump path and its limit,
/// on the fly, with no path stored.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <exception>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "jumpflow/core/detail/integer_rounding.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/observer_window.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/limit/detail/limit_value.hpp"
#include "jumpflow/limit/norms.hpp"
#include "jumpflow/ode/detail/concat.hpp"
#include "jumpflow/ode/detail/reach.hpp"

namespace jumpflow {

namespace detail {

// Norms the observer evaluates component by component, fused with the differences.
template <class Norm>
struct fused_norm : std::false_type {};
template <>
struct fused_norm<euclidean_norm> : std::true_type {
  static void accumulate(double& acc, double v) noexcept { acc += v * v; }
  static double finish(double acc) noexcept { return std::sqrt(acc); }
  // The half-width of a cube that fits in the ball of `radius` in dimension d.
  static double box(double radius, index d) noexcept {
    return radius / std::sqrt(static_cast<double>(d));
  }
  // The largest r with a box of half-widths |v_i| + r (around the ball's centre) inside the
  // ball of `radius`, for v of norm `offset` <= radius and l1 norm `sum`: the root of
  // d r^2 + 2 sum r + offset^2 - radius^2 = 0, in the form without cancellation.
  static double room(double radius, double offset, double sum, double, index d) noexcept {
    const double gap = (radius - offset) * (radius + offset);
    return gap / (sum + std::sqrt(sum * sum + static_cast<double>(d) * gap));
  }
};
template <>
struct fused_norm<max_norm> : std::true_type {
  static void accumulate(double& acc, double v) noexcept {
    // NaN propagates (a plain max would drop it).
    acc = (std::abs(v) > acc || std::isnan(v)) ? std::abs(v) : acc;
  }
  static double finish(double acc) noexcept { return acc; }
  static double box(double radius, index) noexcept { return radius; }
  static double room(double radius, double, double, double widest, index) noexcept {
    return radius - widest;
  }
};
template <>
struct fused_norm<l1_norm> : std::true_type {
  static void accumulate(double& acc, double v) noexcept { acc += std::abs(v); }
  static double finish(double acc) noexcept { return acc; }
  static double box(double radius, index d) noexcept { return radius / static_cast<double>(d); }
  static double room(double radius, double, double sum, double, index d) noexcept {
    return (radius - sum) / static_cast<double>(d);
  }
};

// Limits that bound their own motion: a horizon(t, distance) (dense_solution, dense_cursor)
// or a global speed_bound() (then t + distance / L); also through std::cref.
template <class Limit>
concept limit_with_horizon = requires(const std::unwrap_reference_t<Limit>& l, double t) {
  { l.horizon(t, t) } -> std::convertible_to<double>;
};
template <class Limit>
concept limit_with_speed_bound = requires(const std::unwrap_reference_t<Limit>& l) {
  { l.speed_bound() } -> std::convertible_to<double>;
};
// Limits that bound their distance to a chord (dense_solution, dense_cursor): the observer's
// window of count states then moves along the chord.
template <class Limit>
concept limit_with_chord = requires(const std::unwrap_reference_t<Limit>& l, double t) {
  { l.chord_horizon(t, t) } -> std::convertible_to<double>;
};
// A limit and a norm with which the observer prunes calls.
template <class Limit, class Norm>
concept prunable = fused_norm<Norm>::value &&
                   (limit_with_horizon<Limit> || limit_with_speed_bound<Limit>);

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
///
/// **Pruning.** When the limit bounds its own motion (a dense_cursor or dense_solution through
/// dense_solution::horizon(), a closed form wrapped in a bounded_limit, or any limit with a
/// `speed_bound()`) and the norm is one of the library's, most calls skip the limit's
/// evaluation. After each evaluation at time
/// \f$t_e\f$, with distance \f$D_e\f$ of the state and running sup \f$S \ge D_e\f$, the
/// observer gives the limit a motion \f$m = 0.4 (S - D_e)\f$: up to the horizon \f$t_h\f$ at
/// which its path may have grown \f$2m\f$ long, the limit stays within \f$m\f$ of the midpoint
/// \f$c\f$ of \f$x(t_e)\f$ and \f$x(t_h)\f$ (with only a speed bound \f$L\f$:
/// \f$t_h = t_e + 2m / L\f$; for \f$L = 0\f$, \f$c = x(t_e)\f$ and no end). The state gets
/// the radius \f$R = S - m\f$ around \f$c\f$, as a box (per component) inside that ball: the
/// cube centred on \f$c\f$, or the box of half-widths \f$|v_i| + r\f$ around \f$c\f$, for
/// \f$v = s X_e - c\f$ and the largest \f$r\f$ that fits (its corners on the sphere, for the
/// Euclidean norm), whichever leaves the state farther from its faces (they are the same for
/// one component; with several, the state is often outside the cube). A call at
/// \f$t \in [t_e, t_h]\f$ whose state is in the box is then at most \f$R + m = S\f$ from the
/// limit, and so is its left limit (the state of a previous such call, or the evaluated one,
/// checked to be within \f$R\f$ of \f$c\f$): it cannot raise the sup. Its check is two
/// comparisons of the time and one per component of the state (integer counts are compared
/// as integers) against bounds precomputed at the evaluation, and a copy of the state. The
/// bounds are shrunk by a margin of relative size \f$2^{-40}\f$ that covers the rounding of
/// the distances, so the sup and its time are bit for bit those of evaluating the limit at
/// every call. A limit with a `horizon(t, distance)` must be defined at the times it
/// returns (the observer evaluates it there). With only a speed bound, a limit that throws
/// at \f$t_h\f$ (one defined on a span that ends before) gives no window, so that a call
/// beyond its span throws as without pruning; a limit of speed bound 0 must be defined at
/// every later time.
///
/// **Moving boxes.** For integer states and a limit with a `chord_horizon(t, distance)`
/// (dense_cursor, dense_solution, bounded_limit) the box moves instead: the limit gets
/// \f$m = 0.05 (S - D_e)\f$ from its chord, the straight line \f$c(t)\f$ from \f$x(t_e)\f$ to
/// \f$x(t_h)\f$ with \f$t_h\f$ = dense_solution::chord_horizon(\f$t_e, m\f$), and the box of radius
/// \f$R = S - m\f$ is centred on \f$c(t)\f$ at time \f$t\f$ (a count_window with a drift).
/// The evaluated state is \f$D_e \le R\f$ from \f$c(t_e) = x(t_e)\f$, so no room is spent on
/// a midpoint, and the chord follows the limit for a time of order \f$\sqrt{m}\f$ rather than
/// \f$m\f$: on immigration-death at \f$n = 10^4\f$ (200 paths through simulate_dense_direct())
/// the windows ended a tenth as often on time, and 0.70 times as many calls were evaluated
/// (117,287 against 167,315, with \f$m = 0.2 (S - D_e)\f$). On the same 200 paths 0.05 needs
/// 0.94 times the evaluations of 0.2 (107,808 against 114,110, both with the box). A call whose
/// previous state the box may have left behind checks that state too (the left limit), unless a
/// simulator vouches for it (skip()).
///
/// **Balls.** With the Euclidean norm and integer states the observer also offers the ball of
/// radius \f$R\f$ around \f$c(t)\f$ itself (count_window::centre and radius2, in counts, shrunk
/// by \f$2^{-45}\f$ of \f$R^2\f$ as the box's room is), and a call is pruned when its state,
/// and its left limit when the window moves, lie in the ball: the box is only the part of the
/// ball that a simulator can compare per species. The ball is the larger: for several species
/// it has no corners cut off, and for one it is the interval with real ends, which the count
/// box, rounded inwards at \f$t_e\f$, loses up to a count of at each end as it moves. On the
/// 200 paths above, immigration-death needs 81,595 evaluations (0.76 times 107,808), and SIR
/// (jumpflow::sir_family(2, 1, 0.9, 0.1) to \f$t = 3\f$, \f$n = 10^4\f$) 84,864 against
/// 196,760 (0.43 times).
///
/// **Skipped calls.** The observer is a windowed_observer: window() tells a simulator the
/// pruning window of count states (with its ball), and simulate_direct(),
/// simulate_sorting_direct() and simulate_dense_direct() then check each jump's time, and
/// lazily its state, against it
/// themselves and call the observer only when the path leaves the window (skip() keeps
/// calls() exact). The results are bit for bit the same, at a fraction
/// of the cost of a call per jump.
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
/// \tparam Limit a callable `limit(double t, vector& out)` writing \f$x(t)\f$: a closed form
///         (evaluated at every call; in a bounded_limit, with bounds on its speed and
///         curvature, pruned as a dense_cursor is),
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
        compare_left_(kind == path_kind::piecewise_constant) {
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
      const check outcome = prune(x, t, std::exchange(vouched_, false));
      if (outcome == check::pruned) [[likely]]
        return;
      observe_fused(x, t, outcome == check::left_in_window);
    } else {
      vouched_ = false;
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
  /// \brief The number of calls that evaluated the limit since construction or the last
  /// reset(): calls() when nothing is pruned, far fewer with a limit that bounds its motion
  /// (such a call may also evaluate the limit at the end of its pruning window).
  /// \returns the count.
  std::uint64_t evaluations() const noexcept { return evaluations_; }
  /// \brief Forgets the path (keeps the buffers), ready for the next replicate.
  void reset() noexcept {
    sup_ = 0.0;
    argsup_ = std::numeric_limits<double>::quiet_NaN();
    calls_ = 0;
    evaluations_ = 0;
    has_previous_ = false;
    vouched_ = false;
    counts_.disarm();
    reals_.disarm();
  }
  /// \brief The limit.
  /// \returns the limit callable.
  const Limit& limit() const noexcept { return limit_; }

  /// \brief The calls of count states this observer does not need (the windowed_observer
  /// protocol, through which simulate_direct() skips them): those the observer would prune.
  ///
  /// The window is the pruning window of the last evaluation (its end, its box of counts and,
  /// with the Euclidean norm, its ball) when the last call's state lies in it (in the ball when
  /// there is one); it is empty after a call of
  /// real-valued states, before any call, after reset(), and when no call can be pruned.
  /// \returns the window, valid until the next call.
  count_window window() const noexcept requires detail::prunable<Limit, Norm> {
    return counts_.region(counts_.open_until);
  }
  /// \brief Counts `skipped` calls that a simulator skipped inside the window (the
  /// windowed_observer protocol), so that calls() is that of a call after every jump.
  /// \param skipped the number of calls skipped.
  void skip(std::uint64_t skipped) noexcept requires detail::prunable<Limit, Norm> {
    calls_ += skipped;
    // The simulator vouches that the last skipped state lies in the box at the next call's
    // time (the windowed_observer contract): the next call need not check its left limit.
    if (skipped > 0) vouched_ = true;
  }

 private:
  // Only a limit that bounds its motion lets calls be pruned.
  static constexpr bool can_prune =
      detail::limit_with_horizon<Limit> || detail::limit_with_speed_bound<Limit>;
  // The share of the room S - D_e given to the limit's motion (at most 1/2, see arm()).
  static constexpr double limit_share = 0.4;
  // The same with a chord (arm()): the limit's distance to its chord grows with the square of
  // the window's length, so a small share buys a long window. Measured through
  // simulate_auto() against 0.2: 0.05 evaluates and checks fewer calls on immigration-death at
  // n = 10^3 to 10^5 and on SIR, and takes 0.95x to 1.0x the observed time (0.90x on SIR at
  // n = 10^4); 0.02 is no better.
  static constexpr double chord_share = 0.05;

  [[noreturn]] static void size_mismatch(index got, index want) {
    throw std::invalid_argument(error_message(
        "jumpflow::sup_distance_observer", "x.size()", format_value(static_cast<long long>(got)),
        detail::concat("the limit's dimension ", format_value(static_cast<long long>(want)))));
  }

  // States whose entries are compared as integers in a pruned call (exact in long long).
  template <class Derived>
  static constexpr bool counts = std::is_integral_v<typename Derived::Scalar> &&
                                 (std::is_signed_v<typename Derived::Scalar> ||
                                  sizeof(typename Derived::Scalar) < sizeof(long long));

  // What a pruned call reads, for states of integer (T = long long) or real (T = double)
  // entries: the window in time, the box of states and the last call's state (unscaled).
  // Only the kind of the last evaluated call is armed.
  template <class T>
  struct lane {
    using value_type = T;
    double from = std::numeric_limits<double>::infinity();  // window [from, until], empty
    double until = -std::numeric_limits<double>::infinity();  // when disarmed
    // The window's end offered to simulators (window()): `until` when the last call's state
    // is in the box (so that a simulator need check only the species a jump changed), else
    // empty. Read for integer states only.
    double open_until = -std::numeric_limits<double>::infinity();
    // Per component i: integers, v is in the box when (unsigned)(v - box(2i)) <= box(2i+1)
    // (lowest value, width); reals, when box(2i) <= v <= box(2i+1).
    Eigen::Matrix<T, Eigen::Dynamic, 1> box;
    Eigen::Matrix<T, Eigen::Dynamic, 1> previous;
    // A box that moves along the limit's chord (integer states only): at time t it holds
    // v - drift(i) (t - from) in [box(2i), box(2i) + box(2i+1)].
    bool drifting = false;
    vector drift;
    // The Euclidean ball of radius R around the centre (integer states and the Euclidean norm
    // only), in counts: the box lies in it (up to the rounding at its sphere), and a pruned
    // call compares with it (radius2 < 0: none).
    vector centre;
    double radius2 = -1.0;
    void disarm() noexcept {
      from = std::numeric_limits<double>::infinity();
      until = -std::numeric_limits<double>::infinity();
      open_until = -std::numeric_limits<double>::infinity();
      drifting = false;
      radius2 = -1.0;
    }
    // The window (integer states) up to `end`.
    count_window region(double end) const noexcept {
      return {end,
              box.data(),
              drifting ? drift.data() : nullptr,
              from,
              radius2 >= 0.0 ? centre.data() : nullptr,
              radius2};
    }
  };
  template <class Derived>
  auto& lane_of() noexcept {
    if constexpr (counts<Derived>) {
      return counts_;
    } else {
      return reals_;
    }
  }

  enum class check { pruned, evaluate, left_in_window };

  // A call in the window of its kind (time in [from, until], state in the box) cannot raise
  // the sup (see the class's documentation and arm()): it only remembers the state, as the
  // next call's left limit. A call in the window whose state leaves the box is evaluated, but
  // its left limit still cannot raise the sup (left_in_window: the state is copied as it is
  // checked, so the left limit is gone). A non-finite state fails a comparison, so it is
  // evaluated and reported at this call's time.
  template <class Derived>
  check prune(const Eigen::MatrixBase<Derived>& x, double t, bool vouched) noexcept {
    auto& l = lane_of<Derived>();
    if (!(t >= l.from && t <= l.until)) return check::evaluate;
    const index d = l.previous.size();
    if (x.size() != d) return check::evaluate;  // reported by the full path
    const auto* box = l.box.data();
    auto* p = l.previous.data();
    if constexpr (counts<Derived>) {
      if (l.radius2 >= 0.0) {
        // The ball (around the box): the left limit (unless vouched for), then the state, copied
        // first as the next call's left limit.
        const count_window w = l.region(l.until);
        if (l.drifting && !vouched && !w.contains(l.previous, t)) return check::evaluate;
        for (index i = 0; i < d; ++i) p[i] = static_cast<long long>(x.coeff(i));
        if (!w.contains(l.previous, t)) return check::left_in_window;
        l.open_until = l.until;
        ++calls_;
        return check::pruned;
      }
      // A moving box may have left the last call's state behind: unless the simulator vouches
      // for the left limit, it is checked at this call's time.
      if (l.drifting && !vouched) {
        const count_window w = l.region(l.until);
        for (index i = 0; i < d; ++i) {
          if (!w.contains(i, p[i], t)) return check::evaluate;
        }
      }
    } else {
      (void)vouched;
    }
    for (index i = 0; i < d; ++i) {
      if constexpr (counts<Derived>) {
        const auto v = static_cast<long long>(x.coeff(i));
        p[i] = v;
        if (!l.region(l.until).contains(i, v, t)) return check::left_in_window;
      } else {
        const double v = static_cast<double>(x.coeff(i));
        p[i] = v;
        if (!(v >= box[2 * i] && v <= box[2 * i + 1])) return check::left_in_window;
      }
    }
    l.open_until = l.until;  // this state is in the box: a simulator may skip from here
    ++calls_;
    return check::pruned;
  }

  // A call that evaluates the limit (fused norms): both distances in one pass, no temporaries.
  template <class Derived>
  [[gnu::noinline]] void observe_fused(const Eigen::MatrixBase<Derived>& x, double t,
                                       bool left_in_window = false) {
    using fused = detail::fused_norm<Norm>;
    evaluate_limit(t);
    ++evaluations_;
    const index d = limit_value_.size();
    if (x.size() != d) size_mismatch(x.size(), d);
    // The left limit is the last call's state, in the lane of its kind.
    const bool left_counts = previous_counts_;
    if ((left_counts ? counts_.previous.size() : reals_.previous.size()) != d) {
      counts_.previous.setZero(d);
      reals_.previous.setZero(d);
      counts_.box.resize(2 * d);
      counts_.drift.resize(d);
      counts_.centre.resize(d);
      reals_.box.resize(2 * d);
      centre_.resize(d);
    }
    auto& here_lane = lane_of<Derived>();
    double left = 0.0, right = 0.0, magnitude = 0.0;
    for (index i = 0; i < d; ++i) {
      const double lv = limit_value_[i];
      const double before = left_counts ? static_cast<double>(counts_.previous[i])
                                        : reals_.previous[i];
      fused::accumulate(left, scale_ * before - lv);
      fused::accumulate(right, scale_ * static_cast<double>(x.coeff(i)) - lv);
      using value_type = typename std::remove_reference_t<decltype(here_lane)>::value_type;
      here_lane.previous[i] = static_cast<value_type>(x.coeff(i));
      magnitude += std::abs(lv);
    }
    previous_counts_ = counts<Derived>;
    if (has_previous_ && compare_left_ && !left_in_window) record(fused::finish(left), t);
    const double here = fused::finish(right);
    record(here, t);
    has_previous_ = true;
    ++calls_;
    counts_.disarm();
    reals_.disarm();
    if constexpr (can_prune) arm(here_lane, t, here, magnitude);
  }

  // The window after an evaluation at t whose state (in lane l) is `here` from the limit
  // value (limit_value_, of l1 norm `magnitude`), with S = sup_ >= here. The limit gets a
  // distance `motion` = limit_share (S - here) from a centre c, the state a radius
  // R = S - motion around c: a pruned call is at most R + motion = S from the limit, and so
  // is its left limit (in the ball too). With a horizon, the limit's path on [t, until] is at
  // most 2 motion long, so it stays within `motion` of the midpoint c of its ends, and the
  // state of this call is within here + motion <= R of c (checked, as computed); with only a
  // speed bound, c = limit_value_. With a chord (dense_solution and integer states), the
  // limit stays within `motion` of the straight line c(s) from x(t) to x(until), and the box of
  // radius R moves along it: c(t) = x(t), so this call's state is `here` <= R from it, and the
  // share of the room given to the limit can be smaller (chord_share). R and motion are cut by
  // a margin 2^-40 (d + 1) (S + magnitude), far above the rounding of the distances (a few ulps
  // of S and of the limit's value per component) and of the moving box's comparisons, so a
  // pruned call computes to at most S.
  template <class T>
  void arm(lane<T>& l, double t, double here, double magnitude) {
    using fused = detail::fused_norm<Norm>;
    const index d = limit_value_.size();
    if (d == 0) return;
    constexpr bool chord = detail::limit_with_chord<Limit> && std::is_same_v<T, long long>;
    const double margin = 0x1p-40 * static_cast<double>(d + 1) * (sup_ + magnitude);
    const double motion = (chord ? chord_share : limit_share) * (sup_ - here);
    const double radius = sup_ - motion - 2.0 * margin;
    // No room for the limit to move (this call raised the sup, or matches it): no window.
    if (!(motion > 0.0 && radius >= 0.0)) return;
    const std::unwrap_reference_t<Limit>& limit = limit_;
    double until = t;
    // Integer states and a limit that bounds its distance to a chord: the box moves along the
    // chord from x(t) to x(until), which stays within `motion` of the limit; the state of this
    // call is `here` <= S - motion from its centre x(t) (no room needed for a midpoint).
    if constexpr (chord) {
      until = static_cast<double>(limit.chord_horizon(t, motion));
      if (!(until > t)) return;
      evaluate_limit(until, centre_);
      // (A window so short that (until - t) scale underflows is not worth opening; the
      // reciprocal would be infinite, and 0 times it NaN.)
      const double per_count_time = 1.0 / ((until - t) * scale_);
      if (!(per_count_time < std::numeric_limits<double>::infinity())) return;
      for (index i = 0; i < d; ++i) {
        l.drift[i] = (centre_[i] - limit_value_[i]) * per_count_time;
        centre_[i] = limit_value_[i];
      }
    } else if constexpr (detail::limit_with_horizon<Limit>) {
      until = static_cast<double>(limit.horizon(t, 2.0 * motion));
      evaluate_limit(until, centre_);
    } else {
      until = detail::reach_at_speed(t, 2.0 * motion, static_cast<double>(limit.speed_bound()));
      if (until == std::numeric_limits<double>::infinity()) {
        centre_ = limit_value_;  // speed 0: the limit is constant
      } else {
        // Evaluating the limit at the window's end also checks that it is defined there: a
        // limit defined on a span throws beyond it, and then no call is pruned, so that a
        // call beyond the span throws as without pruning.
        try {
          evaluate_limit(until, centre_);
        } catch (const std::exception&) {
          return;
        }
      }
    }
    if (!chord && until != std::numeric_limits<double>::infinity()) {
      for (index i = 0; i < d; ++i) centre_[i] = 0.5 * (limit_value_[i] + centre_[i]);
    }
    double acc = 0.0, widest = 0.0, sum = 0.0, narrowest = std::numeric_limits<double>::infinity();
    for (index i = 0; i < d; ++i) {
      const double v = std::abs(scale_ * static_cast<double>(l.previous[i]) - centre_[i]);
      fused::accumulate(acc, v);
      widest = std::max(widest, v);
      narrowest = std::min(narrowest, v);
      sum += v;
    }
    const double offset = fused::finish(acc);  // of this call's state from the centre
    if (!(offset <= radius)) return;
    // Two boxes around c inside the ball of radius R: the cube of half-width h, which holds
    // this call's state when its largest component w (from c, in absolute value) is at most h,
    // and the box of half-widths |v_i| + r, r the largest that fits (fused_norm::room(): the
    // box's corners on the sphere for the Euclidean norm), which leaves the state r from its
    // outer faces and 2 |v_i| + r from the inner ones. The state stays the longer in the box
    // where the product of its distances to two opposite faces (the mean exit time of a walk
    // between them) is the larger at its tightest component: h^2 - w^2 against
    // r (2 min |v_i| + r). For one component (or the max norm) that is always the cube; with
    // several the state is often outside it (on SIR, three components, at nearly every
    // evaluation). The computed r is cut by 2^-45 of itself: with the margins in R, the box's
    // corners stay within the radius the pruning needs.
    const double half = fused::box(radius, d);
    double room = 0.0;
    if (d > 1) {
      const double r = fused::room(radius, offset, sum, widest, d) * (1.0 - 0x1p-45);
      if (r * (2.0 * narrowest + r) > (half - widest) * (half + widest)) room = r;
    }
    // The box in the state's own units (unscaled), so that a pruned call does no arithmetic.
    const double counts_per_unit = 1.0 / scale_;
    for (index i = 0; i < d; ++i) {
      const double w =
          room > 0.0 ? std::abs(scale_ * static_cast<double>(l.previous[i]) - centre_[i]) + room
                     : half;
      const double lo = (centre_[i] - w) * counts_per_unit, hi = (centre_[i] + w) * counts_per_unit;
      if constexpr (std::is_same_v<T, long long>) {
        // The integers in [lo, hi], kept within +-2^62 so that the width fits (a smaller box
        // is still a valid one; none when [lo, hi] lies beyond: clamping would move it).
        // (+-2^52 for a moving box, which is compared in doubles.)
        constexpr double most = chord ? 0x1p52 : 0x1p62;
        if (!(lo <= most && hi >= -most && lo <= hi)) return;  // (also NaN)
        const long long first = detail::ceil_to_count(std::max(lo, -most));
        const long long last = detail::floor_to_count(std::min(hi, most));
        if (first > last) return;  // no integer state fits: nothing to prune
        l.box[2 * i] = first;
        // The width, up to 2^63, in unsigned arithmetic (count_window::contains() reads it so).
        l.box[2 * i + 1] = static_cast<long long>(static_cast<unsigned long long>(last) -
                                                  static_cast<unsigned long long>(first));
      } else {
        l.box[2 * i] = lo;
        l.box[2 * i + 1] = hi;
      }
    }
    l.from = t;
    l.until = until;
    l.drifting = chord;
    if constexpr (std::is_same_v<T, long long>) {
      if constexpr (std::is_same_v<Norm, euclidean_norm>) {
        // The ball of radius R around the centre, in counts (around the box). Its rounding
        // (a few ulps of the counts) is far below the margins in R; the squared radius is cut
        // by 2^-45 of itself all the same, as the room r is.
        const double rho = radius / scale_;
        for (index i = 0; i < d; ++i) l.centre[i] = centre_[i] / scale_;
        l.radius2 = rho * rho * (1.0 - 0x1p-45);
      }
      if (l.region(until).contains(l.previous, t)) l.open_until = until;
    }
  }

  // A call with any other norm: the limit evaluated every time.
  template <class Derived>
  void observe_generic(const Eigen::MatrixBase<Derived>& x, double t) {
    evaluate_limit(t);
    ++evaluations_;
    const index d = limit_value_.size();
    if (x.size() != d) size_mismatch(x.size(), d);
    vector& previous = reals_.previous;  // scaled, here
    if (has_previous_ && compare_left_) {
      diff_ = previous - limit_value_;
      record(norm_(std::as_const(diff_)), t);
    }
    previous = scale_ * x.template cast<double>();
    diff_ = previous - limit_value_;
    record(norm_(std::as_const(diff_)), t);
    has_previous_ = true;
    ++calls_;
  }

  void evaluate_limit(double t) { evaluate_limit(t, limit_value_); }
  void evaluate_limit(double t, vector& out) { detail::limit_value(limit_, t, out); }

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

  // Read by every pruned call (together at the front).
  lane<long long> counts_;
  lane<double> reals_;
  std::uint64_t calls_ = 0;
  // Read by evaluations only.
  Limit limit_;
  Norm norm_;
  double scale_;
  bool compare_left_;  // piecewise-constant path: the previous call is the left limit
  vector limit_value_, centre_, diff_;
  double sup_ = 0.0;
  double argsup_ = std::numeric_limits<double>::quiet_NaN();
  std::uint64_t evaluations_ = 0;
  bool has_previous_ = false;
  bool previous_counts_ = false;  // the last call's state is in counts_ (else in reals_)
  bool vouched_ = false;          // skip() was called since the last call (see skip())
};

}  // namespace jumpflow
