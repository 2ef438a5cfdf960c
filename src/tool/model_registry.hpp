// The models the tool can study or simulate. Each entry describes its options (so the
// command line and the JSON config are generated from one list), validates them, and builds
// the replicate function of a convergence study and the sample-path simulation.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::tool {

/// Thrown for bad input (exit status 2, nothing written).
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// One model option: its name (also the command-line flag `--name`), help text, default
/// (a JSON number or string) and, for strings, the allowed values.
struct option_spec {
  std::string name;
  std::string help;
  nlohmann::json default_value;
  std::vector<std::string> choices;
};

/// A replicate of a convergence study at one grid point: returns sup_t |X^n_t - x_t| and
/// the number of events.
using replicate_function = std::function<replicate_outcome(philox_engine&, std::uint64_t)>;

/// A sample path for `jumpflow simulate`: rows (t, x_0, ..., x_{k-1}) at every event, and
/// the limit on a fine grid.
struct sample_paths {
  std::vector<std::string> columns;             // names of the coordinates
  std::vector<std::vector<double>> path_rows;   // replicate, t, coordinates...
  std::vector<std::vector<double>> limit_rows;  // t, coordinates...
};

struct model_entry {
  std::string name;
  std::string summary;
  std::vector<option_spec> options;
  bool uses_d = false;        // whether the grid has a dimension d
  std::vector<double> default_n;
  std::vector<double> default_d;
  std::uint64_t default_replicates = 200;
  double default_T = 1.0;
  /// Throws usage_error for invalid options or grid values (checks n >= d where the bound needs it).
  std::function<void(const nlohmann::json& options, const std::vector<double>& n,
                     const std::vector<double>& d, double T)>
      validate;
  /// The replicate function at (n, d); replicate r of grid point k gets study_stream(seed, k, r).
  std::function<replicate_function(const nlohmann::json& options, double n, double d, double T)>
      make_replicate;
  /// The explicit constant c of a bound c sqrt(d/n) (or c / sqrt(n)), when it applies.
  std::function<std::optional<double>(const nlohmann::json& options, double d, double T)>
      bound_constant;
  /// Sample paths (a few replicates) at (n, d) for `simulate` and a study's paths.csv: path r
  /// draws from study_stream(seed, sample_path_point, r).
  std::function<sample_paths(const nlohmann::json& options, double n, double d, double T,
                             std::uint64_t seed, std::uint64_t paths)>
      simulate;
};

/// All built-in models (bnn first, the default).
const std::vector<model_entry>& models();
/// The entry called `name`; throws usage_error listing the known names.
const model_entry& find_model(const std::string& name);

/// Reads option `name` of `options` as a number / string (throws usage_error if mistyped).
double number_option(const nlohmann::json& options, const std::string& name);
std::string string_option(const nlohmann::json& options, const std::string& name);

}  // namespace jumpflow::tool
