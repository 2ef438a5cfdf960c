#include "sample_paths_output.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "atomic_file.hpp"
#include "plots.hpp"

namespace jumpflow::tool {

std::string csv(const std::vector<std::string>& head, const std::vector<std::vector<double>>& rows) {
  std::ostringstream s;
  s.precision(12);
  for (std::size_t i = 0; i < head.size(); ++i) s << (i ? "," : "") << head[i];
  s << '\n';
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) s << (i ? "," : "") << r[i];
    s << '\n';
  }
  return s.str();
}

void write_sample_paths(const std::filesystem::path& out, const std::string& model_name,
                        const sample_paths& sp, bool quiet) {
  std::vector<std::string> path_head{"replicate", "t"}, limit_head{"t"};
  for (const auto& col : sp.columns) {
    path_head.push_back(col);
    limit_head.push_back(col);
  }
  write_file_atomically(out / "paths.csv", csv(path_head, sp.path_rows));
  write_file_atomically(out / "limit.csv", csv(limit_head, sp.limit_rows));
  // Up to 3 coordinates: every path as steps, the limit as a dashed line of the same colour.
  std::ostringstream body;
  const std::size_t shown = std::min<std::size_t>(3, sp.columns.size());
  body << "set datafile separator ','\nset grid\nset key outside right\nset xlabel 't'\n"
       << "set title '" << model_name << ": sample paths (steps) and the limit (dashed)'\n";
  // Coordinates on scales more than 20 times apart (the neuron's voltage in mV next to its
  // channel fractions in [0, 1]) get two axes: the largest-scale ones the right axis (y2).
  std::vector<double> scale(shown, 0.0);
  for (std::size_t k = 0; k < shown; ++k) {
    for (const auto& row : sp.path_rows) scale[k] = std::max(scale[k], std::abs(row[k + 2]));
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
  double last_replicate = 0.0;
  for (const auto& row : sp.path_rows) last_replicate = std::max(last_replicate, row.front());
  for (std::size_t k = 0; k < shown; ++k) {
    if (k) body << ", \\\n     ";
    const char* axes = on_right[k] ? " axes x1y2" : "";
    // One curve per replicate (1/0 is undefined, so paths are not joined to each other).
    body << "for [r=0:" << static_cast<long long>(last_replicate) << "] 'paths.csv' every ::1 using 2:($1 == r ? $"
         << (k + 3) << " : 1/0)" << axes << " with steps lc " << (k + 1) << " title (r == 0 ? 'X^n " << sp.columns[k]
         << (on_right[k] ? " (right axis)" : "") << "' : ''), 'limit.csv' every ::1 using 1:" << (k + 2) << axes
         << " with lines lw 2 dt 2 lc " << (k + 1) << " title 'limit " << sp.columns[k] << "'";
  }
  write_and_render_plot(out, "paths", body.str(), quiet);
}

}  // namespace jumpflow::tool
