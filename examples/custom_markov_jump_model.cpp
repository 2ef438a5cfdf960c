// A model of your own that is not a reaction network, written as a markov_jump_model: logistic
// growth of a population density X^n on (1/n)Z (births at rate n b x, deaths at rate
// n (d x + c x^2), each of size 1/n). Its limit is the ODE x' = (b - d) x - c x^2 (Kurtz 1970);
// a convergence study measures sqrt(E sup_t |X^n_t - x_t|^2) ~ C n^{-1/2}.
//   ./build/ci/examples/custom_markov_jump_model [replicates] [threads]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/simulate_markov_jump.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/random/uniform01.hpp"

//! [model]
// The concept (jumpflow/jump/markov_jump_model.hpp): a state type, the total intensity
// lambda(x), and a kernel that draws the jump. Immutable, validated in its constructor, no
// engine inside: one object is shared by every thread.
class logistic_density {
 public:
  using state_type = jumpflow::vector;  // the density, a vector of size 1

  logistic_density(double n, double b, double d, double c) : n_(n), b_(b), d_(d), c_(c) {
    jumpflow::require_domain(std::isfinite(n) && n > 0.0, "logistic_density", "n", n, "finite and > 0");
    jumpflow::require_domain(b >= 0.0 && d >= 0.0 && c >= 0.0, "logistic_density", "b, d and c",
                             std::min({b, d, c}), ">= 0");
  }

  double intensity(const state_type& x) const { return n_ * (birth(x[0]) + death(x[0])); }

  template <class URBG>
  void sample_jump(const state_type& x, URBG& g, state_type& dx) const {
    const double p_birth = birth(x[0]) / (birth(x[0]) + death(x[0]));
    dx.resize(1);
    dx[0] = (jumpflow::uniform01(g) < p_birth ? 1.0 : -1.0) / n_;
  }

 private:
  double birth(double x) const { return b_ * x; }
  double death(double x) const { return d_ * x + c_ * x * x; }
  double n_, b_, d_, c_;
};
//! [model]

int main(int argc, char** argv) {
  const std::uint64_t replicates = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 400;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 0;
  const double b = 2.0, d = 1.0, c = 1.0, x0 = 0.2, t_end = 3.0;

  //! [study]
  // The limit x' = (b - d) x - c x^2, solved once and shared by the replicates.
  const jumpflow::dense_solution limit(
      [&](const jumpflow::vector& x, jumpflow::vector& dxdt, double) {
        dxdt.resize(1);
        dxdt[0] = (b - d) * x[0] - c * x[0] * x[0];
      },
      jumpflow::vector::Constant(1, x0), 0.0, t_end);

  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = 7;
  options.threads = threads;
  auto replicate = [&](double n, jumpflow::philox_engine& g, std::uint64_t) -> jumpflow::replicate_outcome {
    const logistic_density model(n, b, d, c);
    jumpflow::vector x = jumpflow::vector::Constant(1, std::round(x0 * n) / n);
    jumpflow::sup_distance_observer obs{jumpflow::dense_cursor(limit)};
    const std::uint64_t jumps = jumpflow::simulate_markov_jump(model, x, 0.0, t_end, g, obs);
    return {obs.sup(), jumps};
  };
  const jumpflow::study_result result = jumpflow::convergence_study(std::vector<double>{100, 400, 1600, 6400},
                                                                    options, replicate);
  //! [study]

  std::printf("logistic density, %llu replicates per n\n%8s %11s %10s %12s\n",
              static_cast<unsigned long long>(replicates), "n", "error", "SE", "sqrt(n)*err");
  for (const auto& p : result.points) {
    std::printf("%8.0f %11.6f %10.6f %12.4f\n", p.n, p.error.value, p.error.standard_error,
                p.error.value * std::sqrt(p.n));
  }
  std::printf("fitted slope %.3f, 95%% CI [%.3f, %.3f] (theory -0.5)\n", result.rate.slope, result.rate.ci_low,
              result.rate.ci_high);
  return 0;
}
