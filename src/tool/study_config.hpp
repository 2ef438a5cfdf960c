// The configuration of a study: what `jumpflow study <model>` runs. It can be read from a
// JSON file (--config), is overridden by command-line flags, and is written next to the
// results (config.json) so a study can be rerun or resumed exactly.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model_registry.hpp"

namespace jumpflow::tool {

struct study_config {
  std::string model = "bnn";
  std::vector<double> n;  // grid of n
  std::vector<double> d;  // grid of d (models with a dimension)
  std::uint64_t replicates = 200;
  double T = 1.0;
  std::uint64_t seed = 1;
  unsigned threads = 0;  // 0 = all cores; never changes the results
  double level = 0.95;
  nlohmann::json options = nlohmann::json::object();  // model options
};

/// The defaults of `model` (grid, replicates, T, every model option).
study_config default_config(const model_entry& model);
/// Applies the keys present in `j` over `config`; throws usage_error for unknown keys,
/// wrong types or unknown model options.
void apply_json(study_config& config, const nlohmann::json& j, const model_entry& model);
/// The full configuration as JSON (the round trip: apply_json(default, to_json(c)) == c).
nlohmann::json to_json(const study_config& config);
/// Validates everything (grid values, replicates >= 2, T > 0, level in (0,1), model options);
/// throws usage_error with one clear message.
void validate(const study_config& config, const model_entry& model);
/// Parses a list like "100,1000,1e4" (throws usage_error).
std::vector<double> parse_list(const std::string& text, const std::string& what);

}  // namespace jumpflow::tool
