#include "plots.hpp"

#include <cstdio>
#include <cstdlib>

#include "atomic_file.hpp"

namespace jumpflow::tool {

bool gnuplot_available() {
  static const bool available = std::system("command -v gnuplot > /dev/null 2>&1") == 0;
  return available;
}

bool write_and_render_plot(const std::filesystem::path& dir, const std::string& stem,
                           const std::string& body, bool quiet) {
  // One script renders both formats; it runs from `dir`, so paths inside are relative.
  std::string script = "# gnuplot script written by jumpflow; run: gnuplot " + stem + ".gp\n";
  script += "set terminal pngcairo size 900,650 enhanced font ',11'\nset output '" + stem + ".png'\n";
  script += body + "\n";
  script += "set terminal svg size 900,650 enhanced dynamic\nset output '" + stem + ".svg'\nreplot\n";
  write_file_atomically(dir / (stem + ".gp"), script);
  if (!gnuplot_available()) {
    static bool said = false;
    if (!said && !quiet) {
      std::fprintf(stderr,
                   "jumpflow: gnuplot is not installed; wrote the gnuplot scripts (*.gp) so the "
                   "plots can be made later with `gnuplot <script>` in %s\n",
                   dir.string().c_str());
    }
    said = true;
    return false;
  }
  const std::string command =
      "cd '" + dir.string() + "' && gnuplot '" + stem + ".gp' > /dev/null 2>&1";
  if (std::system(command.c_str()) != 0) {
    if (!quiet) std::fprintf(stderr, "jumpflow: gnuplot failed on %s/%s.gp\n", dir.string().c_str(), stem.c_str());
    return false;
  }
  return true;
}

}  // namespace jumpflow::tool
