#include "sample_paths_output.hpp"

#include <algorithm>
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
       << "set title '" << model_name << ": sample paths (steps) and the limit (dashed)'\nplot ";
  double last_replicate = 0.0;
  for (const auto& row : sp.path_rows) last_replicate = std::max(last_replicate, row.front());
  for (std::size_t k = 0; k < shown; ++k) {
    if (k) body << ", \\\n     ";
    // One curve per replicate (1/0 is undefined, so paths are not joined to each other).
    body << "for [r=0:" << static_cast<long long>(last_replicate) << "] 'paths.csv' every ::1 using 2:($1 == r ? $"
         << (k + 3) << " : 1/0) with steps lc " << (k + 1) << " title (r == 0 ? 'X^n " << sp.columns[k]
         << "' : ''), 'limit.csv' every ::1 using 1:" << (k + 2)
         << " with lines lw 2 dt 2 lc " << (k + 1) << " title 'limit " << sp.columns[k] << "'";
  }
  write_and_render_plot(out, "paths", body.str(), quiet);
}

}  // namespace jumpflow::tool
