// The executor of `mpirun -np P jumpflow study ...` (built with -DJUMPFLOW_ENABLE_MPI=ON):
// the grid points run through jumpflow::mpi::run_study_points, split by expected cost;
// rank 0 writes the output.
#pragma once

#include <memory>

#include "study_executor.hpp"

namespace jumpflow::tool {

/// Initialises MPI (finalised with the executor) and returns the executor over MPI_COMM_WORLD.
std::unique_ptr<study_executor> make_mpi_executor(int& argc, char**& argv);

}  // namespace jumpflow::tool
