// Writes sample paths and the limit (paths.csv, limit.csv) and their plot (paths.png/.svg):
// used by `jumpflow simulate` and, for a few paths, by `jumpflow study`.
//
// Output must not grow with the work (docs/tool.md, "Memory and output"): a path of a
// process with n T events is thinned to at most two rows per time bucket, and the rows are
// streamed to the file as they are kept, so memory is one row and paths.csv is bounded by
// paths x 2 x path_buckets rows whatever n is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "model_registry.hpp"

namespace jumpflow::tool {

/// Time buckets of [0, T] per sample path: a path keeps at most 2 rows per bucket (about the
/// horizontal resolution of a plot).
inline constexpr std::size_t path_buckets = 500;

/// Thins one path as it is simulated: of the events falling in one bucket of [0, t1] (split
/// in `buckets` equal parts) it keeps the first and the last. A path with at most two events
/// per bucket is kept whole, so its steps are exact; a longer one keeps its values at the
/// bucket edges, the shape a plot can show. Memory: one pending row.
class path_thinning {
 public:
  path_thinning(double t1, std::size_t width, std::size_t buckets = path_buckets);
  /// Starts a new path.
  void reset();
  /// The state `x` (width values) after an event at `t`; calls `emit(t, x)` for each row kept
  /// now (the pending last row of the previous bucket, then this one if it opens a bucket).
  template <class Emit>
  void record(double t, const double* x, Emit&& emit) {
    const std::size_t b = bucket_of(t);
    if (started_ && b == bucket_) {
      pending_t_ = t;  // the last event of the bucket so far: written when the bucket closes
      pending_.assign(x, x + width_);
      has_pending_ = true;
      return;
    }
    finish(emit);
    started_ = true;
    bucket_ = b;
    emit(t, x);
  }
  /// Ends the path: emits the pending row, if any.
  template <class Emit>
  void finish(Emit&& emit) {
    if (!has_pending_) return;
    has_pending_ = false;
    emit(pending_t_, pending_.data());
  }

 private:
  std::size_t bucket_of(double t) const;
  double t1_;
  std::size_t width_, buckets_;
  bool started_ = false, has_pending_ = false;
  std::size_t bucket_ = 0;
  double pending_t_ = 0.0;
  std::vector<double> pending_;
};

/// Streams thinned sample paths into a CSV file (`replicate,t,columns...`, 12 significant
/// digits), published atomically by commit(). The file is opened by start(), so a model that
/// refuses its parameters before starting leaves nothing behind.
class path_recorder {
 public:
  path_recorder(std::filesystem::path file, double t1, std::size_t buckets = path_buckets);
  /// A recorder that keeps the thinned rows in memory (rows_in_memory()) instead of a file: the
  /// Python module's sample paths.
  explicit path_recorder(double t1, std::size_t buckets = path_buckets);
  /// Opens the file and writes the header; call once, before the first path.
  void start(const std::vector<std::string>& columns);
  /// Starts path `replicate`.
  void begin_path(std::uint64_t replicate);
  /// The state after an event (or at the start or end of the path): columns.size() values.
  void record(double t, const double* x);
  /// Ends the current path.
  void end_path();
  /// Publishes the file (throws std::runtime_error if it cannot be written).
  void commit();
  /// Rows written so far (not counting the header).
  std::uint64_t rows() const { return rows_; }
  /// Paths begun so far.
  std::uint64_t paths() const { return paths_; }
  /// The largest |value| of each column over the rows written so far (the plot's axis scales).
  const std::vector<double>& max_abs() const { return max_abs_; }
  /// The rows (`replicate, t, columns...`) of a recorder made without a file.
  const std::vector<std::vector<double>>& rows_in_memory() const { return memory_; }

 private:
  void write_row(double t, const double* x);
  std::filesystem::path file_;
  double t1_;
  std::size_t buckets_;
  std::unique_ptr<atomic_output_file> out_;
  std::unique_ptr<path_thinning> thinning_;
  std::size_t width_ = 0;
  std::vector<double> max_abs_;
  bool in_memory_ = false;
  std::vector<std::vector<double>> memory_;
  double replicate_ = 0.0;
  std::uint64_t rows_ = 0, paths_ = 0;
};

/// CSV text: the header `head`, then one line per row (12 significant digits).
std::string csv(const std::vector<std::string>& head, const std::vector<std::vector<double>>& rows);

/// Streams the same CSV to `out` (no copy of the text in memory).
void write_csv(std::ostream& out, const std::vector<std::string>& head,
               const std::vector<std::vector<double>>& rows);

/// Simulates `paths` sample paths of `model` at (n, d) on the streams of sample_path_point,
/// streaming them (thinned) to `out`/paths.csv, then writes limit.csv and the plot
/// paths.gp (+ .png/.svg with gnuplot). Returns the number of path rows written. The
/// library's std::invalid_argument / std::domain_error (bad parameters) propagate before
/// anything is written.
std::uint64_t write_sample_paths(const std::filesystem::path& out, const model_entry& model,
                                 const nlohmann::json& options, double n, double d, double T,
                                 std::uint64_t seed, std::uint64_t paths, bool quiet);

}  // namespace jumpflow::tool
