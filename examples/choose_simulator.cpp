// Choosing a simulator (docs page choosing_simulator): the four reaction-network simulators on
// the same SIR epidemic (n = 2000), each from its own streams. Prints, per method, the mean
// density of susceptibles at t = 3 with its standard error, and the events (reaction firings)
// per replicate, next to the ODE limit. Returns 1 if an exact method's mean is more than 5 SE
// from the mean of the direct method (both estimate the same law), so the example is a test.
//   ./build/ci/examples/choose_simulator
#include <cmath>
#include <cstdio>

#include "jumpflow/jump.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"

namespace {

struct summary {
  double mean, se, events;
};

// Mean and standard error of S(t)/n over `replicates` paths, replicate r from stream
// `first + r` of the seed.
template <class Simulate>
summary run(Simulate simulate, std::uint64_t first, std::uint64_t replicates) {
  const jumpflow::sir_family family(2.0, 1.0, 0.9, 0.1);
  const double n = 2000.0;
  const jumpflow::reaction_network net = family.model(n);
  const jumpflow::stream_factory streams(7);
  double sum = 0.0, sum2 = 0.0, events = 0.0;
  for (std::uint64_t r = 0; r < replicates; ++r) {
    jumpflow::philox_engine g = streams(first + r);
    jumpflow::count_vector x = family.initial_counts(n);
    events += static_cast<double>(simulate(net, x, g));
    const double s = static_cast<double>(x[0]) / n;
    sum += s;
    sum2 += s * s;
  }
  const double k = static_cast<double>(replicates), mean = sum / k;
  return {mean, std::sqrt((sum2 / k - mean * mean) / (k - 1.0)), events / k};
}

}  // namespace

int main() {
  //! [methods]
  const double t1 = 3.0;
  const auto direct = [t1](const auto& net, auto& x, auto& g) {
    return jumpflow::simulate_direct(net, x, 0.0, t1, g);
  };
  const auto next_reaction = [t1](const auto& net, auto& x, auto& g) {
    return jumpflow::simulate_next_reaction(net, x, 0.0, t1, g);
  };
  const auto composition_rejection = [t1](const auto& net, auto& x, auto& g) {
    return jumpflow::simulate_composition_rejection(net, x, 0.0, t1, g);
  };
  const auto tau_leaping = [t1](const auto& net, auto& x, auto& g) {  // approximate
    return jumpflow::simulate_tau_leaping(net, x, 0.0, t1, g);
  };
  //! [methods]

  const std::uint64_t replicates = 400;
  const summary rows[] = {run(direct, 0, replicates), run(next_reaction, replicates, replicates),
                          run(composition_rejection, 2 * replicates, replicates),
                          run(tau_leaping, 3 * replicates, replicates)};
  const char* names[] = {"direct", "next reaction", "composition-rejection", "tau-leaping"};
  const jumpflow::sir_family family(2.0, 1.0, 0.9, 0.1);
  const double limit = jumpflow::limit_solution(family, family.initial_state(), 0.0, t1)(t1)[0];
  std::printf("SIR, n = 2000, seed 7, %llu replicates per method: S(3)/n\n",
              static_cast<unsigned long long>(replicates));
  bool agree = true;
  for (int m = 0; m < 4; ++m) {
    std::printf("  %-22s mean %.5f +- %.5f (SE), %6.0f events per path\n", names[m], rows[m].mean,
                rows[m].se, rows[m].events);
    // Oracle: the exact methods sample the same law as the direct method (5 SE of the
    // difference of two independent means).
    if (m > 0 && m < 3) {
      const double se = std::hypot(rows[m].se, rows[0].se);
      agree = agree && std::abs(rows[m].mean - rows[0].mean) <= 5.0 * se;
    }
  }
  std::printf("  %-22s %.5f (n -> infinity)\n", "ODE limit", limit);
  return agree ? 0 : 1;
}
