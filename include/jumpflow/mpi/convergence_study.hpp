/// \file
/// \brief mpi::convergence_study() and mpi::run_study_points(): a convergence study over the
/// ranks of an MPI communicator, split by expected cost, with rows bitwise identical to the
/// threaded jumpflow::convergence_study() for any number of ranks and threads.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <type_traits>
#include <vector>

#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/mpi/communicator.hpp"
#include "jumpflow/mpi/rank_error.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::mpi {

/// \brief One grid point of a distributed study: where its replicates draw their randomness,
/// what one replicate costs, and the replicate itself.
/// \ingroup mpi
struct point_task {
  double n;  ///< \brief The scale \f$n\f$ (finite, > 0).
  double d;  ///< \brief The second parameter (NaN in a 1-D study).
  /// \brief Seed of the point's streams: replicate \f$r\f$ draws from
  /// `study_stream(seed, stream_point, r)`.
  std::uint64_t seed;
  std::uint64_t stream_point;  ///< \brief The point's index in the stream layout (\f$< 2^{32} - 1\f$; \f$2^{32} - 1\f$ is sample_path_point).
  /// \brief Expected cost of one replicate in any fixed unit, e.g. its expected number of
  /// events (finite, > 0); only ratios between points matter.
  double cost;
  /// \brief The replicate: `replicate(g, r)`, safe to call concurrently.
  std::function<replicate_outcome(philox_engine&, std::uint64_t)> replicate;
};

/// \brief How a distributed run went: ranks, threads, time, load balance and communication.
/// \ingroup mpi
struct run_report {
  int ranks = 1;              ///< \brief Ranks of the communicator.
  unsigned threads = 1;       ///< \brief Worker threads per rank.
  double wall_seconds = 0.0;  ///< \brief Wall time of the run on rank 0.
  /// \brief Per rank: seconds spent running its replicates.
  std::vector<double> busy_seconds;
  /// \brief Per rank: CPU time (user + system, all threads of the process) during the run.
  /// Unlike wall time, it hardly moves when other jobs load the machine.
  std::vector<double> cpu_seconds;
  /// \brief Per rank: the expected cost (point_task::cost) of the replicates that it ran.
  std::vector<double> expected_cost;
  /// \brief Per rank: bytes it sent (its replicates' outcomes to rank 0; for rank 0, the
  /// result that it broadcasts).
  std::vector<std::uint64_t> bytes_sent;
  /// \brief Seconds rank 0 spent reducing rows and broadcasting the result.
  double reduction_seconds = 0.0;

  /// \brief Parallel efficiency \f$\sum_j \mathrm{busy}_j / (P \cdot \mathrm{wall})\f$: 1 when
  /// no rank idles (load balance and communication; the threads inside a rank are not
  /// counted here).
  /// \returns the efficiency in [0, 1] (0 for an empty run).
  double efficiency() const noexcept {
    double busy = 0.0;
    for (double b : busy_seconds) busy += b;
    return wall_seconds > 0.0 && ranks > 0 ? busy / (ranks * wall_seconds) : 0.0;
  }

  /// \brief CPU balance \f$\sum_j \mathrm{cpu}_j / (P \max_j \mathrm{cpu}_j)\f$: 1 when every
  /// rank used the same CPU time. On \f$P\f$ otherwise idle cores this is the efficiency
  /// that the split of the work allows; on a loaded machine it also shows how unevenly the
  /// other jobs slowed the ranks (a slowed rank is handed fewer blocks).
  /// \returns the balance in [0, 1] (0 for an empty run).
  double cpu_balance() const noexcept {
    double sum = 0.0, most = 0.0;
    for (double c : cpu_seconds) {
      sum += c;
      most = std::max(most, c);
    }
    return most > 0.0 && ranks > 0 ? sum / (ranks * most) : 0.0;
  }
};

/// \brief Runs the grid points `tasks` over the ranks of `comm` and returns their rows, in
/// the order of `tasks`, on every rank.
/// \ingroup mpi
///
/// This is the engine under mpi::convergence_study() and under `mpirun jumpflow study`.
/// - **Split**: the (point, replicate) items are cut into guided_blocks() by `tasks[k].cost`,
///   large first and single replicates at the end; rank 0 hands them out in layout order to
///   whichever rank is free (each rank holds the next one in advance, and rank 0 runs blocks
///   too, on a worker thread), and a rank runs a block on `options.threads` threads
///   (jumpflow::run_ensemble() over its replicates). So a wrong cost model or a slow rank
///   costs at most about one block's time at the end. Which rank runs a block changes only
///   where it runs: its replicates draw from their own streams of the layout.
/// - **Reduce**: each rank sends the outcomes of each finished block to rank 0; rank 0
///   places them by replicate number and, once a point is complete, forms its row with the
///   same reduction as the threaded study, over the outcomes in replicate order. Hence the
///   estimate, SE, CI and events of each row are bitwise identical for any number of ranks and
///   threads; `seconds` is the sum over the ranks of the time spent on the point.
/// - **Checkpoints**: `on_point(k, row)` is called on rank 0 only, once per point, as soon as
///   the point is complete (in completion order, which may differ from the order of
///   `tasks`): a caller saves its rows there.
/// - **Faults**: when a replicate throws (or `on_point` does), rank 0 hands out no more
///   blocks, the other ranks finish the blocks they hold (a rank skips those after its own
///   failure), and then every rank throws rank_error with the message of the failure that
///   comes first in the layout (blocks are handed out in layout order, so every block before
///   it has run: the threaded run reports the same replicate). Points completed before
///   have been passed to `on_point`. Nothing waits forever while all ranks are alive.
///
/// Collective: every rank calls it with the same tasks (the replicate functions may differ
/// only in identity). Only the calling thread calls MPI (`MPI_THREAD_FUNNELED` suffices);
/// waiting ranks sleep between polls instead of spinning.
/// \param comm the ranks.
/// \param tasks the grid points (may be empty).
/// \param options replicates (\f$\ge 2\f$), threads per rank, level; `options.seed` is not
///        used (each task names its seed).
/// \param on_point called on rank 0 for each finished point (may be empty).
/// \param report when not null, filled on every rank with the run's report.
/// \returns the rows, `result[k]` for `tasks[k]`, on every rank.
/// \throws std::invalid_argument, std::domain_error for bad options or tasks (on every rank,
///         before any work).
/// \throws rank_error when a replicate or `on_point` failed on some rank.
std::vector<study_point> run_study_points(
    const communicator& comm, std::span<const point_task> tasks, const study_options& options,
    const std::function<void(std::size_t k, const study_point& row)>& on_point = {},
    run_report* report = nullptr);

/// \brief The expected cost of one replicate at \f$(n, d)\f$ (\f$d\f$ NaN in a 1-D study).
/// \ingroup mpi
using cost_function = std::function<double(double n, double d)>;

/// \brief How a study is distributed: its cost model and where to put the run's report.
/// \ingroup mpi
struct distribution {
  /// \brief Expected cost of one replicate; empty for the default \f$n\f$ (1-D) or
  /// \f$n d\f$ (2-D): a density-dependent family fires \f$O(n)\f$ jumps per unit time, and a
  /// jump of a \f$d\f$-dimensional model touches \f$O(d)\f$ coordinates.
  cost_function cost;
  run_report* report = nullptr;  ///< \brief When not null, filled with the run's report.
};

namespace detail {

double task_cost(const cost_function& cost, double n, double d);

template <class OnPoint>
std::function<void(std::size_t, const study_point&)> point_callback(OnPoint& on_point) {
  if constexpr (std::is_same_v<OnPoint, std::nullptr_t>) {
    return {};
  } else {
    return [&on_point](std::size_t, const study_point& p) { jumpflow::detail::call_on_point(on_point, p); };
  }
}

}  // namespace detail

/// \brief jumpflow::convergence_study() over the ranks of an MPI communicator: the same
/// table and rate, bitwise identical (except `seconds`) for any number of ranks and threads.
/// \ingroup mpi
///
/// Grid point \f$k\f$ draws from streams study_stream_id(k, r) of `options.seed`, as in the
/// threaded study; the work is split by run_study_points(). `on_point` is called on rank 0
/// only, as each point completes (not necessarily in grid order). Collective.
/// \tparam Fn `fn(double n, philox_engine& g, std::uint64_t r) -> replicate_outcome`, safe to
///         call concurrently.
/// \tparam OnPoint `on_point(const study_point&)` (or `std::nullptr_t` for none).
/// \param comm the ranks.
/// \param grid_n the values of \f$n\f$.
/// \param options replicates, seed, threads per rank, level.
/// \param fn the replicate.
/// \param on_point the per-point callback (rank 0).
/// \param how the cost model and the report.
/// \returns the table and the rate, on every rank.
/// \throws as jumpflow::convergence_study() for bad input (on every rank).
/// \throws rank_error when a replicate failed on some rank.
template <class Fn, class OnPoint = std::nullptr_t>
requires std::invocable<const Fn&, double, philox_engine&, std::uint64_t> study_result
convergence_study(const communicator& comm, std::span<const double> grid_n,
                  const study_options& options, const Fn& fn, OnPoint on_point = nullptr,
                  const distribution& how = {}) {
  constexpr const char* name = "jumpflow::mpi::convergence_study";
  jumpflow::detail::check_study_grid(name, grid_n, "grid_n");
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<point_task> tasks;
  tasks.reserve(grid_n.size());
  for (std::size_t k = 0; k < grid_n.size(); ++k) {
    const double n = grid_n[k];
    tasks.push_back({n, nan, options.seed, k, detail::task_cost(how.cost, n, nan),
                     [&fn, n](philox_engine& g, std::uint64_t r) { return fn(n, g, r); }});
  }
  study_result result;
  result.points = run_study_points(comm, tasks, options, detail::point_callback(on_point), how.report);
  result.rate = jumpflow::detail::rate_or_nan(result.points, nan, options.level);
  return result;
}

/// \brief The 2-D jumpflow::convergence_study() over the ranks of an MPI communicator: rows
/// \f$(n_i, d_j)\f$ with \f$d\f$ outer and \f$n\f$ inner, row \f$k = j |n| + i\f$ drawing from
/// study_stream_id(k, r), as in the threaded study.
/// \ingroup mpi
/// \tparam Fn `fn(double n, double d, philox_engine& g, std::uint64_t r) -> replicate_outcome`.
/// \tparam OnPoint `on_point(const study_point&)` (or `std::nullptr_t`).
/// \param comm the ranks.
/// \param grid_n the values of \f$n\f$.
/// \param grid_d the values of \f$d\f$.
/// \param options replicates, seed, threads per rank, level.
/// \param fn the replicate.
/// \param on_point the per-point callback (rank 0).
/// \param how the cost model and the report.
/// \returns the table; `rate` is the rate in \f$n\f$ at `grid_d[0]`.
/// \throws as the 1-D overload.
template <class Fn, class OnPoint = std::nullptr_t>
requires std::invocable<const Fn&, double, double, philox_engine&, std::uint64_t> study_result
convergence_study(const communicator& comm, std::span<const double> grid_n,
                  std::span<const double> grid_d, const study_options& options, const Fn& fn,
                  OnPoint on_point = nullptr, const distribution& how = {}) {
  constexpr const char* name = "jumpflow::mpi::convergence_study";
  jumpflow::detail::check_study_grid(name, grid_n, "grid_n");
  jumpflow::detail::check_study_grid(name, grid_d, "grid_d");
  std::vector<point_task> tasks;
  tasks.reserve(grid_n.size() * grid_d.size());
  for (const double d : grid_d) {  // the stream layout's order: d outer, n inner
    for (const double n : grid_n) {
      tasks.push_back({n, d, options.seed, tasks.size(), detail::task_cost(how.cost, n, d),
                       [&fn, n, d](philox_engine& g, std::uint64_t r) { return fn(n, d, g, r); }});
    }
  }
  study_result result;
  result.points = run_study_points(comm, tasks, options, detail::point_callback(on_point), how.report);
  result.rate = jumpflow::detail::rate_or_nan(result.points, grid_d[0], options.level);
  return result;
}

}  // namespace jumpflow::mpi
