// Plots through gnuplot: the tool writes a gnuplot script next to its data and runs it when
// gnuplot is installed (PNG and SVG); otherwise it says so once and leaves the script.
#pragma once

#include <filesystem>
#include <string>

namespace jumpflow::tool {

/// Whether `gnuplot` is on the PATH (checked once).
bool gnuplot_available();

/// Writes `<dir>/<stem>.gp` (which renders `<stem>.png` and `<stem>.svg`) and runs it if
/// gnuplot is available. `body` is the plot commands after the terminal setup. Returns
/// true if the images were rendered.
bool write_and_render_plot(const std::filesystem::path& dir, const std::string& stem,
                           const std::string& body, bool quiet);

}  // namespace jumpflow::tool
