// Verifying a convergence theorem (docs page verify_theorem): the STDP learning rule Z^n on an
// anisotropic quadratic loss converges to its gradient flow Z with
// sqrt(E sup_{t<=T} |Z^n_t - Z_t|^2) <= c sqrt(d/n). A convergence study over n and d prints the
// table, fits the rate in n at each d (theory -1/2) and in d at the largest n (theory +1/2), and
// checks the explicit bound c sqrt(d/n) at every grid point. Returns 1 if the theory's rate in n
// lies outside a fitted 99.9% interval or the bound is significantly violated somewhere, so the
// example is also a test.
//   ./build/ci/examples/verify_theorem [replicates]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/models/bnn/reference_problems.hpp"
#include "jumpflow/random.hpp"

int main(int argc, char** argv) {
  const std::uint64_t replicates = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100;

  //! [model]
  // The model at (n, d): the rule with spike rate n, alpha = A = 1, uniform perturbations on
  // [-1, 1]^d, started at |z0| = 1 on a loss whose spectrum lies in [0.5, 2] for every d.
  using rule_type = jumpflow::stdp_rule<jumpflow::quadratic_loss>;
  auto make_rule = [](double n, double d) {
    const auto dim = static_cast<jumpflow::index>(d);
    return rule_type(jumpflow::anisotropic_quadratic(dim), jumpflow::uniform_cube_law(dim), n,
                     /*learning_rate=*/1.0, /*amplitude=*/1.0);
  };
  const double T = 1.0;
  // One replicate: simulate Z^n on [0, T] while an observer tracks sup_t |Z^n_t - Z_t| against
  // the closed-form limit (quadratic_flow).
  auto replicate = [&](double n, double d, jumpflow::philox_engine& g,
                       std::uint64_t) -> jumpflow::replicate_outcome {
    const rule_type rule = make_rule(n, d);
    jumpflow::vector z = jumpflow::reference_start(rule.dimension());
    jumpflow::sup_distance_observer distance(
        jumpflow::quadratic_flow(rule.loss(), rule.limit_coefficient(), z));
    const std::uint64_t spikes = jumpflow::simulate_prm_driven(rule, z, 0.0, T, g, distance);
    return {distance.sup(), spikes};
  };
  //! [model]

  //! [study]
  const std::vector<double> grid_n{256, 1024, 4096, 16384}, grid_d{4, 8, 16};
  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = 2024;
  const jumpflow::study_result result =
      jumpflow::convergence_study(grid_n, grid_d, options, replicate);

  std::printf("seed %llu, %llu replicates per grid point, T = %.0f\n",
              static_cast<unsigned long long>(options.seed),
              static_cast<unsigned long long>(options.replicates), T);
  std::printf("%6s %3s %10s %9s %21s %12s\n", "n", "d", "s_hat", "SE", "95% CI", "s*sqrt(n/d)");
  for (const jumpflow::study_point& p : result.points) {
    std::printf("%6.0f %3.0f %10.5f %9.5f [%8.5f, %8.5f] %12.4f\n", p.n, p.d, p.error.value,
                p.error.standard_error, p.error.ci_low, p.error.ci_high,
                p.error.value * std::sqrt(p.n / p.d));
  }
  //! [study]

  //! [rate]
  bool rate_ok = true;
  for (const double d : grid_d) {
    const jumpflow::rate_fit in_n = jumpflow::fit_rate_in_n(result.points, d);
    std::printf("rate in n at d = %2.0f: slope %.3f, SE %.3f, 95%% CI [%.3f, %.3f]  (theory -0.5)\n",
                d, in_n.slope, in_n.slope_se, in_n.ci_low, in_n.ci_high);
    // The test: -1/2 inside the 99.9% interval (slope +- 3.29 SE); at 95% a correct rate would
    // fall outside once in 20 runs.
    rate_ok = rate_ok && std::abs(in_n.slope + 0.5) <= 3.29 * in_n.slope_se;
  }
  const jumpflow::rate_fit in_d = jumpflow::fit_rate_in_d(result.points, grid_n.back());
  std::printf("rate in d at n = %.0f: slope %.3f, 95%% CI [%.3f, %.3f]  (theory +0.5)\n",
              grid_n.back(), in_d.slope, in_d.ci_low, in_d.ci_high);
  //! [rate]

  //! [bound]
  // The explicit constant c (the bound section of the theory page): gradient bound G = 2 r and
  // Lipschitz constant K = 2 of grad L on the ball of radius r = 1.75 the paths visit.
  const double c = jumpflow::explicit_bound_constant(make_rule(1.0, 4.0), T, 2.0 * 1.75, 2.0);
  const jumpflow::bound_check bound = jumpflow::check_bound(
      result.points, [c](double n, double d) { return c * std::sqrt(d / n); });
  double largest = 0.0;
  for (const auto& q : bound.points) largest = std::max(largest, q.estimate * std::sqrt(q.n / q.d));
  std::printf("explicit constant c = %.2f; largest s*sqrt(n/d) = %.4f; bound %s\n", c, largest,
              bound.all_hold ? "holds at every grid point" : "fails somewhere");
  //! [bound]
  return rate_ok && !bound.any_violated ? 0 : 1;
}
