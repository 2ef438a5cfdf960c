// Getting started (docs page getting_started): one sample path of an SIR epidemic in a
// population of n = 10000, simulated exactly by Gillespie's direct method, next to its ODE
// limit (Kurtz 1970). Prints the densities (S, I, R) / n on a grid of times and the largest
// distance to the limit. Returns 1 if that distance exceeds 0.05 (about 10 times the typical
// fluctuation of order 1/sqrt(n) = 0.01), so the example also serves as a test.
//   ./build/ci/examples/getting_started
#include <cmath>
#include <cstdio>

#include "jumpflow/jump.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"

int main() {
  //! [first]
  // S + I -> 2I at rate n beta s i, I -> R at rate n gamma i, in densities s = S/n, i = I/n.
  const jumpflow::sir_family family(/*beta=*/2.0, /*gamma=*/1.0, /*s0=*/0.9, /*i0=*/0.1);
  const double n = 10000.0, t_end = 8.0;
  const jumpflow::reaction_network net = family.model(n);  // counts, rates proportional to n
  const jumpflow::dense_solution limit =                   // the ODE dx/dt = drift(x)
      jumpflow::limit_solution(family, family.initial_state(), 0.0, t_end);

  jumpflow::philox_engine g = jumpflow::stream_factory(/*seed=*/1)(/*replicate=*/0);
  jumpflow::count_vector x = family.initial_counts(n);  // (9000, 1000, 0)
  jumpflow::vector density(3);
  double largest = 0.0;
  auto print = [&](const jumpflow::count_vector& counts, double t) {  // called at t = 0, 1, ...
    jumpflow::to_density(counts, n, density);
    const jumpflow::vector ode = limit(t);
    largest = std::max(largest, (density - ode).norm());
    std::printf("t = %3.1f   X^n = (%.4f, %.4f, %.4f)   x = (%.4f, %.4f, %.4f)\n", t, density[0],
                density[1], density[2], ode[0], ode[1], ode[2]);
  };
  auto on_grid = jumpflow::save_grid<jumpflow::count_vector>(0.0, 1.0, 9, print);
  const std::uint64_t events = jumpflow::simulate_direct(net, x, 0.0, t_end, g, on_grid);
  std::printf("seed 1: %llu events; largest |X^n_t - x_t| on the grid: %.4f\n",
              static_cast<unsigned long long>(events), largest);
  //! [first]
  return largest < 0.05 ? 0 : 1;
}
