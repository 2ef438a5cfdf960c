#include "sample_paths_output.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "plots.hpp"

namespace jumpflow::tool {

namespace {

// One CSV line of numbers (the precision is set on the stream).
void write_values(std::ostream& s, const double* x, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) s << (i ? "," : "") << x[i];
  s << '\n';
}

void write_head(std::ostream& s, const std::vector<std::string>& head) {
  for (std::size_t i = 0; i < head.size(); ++i) s << (i ? "," : "") << head[i];
  s << '\n';
}

}  // namespace

path_thinning::path_thinning(double t1, std::size_t width, std::size_t buckets)
    : t1_(t1), width_(width), buckets_(std::max<std::size_t>(1, buckets)), pending_(width) {}

void path_thinning::reset() {
  started_ = false;
  has_pending_ = false;
}

std::size_t path_thinning::bucket_of(double t) const {
  const double u = t / t1_ * static_cast<double>(buckets_);
  if (!(u > 0.0)) return 0;  // also NaN
  return std::min(buckets_ - 1, static_cast<std::size_t>(std::min(u, 1e18)));
}

path_recorder::path_recorder(std::filesystem::path file, double t1, std::size_t buckets)
    : file_(std::move(file)), t1_(t1), buckets_(buckets) {}

path_recorder::path_recorder(double t1, std::size_t buckets) : t1_(t1), buckets_(buckets), in_memory_(true) {}

void path_recorder::start(const std::vector<std::string>& columns) {
  if (!in_memory_) {
    out_ = std::make_unique<atomic_output_file>(file_);
    out_->stream().precision(12);
    std::vector<std::string> head{"replicate", "t"};
    head.insert(head.end(), columns.begin(), columns.end());
    write_head(out_->stream(), head);
  }
  width_ = columns.size();
  max_abs_.assign(width_, 0.0);
  thinning_ = std::make_unique<path_thinning>(t1_, width_, buckets_);
}

void path_recorder::begin_path(std::uint64_t replicate) {
  thinning_->reset();
  replicate_ = static_cast<double>(replicate);
  ++paths_;
}

void path_recorder::write_row(double t, const double* x) {
  for (std::size_t k = 0; k < width_; ++k) max_abs_[k] = std::max(max_abs_[k], std::abs(x[k]));
  if (in_memory_) {
    std::vector<double> row{replicate_, t};
    row.insert(row.end(), x, x + width_);
    memory_.push_back(std::move(row));
    ++rows_;
    return;
  }
  std::ostream& s = out_->stream();
  s << replicate_ << ',' << t << ',';
  write_values(s, x, width_);
  ++rows_;
}

void path_recorder::record(double t, const double* x) {
  thinning_->record(t, x, [this](double tk, const double* xk) { write_row(tk, xk); });
}

void path_recorder::end_path() {
  thinning_->finish([this](double tk, const double* xk) { write_row(tk, xk); });
}

void path_recorder::commit() {
  if (out_) out_->commit();
}

void write_csv(std::ostream& s, const std::vector<std::string>& head,
               const std::vector<std::vector<double>>& rows) {
  s.precision(12);
  write_head(s, head);
  for (const auto& r : rows) write_values(s, r.data(), r.size());
}

std::string csv(const std::vector<std::string>& head, const std::vector<std::vector<double>>& rows) {
  std::ostringstream s;
  write_csv(s, head, rows);
  return s.str();
}

std::uint64_t write_sample_paths(const std::filesystem::path& out, const model_entry& model,
                                 const nlohmann::json& options, double n, double d, double T,
                                 std::uint64_t seed, std::uint64_t paths, bool quiet) {
  path_recorder recorder(out / "paths.csv", T);
  const sample_paths sp = model.simulate(options, n, d, T, seed, paths, recorder);
  recorder.commit();
  std::vector<std::string> limit_head{"t"};
  limit_head.insert(limit_head.end(), sp.columns.begin(), sp.columns.end());
  {
    atomic_output_file limit(out / "limit.csv");
    write_csv(limit.stream(), limit_head, sp.limit_rows);
    limit.commit();
  }
  // Up to 3 coordinates: every path as steps, the limit as a dashed line of the same colour.
  std::ostringstream body;
  const std::size_t shown = std::min<std::size_t>(3, sp.columns.size());
  body << "set datafile separator ','\nset grid\nset key outside right\nset xlabel 't'\n"
       << "set title '" << model.name << ": sample paths (steps) and the limit (dashed)'\n";
  // Coordinates on scales more than 20 times apart (the neuron's voltage in mV next to its
  // channel fractions in [0, 1]) get two axes: the largest-scale ones the right axis (y2).
  std::vector<double> scale(shown, 0.0);
  for (std::size_t k = 0; k < shown; ++k) {
    if (k < recorder.max_abs().size()) scale[k] = recorder.max_abs()[k];
    for (const auto& row : sp.limit_rows) scale[k] = std::max(scale[k], std::abs(row[k + 1]));
  }
  const double largest = shown ? *std::max_element(scale.begin(), scale.end()) : 0.0;
  std::vector<bool> on_right(shown, false);
  std::string left, right;
  for (std::size_t k = 0; k < shown; ++k) {
    on_right[k] = largest > 0.0 && scale[k] > largest / 20.0;
    std::string& label = on_right[k] ? right : left;
    label += (label.empty() ? "" : ", ") + sp.columns[k];
  }
  if (left.empty()) std::fill(on_right.begin(), on_right.end(), false);  // one scale: one axis
  if (!left.empty()) {
    body << "set ytics nomirror\nset y2tics\nset ylabel '" << left << "'\nset y2label '" << right << "'\n";
  }
  body << "plot ";
  const long long last_replicate = static_cast<long long>(std::max<std::uint64_t>(paths, 1) - 1);
  for (std::size_t k = 0; k < shown; ++k) {
    if (k) body << ", \\\n     ";
    const char* axes = on_right[k] ? " axes x1y2" : "";
    // One curve per replicate (1/0 is undefined, so paths are not joined to each other).
    body << "for [r=0:" << last_replicate << "] 'paths.csv' every ::1 using 2:($1 == r ? $"
         << (k + 3) << " : 1/0)" << axes << " with steps lc " << (k + 1) << " title (r == 0 ? 'X^n " << sp.columns[k]
         << (on_right[k] ? " (right axis)" : "") << "' : ''), 'limit.csv' every ::1 using 1:" << (k + 2) << axes
         << " with lines lw 2 dt 2 lc " << (k + 1) << " title 'limit " << sp.columns[k] << "'";
  }
  write_and_render_plot(out, "paths", body.str(), quiet);
  return recorder.rows();
}

}  // namespace jumpflow::tool
