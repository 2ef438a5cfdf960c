// Runs a study point by point, saving each finished grid point as it completes so an
// interrupted study can be resumed (--resume) with the same final results, then writes the
// table, JSON, CSV and plots.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "jumpflow/limit/convergence_study.hpp"
#include "model_registry.hpp"
#include "study_config.hpp"

namespace jumpflow::tool {

struct run_options {
  std::filesystem::path output;  // output folder
  bool resume = false;
  bool quiet = false;            // no progress, no plot chatter (tests)
  bool interactive = false;      // progress bar instead of lines
};

/// The rate fit of the error against n at one d, and what the model predicts for it.
struct n_rate {
  double d;
  rate_fit fit;
  expected_behaviour expected;
};
/// The rate fit against d at one n (theory +1/2).
struct d_rate {
  double n;
  rate_fit fit;
};

struct study_outcome {
  std::vector<study_point> points;  // grid order: d outer, n inner
  std::vector<n_rate> rates_in_n;
  std::vector<d_rate> rates_in_d;
  std::vector<std::optional<double>> bound;  // c per point (where it applies)
  std::vector<double> bound_input;           // per point: largest recorded bound input (NaN: none)
};

/// The seed of grid point `index` (a SplitMix64 step of the study seed): point i's
/// replicates draw from the streams of this seed, so a point's result does not depend on
/// which other points ran in the same process.
std::uint64_t point_seed(std::uint64_t seed, std::size_t index);

/// Runs (or resumes) the study and writes config.json, points.json (as it goes),
/// results.json, table.csv and the plot. Throws usage_error for a --resume that does not
/// match the saved configuration.
study_outcome run_study(const study_config& config, const model_entry& model, const run_options& options);

/// The human-readable table and rate summary printed on stdout.
std::string format_table(const study_config& config, const model_entry& model, const study_outcome& outcome);

/// JSON of a point / outcome (points.json, results.json).
nlohmann::json point_to_json(const study_point& p);
study_point point_from_json(const nlohmann::json& j);

}  // namespace jumpflow::tool
