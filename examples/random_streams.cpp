// Independent random streams, one per replicate, and the portable transforms.
// Estimates E[exp(-U . U)] for U uniform on [-1, 1]^d by Monte Carlo in replicates that
// each draw from their own stream, and prints the estimate with its standard error.
#include <cmath>
#include <cstdio>
#include <vector>

#include "jumpflow/random.hpp"

int main() {
  //! [streams]
  const jumpflow::stream_factory streams(/*seed=*/42);
  const jumpflow::uniform_cube_law cube(/*dimension=*/3);  // uniform on [-1, 1]^3
  jumpflow::vector u(cube.dimension());

  const int replicates = 8, draws = 100000;
  std::vector<double> estimates;
  for (int r = 0; r < replicates; ++r) {
    jumpflow::philox_engine g = streams(static_cast<std::uint64_t>(r));  // replicate r's stream
    double sum = 0.0;
    for (int i = 0; i < draws; ++i) {
      cube(g, u);
      sum += std::exp(-u.squaredNorm());
    }
    estimates.push_back(sum / draws);
  }
  //! [streams]

  double mean = 0.0;
  for (double e : estimates) mean += e;
  mean /= replicates;
  double var = 0.0;
  for (double e : estimates) var += (e - mean) * (e - mean);
  const double se = std::sqrt(var / (replicates - 1) / replicates);
  // Exact value: (int_{-1}^{1} e^{-x^2} dx / 2)^3 = (sqrt(pi) erf(1) / 2)^3.
  const double exact = std::pow(std::sqrt(std::acos(-1.0)) * std::erf(1.0) / 2.0, 3);
  std::printf("E[exp(-|U|^2)], U ~ uniform[-1,1]^3\n");
  std::printf("  estimate %.6f +- %.6f (SE, %d replicates x %d draws)\n", mean, se, replicates,
              draws);
  std::printf("  exact    %.6f  (|error| = %.1f SE)\n", exact, std::abs(mean - exact) / se);
  return 0;
}
