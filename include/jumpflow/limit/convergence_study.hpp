/// \file
/// \brief convergence_study(): \f$\sqrt{E \sup_t |X^n_t - x_t|^2}\f$ over a grid of \f$n\f$ (and
/// optionally of a second parameter \f$d\f$), with confidence intervals, the fitted rate, a
/// callback per finished grid point, and a check of an explicit bound.
#pragma once

#include <chrono>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/limit/estimators.hpp"
#include "jumpflow/limit/rate_fit.hpp"
#include "jumpflow/random/philox_engine.hpp"
#include "jumpflow/random/stream_layout.hpp"

namespace jumpflow {

/// \brief What one replicate of a study returns.
/// \ingroup limit
struct replicate_outcome {
  double sup_error;      ///< \brief \f$\sup_t \|X^n_t - x_t\|\f$ of the replicate (finite, >= 0).
  std::uint64_t events;  ///< \brief Number of jumps simulated (for cost accounting).
};

/// \brief What one replicate of a study with several distances returns
/// (multi_distance_study()): one sup error per distance, all measured on the same path.
/// \ingroup limit
struct multi_replicate_outcome {
  /// \brief \f$\sup_t \|X^n_t - x^{(i)}_t\|\f$ against each limit (or in each norm)
  /// \f$i = 0, \dots, k-1\f$, in the study's order (each finite, >= 0).
  std::vector<double> sup_errors;
  std::uint64_t events;  ///< \brief Number of jumps simulated (for cost accounting).
};

/// \brief Options of a convergence study.
/// \ingroup limit
struct study_options {
  std::uint64_t replicates = 200;  ///< \brief \f$R \ge 2\f$ replicates per grid point.
  std::uint64_t seed = 1;          ///< \brief Seed of every stream of the study.
  unsigned threads = 0;            ///< \brief Worker threads, 0 for all hardware threads.
  double level = 0.95;             ///< \brief Confidence level of every interval.
};

/// \brief One finished grid point of a study: a row of its table.
/// \ingroup limit
struct study_point {
  double n;                  ///< \brief The scale \f$n\f$.
  double d;                  ///< \brief The second parameter (NaN in a 1-D study).
  estimate error;            ///< \brief rms_estimate() of the replicates' sup errors.
  std::uint64_t replicates;  ///< \brief Replicates run.
  std::uint64_t events;      ///< \brief Jumps simulated, summed over replicates.
  double seconds;            ///< \brief Wall-clock time of the grid point.
};

/// \brief A finished study: the table and the rate in \f$n\f$.
/// \ingroup limit
struct study_result {
  std::vector<study_point> points;  ///< \brief One row per grid point, in grid order.
  /// \brief fit_rate() of the error on \f$n\f$: over all points of a 1-D study, at the first
  /// \f$d\f$ of a 2-D study (see fit_rate_in_n() and fit_rate_in_d() for the others). All
  /// numeric fields are NaN (and `points` is 0) when fewer than 3 distinct \f$n\f$ are available.
  rate_fit rate;
};

/// \brief The rate in \f$n\f$ at a fixed \f$d\f$: fit_rate() over the points with that \f$d\f$
/// (all points of a 1-D study when `d` is NaN).
/// \ingroup limit
///
/// Refitting without the smallest \f$n\f$ is one call:
/// `fit_rate_in_n(study.points, d, {.drop_smallest = 1})`.
/// \param points the table of a study.
/// \param d the second parameter, or NaN.
/// \param options the fit's options (interval, goodness-of-fit alpha, pre-asymptotic handling).
/// \returns the fit.
/// \throws as fit_rate() (fewer than 3 matching points is std::invalid_argument).
rate_fit fit_rate_in_n(std::span<const study_point> points, double d,
                       const rate_fit_options& options);

/// \brief fit_rate_in_n() with default options at level `level`.
/// \ingroup limit
/// \param points the table of a study.
/// \param d the second parameter, or NaN.
/// \param level confidence level of the slope's interval.
/// \returns the fit.
/// \throws as fit_rate().
rate_fit fit_rate_in_n(std::span<const study_point> points, double d, double level = 0.95);

/// \brief The rate in \f$d\f$ at a fixed \f$n\f$: fit_rate() of the error on \f$d\f$ over the
/// points with that \f$n\f$ (e.g. \f$+1/2\f$ for an error \f$c\sqrt{d/n}\f$).
/// \ingroup limit
/// \param points the table of a study.
/// \param n the scale.
/// \param options the fit's options (a correction term is \f$b\, d^{q}\f$ here).
/// \returns the fit.
/// \throws as fit_rate().
rate_fit fit_rate_in_d(std::span<const study_point> points, double n,
                       const rate_fit_options& options);

/// \brief fit_rate_in_d() with default options at level `level`.
/// \ingroup limit
/// \param points the table of a study.
/// \param n the scale.
/// \param level confidence level of the slope's interval.
/// \returns the fit.
/// \throws as fit_rate().
rate_fit fit_rate_in_d(std::span<const study_point> points, double n, double level = 0.95);

/// \brief One row of a bound check: the estimate against \f$c f(n, d)\f$.
/// \ingroup limit
struct bound_check_point {
  double n;                ///< \brief The scale.
  double d;                ///< \brief The second parameter (NaN in a 1-D study).
  double bound;            ///< \brief The bound \f$c f(n, d)\f$.
  double estimate;         ///< \brief The estimated error.
  double ci_high;          ///< \brief Upper end of its confidence interval.
  bool holds;              ///< \brief The estimate is \f$\le\f$ the bound.
  bool holds_confidently;  ///< \brief The whole interval is \f$\le\f$ the bound.
  bool violated;  ///< \brief The whole interval is \f$>\f$ the bound (a significant violation).
};

/// \brief Where an explicit bound holds, for every row of a study.
/// \ingroup limit
struct bound_check {
  std::vector<bound_check_point> points;  ///< \brief One per row of the study, same order.
  bool all_hold;                          ///< \brief Every estimate is below its bound.
  bool any_violated;                      ///< \brief Some interval lies entirely above its bound.
};

/// \brief Checks an explicit bound \f$c f(n, d)\f$ against each row of a study.
/// \ingroup limit
/// \param points the table.
/// \param bound `bound(n, d)` returning \f$c f(n, d)\f$ (`d` is NaN in a 1-D study).
/// \returns the per-row report and its summary.
/// \throws std::domain_error when the bound is not finite at some row.
bound_check check_bound(std::span<const study_point> points,
                        const std::function<double(double n, double d)>& bound);

namespace detail {

template <class F>
struct is_std_function : std::false_type {};
template <class R, class... A>
struct is_std_function<std::function<R(A...)>> : std::true_type {};

void check_study_grid(const char* fn, std::span<const double> grid, const char* name);
void check_study_options(const char* fn, const study_options& options, std::size_t points);
void check_outcome(const char* fn, const replicate_outcome& o, std::uint64_t r, double n, double d);
void check_outcome(const char* fn, const multi_replicate_outcome& o, std::size_t distances,
                   std::uint64_t r, double n, double d);
rate_fit rate_or_nan(std::span<const study_point> points, double d, double level);

void check_study_point(const char* fn, std::uint64_t point, double n, double d);

/// The row of grid point (n, d) from its replicates' outcomes in replicate order: the one
/// reduction of a study, shared by the threaded and the distributed (MPI) runs, so that both
/// give bitwise identical rows.
study_point reduce_study_point(const char* fn, double n, double d, const study_options& options,
                               std::span<const replicate_outcome> outcomes, double seconds);

template <class OnPoint, class Arg>
void call_on_point(OnPoint& on_point, const Arg& arg) {
  if constexpr (is_std_function<OnPoint>::value) {
    if (on_point) on_point(arg);
  } else if constexpr (!std::is_same_v<OnPoint, std::nullptr_t>) {
    on_point(arg);
  }
}

// The replicates of grid point k (streams study_stream_id(k, r)), reduced to one row per
// distance. `Outcome` is replicate_outcome (one distance) or multi_replicate_outcome.
template <class Outcome, class Run>
std::vector<study_point> run_study_rows(const char* fn, std::uint64_t k, double n, double d,
                                        std::size_t distances, const study_options& options,
                                        const Run& run) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Outcome> outcomes = run_ensemble(
      options.replicates, options.seed, options.threads,
      [&run](philox_engine& g, std::uint64_t r) -> Outcome { return run(g, r); },
      study_stream_id(k, 0));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if constexpr (std::is_same_v<Outcome, replicate_outcome>) {
    return {reduce_study_point(fn, n, d, options, outcomes, seconds)};
  } else {
    std::vector<std::vector<double>> errors(distances, std::vector<double>(outcomes.size()));
    std::uint64_t events = 0;
    for (std::size_t r = 0; r < outcomes.size(); ++r) {
      check_outcome(fn, outcomes[r], distances, r, n, d);
      for (std::size_t i = 0; i < distances; ++i) errors[i][r] = outcomes[r].sup_errors[i];
      events += outcomes[r].events;
    }
    std::vector<study_point> rows;
    rows.reserve(distances);
    for (std::size_t i = 0; i < distances; ++i) {
      rows.push_back(
          {n, d, rms_estimate(errors[i], options.level), options.replicates, events, seconds});
    }
    return rows;
  }
}

template <class Run>
study_point run_point(const char* fn, std::uint64_t k, double n, double d,
                      const study_options& options, const Run& run) {
  return run_study_rows<replicate_outcome>(fn, k, n, d, 1, options, run)[0];
}

// One grid point of a multi_distance_study: appends row i to results[i], calls on_point.
template <class Run, class OnPoint>
void run_multi_point(const char* fn, std::uint64_t k, double n, double d,
                     const study_options& options, const Run& run, OnPoint& on_point,
                     std::vector<study_result>& results) {
  const std::vector<study_point> rows =
      run_study_rows<multi_replicate_outcome>(fn, k, n, d, results.size(), options, run);
  for (std::size_t i = 0; i < rows.size(); ++i) results[i].points.push_back(rows[i]);
  call_on_point(on_point, std::span<const study_point>(rows));
}

inline void check_distances(const char* fn, std::size_t distances) {
  require_argument(distances >= 1, fn, "distances", static_cast<unsigned long long>(distances),
                   ">= 1");
}

}  // namespace detail

/// \brief Runs grid point \f$k\f$ of a study: `options.replicates` replicates of `run(g, r)`
/// on a thread pool and their rms_estimate(). This is the one code path of every study: both
/// convergence_study() overloads, the `jumpflow study` command and a multi-process run call it
/// for each row of their table.
/// \ingroup limit
///
/// **The stream layout (a stable contract).** Replicate \f$r\f$ of grid point \f$k\f$ draws
/// from study_stream(options.seed, k, r), i.e. stream study_stream_id(k, r)
/// \f$= k \cdot 2^{32} + r\f$ of the seed (run_ensemble() with `first_stream =
/// study_stream_id(k, 0)`). Grid point \f$k\f$ is the 0-based row of the study's table: the
/// index into `grid_n` of a 1-D study, and \f$k = j |n| + i\f$ for \f$(n_i, d_j)\f$ of a 2-D
/// study (\f$d\f$ outer, \f$n\f$ inner). So a point's result depends only on the seed, \f$k\f$,
/// the replicate function and the options, never on the number of threads or processes, on
/// which other points ran, or in which order.
/// \tparam Run `run(philox_engine& g, std::uint64_t r) -> replicate_outcome`, safe to call
///         concurrently.
/// \param point the grid point's index \f$k < 2^{32} - 1\f$ (\f$2^{32} - 1\f$ is
///        sample_path_point).
/// \param n the scale \f$n\f$ of the point (finite, > 0), recorded in the row.
/// \param d the second parameter (finite and > 0), or NaN for a 1-D study.
/// \param options replicates (\f$2 \le R < 2^{32}\f$), seed, threads, level.
/// \param run the replicate.
/// \returns the row of the table.
/// \throws std::invalid_argument for a bad point index or replicate count.
/// \throws std::domain_error for a bad \f$n\f$, \f$d\f$ or level.
/// \throws simulation_error when a replicate returns a non-finite or negative sup error
///         (names the replicate and \f$n\f$); whatever `run` throws.
template <class Run>
requires std::invocable<const Run&, philox_engine&, std::uint64_t> study_point
run_study_point(std::uint64_t point, double n, double d, const study_options& options,
                const Run& run) {
  constexpr const char* name = "jumpflow::run_study_point";
  detail::check_study_options(name, options, 1);
  detail::check_study_point(name, point, n, d);
  return detail::run_point(name, point, n, d, options, run);
}

/// \brief A convergence study over a grid of \f$n\f$: for each \f$n\f$, `options.replicates`
/// replicates of `fn(n, g, r)` on a thread pool, their rms_estimate(), and the rate fitted by
/// fit_rate().
/// \ingroup limit
///
/// Grid point \f$k\f$ is `grid_n[k]`, run by run_study_point(): replicate \f$r\f$ draws from
/// study_stream(options.seed, k, r), so results are bitwise reproducible for any number of
/// threads, and equal to those of `jumpflow study` with the same seed and grid. `on_point` is
/// called (from the calling thread) as each grid point finishes, so a long study can save its
/// rows as it goes.
/// \tparam Fn `fn(double n, philox_engine& g, std::uint64_t r) -> replicate_outcome`, safe to
///         call concurrently.
/// \tparam OnPoint `on_point(const study_point&)` (or `std::nullptr_t` for none).
/// \param grid_n the values of \f$n\f$ (non-empty, each finite and > 0).
/// \param options replicates (\f$\ge 2\f$), seed, threads, level.
/// \param fn the replicate.
/// \param on_point the per-point callback.
/// \returns the table and the rate (NaN fields with fewer than 3 distinct \f$n\f$).
/// \throws std::invalid_argument for an empty grid, fewer than 2 replicates or too many.
/// \throws std::domain_error for a bad \f$n\f$ or level.
/// \throws simulation_error when a replicate returns a non-finite or negative sup error
///         (names the replicate and \f$n\f$); whatever `fn` throws.
template <class Fn, class OnPoint = std::nullptr_t>
requires std::invocable<const Fn&, double, philox_engine&, std::uint64_t> study_result
convergence_study(std::span<const double> grid_n, const study_options& options, const Fn& fn,
                  OnPoint on_point = nullptr) {
  constexpr const char* name = "jumpflow::convergence_study";
  detail::check_study_grid(name, grid_n, "grid_n");
  detail::check_study_options(name, options, grid_n.size());
  study_result result;
  result.points.reserve(grid_n.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < grid_n.size(); ++k) {
    const double n = grid_n[k];
    result.points.push_back(detail::run_point(
        name, k, n, nan, options,
        [&fn, n](philox_engine& g, std::uint64_t r) -> replicate_outcome { return fn(n, g, r); }));
    detail::call_on_point(on_point, std::as_const(result.points.back()));
  }
  result.rate = detail::rate_or_nan(result.points, nan, options.level);
  return result;
}

/// \brief A convergence study over a 2-D grid \f$(n, d)\f$: the rows are \f$(n_i, d_j)\f$ with
/// \f$d\f$ outer and \f$n\f$ inner (the order of the `jumpflow study` table: one curve in
/// \f$n\f$ per \f$d\f$), row \f$k = j |n| + i\f$ run by run_study_point() on streams
/// study_stream(options.seed, k, r). This order is part of the stream layout, a stable contract.
/// \ingroup limit
/// \tparam Fn `fn(double n, double d, philox_engine& g, std::uint64_t r) -> replicate_outcome`.
/// \tparam OnPoint `on_point(const study_point&)` (or `std::nullptr_t`).
/// \param grid_n the values of \f$n\f$ (non-empty, finite, > 0).
/// \param grid_d the values of \f$d\f$ (non-empty, finite, > 0).
/// \param options replicates, seed, threads, level.
/// \param fn the replicate.
/// \param on_point the per-point callback.
/// \returns the table; `rate` is the rate in \f$n\f$ at `grid_d[0]` (use fit_rate_in_n() and
///          fit_rate_in_d() for the others).
/// \throws as the 1-D overload.
template <class Fn, class OnPoint = std::nullptr_t>
requires std::invocable<const Fn&, double, double, philox_engine&, std::uint64_t> study_result
convergence_study(std::span<const double> grid_n, std::span<const double> grid_d,
                  const study_options& options, const Fn& fn, OnPoint on_point = nullptr) {
  constexpr const char* name = "jumpflow::convergence_study";
  detail::check_study_grid(name, grid_n, "grid_n");
  detail::check_study_grid(name, grid_d, "grid_d");
  detail::check_study_options(name, options, grid_n.size() * grid_d.size());
  study_result result;
  result.points.reserve(grid_n.size() * grid_d.size());
  std::uint64_t k = 0;  // the row: d outer, n inner (the stream layout of run_study_point())
  for (const double d : grid_d) {
    for (const double n : grid_n) {
      result.points.push_back(detail::run_point(
          name, k++, n, d, options,
          [&fn, n, d](philox_engine& g, std::uint64_t r) -> replicate_outcome {
            return fn(n, d, g, r);
          }));
      detail::call_on_point(on_point, std::as_const(result.points.back()));
    }
  }
  result.rate = detail::rate_or_nan(result.points, grid_d[0], options.level);
  return result;
}

/// \brief Convergence studies of \f$k\f$ distances measured on the same paths, e.g. the error
/// of one process against two candidate limits, or in two norms: one study_result per
/// distance.
/// \ingroup limit
///
/// Each replicate returns a multi_replicate_outcome with `distances` sup errors. Streams,
/// threads and order are those of convergence_study(): replicate \f$r\f$ of grid point
/// \f$k\f$ draws from stream study_stream_id(k, r) of `options.seed`, so distance \f$i\f$ of
/// this study is bitwise the convergence_study() whose replicate returns only that distance.
/// Since the distances share their paths, their estimates are correlated (a difference of two
/// of them is known better than each).
/// \tparam Fn `fn(double n, philox_engine& g, std::uint64_t r) -> multi_replicate_outcome`,
///         safe to call concurrently.
/// \tparam OnPoint `on_point(std::span<const study_point> rows)` called with the \f$k\f$ rows
///         of each finished grid point (or `std::nullptr_t` for none).
/// \param grid_n the values of \f$n\f$ (non-empty, each finite and > 0).
/// \param distances \f$k \ge 1\f$, the number of sup errors per replicate.
/// \param options replicates (\f$\ge 2\f$), seed, threads, level.
/// \param fn the replicate.
/// \param on_point the per-point callback.
/// \returns \f$k\f$ results, result \f$i\f$ the table and rate of distance \f$i\f$.
/// \throws as convergence_study(); std::invalid_argument for `distances` 0; simulation_error
///         when a replicate returns another number of distances or a bad one (named).
template <class Fn, class OnPoint = std::nullptr_t>
requires std::invocable<const Fn&, double, philox_engine&, std::uint64_t>
std::vector<study_result> multi_distance_study(std::span<const double> grid_n,
                                               std::size_t distances,
                                               const study_options& options, const Fn& fn,
                                               OnPoint on_point = nullptr) {
  constexpr const char* name = "jumpflow::multi_distance_study";
  detail::check_study_grid(name, grid_n, "grid_n");
  detail::check_distances(name, distances);
  detail::check_study_options(name, options, grid_n.size());
  std::vector<study_result> results(distances);
  for (auto& r : results) r.points.reserve(grid_n.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < grid_n.size(); ++k) {
    const double n = grid_n[k];
    detail::run_multi_point(
        name, k, n, nan, options,
        [&fn, n](philox_engine& g, std::uint64_t r) -> multi_replicate_outcome {
          return fn(n, g, r);
        },
        on_point, results);
  }
  for (auto& r : results) r.rate = detail::rate_or_nan(r.points, nan, options.level);
  return results;
}

/// \brief multi_distance_study() over a 2-D grid \f$(n, d)\f$, rows and streams as in the
/// 2-D convergence_study().
/// \ingroup limit
/// \tparam Fn `fn(double n, double d, philox_engine& g, std::uint64_t r) ->
///         multi_replicate_outcome`.
/// \tparam OnPoint `on_point(std::span<const study_point> rows)` (or `std::nullptr_t`).
/// \param grid_n the values of \f$n\f$.
/// \param grid_d the values of \f$d\f$.
/// \param distances \f$k \ge 1\f$.
/// \param options replicates, seed, threads, level.
/// \param fn the replicate.
/// \param on_point the per-point callback.
/// \returns \f$k\f$ results; each `rate` is the rate in \f$n\f$ at `grid_d[0]`.
/// \throws as the 1-D overload.
template <class Fn, class OnPoint = std::nullptr_t>
requires std::invocable<const Fn&, double, double, philox_engine&, std::uint64_t>
std::vector<study_result> multi_distance_study(std::span<const double> grid_n,
                                               std::span<const double> grid_d,
                                               std::size_t distances,
                                               const study_options& options, const Fn& fn,
                                               OnPoint on_point = nullptr) {
  constexpr const char* name = "jumpflow::multi_distance_study";
  detail::check_study_grid(name, grid_n, "grid_n");
  detail::check_study_grid(name, grid_d, "grid_d");
  detail::check_distances(name, distances);
  detail::check_study_options(name, options, grid_n.size() * grid_d.size());
  std::vector<study_result> results(distances);
  std::uint64_t k = 0;  // the row: d outer, n inner (the stream layout of run_study_point())
  for (const double d : grid_d) {
    for (const double n : grid_n) {
      detail::run_multi_point(
          name, k++, n, d, options,
          [&fn, n, d](philox_engine& g, std::uint64_t r) -> multi_replicate_outcome {
            return fn(n, d, g, r);
          },
          on_point, results);
    }
  }
  for (auto& r : results) r.rate = detail::rate_or_nan(r.points, grid_d[0], options.level);
  return results;
}

}  // namespace jumpflow
