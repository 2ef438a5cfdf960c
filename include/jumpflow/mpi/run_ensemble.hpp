/// \file
/// \brief mpi::run_ensemble(): the replicates of an ensemble split across the ranks of an MPI
/// communicator (and each rank's threads); every rank gets all results in replicate order,
/// bitwise identical to jumpflow::run_ensemble() for any number of ranks and threads.
#pragma once

#include <concepts>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/mpi/communicator.hpp"
#include "jumpflow/mpi/detail/collectives.hpp"
#include "jumpflow/mpi/rank_error.hpp"
#include "jumpflow/mpi/work_split.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::mpi {

/// \brief Runs `replicates` replicates of `fn` over the ranks of `comm`, each rank on
/// `threads` threads, and returns all results in replicate order on every rank.
/// \ingroup mpi
///
/// Replicate \f$r\f$ draws from the engine `stream_factory(seed)(first_stream + r)`, exactly as
/// in jumpflow::run_ensemble(): rank \f$j\f$ of \f$P\f$ runs the contiguous block of
/// replicates that split_by_cost() gives it (equal costs), and the blocks are gathered in
/// replicate order. Hence the result is bitwise identical for every \f$P\f$ and every number
/// of threads. Collective: every rank of `comm` calls it with the same arguments.
///
/// If a replicate throws on some rank, every rank throws rank_error with the message of the
/// lowest-numbered failing replicate (after every rank has finished its block).
/// \tparam Fn a callable `fn(philox_engine& g, std::uint64_t r) -> T`, `T` trivially copyable
///         (its bytes are sent between ranks), safe to call concurrently.
/// \param comm the ranks.
/// \param replicates \f$R \ge 1\f$.
/// \param seed the seed of the streams.
/// \param threads worker threads per rank, 0 for all hardware threads.
/// \param fn the replicate.
/// \param first_stream stream id of replicate 0.
/// \returns the \f$R\f$ results, `result[r]` from replicate `r`, on every rank.
/// \throws std::invalid_argument as jumpflow::run_ensemble() (on every rank).
/// \throws rank_error when a replicate threw on some rank.
template <class Fn>
requires std::invocable<const Fn&, philox_engine&, std::uint64_t>
auto run_ensemble(const communicator& comm, std::uint64_t replicates, std::uint64_t seed,
                  unsigned threads, const Fn& fn, std::uint64_t first_stream = 0)
    -> std::vector<std::decay_t<std::invoke_result_t<const Fn&, philox_engine&, std::uint64_t>>> {
  using result_type = std::decay_t<std::invoke_result_t<const Fn&, philox_engine&, std::uint64_t>>;
  static_assert(std::is_trivially_copyable_v<result_type>,
                "jumpflow::mpi::run_ensemble: the replicate's result type must be trivially "
                "copyable (its bytes are sent between ranks); return a plain struct");
  constexpr const char* fname = "jumpflow::mpi::run_ensemble";
  require_argument(replicates >= 1, fname, "replicates", replicates, ">= 1");
  require_argument(first_stream <= std::numeric_limits<std::uint64_t>::max() - replicates, fname,
                   "first_stream", first_stream,
                   "<= 2^64 - 1 - replicates (stream ids must not wrap)");
  const double unit_cost = 1.0;
  const std::vector<work_segment> split =
      split_by_cost(std::span<const double>(&unit_cost, 1),
                    std::span<const std::uint64_t>(&replicates, 1), comm.size());
  std::vector<result_type> mine;
  std::optional<detail::failure> failed;
  for (const work_segment& s : split) {
    if (s.rank != comm.rank()) continue;
    try {
      mine = jumpflow::run_ensemble(
          s.count, seed, threads,
          [&fn, first = s.first](philox_engine& g, std::uint64_t r) { return fn(g, first + r); },
          first_stream + s.first);
    } catch (const std::exception& e) {
      failed = detail::failure{s.first, e.what()};
    } catch (...) {
      failed = detail::failure{s.first, "unknown exception"};
    }
  }
  detail::throw_if_any_failed(comm.native(), failed);
  const std::vector<unsigned char> bytes = detail::all_gather_bytes(
      comm.native(), reinterpret_cast<const unsigned char*>(mine.data()),
      mine.size() * sizeof(result_type));
  std::vector<result_type> all(replicates);
  std::memcpy(static_cast<void*>(all.data()), bytes.data(), bytes.size());
  return all;
}

}  // namespace jumpflow::mpi
