// Writes sample paths and the limit (paths.csv, limit.csv) and their plot (paths.png/.svg):
// used by `jumpflow simulate` and, for a few paths, by `jumpflow study`.
#pragma once

#include <filesystem>
#include <string>

#include "model_registry.hpp"

namespace jumpflow::tool {

/// CSV text: the header `head`, then one line per row (12 significant digits).
std::string csv(const std::vector<std::string>& head, const std::vector<std::vector<double>>& rows);

void write_sample_paths(const std::filesystem::path& out, const std::string& model_name,
                        const sample_paths& paths, bool quiet);

}  // namespace jumpflow::tool
