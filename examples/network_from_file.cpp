// A reaction network read from a model file (SBML or BioNetGen .net), simulated exactly and
// compared with its reaction rate equation.
//   ./build/ci/examples/network_from_file [file] [replicates]
// (default file: examples/models/dimerisation.net)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "jumpflow/io.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_layout.hpp"

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : JUMPFLOW_EXAMPLE_MODELS "/dimerisation.net";
  const std::uint64_t replicates = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 1000;
  try {
    //! [read]
    const bool net_file = file.size() > 4 && file.compare(file.size() - 4, 4, ".net") == 0;
    const jumpflow::imported_network model = net_file ? jumpflow::read_bionetgen(file) : jumpflow::read_sbml(file);
    std::printf("%s: %ld species, %ld channels (", file.c_str(), static_cast<long>(model.species()),
                static_cast<long>(model.channels()));
    for (jumpflow::index j = 0; j < model.channels(); ++j) {
      std::printf("%s%s %s", j ? ", " : "", model.channel_names()[static_cast<std::size_t>(j)].c_str(),
                  model.is_mass_action(j) ? "mass action" : "formula");
    }
    std::printf(")\n");
    //! [read]

    //! [simulate]
    const double t_end = 2.0;
    jumpflow::vector mean = jumpflow::vector::Zero(model.species());
    for (std::uint64_t r = 0; r < replicates; ++r) {
      auto g = jumpflow::study_stream(1, 0, r);  // the project's stream layout
      jumpflow::count_vector x = model.initial_state();
      jumpflow::simulate_direct(model.network(), x, 0.0, t_end, g);
      mean += x.cast<double>() / static_cast<double>(replicates);
    }
    // The reaction rate equation x' = sum_j nu_j r_j(x) on real counts.
    const jumpflow::dense_solution ode(
        [&model](const jumpflow::vector& x, jumpflow::vector& dxdt, double t) { model.drift(x, dxdt, t); },
        model.initial_state().cast<double>(), 0.0, t_end);
    jumpflow::vector z;
    ode(t_end, z);
    //! [simulate]
    for (jumpflow::index i = 0; i < model.species(); ++i) {
      std::printf("%-10s mean at t = %.1f over %llu replicates: %10.3f   ODE: %10.3f\n",
                  model.species_names()[static_cast<std::size_t>(i)].c_str(), t_end,
                  static_cast<unsigned long long>(replicates), mean[i], z[i]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  return 0;
}
