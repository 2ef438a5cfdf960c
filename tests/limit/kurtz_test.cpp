// Kurtz's theorem (Kurtz 1970, 1978) as a test, on immigration-death and SIR.
//
// For a density-dependent family X^n (jumps nu_k / n at rates n a_k(x)) started at x0:
//  (1) sqrt(E sup_{t<=T} |X^n_t - x_t|^2) = O(n^{-1/2}): the fitted log-log slope is -1/2;
//  (2) sqrt(n) (X^n_T - x_T) -> N(0, S_T), S the linear-noise covariance, so
//      sqrt(E |sqrt(n)(X^n_T - x_T)|^2) -> sqrt(tr S_T).
// Oracles: the exponent -1/2 and sqrt(tr S_T) from the covariance ODE (exact for
// immigration-death, whose rates are linear, at every n).
// Tolerances: 5 standard errors (the slope's standard error from fit_rate, the end-time
// estimate's delta-method standard error); the requirement that the slope's 95% interval
// be narrower than 0.2 is checked as stated. Seeds are fixed and printed.
// The paths come from the library's classic families (jumpflow/models/classic) simulated by
// Gillespie's direct method (jumpflow::simulate_direct).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/ode.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::matrix;
using jumpflow::philox_engine;
using jumpflow::vector;

// G(x) = sum_k nu_k nu_k^T a_k(x) of each family (the families expose only the drift).
struct id_noise {
  double k, g;
  void operator()(const vector& x, matrix& out) const { out(0, 0) = k + g * x[0]; }
};
struct sir_noise {  // infection nu = (-1, 1, 0) at beta s i, recovery nu = (0, -1, 1) at gamma i
  double beta, gamma;
  void operator()(const vector& x, matrix& out) const {
    const double inf = beta * x[0] * x[1], rec = gamma * x[1];
    out.setZero();
    out(0, 0) = inf;
    out(0, 1) = out(1, 0) = -inf;
    out(1, 1) = inf + rec;
    out(1, 2) = out(2, 1) = -rec;
    out(2, 2) = rec;
  }
};

void print_table(const char* title, const jumpflow::study_result& res) {
  std::printf("%s\n%8s %12s %12s %12s %12s %10s\n", title, "n", "rms sup err", "SE", "sqrt(n)*err",
              "events", "seconds");
  for (const auto& p : res.points) {
    std::printf("%8.0f %12.6f %12.6f %12.4f %12llu %10.3f\n", p.n, p.error.value,
                p.error.standard_error, p.error.value * std::sqrt(p.n),
                static_cast<unsigned long long>(p.events), p.seconds);
  }
  std::printf("slope %.4f +- %.4f (SE), 95%% CI [%.4f, %.4f]\n", res.rate.slope, res.rate.slope_se,
              res.rate.ci_low, res.rate.ci_high);
}

template <class Family, class Noise>
void check_kurtz(const char* name, const Family& family, const Noise& noise, double t_end,
                 std::uint64_t seed, std::uint64_t replicates, double n_end,
                 std::uint64_t replicates_end) {
  static_assert(jumpflow::scaled_family<Family>);
  const vector& x0 = family.initial_state();
  const jumpflow::dense_solution limit = jumpflow::limit_solution(family, x0, 0.0, t_end);

  // (1) The rate of the sup distance.
  const std::vector<double> grid{250, 500, 1000, 2000, 4000, 8000};
  jumpflow::study_options opt;
  opt.replicates = replicates;
  opt.seed = seed;
  const auto res = jumpflow::convergence_study(
      grid, opt, [&](double n, philox_engine& g, std::uint64_t) -> jumpflow::replicate_outcome {
        const auto model = family.model(n);
        count_vector x = family.initial_counts(n);
        jumpflow::sup_distance_observer obs(std::cref(limit), jumpflow::euclidean_norm{}, 1.0 / n);
        const std::uint64_t jumps = jumpflow::simulate_direct(model, x, 0.0, t_end, g, obs);
        return {obs.sup(), jumps};
      });
  print_table(name, res);
  EXPECT_NEAR(res.rate.slope, -0.5, 5.0 * res.rate.slope_se);
  EXPECT_LT(res.rate.ci_high - res.rate.ci_low, 0.2);

  // (2) sqrt(n) x the error at the end time against the linear-noise prediction.
  const auto lna = jumpflow::linear_noise_covariance(
      [&](const vector& x, vector& dxdt) { family.drift(x, dxdt); }, noise, x0,
      matrix::Zero(x0.size(), x0.size()), 0.0, t_end);
  const double predicted = std::sqrt(lna.covariance.trace());
  const vector x_end = limit(t_end);
  const auto model_end = family.model(n_end);
  const auto scaled =
      jumpflow::run_ensemble(replicates_end, seed + 1, 0, [&](philox_engine& g, std::uint64_t) {
        count_vector x = family.initial_counts(n_end);
        jumpflow::simulate_direct(model_end, x, 0.0, t_end, g);
        return std::sqrt(n_end) * (x.cast<double>() / n_end - x_end).norm();
      });
  const auto e = jumpflow::rms_estimate(scaled);
  std::printf("n = %.0f: sqrt(n) * rms error at T = %.4f +- %.4f (SE), linear noise %.4f\n", n_end,
              e.value, e.standard_error, predicted);
  EXPECT_NEAR(e.value, predicted, 5.0 * e.standard_error);
}

TEST(Kurtz, ImmigrationDeath) {
  const std::uint64_t seed = jumpflow::test::announce_seed(70);
  check_kurtz("immigration-death (k = g = 1, x0 = 0.5, T = 2)",
              jumpflow::immigration_death_family(1.0, 1.0, 0.5), id_noise{1.0, 1.0}, 2.0, seed, 400,
              4000, 2000);
}

TEST(Kurtz, SIR) {
  const std::uint64_t seed = jumpflow::test::announce_seed(78);
  check_kurtz("SIR (beta = 2, gamma = 1, x0 = (0.7, 0.3, 0), T = 4)",
              jumpflow::sir_family(2.0, 1.0, 0.7, 0.3), sir_noise{2.0, 1.0}, 4.0, seed, 400, 8000,
              2000);
}

}  // namespace
