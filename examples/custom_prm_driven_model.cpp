// A model of your own driven by a Poisson random measure: many small updates. At rate n a
// mark u ~ Uniform[-1, 1] arrives and the state moves by (a - x + s u) / n. The drift is
// E[(a - x + s u)] = a - x, so X^n converges to x' = a - x, x(t) = a + (x0 - a) e^{-t}, with
// error ~ C n^{-1/2} (the fluctuations have variance s^2/3 / n per unit time).
//   ./build/ci/examples/custom_prm_driven_model [replicates] [threads]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

//! [model]
// The concept (jumpflow/jump/prm_driven_model.hpp): state and mark types, the time intensity
// r of the measure, its mark law, and the jump J(x, u, t) an atom (t, u) causes.
class relaxation {
 public:
  using state_type = jumpflow::vector;
  using mark_type = jumpflow::vector;

  relaxation(double n, double a, double s) : n_(n), a_(a), s_(s), law_(1) {
    jumpflow::require_domain(std::isfinite(n) && n > 0.0, "relaxation", "n", n, "finite and > 0");
  }

  double rate() const { return n_; }
  const jumpflow::uniform_cube_law& mark_law() const { return law_; }
  void jump(const state_type& x, const mark_type& u, double /*t*/, state_type& dx) const {
    dx.resize(1);
    dx[0] = (a_ - x[0] + s_ * u[0]) / n_;
  }

 private:
  double n_, a_, s_;
  jumpflow::uniform_cube_law law_;
};
//! [model]

int main(int argc, char** argv) {
  const std::uint64_t replicates = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 400;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)) : 0;
  const double a = 1.0, s = 2.0, x0 = 0.0, t_end = 2.0;

  // The limit in closed form, as the callable limit(t, z) that sup_distance_observer takes.
  auto limit = [&](double t, jumpflow::vector& z) {
    z.resize(1);
    z[0] = a + (x0 - a) * std::exp(-t);
  };
  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = 11;
  options.threads = threads;
  auto replicate = [&](double n, jumpflow::philox_engine& g, std::uint64_t) -> jumpflow::replicate_outcome {
    const relaxation model(n, a, s);
    jumpflow::vector x = jumpflow::vector::Constant(1, x0);
    jumpflow::sup_distance_observer obs(limit);
    const std::uint64_t jumps = jumpflow::simulate_prm_driven(model, x, 0.0, t_end, g, obs);
    return {obs.sup(), jumps};
  };
  const auto result = jumpflow::convergence_study(std::vector<double>{100, 400, 1600, 6400}, options, replicate);

  std::printf("relaxation driven by a PRM, %llu replicates per n\n%8s %11s %10s %12s\n",
              static_cast<unsigned long long>(replicates), "n", "error", "SE", "sqrt(n)*err");
  for (const auto& p : result.points) {
    std::printf("%8.0f %11.6f %10.6f %12.4f\n", p.n, p.error.value, p.error.standard_error,
                p.error.value * std::sqrt(p.n));
  }
  std::printf("fitted slope %.3f, 95%% CI [%.3f, %.3f] (theory -0.5)\n", result.rate.slope, result.rate.ci_low,
              result.rate.ci_high);
  return 0;
}
