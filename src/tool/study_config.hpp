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

/// Limits of the command line's numbers (docs/tool.md, "Bad input"): checked before anything
/// is written, so a study never fails midway on a value it could have refused at the start.
inline constexpr double max_n = 1e12;                   // a replicate simulates about n T jumps
inline constexpr double max_d = 1e6;                    // weights of the bnn model
inline constexpr double max_T = 1e6;                    // time horizon
inline constexpr std::size_t max_grid = 1000;           // values in one --n or --d list
inline constexpr std::uint64_t max_replicates = 10000000;  // the outcomes of a point are kept
inline constexpr std::uint64_t max_threads = 1024;
inline constexpr std::uint64_t max_paths = 1000;        // sample paths of `simulate`

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
/// Parses a list like "100,1000,1e4": every item a number, no empty item (throws usage_error).
std::vector<double> parse_list(const std::string& text, const std::string& what);
/// Parses one number (the whole text; throws usage_error naming `what`).
double parse_number(const std::string& text, const std::string& what);
/// Parses a non-negative integer in [lo, hi] (digits only; throws usage_error naming `what`
/// with the condition "an integer in [lo, hi]").
std::uint64_t parse_integer(const std::string& text, const std::string& what, std::uint64_t lo,
                            std::uint64_t hi);
/// The condition of an integer parameter in [lo, hi], as error messages state it.
std::string integer_condition(std::uint64_t lo, std::uint64_t hi);

}  // namespace jumpflow::tool
