/// \file
/// \brief mpi::environment: MPI_Init_thread / MPI_Finalize for a program's lifetime.
#pragma once

namespace jumpflow::mpi {

/// \brief Initialises MPI for the lifetime of the object (RAII), asking for
/// `MPI_THREAD_FUNNELED`: the ranks of a jumpflow run use worker threads, but only the thread
/// that called jumpflow calls MPI.
/// \ingroup mpi
///
/// When MPI is already initialised (by the program or another library) the object does
/// nothing, and its destructor leaves MPI running.
class environment {
 public:
  /// \brief Initialises MPI (unless it already is).
  /// \param argc the program's argument count (MPI may consume its own arguments).
  /// \param argv the program's arguments.
  /// \throws std::runtime_error when MPI cannot give at least `MPI_THREAD_FUNNELED`.
  environment(int& argc, char**& argv);
  /// \brief Finalises MPI if this object initialised it.
  ~environment();
  environment(const environment&) = delete;             ///< \brief Not copyable.
  environment& operator=(const environment&) = delete;  ///< \brief Not copyable.

  /// \brief The thread level that MPI provides (`MPI_THREAD_FUNNELED` or higher).
  /// \returns the level.
  int thread_level() const noexcept { return thread_level_; }

 private:
  bool owner_ = false;
  int thread_level_ = 0;
};

/// \brief Whether this process was started by an MPI launcher (`mpirun`, `mpiexec`, `srun`),
/// read from the launcher's environment variables (Open MPI, MPICH/Hydra, PMIx, Slurm PMI).
/// \ingroup mpi
///
/// A program that may run both alone and under `mpirun` calls this before creating an
/// environment, so that a plain run never initialises MPI.
/// \returns true under a launcher.
bool launched_by_mpirun() noexcept;

}  // namespace jumpflow::mpi
