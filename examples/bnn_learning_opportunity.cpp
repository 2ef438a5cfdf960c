// One learning opportunity of the STDP rule: the weights Z^n of a log-cosh loss against their
// limit, the gradient flow dZ/dt = -(2/3) alpha A^2 grad L(Z); then the rate table
// sqrt(E sup_t |Z^n_t - Z_t|^2) for growing n, its fitted slope (theory: -1/2) and the explicit
// constant c of the bound c sqrt(d/n).
//   ./build/ci/examples/bnn_learning_opportunity
#include <cmath>
#include <cstdio>
#include <iostream>
#include <vector>

#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/random.hpp"

int main() {
  //! [rule]
  using jumpflow::vector;
  const jumpflow::index d = 8;
  const jumpflow::log_cosh_loss loss(vector::Zero(d));          // L(z) = sum_j log cosh z_j
  const vector z0 = vector::Constant(d, 1.0 / std::sqrt(8.0));  // |z0 - z*| = 1
  // Defaults: shrinking amplitude, two-sided differences, uniform perturbations, Poisson clock.
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(loss, /*n=*/1000.0, /*alpha=*/1.0,
                                                          /*A=*/1.0);
  const jumpflow::log_cosh_flow flow(loss, rule.limit_coefficient(), z0);  // kappa = 2/3
  //! [rule]

  //! [path]
  std::printf("kappa = %.4f (2 s2 alpha A^2 from the options)\n", rule.limit_coefficient());
  std::printf("    t    Z^n_t[0]   Z_t[0]    |Z^n_t - Z_t|\n");
  double next = 0.0;
  auto print_path = [&](const vector& z, double t) {
    if (t < next && t < 1.0) return;
    const vector limit = flow(t);
    std::printf("  %.3f  %8.5f  %8.5f  %10.5f\n", t, z[0], limit[0], (z - limit).norm());
    next += 0.125;
  };
  vector z = z0;
  jumpflow::philox_engine g(42, 0);
  const auto spikes = jumpflow::simulate_prm_driven(rule, z, 0.0, 1.0, g, print_path);
  std::printf("%llu spikes\n\n", static_cast<unsigned long long>(spikes));
  //! [path]

  //! [rate]
  jumpflow::study_options options;
  options.replicates = 100;
  options.seed = 7;
  const std::vector<double> grid{100, 1000, 10000};
  const auto study = jumpflow::convergence_study(
      grid, options, [&](double n, jumpflow::philox_engine& eng, std::uint64_t) {
        const jumpflow::stdp_rule<jumpflow::log_cosh_loss> r(loss, n, 1.0, 1.0);
        jumpflow::sup_distance_observer distance(flow);
        vector x = z0;
        const auto events = jumpflow::simulate_prm_driven(r, x, 0.0, 1.0, eng, distance);
        return jumpflow::replicate_outcome{distance.sup(), events};
      });
  // The table and the rate in n with its interval and goodness of fit (theory -1/2; the column
  // `scaled` is s sqrt(n)), then the explicit bound s sqrt(n/d) <= c at every n.
  jumpflow::study_report_options report;
  report.theory_n = -0.5;
  report.title = "s = sqrt(E sup_t |Z^n_t - Z_t|^2), d = 8";
  jumpflow::write_study_table(std::cout, study, report);
  const double c = jumpflow::explicit_bound_constant(rule, 1.0, /*G=*/1.75, /*K=*/1.0);
  const auto bound = jumpflow::check_bound(
      study.points, [&](double n, double) { return c * std::sqrt(static_cast<double>(d) / n); });
  std::printf("explicit bound s sqrt(n/d) <= c = %.2f: %s\n", c,
              bound.all_hold ? "holds at every n" : "FAILS somewhere");
  //! [rate]
  return 0;
}
