// Internal: the few MPI exchanges of the mpi component. Every wait polls MPI_Test and
// sleeps between polls (backing off to 1 ms) instead of spinning, so a rank that waits for
// another does not steal a core from the ranks and threads still computing (a run is often
// oversubscribed: P ranks x T threads on fewer cores).
#pragma once

#include <mpi.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jumpflow::mpi::detail {

/// Waits for `request` without spinning.
void wait(MPI_Request& request);

/// A failure seen on this rank: `position` orders failures (the lowest one is reported).
struct failure {
  std::uint64_t position;
  std::string message;
};

/// Collective: when some rank passes a failure, throws rank_error on every rank with the
/// failure of lowest position (ties: lowest rank). Returns normally when no rank failed.
void throw_if_any_failed(MPI_Comm comm, const std::optional<failure>& local);

/// Collective: concatenates each rank's bytes in rank order, on every rank.
std::vector<unsigned char> all_gather_bytes(MPI_Comm comm, const unsigned char* data,
                                            std::size_t size);

/// Collective: `bytes` of `root` on every rank (resized on the others).
void broadcast_bytes(MPI_Comm comm, std::vector<unsigned char>& bytes, int root);

/// A duplicate of a communicator, freed on destruction: the component's messages never
/// match the caller's.
class private_comm {
 public:
  explicit private_comm(MPI_Comm comm);
  ~private_comm();
  private_comm(const private_comm&) = delete;
  private_comm& operator=(const private_comm&) = delete;
  MPI_Comm get() const noexcept { return comm_; }

 private:
  MPI_Comm comm_ = MPI_COMM_NULL;
};

}  // namespace jumpflow::mpi::detail
