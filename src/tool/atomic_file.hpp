// Output files of the tool are written atomically: the text goes to a temporary file in the
// same folder, which is then renamed over the target, so a reader (or an interrupted run)
// never sees a half-written file.
#pragma once

#include <filesystem>
#include <fstream>
#include <string_view>

namespace jumpflow::tool {

/// A file written as a stream and published atomically: the text goes to a temporary file in
/// the same folder, and commit() renames it over `path`. Destroyed without commit() (an
/// exception on the way), it removes the temporary file, so the target is never half-written.
/// Output that grows with a run (sample paths) is streamed through it, never held in memory.
class atomic_output_file {
 public:
  /// Opens the temporary file (creating the folder). Throws std::runtime_error naming it.
  explicit atomic_output_file(std::filesystem::path path);
  atomic_output_file(const atomic_output_file&) = delete;
  atomic_output_file& operator=(const atomic_output_file&) = delete;
  ~atomic_output_file();
  std::ostream& stream() { return out_; }
  /// Flushes, checks every write succeeded and renames into place. Throws std::runtime_error.
  void commit();

 private:
  std::filesystem::path path_, tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes `content` to `path` atomically (temporary file + rename). Throws
/// std::runtime_error naming the path if it cannot.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// The whole content of a text file. Throws std::runtime_error naming the path.
std::string read_file(const std::filesystem::path& path);

}  // namespace jumpflow::tool
