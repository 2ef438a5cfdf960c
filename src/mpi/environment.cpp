#include "jumpflow/mpi/environment.hpp"

#include <mpi.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace jumpflow::mpi {

environment::environment(int& argc, char**& argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) {
    MPI_Query_thread(&thread_level_);
  } else {
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &thread_level_);
    owner_ = true;
  }
  if (thread_level_ < MPI_THREAD_FUNNELED) {
    if (owner_) MPI_Finalize();
    throw std::runtime_error("jumpflow::mpi::environment: MPI provides thread level " +
                             std::to_string(thread_level_) +
                             ", but must provide at least MPI_THREAD_FUNNELED");
  }
}

environment::~environment() {
  if (!owner_) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

bool launched_by_mpirun() noexcept {
  // Open MPI, MPICH/Hydra (and Intel MPI), PMIx launchers, Slurm's srun with PMI.
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

}  // namespace jumpflow::mpi
