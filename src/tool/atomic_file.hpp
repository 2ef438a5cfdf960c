// Output files of the tool are written atomically: the text goes to a temporary file in the
// same folder, which is then renamed over the target, so a reader (or an interrupted run)
// never sees a half-written file.
#pragma once

#include <filesystem>
#include <string_view>

namespace jumpflow::tool {

/// Writes `content` to `path` atomically (temporary file + rename). Throws
/// std::runtime_error naming the path if it cannot.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// The whole content of a text file. Throws std::runtime_error naming the path.
std::string read_file(const std::filesystem::path& path);

}  // namespace jumpflow::tool
