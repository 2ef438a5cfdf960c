// Writes sample paths and the limit (paths.csv, limit.csv) and their plot (paths.png/.svg):
// used by `jumpflow simulate` and, for a few paths, by `jumpflow study`.
#pragma once

#include <filesystem>
#include <string>

#include "model_registry.hpp"

namespace jumpflow::tool {

void write_sample_paths(const std::filesystem::path& out, const std::string& model_name,
                        const sample_paths& paths, bool quiet);

}  // namespace jumpflow::tool
