// Networks read from model files (SBML, BioNetGen .net) on the command line:
//   jumpflow simulate --model FILE ...      mean and sd on a time grid, trajectories, plot
//   jumpflow study kurtz --model FILE ...   Kurtz's convergence study over a grid of volumes
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "jumpflow/io/imported_network.hpp"

#include "model_registry.hpp"
#include "study_executor.hpp"

namespace jumpflow::tool {

/// The model entry of `study kurtz` for the model file at `path` (options "model", "format"):
/// at volume V the file is read at that size and X^V / V is compared with the reaction rate
/// equation in concentrations. The Python module's study of a model file uses it too.
model_entry kurtz_entry(const std::string& path);

/// A density-dependent family of networks (Kurtz 1970): its member at system size V, given the
/// entry's options. Throws usage_error for a member that cannot be built.
using network_family = std::function<imported_network(const nlohmann::json& options, double volume)>;

/// The model entry of `study kurtz` for any family (the Python module's networks built in
/// Python): `options` are the family's own, next to "stepper" (the ODE limit's stepper).
model_entry kurtz_entry(network_family family, std::vector<option_spec> options);

/// Whether the command line is one of the two commands above.
bool is_model_file_command(int argc, char** argv);

/// Runs it on `executor` (this process's threads, or the ranks of an MPI job: both commands
/// are distributed, and give the same bits); returns the exit status (0 success, 2 bad input
/// with nothing written, 1 a failure while running). Messages go to `errors` (under MPI, the
/// other ranks pass a silent stream).
int run_model_file_command(int argc, char** argv, study_executor& executor, std::ostream& errors);

}  // namespace jumpflow::tool
