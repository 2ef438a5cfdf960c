// A marked Poisson random measure and Campbell's formulas.
// N has intensity r ds (x) pi(du) on (0, T] x [-1, 1]^2 with pi uniform. For
// f(s, u) = (1 + s) u_1^2 + u_2, Campbell's formulas give E int f dN = nu(f) and
// Var int f dN = nu(f^2); with r = 3, T = 2: nu(f) = 4 and nu(f^2) = 7.2 exactly.
// The program prints the first atoms of one draw, then Monte Carlo estimates with standard
// errors next to the exact values, and a Monte Carlo estimate of the compensator nu(f).
#include <cmath>
#include <cstdio>
#include <vector>

#include "jumpflow/poisson.hpp"
#include "jumpflow/random.hpp"

int main() {
  //! [prm]
  const double rate = 3.0, horizon = 2.0;
  const jumpflow::marked_poisson_measure n(rate, jumpflow::uniform_cube_law(2));
  auto f = [](double s, const jumpflow::vector& u) { return (1.0 + s) * u[0] * u[0] + u[1]; };

  // One draw: the atoms arrive in time order; the mark is a reused buffer.
  jumpflow::philox_engine g = jumpflow::make_stream(/*seed=*/7, /*id=*/0);
  std::printf("atoms of one draw on (0, %g]:\n", horizon);
  const auto atoms = n.generate(g, 0.0, horizon, [](double t, const jumpflow::vector& u) {
    std::printf("  t = %.4f   u = (%+.4f, %+.4f)\n", t, u[0], u[1]);
  });
  std::printf("  %llu atoms (mean %g)\n\n", static_cast<unsigned long long>(atoms), rate * horizon);

  // Campbell: replicate r draws from stream r of the seed.
  const jumpflow::stream_factory streams(/*seed=*/42);
  const int replicates = 200000;
  std::vector<double> integrals(replicates);
  for (int r = 0; r < replicates; ++r) {
    jumpflow::philox_engine gr = streams(static_cast<std::uint64_t>(r));
    integrals[static_cast<std::size_t>(r)] = jumpflow::prm_integral(n, gr, 0.0, horizon, f);
  }
  //! [prm]

  double mean = 0.0;
  for (double x : integrals) mean += x;
  mean /= replicates;
  double var = 0.0, m4 = 0.0;
  for (double x : integrals) {
    const double d2 = (x - mean) * (x - mean);
    var += d2;
    m4 += d2 * d2;
  }
  var /= replicates - 1;
  m4 /= replicates;
  const double se_mean = std::sqrt(var / replicates);
  const double se_var = std::sqrt((m4 - var * var) / replicates);
  std::printf("Campbell check, %d replicates:\n", replicates);
  std::printf("  E int f dN   = %.4f +- %.4f (SE)   exact nu(f)   = 4     (%.1f SE)\n", mean,
              se_mean, std::abs(mean - 4.0) / se_mean);
  std::printf("  Var int f dN = %.4f +- %.4f (SE)   exact nu(f^2) = 7.2   (%.1f SE)\n", var, se_var,
              std::abs(var - 7.2) / se_var);

  jumpflow::philox_engine gc = streams(replicates);  // a stream no replicate used
  const auto nu = jumpflow::estimate_compensator(n, gc, 0.0, horizon, f, 1000000);
  std::printf("  Monte Carlo compensator nu(f) = %.4f +- %.4f (SE)       (%.1f SE)\n", nu.value,
              nu.standard_error, std::abs(nu.value - 4.0) / nu.standard_error);
  return 0;
}
