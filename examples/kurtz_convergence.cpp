// Kurtz's theorem, measured: an SIR epidemic X^n (population n) converges to its ODE limit at
// rate n^{-1/2}. A convergence study over a grid of n prints, per n, the estimate of
// sqrt(E sup_t |X^n_t - x_t|^2) with its standard error and 95% confidence interval, the
// fitted log-log slope with its confidence interval and goodness of fit (the library's
// study_report writers), and a check of the bound 3 / sqrt(n).
//   ./build/ci/examples/kurtz_convergence [replicates] [threads]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"

int main(int argc, char** argv) {
  const std::uint64_t replicates = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 0;

  //! [study]
  // SIR: infection rate 2, recovery rate 1, initial densities (S, I, R) = (0.7, 0.3, 0).
  const jumpflow::sir_family family(2.0, 1.0, 0.7, 0.3);
  const double t_end = 4.0;
  // The limit x(t), solved once (adaptive Dormand-Prince), shared by every replicate.
  const jumpflow::dense_solution limit =
      jumpflow::limit_solution(family, family.initial_state(), 0.0, t_end);

  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = 2024;
  options.threads = threads;
  const std::vector<double> grid{250, 500, 1000, 2000, 4000, 8000};

  // One replicate: simulate X^n by the direct method while an observer tracks the sup distance
  // to the limit (counts scaled by 1/n, both sides of every jump, and the end time).
  auto replicate = [&](double n, jumpflow::philox_engine& g,
                       std::uint64_t) -> jumpflow::replicate_outcome {
    const jumpflow::reaction_network model = family.model(n);
    jumpflow::count_vector x = family.initial_counts(n);
    jumpflow::sup_distance_observer obs(jumpflow::dense_cursor(limit), jumpflow::euclidean_norm{},
                                        1.0 / n);
    const std::uint64_t jumps = jumpflow::simulate_direct(model, x, 0.0, t_end, g, obs);
    return {obs.sup(), jumps};
  };

  std::printf("Kurtz's theorem on SIR (beta = 2, gamma = 1, x0 = (0.7, 0.3, 0), T = %.0f)\n",
              t_end);
  const jumpflow::study_result result =
      jumpflow::convergence_study(grid, options, replicate, [](const jumpflow::study_point& p) {
        // Called as each grid point finishes: a long study would save the row here.
        std::printf("  n = %.0f done (%.2f s)\n", p.n, p.seconds);
      });

  // The table, the fitted rate with its interval, goodness of fit and pre-asymptotic handling,
  // against Kurtz's -1/2 (`scaled` = error * sqrt(n) is flat when it holds). write_study_csv()
  // and write_study_json() write the same study as CSV and JSON.
  jumpflow::study_report_options report;
  report.theory_n = -0.5;
  report.title = "error = sqrt(E sup_t |X^n_t - x_t|^2), " + std::to_string(options.replicates) +
                 " replicates per n, seed " + std::to_string(options.seed);
  jumpflow::write_study_table(std::cout, result, report);
  // The same fit with a correction term b n^(-1/2) for pre-asymptotic effects.
  report.fit.handling = jumpflow::pre_asymptotic::correction_term;
  std::cout << "with a correction term: "
            << jumpflow::describe_rate_fit(jumpflow::fit_rate_in_n(result.points, NAN, report.fit),
                                           "n")
            << '\n';
  //! [study]

  const auto bound = jumpflow::check_bound(
      result.points, [](double n, double /*d*/) { return 3.0 / std::sqrt(n); });
  std::printf("bound 3/sqrt(n): %s\n", bound.all_hold ? "holds at every n" : "fails somewhere");
  for (const auto& q : bound.points) {
    if (!q.holds_confidently) {
      std::printf("  n = %.0f: estimate %.6f, CI upper %.6f vs bound %.6f\n", q.n, q.estimate,
                  q.ci_high, q.bound);
    }
  }
  return 0;
}
