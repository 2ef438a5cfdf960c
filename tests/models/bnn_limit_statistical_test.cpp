// Statistical and theorem tests of the limit of the STDP rule. Under fixed amplitude (A_n = A,
// alpha_n = alpha/n): its limit is the smoothed flow dz/dt = alpha A E_u[(L(z - Au) - L(z + Au)) u]
// (models/bnn/stdp_rule.hpp, smoothed_flow.hpp), not the gradient flow. The error against the
// smoothed flow falls at rate -1/2, the error against the gradient flow (measured on the same
// paths, limit/convergence_study.hpp multi_distance_study) plateaus at the gap between the two
// flows. The expected behaviour is read from the rule (predicted_error()), never typed here.
// Also: the explicit constant c of the theorem at its sharp inputs (G recorded on the paths).
//
// Labels (tests/models/CMakeLists.txt): Theorem* -> theorem, Slow* -> slow (not in CI), the
// others -> statistical.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/ode.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::index;
using jumpflow::log_cosh_loss;
using jumpflow::philox_engine;
using jumpflow::stdp_limit;
using jumpflow::stdp_rule;
using jumpflow::vector;
using jumpflow::test::announce_seed;
using jumpflow::test::mean_and_se;

const jumpflow::stdp_rule_options fixed{.scaling = jumpflow::amplitude_scaling::fixed_amplitude()};

// Drift by simulation: n E[J_n(z, U)] over 2e5 perturbations against the smoothed drift of
// limit_drift() (quadrature), per coordinate. Oracle: limit_drift(); tolerance 5 standard errors
// (fixed amplitude: b_n = b exactly, no Taylor bias). The plain gradient drift -kappa grad L must
// be rejected by the same data (more than 10 standard errors away), so the test tells the two
// limits apart.
template <class Law>
void check_smoothed_drift(const Law& law, std::uint64_t seed) {
  const index d = 4;
  vector z(d);
  z << 1.3, -0.7, 0.4, 0.1;
  const log_cosh_loss loss(vector::Zero(d));
  const double n = 500.0;
  const stdp_rule<log_cosh_loss, Law> rule(
      loss, law, {.rate = n, .learning_rate = 0.8, .amplitude = 1.2}, fixed);
  vector b, grad(d);
  rule.limit_drift(z, b);
  loss.gradient(z, grad);
  philox_engine g(seed, 0);
  const int samples = 200000;
  std::vector<std::vector<double>> nj(static_cast<std::size_t>(d));
  vector u(d), dx(d);
  for (int s = 0; s < samples; ++s) {
    rule.mark_law()(g, u);
    rule.jump(z, u, 0.0, dx);
    for (index j = 0; j < d; ++j) nj[static_cast<std::size_t>(j)].push_back(n * dx[j]);
  }
  for (index j = 0; j < d; ++j) {
    const auto m = mean_and_se(nj[static_cast<std::size_t>(j)]);
    const double plain = -rule.gradient_coefficient() * grad[j];
    std::printf("  coordinate %lld: simulated %.5f +- %.5f, smoothed %.5f, gradient %.5f\n",
                static_cast<long long>(j), m.mean, m.se, b[j], plain);
    EXPECT_NEAR(m.mean, b[j], 5 * m.se) << "coordinate " << j;
    if (std::abs(z[j]) > 0.3) {
      EXPECT_GT(std::abs(m.mean - plain), 10 * m.se) << "coordinate " << j;
    }
  }
}

TEST(FixedAmplitudeDrift, UniformLawBySimulation) {
  check_smoothed_drift(jumpflow::uniform_cube_law(4), announce_seed(1101));
}

TEST(FixedAmplitudeDrift, StdpLawBySimulation) {
  check_smoothed_drift(jumpflow::stdp_law(4, 0.5, 1.0), announce_seed(1102));
}

TEST(FixedAmplitudeDrift, GaussianLawBySimulation) {
  check_smoothed_drift(jumpflow::gaussian_law(4, 0.8), announce_seed(1103));
}

// The Monte Carlo fallback (for losses that are not separable) against the quadrature on a
// separable loss. Oracle: limit_drift(); tolerance 5 of the fallback's own standard errors.
TEST(FixedAmplitudeDrift, MonteCarloFallbackAgreesWithQuadrature) {
  const std::uint64_t seed = announce_seed(1104);
  const log_cosh_loss loss(vector::Zero(3));
  const stdp_rule<log_cosh_loss> rule(loss, {.rate = 100.0, .amplitude = 1.5}, fixed);
  const jumpflow::monte_carlo_drift<log_cosh_loss, jumpflow::uniform_cube_law> mc(rule, 20000,
                                                                                   seed);
  vector z(3), exact, estimate;
  z << 0.9, -0.2, 1.7;
  rule.limit_drift(z, exact);
  mc(z, estimate, 0.0);
  const vector se = mc.standard_error(z);
  for (index j = 0; j < 3; ++j) {
    std::printf("  coordinate %lld: Monte Carlo %.6f +- %.6f, quadrature %.6f\n",
                static_cast<long long>(j), estimate[j], se[j], exact[j]);
    EXPECT_NEAR(estimate[j], exact[j], 5 * se[j]);
    EXPECT_GT(se[j], 0.0);
  }
}

// ---------------------------------------------------------------------------------------------
// The theorem under fixed amplitude: log-cosh loss, d = 8, z0 = (1,...,1)/sqrt 8, alpha = A = T = 1,
// two-sided, uniform law, Poisson clock. Both distances sup_t |Z^n_t - x_t| are measured on the
// same paths: x = the smoothed flow (stdp_limit_solution, the true limit) and x = the gradient
// flow (log_cosh_flow with gradient_coefficient()).
//
// Oracles, read from the rule by predicted_error():
// * against the smoothed flow the error tends to 0 at the rate expected_rate() (-1/2): the 95% CI
//   of the fitted slope contains it;
// * against the gradient flow it tends to the plateau limit_gap() = sup_t |z_t - y_t|. At every n,
//   |s_grad - gap| <= 5 SE(s_grad) + s_smooth: by Minkowski's inequality in L2(sup_t),
//   |s_grad - gap| <= s_smooth exactly, so the tolerance is the sampling error plus that bound (it
//   shrinks like n^{-1/2}; measured, s_grad - gap is close to s_smooth^2 / (2 gap), i.e. O(1/n));
//   a gradient flow that were the limit would instead give s_grad -> 0. The plateau is also
//   checked not to fall like n^{-1/2}: s_grad at the largest n lies more than 5 SE above
//   s_grad at the smallest n times sqrt(n_min / n_max).
struct fixed_amplitude_result {
  jumpflow::study_result smooth, gradient;
};

fixed_amplitude_result run_fixed_amplitude(const std::vector<double>& grid, std::uint64_t replicates,
                                           std::uint64_t seed) {
  const index d = 8;
  const log_cosh_loss loss(vector::Zero(d));
  const vector z0 = jumpflow::reference_start(d);
  // Under fixed amplitude the limit does not depend on n: one solution for the whole grid.
  const stdp_rule<log_cosh_loss> reference(loss, {.rate = 1.0}, fixed);
  const jumpflow::dense_solution smooth =
      jumpflow::stdp_limit_solution(reference, stdp_limit::smoothed, z0, 0.0, 1.0);
  const jumpflow::log_cosh_flow gradient(loss, reference.gradient_coefficient(), z0);
  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = seed;
  const auto results = jumpflow::multi_distance_study(
      grid, 2, options,
      [&](double n, philox_engine& g, std::uint64_t) {
        const stdp_rule<log_cosh_loss> rule(loss, {.rate = n}, fixed);
        jumpflow::sup_distance_observer to_smooth{jumpflow::dense_cursor(smooth)};
        jumpflow::sup_distance_observer to_gradient(gradient);
        vector x = z0;
        const auto events = jumpflow::simulate_prm_driven(rule, x, 0.0, 1.0, g,
                                                          [&](const vector& z, double t) {
                                                            to_smooth(z, t);
                                                            to_gradient(z, t);
                                                          });
        return jumpflow::multi_replicate_outcome{{to_smooth.sup(), to_gradient.sup()}, events};
      },
      [](std::span<const jumpflow::study_point> rows) {
        std::printf("  n %7.0f  smoothed: s %.5f SE %.5f  gradient: s %.5f SE %.5f  (%.2f s)\n",
                    rows[0].n, rows[0].error.value, rows[0].error.standard_error,
                    rows[1].error.value, rows[1].error.standard_error, rows[0].seconds);
      });
  return {results[0], results[1]};
}

void expect_fixed_amplitude_behaviour(const fixed_amplitude_result& r) {
  const index d = 8;
  const vector z0 = jumpflow::reference_start(d);
  const stdp_rule<log_cosh_loss> rule(log_cosh_loss(vector::Zero(d)), {.rate = 1.0}, fixed);
  const auto smooth = jumpflow::predicted_error(rule, stdp_limit::smoothed, z0, 1.0);
  const auto plain = jumpflow::predicted_error(rule, stdp_limit::gradient, z0, 1.0);
  ASSERT_TRUE(smooth.tends_to_zero);
  ASSERT_FALSE(plain.tends_to_zero);
  std::printf("smoothed flow: slope %.4f, 95%% CI [%.4f, %.4f] (predicted %.2f)\n",
              r.smooth.rate.slope, r.smooth.rate.ci_low, r.smooth.rate.ci_high, smooth.rate);
  std::printf("gradient flow: slope %.4f, 95%% CI [%.4f, %.4f]; predicted plateau %.5f\n",
              r.gradient.rate.slope, r.gradient.rate.ci_low, r.gradient.rate.ci_high,
              plain.plateau);
  EXPECT_LE(r.smooth.rate.ci_low, smooth.rate);
  EXPECT_GE(r.smooth.rate.ci_high, smooth.rate);
  const auto& first = r.gradient.points.front();
  const auto& last = r.gradient.points.back();
  EXPECT_GT(last.error.value - 5 * last.error.standard_error,
            first.error.value * std::sqrt(first.n / last.n));
  for (std::size_t i = 0; i < r.gradient.points.size(); ++i) {
    const auto& g = r.gradient.points[i].error;
    const double s_smooth = r.smooth.points[i].error.value;
    std::printf("  n %7.0f: s_grad - gap = %+.5f, tolerance 5 SE + s_smooth = %.5f\n",
                r.gradient.points[i].n, g.value - plain.plateau,
                5 * g.standard_error + s_smooth);
    EXPECT_NEAR(g.value, plain.plateau, 5 * g.standard_error + s_smooth);
  }
}

TEST(TheoremFixedAmplitude, SmoothedFlowRateAndGradientFlowPlateau) {
  const std::uint64_t seed = announce_seed(1201);
  expect_fixed_amplitude_behaviour(run_fixed_amplitude({1000, 4000, 16000}, 200, seed));
}

// Slow (label `slow`): the same on a wider grid with 1000 replicates.
TEST(SlowFixedAmplitude, SmoothedFlowRateAndGradientFlowPlateau) {
  const std::uint64_t seed = announce_seed(1202);
  expect_fixed_amplitude_behaviour(
      run_fixed_amplitude({500, 2000, 8000, 32000, 128000}, 1000, seed));
}

// ---------------------------------------------------------------------------------------------
// The explicit bound s sqrt(n/d) <= c (explicit_bound_constant) at its sharp inputs, for the
// anisotropic quadratic loss (d = 8, defaults: shrinking amplitude, two-sided = linear here,
// uniform law, Poisson clock, alpha = A = T = 1). Inputs: G = the largest sup_t |grad L(Z^n_t)|
// over the simulated paths (gradient_sup_observer), K = the largest eigenvalue of H, computed
// from the loss. Checks of the inputs: G >= |grad L(z0)| (z0 is on every path) and G <= |H| (|z0|
// + max_r sup_t |Z^n_t - Z_t|) (the paths stay within the recorded distance of the flow, which
// decays towards z* = 0). Oracle: check_bound() holds at every n with c from these inputs.
TEST(TheoremBound, HoldsWithTheGradientBoundRecordedOnThePaths) {
  const std::uint64_t seed = announce_seed(1301);
  const index d = 8;
  const auto loss = jumpflow::anisotropic_quadratic(d);
  const vector z0 = jumpflow::reference_start(d);
  const std::vector<double> grid{256, 1024, 4096};
  std::vector<double> grad_sup(grid.size() * 100, 0.0), dist_sup(grid.size() * 100, 0.0);
  jumpflow::study_options options;
  options.replicates = 100;
  options.seed = seed;
  const auto study = jumpflow::convergence_study(
      grid, options, [&](double n, philox_engine& g, std::uint64_t r) {
        const stdp_rule<jumpflow::quadratic_loss> rule(loss, {.rate = n});
        jumpflow::sup_distance_observer obs(
            jumpflow::quadratic_flow(loss, rule.limit_coefficient(), z0));
        jumpflow::gradient_sup_observer grad(loss);
        vector x = z0;
        const auto events = jumpflow::simulate_prm_driven(rule, x, 0.0, 1.0, g,
                                                          [&](const vector& z, double t) {
                                                            obs(z, t);
                                                            grad(z, t);
                                                          });
        const std::size_t k = static_cast<std::size_t>(std::find(grid.begin(), grid.end(), n) -
                                                       grid.begin());
        grad_sup[k * 100 + r] = grad.sup();
        dist_sup[k * 100 + r] = obs.sup();
        return jumpflow::replicate_outcome{obs.sup(), events};
      });
  const double G = *std::max_element(grad_sup.begin(), grad_sup.end());
  const double max_dist = *std::max_element(dist_sup.begin(), dist_sup.end());
  const Eigen::SelfAdjointEigenSolver<jumpflow::matrix> eig(loss.hessian());
  const double K = eig.eigenvalues().maxCoeff();
  vector g0(d);
  loss.gradient(z0, g0);
  EXPECT_GE(G, g0.norm());
  EXPECT_LE(G, K * (z0.norm() + max_dist));
  const stdp_rule<jumpflow::quadratic_loss> rule(loss, {.rate = 1.0});
  const double c = jumpflow::explicit_bound_constant(rule, 1.0, G, K);
  std::printf("recorded G = %.4f (|grad L(z0)| = %.4f), K = %.2f, c = %.3f\n", G, g0.norm(), K, c);
  for (const auto& p : study.points) {
    std::printf("  n %6.0f  s sqrt(n/d) = %.4f (c / that = %.1f)\n", p.n,
                p.error.value * std::sqrt(p.n / d), c / (p.error.value * std::sqrt(p.n / d)));
  }
  const auto check = jumpflow::check_bound(
      study.points, [c, d](double n, double) { return c * std::sqrt(static_cast<double>(d) / n); });
  EXPECT_TRUE(check.all_hold);
}

}  // namespace
