/// \file
/// \brief Convenience header: the whole optional mpi component (link jumpflow::mpi).
#pragma once

#include "jumpflow/mpi/communicator.hpp"
#include "jumpflow/mpi/convergence_study.hpp"
#include "jumpflow/mpi/environment.hpp"
#include "jumpflow/mpi/rank_error.hpp"
#include "jumpflow/mpi/run_ensemble.hpp"
#include "jumpflow/mpi/work_split.hpp"
