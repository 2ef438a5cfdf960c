// PDM against RSSA-CR on large mass-action networks with many dependents per channel, as the
// length of the run grows: the two methods that lead on such networks in the SSA speed table
// trade places with the host's state and with the run's length (RSSA-CR's runs seem to cost more
// to start and less per event), and simulate_auto() picks one from the network alone. This
// program measures the trade so that the choice can be revisited on evidence.
//
// Networks: random_mass_action_network(M / 10 species, M channels, seed 2024), every count 100
// (the random network of the SSA table is M = 10^4); runs of t_end = L / M for L = 50, 500, 2000
// (about 2,300, 21,000 and 80,000 events, nearly independent of M). Every repetition runs PDM,
// RSSA-CR and simulate_auto() once per cell, interleaved, on the same stream; the table reports
// the medians of ns per event (thread CPU time, one call per run, so each run pays its own setup)
// and RSSA-CR's time over PDM's (below 1: RSSA-CR faster).
//   ./build/ci/benchmarks/jump/jump_large_network_runs [repetitions, default 9]
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "jumpflow/jump.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"
#include "support/timing.hpp"

namespace {

using jumpflow_bench::median;
using jumpflow_bench::thread_ns;

enum class method { pdm, rssa_cr, automatic };

// ns per event of one run of `m` on `net` from `x0` over [0, t1], on stream `r`; the events
// through `events`.
double run(method m, const jumpflow::reaction_network& net, const jumpflow::count_vector& x0,
           double t1, std::uint64_t r, double& events) {
  jumpflow::philox_engine g(7, r);
  jumpflow::count_vector x = x0;
  const double start = thread_ns();
  std::uint64_t n = 0;
  switch (m) {
    case method::pdm:
      n = jumpflow::simulate_partial_propensity_direct(net, x, 0.0, t1, g);
      break;
    case method::rssa_cr:
      n = jumpflow::simulate_rejection_composition(net, x, 0.0, t1, g);
      break;
    case method::automatic:
      n = jumpflow::simulate_auto(net, x, 0.0, t1, g);
      break;
  }
  const double stop = thread_ns();
  events = static_cast<double>(n);
  return n > 0 ? (stop - start) / static_cast<double>(n) : 0.0;
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 9;
  std::printf(
      "PDM and RSSA-CR on random mass-action networks (M / 10 species, every count 100),\n"
      "runs of t_end = L / M; medians of %d interleaved repetitions, thread CPU time\n\n",
      reps);
  std::printf(
      "| channels M | L | events per run | PDM ns/event | RSSA-CR ns/event | auto "
      "ns/event | RSSA-CR / PDM |\n|---|---|---|---|---|---|---|\n");
  for (const jumpflow::index m : {1000, 3000, 10000, 30000}) {
    const auto net = jumpflow::random_mass_action_network(m / 10, m, 2024);
    const jumpflow::count_vector x0 = jumpflow::count_vector::Constant(m / 10, 100);
    for (const double l : {50.0, 500.0, 2000.0}) {
      const double t1 = l / static_cast<double>(m);
      std::vector<double> pdm, rssa, automatic, events;
      for (int r = 0; r < reps; ++r) {
        double e = 0.0;
        pdm.push_back(run(method::pdm, net, x0, t1, static_cast<std::uint64_t>(r), e));
        events.push_back(e);
        rssa.push_back(run(method::rssa_cr, net, x0, t1, static_cast<std::uint64_t>(r), e));
        automatic.push_back(run(method::automatic, net, x0, t1, static_cast<std::uint64_t>(r), e));
      }
      const double p = median(pdm), q = median(rssa);
      std::printf("| %ld | %.0f | %.0f | %.1f | %.1f | %.1f | %.2f |\n", static_cast<long>(m), l,
                  median(events), p, q, median(automatic), q / p);
    }
  }
  return 0;
}
