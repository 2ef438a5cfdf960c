// The sharp constant of the STDP rule: sqrt(n) s_n -> K_inf = sqrt(E sup_t |G_t|^2), G the
// linear-noise limit (stdp_linear_noise + asymptotic_error_constant), for the anisotropic
// quadratic reference problem and the log-cosh loss; and, for the quadratic loss, K_inf's
// machinery against the exact covariance ODE of the rule (quadratic_covariance_ode).
#include <gtest/gtest.h>

#include <boost/math/distributions/chi_squared.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/models/bnn/reference_problems.hpp"
#include "jumpflow/models/bnn/stdp_linear_noise.hpp"
#include "jumpflow/ode/integrate.hpp"
#include "sharp_constant_check.hpp"

namespace {

using jumpflow::index;
using jumpflow::matrix;
using jumpflow::vector;

using quadratic_rule = jumpflow::stdp_rule<jumpflow::quadratic_loss>;
using log_cosh_rule = jumpflow::stdp_rule<jumpflow::log_cosh_loss>;

// The study of sqrt(E sup_t |Z^n_t - Z_t|^2) for `make_rule(n)` against `flow`.
template <class MakeRule, class Flow>
std::vector<jumpflow::study_point> study(const std::vector<double>& ns, std::uint64_t replicates,
                                         std::uint64_t seed, MakeRule make_rule, Flow flow,
                                         const vector& z0) {
  jumpflow::study_options o;
  o.replicates = replicates;
  o.seed = seed;
  std::printf("seed %llu, %llu replicates per n\n", static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(replicates));
  return jumpflow::convergence_study(
             std::span<const double>(ns), o,
             [&](double n, jumpflow::philox_engine& g, std::uint64_t) {
               const auto rule = make_rule(n);
               jumpflow::sup_distance_observer obs(flow);
               vector x = z0;
               const auto events = jumpflow::simulate_prm_driven(rule, x, 0.0, 1.0, g, obs);
               return jumpflow::replicate_outcome{obs.sup(), events};
             })
      .points;
}

jumpflow::asymptotic_error_options k_options(std::uint64_t paths, std::uint64_t seed) {
  jumpflow::asymptotic_error_options o;
  o.paths = paths;
  o.seed = seed;
  o.steps = 512;
  return o;
}

TEST(StdpLinearNoise, QuadraticCovarianceMatchesTheExactOracle) {
  // Oracle: for a quadratic loss the rule's covariance P^n_t solves quadratic_covariance_ode;
  // n P^n_t -> Cov(G_t) with an O(1/n) remainder (the P term of its noise). At n = 1e9 the
  // transitions of K_inf must give the same Cov(G_t), t = 0.5 and 1, to 1e-6 relative, for the
  // uniform and the Gaussian law (m4 - 3 m2^2 of both signs: -2/15 and 0) and d = 3.
  const index d = 3;
  const auto loss = jumpflow::anisotropic_quadratic(d);
  const vector z0 = jumpflow::reference_start(d);
  auto check = [&](const auto& rule) {
    const jumpflow::stdp_linear_noise noise(rule);
    const jumpflow::quadratic_flow flow(loss, rule.limit_coefficient(), z0);
    const jumpflow::quadratic_covariance_ode ode(rule, z0);
    for (const double t : {0.5, 1.0}) {
      const jumpflow::gaussian_transitions tr(
          flow, [&](const vector& x, matrix& a) { noise.drift_jacobian(x, a); },
          [&](const vector& x, matrix& s) { noise.jump_covariance(x, s); }, t, 8);
      vector p = vector::Zero(d * d);
      // P is of order 1/n: the absolute tolerance must be far below it.
      jumpflow::integrate(ode, p, 0.0, t, jumpflow::ode_options{1e-22, 1e-11, 1e-3});
      const matrix exact = rule.rate() * Eigen::Map<const matrix>(p.data(), d, d);
      const matrix c = tr.terminal_covariance();
      EXPECT_LE((c - exact).norm(), 1e-6 * exact.norm()) << c << "\nvs\n" << exact;
    }
  };
  check(quadratic_rule(loss, 1e9, 1.0, 1.0));
  check(jumpflow::stdp_rule<jumpflow::quadratic_loss, jumpflow::gaussian_law>(loss, 1e9, 0.7, 1.3));
}

TEST(StdpLinearNoise, RefusesOptionsWithAnotherLimit) {
  const jumpflow::log_cosh_loss loss(vector::Zero(2));
  const log_cosh_rule fixed(loss, 100.0, 1.0, 1.0,
                            {.scaling = jumpflow::amplitude_scaling::fixed_amplitude()});
  EXPECT_THROW(jumpflow::stdp_linear_noise{fixed}, std::invalid_argument);
  const log_cosh_rule linearised(loss, 100.0, 1.0, 1.0,
                                 {.scaling = jumpflow::amplitude_scaling::fixed_amplitude(),
                                  .scheme = jumpflow::difference_scheme::linearised});
  EXPECT_NO_THROW(jumpflow::stdp_linear_noise{linearised});
}

// sqrt(n) s_n / K_inf -> 1 (alpha = A = T = 1, uniform law, default options) for the rules
// make(n) started at z0, against `flow`. Tolerance: 4 combined SE + K's discretisation error +
// the O(n^-1/2) allowance (sharp_constant_check.hpp).
template <class MakeRule, class Flow>
void sharp_check(const std::string& name, MakeRule make, const Flow& flow, const vector& z0,
                 const std::vector<double>& ns, std::uint64_t replicates, std::uint64_t seed) {
  const auto k = jumpflow::asymptotic_error_constant(
      flow, jumpflow::stdp_linear_noise(make(1.0)), 1.0, k_options(replicates, seed));
  const auto points = study(ns, replicates, seed + 1, make, flow, z0);
  jumpflow::test::expect_sharp_limit(name.c_str(), points, k, 4.0);
}

// The anisotropic quadratic reference problem.
void quadratic_check(index d, const std::vector<double>& ns, std::uint64_t replicates,
                     std::uint64_t seed) {
  const auto loss = jumpflow::anisotropic_quadratic(d);
  const vector z0 = jumpflow::reference_start(d);
  auto make = [&](double n) { return quadratic_rule(loss, n, 1.0, 1.0); };
  sharp_check("anisotropic quadratic d=" + std::to_string(d), make,
              jumpflow::quadratic_flow(loss, make(1.0).limit_coefficient(), z0), z0, ns,
              replicates, seed);
}

// The log-cosh loss from z0 = (1, ..., 1), where it is far from quadratic.
void log_cosh_check(index d, const std::vector<double>& ns, std::uint64_t replicates,
                    std::uint64_t seed) {
  const jumpflow::log_cosh_loss loss(vector::Zero(d));
  const vector z0 = vector::Ones(d);
  auto make = [&](double n) { return log_cosh_rule(loss, n, 1.0, 1.0); };
  sharp_check("log-cosh d=" + std::to_string(d), make,
              jumpflow::log_cosh_flow(loss, make(1.0).limit_coefficient(), z0), z0, ns,
              replicates, seed);
}

TEST(SharpConstant, AnisotropicQuadratic) { quadratic_check(1, {256, 1024}, 8000, 21); }

TEST(SharpConstant, LogCosh) { log_cosh_check(2, {256, 1024}, 6000, 31); }

// The big-sample versions (label slow): SE about 0.25%, n up to 16384.
TEST(SlowSharpConstant, AnisotropicQuadratic) {
  quadratic_check(1, {1024, 16384}, 64000, 121);
  quadratic_check(4, {1024, 16384}, 32000, 123);
}

TEST(SlowSharpConstant, LogCosh) { log_cosh_check(2, {1024, 16384}, 48000, 131); }

// Is K_inf's stated standard error honest? `estimates` independent estimates K_i of the same
// K_inf (disjoint streams: first_stream = study_stream_id(i, 0)), each of `paths` paths, with
// stated SEs s_i. Under an honest SE, chi2 = sum_i (K_i - mean K)^2 / mean(s_i^2) is chi-square
// with estimates - 1 dof (the pooled s^2: the s_i estimate one common SE, and weighting by the
// noisy s_i would itself inflate chi2). Two-sided at alpha = 1e-6: a spread too large (SE
// understated, e.g. the Richardson correction's variance left out) fails, and so does one too
// small (SE overstated). The transitions are computed once and shared by the estimates.
void expect_honest_standard_error(index d, std::uint64_t paths, std::size_t steps,
                                  std::uint64_t estimates, std::uint64_t seed) {
  const auto loss = jumpflow::anisotropic_quadratic(d);
  const quadratic_rule rule(loss, 1.0, 1.0, 1.0);
  const jumpflow::quadratic_flow flow(loss, rule.limit_coefficient(),
                                      jumpflow::reference_start(d));
  const jumpflow::stdp_linear_noise noise(rule);
  const jumpflow::gaussian_transitions tr(
      flow, [&](const vector& x, matrix& a) { noise.drift_jacobian(x, a); },
      [&](const vector& x, matrix& s) { noise.jump_covariance(x, s); }, 1.0, steps);
  auto o = k_options(paths, seed);
  std::vector<double> k, se2;
  for (std::uint64_t i = 0; i < estimates; ++i) {
    o.first_stream = jumpflow::study_stream_id(i, 0);
    const auto r = jumpflow::asymptotic_error_constant(tr, o);
    k.push_back(r.constant.value);
    se2.push_back(r.constant.standard_error * r.constant.standard_error);
  }
  const double count = static_cast<double>(estimates);
  double mean = 0.0, pooled = 0.0;
  for (std::size_t i = 0; i < k.size(); ++i) {
    mean += k[i] / count;
    pooled += se2[i] / count;
  }
  double chi2 = 0.0;
  for (const double ki : k) chi2 += (ki - mean) * (ki - mean) / pooled;
  const double dof = count - 1.0;
  const boost::math::chi_squared law(dof);
  const double below = boost::math::cdf(law, chi2);
  const double above = boost::math::cdf(complement(law, chi2));
  std::printf("d = %lld, %llu paths, %zu steps, seed %llu: %llu estimates, mean K %.5f, stated "
              "SE %.5f, observed spread %.5f = %.3f stated SE; chi2 %.1f on %.0f dof, "
              "P(chi2 below) %.3g, P(chi2 above) %.3g\n",
              static_cast<long long>(d), static_cast<unsigned long long>(paths), steps,
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(estimates),
              mean, std::sqrt(pooled), std::sqrt(chi2 / dof * pooled), std::sqrt(chi2 / dof), chi2,
              dof, below, above);
  EXPECT_GT(below, 5e-7) << "the spread is too small: the stated SE is too large";
  EXPECT_GT(above, 5e-7) << "the spread is too large: the stated SE is too small";
}

// CI: d = 16 (where the SE was suspected), 120 estimates of 250 paths on a coarse grid (64
// steps, where the Richardson correction is largest). Power: a stated SE 1.5x too small gives
// chi2 ~ 268 on 119 dof (P 2e-13), 1.5x too large chi2 ~ 53 (P 2e-8): both rejected.
TEST(SharpConstant, StatedStandardErrorIsHonest) {
  expect_honest_standard_error(16, 250, 64, 120, 41);
}

// Slow: 400 estimates of 2000 paths (256 steps) at d = 4 and d = 16: rejects a SE off by 1.3x
// either way (P 2e-16 and 5e-12).
TEST(SlowSharpConstant, StatedStandardErrorIsHonest) {
  expect_honest_standard_error(4, 2000, 256, 400, 141);
  expect_honest_standard_error(16, 2000, 256, 400, 143);
}

}  // namespace
