/// \file
/// \brief mpi::rank_error: a run over MPI that failed on some rank, thrown on every rank.
#pragma once

#include <string>

#include "jumpflow/core/error.hpp"

namespace jumpflow::mpi {

/// \brief Thrown on every rank of a distributed run when one rank failed: `what()` is the
/// message of the failing rank's exception (unchanged), rank() says which rank it was.
/// \ingroup mpi
///
/// When several ranks fail, the failure that comes first in the stream layout (the lowest
/// grid point, then the lowest replicate) is reported: the one that the threaded run reports.
class rank_error : public simulation_error {
 public:
  /// \brief The failure of rank `rank` with message `message`.
  /// \param rank the rank that failed.
  /// \param message its exception's message.
  rank_error(int rank, const std::string& message) : simulation_error(message), rank_(rank) {}
  /// \brief The rank that failed.
  /// \returns its rank in the run's communicator.
  int rank() const noexcept { return rank_; }

 private:
  int rank_;
};

}  // namespace jumpflow::mpi
