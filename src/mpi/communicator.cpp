#include "jumpflow/mpi/communicator.hpp"

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "jumpflow/core/error.hpp"
#include "jumpflow/limit/ensemble.hpp"

namespace jumpflow::mpi {

communicator::communicator(MPI_Comm comm) : comm_(comm) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  require_argument(initialized != 0, "jumpflow::mpi::communicator", "MPI_Initialized()", false,
                   "true (create a jumpflow::mpi::environment first)");
  require_argument(comm != MPI_COMM_NULL, "jumpflow::mpi::communicator", "comm", "MPI_COMM_NULL",
                   "a valid communicator");
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

unsigned resolve_threads(const communicator& comm, unsigned threads) {
  MPI_Comm node = MPI_COMM_NULL;
  MPI_Comm_split_type(comm.native(), MPI_COMM_TYPE_SHARED, comm.rank(), MPI_INFO_NULL, &node);
  int on_node = 1;
  MPI_Comm_size(node, &on_node);
  MPI_Comm_free(&node);
  if (threads != 0) return threads;
  return std::max(1u, jumpflow::resolve_threads(0) / static_cast<unsigned>(on_node));
}

}  // namespace jumpflow::mpi
