/// \file
/// \brief mpi::communicator: an MPI communicator with its rank and size.
#pragma once

#include <mpi.h>

namespace jumpflow::mpi {

/// \brief A view of an MPI communicator (not owned): its handle, this process's rank and the
/// number of ranks.
/// \ingroup mpi
class communicator {
 public:
  /// \brief Views `comm` (MPI must be initialised).
  /// \param comm the communicator, `MPI_COMM_WORLD` by default.
  /// \throws std::invalid_argument when MPI is not initialised or `comm` is `MPI_COMM_NULL`.
  explicit communicator(MPI_Comm comm = MPI_COMM_WORLD);

  /// \brief The MPI handle.
  /// \returns the communicator.
  MPI_Comm native() const noexcept { return comm_; }
  /// \brief This process's rank.
  /// \returns the rank, in [0, size()).
  int rank() const noexcept { return rank_; }
  /// \brief The number of ranks.
  /// \returns the size, >= 1.
  int size() const noexcept { return size_; }

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
};

/// \brief Worker threads per rank for a request of `threads`: the request itself, or for 0
/// the hardware threads of this node shared evenly by the ranks running on it (at least 1).
/// \ingroup mpi
///
/// Collective over `comm` (it counts the ranks per node with `MPI_Comm_split_type`).
/// \param comm the communicator.
/// \param threads the requested number per rank, 0 for "share the node".
/// \returns the number of threads per rank.
unsigned resolve_threads(const communicator& comm, unsigned threads);

}  // namespace jumpflow::mpi
