/// \file
/// \brief run_ensemble(): R independent replicates on a pool of threads, each on its own
/// random stream; results in replicate order, bitwise identical for any number of threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <concepts>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/random/philox_engine.hpp"
#include "jumpflow/random/stream_factory.hpp"

namespace jumpflow {

/// \brief The number of worker threads used for a request of `threads` (0 = all hardware
/// threads, at least 1).
/// \ingroup limit
/// \param threads the requested number, 0 for `std::thread::hardware_concurrency()`.
/// \returns the number of threads.
inline unsigned resolve_threads(unsigned threads) noexcept {
  if (threads != 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1u : hw;
}

/// \brief Runs `replicates` independent replicates of `fn` on `threads` threads and returns
/// their results in replicate order.
/// \ingroup limit
///
/// Replicate \f$r\f$ calls `fn(g, r)` with a fresh engine
/// `g = stream_factory(seed)(first_stream + r)`: its randomness depends on `(seed, r)` only,
/// never on which thread runs it or when, so the returned vector is bitwise identical for 1,
/// 2 or 8 threads (provided `fn` itself is deterministic and does not share mutable state).
/// A study passes `first_stream = study_stream_id(k, 0)` for its grid point \f$k\f$, so that
/// replicate \f$r\f$ runs on study_stream(seed, k, r) (the stream layout, see run_study_point()).
/// Workers take replicates from a shared counter (dynamic load balancing); `fn` is shared by
/// the workers and must be safe to call concurrently (e.g. a lambda capturing immutable models).
/// With one thread the replicates run on the calling thread; with more, all of them run on
/// started threads while the calling thread only waits. The calling thread's stack usually
/// holds what `fn` captures (a model read at every event); a replicate running there would
/// write its own state (engine, counts, observer) at every event into the cache lines next to
/// it, and every other thread's reads would miss. On a 2-core machine that made two threads
/// 1.2x one thread, against 1.95x now (benchmarks/scaling/two_cores.py).
///
/// If a replicate throws, the remaining replicates are abandoned and, after every worker
/// has stopped, the exception of the lowest-numbered replicate that failed is rethrown.
/// \tparam Fn a callable `fn(philox_engine& g, std::uint64_t r) -> T`, `T` movable.
/// \param replicates \f$R \ge 1\f$.
/// \param seed the seed of the stream factory.
/// \param threads worker threads, 0 for all hardware threads (never more than \f$R\f$ are started).
/// \param fn the replicate.
/// \param first_stream stream id of replicate 0 (default 0); a study running several
///        ensembles under one seed gives each a disjoint range of stream ids.
/// \returns the \f$R\f$ results, `result[r]` from replicate `r`.
/// \throws std::invalid_argument when `replicates` is 0 or `first_stream + replicates`
///         overflows.
/// \throws whatever `fn` throws (see above).
template <class Fn>
requires std::invocable<const Fn&, philox_engine&, std::uint64_t>
auto run_ensemble(std::uint64_t replicates, std::uint64_t seed, unsigned threads, const Fn& fn,
                  std::uint64_t first_stream = 0)
    -> std::vector<std::decay_t<std::invoke_result_t<const Fn&, philox_engine&, std::uint64_t>>> {
  using result_type = std::decay_t<std::invoke_result_t<const Fn&, philox_engine&, std::uint64_t>>;
  constexpr const char* fname = "jumpflow::run_ensemble";
  require_argument(replicates >= 1, fname, "replicates", replicates, ">= 1");
  require_argument(first_stream <= std::numeric_limits<std::uint64_t>::max() - replicates, fname,
                   "first_stream", first_stream,
                   "<= 2^64 - 1 - replicates (stream ids must not wrap)");
  const stream_factory streams(seed);
  std::vector<std::optional<result_type>> slots(replicates);
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr error;
  std::uint64_t error_replicate = std::numeric_limits<std::uint64_t>::max();

  auto worker = [&] {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      const std::uint64_t r = next.fetch_add(1, std::memory_order_relaxed);
      if (r >= replicates) return;
      try {
        philox_engine g = streams(first_stream + r);
        slots[r].emplace(fn(g, r));
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (r < error_replicate) {
          error_replicate = r;
          error = std::current_exception();
        }
        failed.store(true, std::memory_order_relaxed);
      }
    }
  };

  const std::uint64_t wanted = std::min<std::uint64_t>(resolve_threads(threads), replicates);
  if (wanted <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(wanted));
    try {
      for (std::uint64_t i = 0; i < wanted; ++i) pool.emplace_back(worker);
    } catch (...) {
      // Could not start a thread: the ones already running do the work (this one if none).
    }
    if (pool.empty()) worker();
    for (auto& th : pool) th.join();
  }
  if (error) std::rethrow_exception(error);

  std::vector<result_type> results;
  results.reserve(replicates);
  for (auto& s : slots) results.push_back(std::move(*s));
  return results;
}

}  // namespace jumpflow
