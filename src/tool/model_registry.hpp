// The models the tool can study or simulate. Each entry describes its options (so the
// command line and the JSON config are generated from one list), validates them, and builds
// the replicate function of a convergence study and the sample-path simulation.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/limit/asymptotic_error_constant.hpp"
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

/// What a replicate returns: sup_t |X^n_t - x_t| and the number of events, and optionally
/// an input of the explicit bound measured on the same path (bnn: sup_t |grad L(Z^n_t)|,
/// the G of c). The study keeps the largest over the replicates of a grid point.
struct replicate_record {
  replicate_outcome outcome;
  double bound_input = std::numeric_limits<double>::quiet_NaN();  // NaN: not recorded
  replicate_record(replicate_outcome o, double input = std::numeric_limits<double>::quiet_NaN())
      : outcome(o), bound_input(input) {}
};

/// A replicate of a convergence study at one grid point.
using replicate_function = std::function<replicate_record(philox_engine&, std::uint64_t)>;

/// What a study of a model should see against its limit: an error falling like n^rate, or
/// (when the flow compared with is not the model's limit) a plateau at a known level.
struct expected_behaviour {
  bool tends_to_zero = true;
  double rate = -0.5;
  double plateau = 0.0;
};

class path_recorder;  // sample_paths_output.hpp

/// What `simulate` returns besides the paths it streams to a path_recorder: the names of the
/// coordinates and the limit on a fixed grid (bounded, whatever n is).
struct sample_paths {
  std::vector<std::string> columns;             // names of the coordinates
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
  /// The explicit constant c of a bound c sqrt(d/n) (or c / sqrt(n)), when it applies;
  /// `bound_input` is the largest replicate_record::bound_input of the grid point (NaN if
  /// none was recorded).
  std::function<std::optional<double>(const nlohmann::json& options, double d, double T,
                                      double bound_input)>
      bound_constant;
  /// K_inf = sqrt(E sup_t |G_t|^2) of the linear-noise limit G of sqrt(n)(X^n - x) at d (the
  /// sharp constant: s_hat ~ K_inf / sqrt(n)), when the model has one for these options.
  std::function<std::optional<asymptotic_error_result>(const nlohmann::json& options, double d, double T,
                                                       const asymptotic_error_options& k)>
      asymptotic_constant;
  /// The expected behaviour of the error at d (unset: rate -1/2, Kurtz's theorem).
  std::function<expected_behaviour(const nlohmann::json& options, double d, double T)> expected;
  /// Sample paths (a few replicates) at (n, d) for `simulate` and a study's paths.csv: path r
  /// draws from study_stream(seed, sample_path_point, r). After validating its parameters it
  /// calls `paths_out.start(columns)`, then per path begin_path(r), record(t, x) at every
  /// event (the recorder thins and streams them) and end_path().
  std::function<sample_paths(const nlohmann::json& options, double n, double d, double T,
                             std::uint64_t seed, std::uint64_t paths, path_recorder& paths_out)>
      simulate;
  /// The limit at (n, d), solved on [0, T], at `times` (each in [0, T], any order): the
  /// columns, and one row (t, coordinates...) per time; simulate's limit_rows are this at
  /// limit_times(T). Unset for a model that gives its limit only in simulate.
  std::function<sample_paths(const nlohmann::json& options, double n, double d, double T,
                             const std::vector<double>& times)>
      limit;
};

/// The times of the limit that `simulate` gives: t_k = T k / 400, k = 0..400.
inline std::vector<double> limit_times(double T) {
  std::vector<double> t(401);
  for (std::size_t k = 0; k < t.size(); ++k) t[k] = T * static_cast<double>(k) / 400.0;
  return t;
}

/// Rows (t, x_t...) of a limit at `times`; `x(t, out)` writes x_t into `out`.
template <class Limit>
std::vector<std::vector<double>> limit_rows(const Limit& x, const std::vector<double>& times) {
  std::vector<std::vector<double>> rows;
  rows.reserve(times.size());
  vector z;
  for (const double t : times) {
    x(t, z);
    std::vector<double> row{t};
    row.insert(row.end(), z.data(), z.data() + z.size());
    rows.push_back(std::move(row));
  }
  return rows;
}

/// All built-in models (bnn first, the default).
const std::vector<model_entry>& models();
/// The entry called `name`; throws usage_error listing the known names.
const model_entry& find_model(const std::string& name);

/// Reads option `name` of `options` as a number / string (throws usage_error if mistyped).
double number_option(const nlohmann::json& options, const std::string& name);
std::string string_option(const nlohmann::json& options, const std::string& name);

}  // namespace jumpflow::tool
