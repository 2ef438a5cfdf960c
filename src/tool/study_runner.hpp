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
#include "study_executor.hpp"

namespace jumpflow::tool {

struct run_options {
  std::filesystem::path output;  // output folder
  bool resume = false;
  /// Sample paths written with the results (paths.csv, limit.csv, plot) at the smallest n of
  /// the first d; 0 = none.
  std::uint64_t paths = 3;
  bool quiet = false;            // no progress, no plot chatter (tests)
  bool interactive = false;      // progress bar instead of lines
  study_executor* executor = nullptr;  // where the points run (null: this process's threads)
  /// Test-only: after this many newly computed (and saved) grid points, end the process at
  /// once with status 1, as a kill would (0 = never). The resume test uses it.
  std::uint64_t stop_after = 0;
};

/// Checks `--out` before anything is written: a non-empty path that is not an existing
/// file; with `resume`, a folder holding a saved study (config.json). Throws usage_error.
void check_output_folder(const std::filesystem::path& out, bool resume);

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
  std::vector<study_point> points;  // grid order: d outer, n inner (row k = grid point k)
  std::vector<n_rate> rates_in_n;
  std::vector<d_rate> rates_in_d;
  std::vector<std::optional<double>> bound;  // c per point (where it applies)
  // K_inf per point (one per d, repeated over n), where the model has a linear-noise limit.
  std::vector<std::optional<asymptotic_error_result>> sharp;
  // The slope in d that K_inf(d) predicts, per entry of rates_in_d (same order).
  std::optional<rate_fit> predicted_rate_in_d;
  std::vector<double> bound_input;           // per point: largest recorded bound input (NaN: none)
};

/// K_inf's Monte Carlo at the study's seed: 2000 paths on 256 grid steps, block b of d-index
/// `k` on stream study_stream_id(sample_path_point - 1 - k, b), away from every table row.
asymptotic_error_options sharp_constant_options(const study_config& config, std::size_t d_index);

/// Grid point `index` of the study at (n, d): which streams its replicates draw from
/// (study_stream(seed, index, r), the stream layout). The one place that assigns streams,
/// for every executor (threaded or MPI).
point_job point_job_of(const study_config& config, double n, double d, std::size_t index,
                       const replicate_function& replicate);

/// Runs (or resumes) the study and writes config.json, points.json (as it goes),
/// results.json, table.csv and the plot. Throws usage_error for a --resume that does not
/// match the saved configuration. Under MPI every rank calls it; rank 0 writes the files and
/// gets the outcome, the other ranks an empty one.
study_outcome run_study(const study_config& config, const model_entry& model, const run_options& options);

/// The human-readable table and rate summary printed on stdout.
std::string format_table(const study_config& config, const model_entry& model, const study_outcome& outcome);

/// JSON of a point / outcome (points.json, results.json).
nlohmann::json point_to_json(const study_point& p);
study_point point_from_json(const nlohmann::json& j);

}  // namespace jumpflow::tool
