// Statistical and theorem tests of the BNN model (models/bnn): the drift of the STDP rule,
// the exact mean and covariance for quadratic losses, and the convergence theorem
// sqrt(E sup_t |Z^n_t - Z_t|^2) <= c sqrt(d/n) with its rates in n and d.
//
// Labels (see CMakeLists.txt): tests named Theorem* run under `theorem`, Slow* under `slow`
// (bigger grids, not in CI), the others under `statistical`.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <type_traits>
#include <vector>

#include "goodness_of_fit.hpp"
#include "sharp_constant_check.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/models/bnn/stdp_linear_noise.hpp"
#include "jumpflow/ode.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::estimate;
using jumpflow::index;
using jumpflow::matrix;
using jumpflow::philox_engine;
using jumpflow::simulate_prm_driven;
using jumpflow::sup_distance_observer;
using jumpflow::vector;
using jumpflow::test::announce_seed;
using jumpflow::test::mean_and_se;

// ---------------------------------------------------------------------------------------------
// Test problems. Every one keeps |grad L(z0)| and the spectrum free of d (|z0 - z*| = 1).

using jumpflow::anisotropic_quadratic;  // the reference problems (models/bnn)
using jumpflow::network_problem;
vector unit_start(index d) {
  return jumpflow::reference_start(d);
}

// A rotated (non-diagonal) symmetric H with spectrum in [0.5, 2], built from the library engine.
matrix rotated_hessian(index d, std::uint64_t seed) {
  philox_engine g(seed, 0);
  matrix b(d, d);
  for (index i = 0; i < d; ++i)
    for (index j = 0; j < d; ++j) b(i, j) = jumpflow::standard_normal(g);
  const Eigen::HouseholderQR<matrix> qr(b);
  const matrix q = qr.householderQ();
  return q * vector::LinSpaced(d, 0.5, 2.0).asDiagonal() * q.transpose();
}

// The small tanh network {k, 2, 1} of the reference problems: d = 2k + 2, |grad L(w0)| the
// same for every k.
network_problem tanh_network(index k) {
  return jumpflow::tanh_network_problem(k);
}

// One replicate on the anisotropic quadratic; also stores |Z^n_T - Z_T|^2 in *end_sq if given.
jumpflow::replicate_outcome quadratic_replicate(double n, index d, philox_engine& g,
                                                double* end_sq = nullptr) {
  const auto loss = anisotropic_quadratic(d);
  const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(loss, n, 1.0, 1.0);
  const vector z0 = unit_start(d);
  const auto flow = jumpflow::quadratic_flow(loss, rule.limit_coefficient(), z0);
  sup_distance_observer obs(flow);
  vector x = z0;
  const std::uint64_t events = simulate_prm_driven(rule, x, 0.0, 1.0, g, obs);
  if (end_sq != nullptr) *end_sq = (x - flow(1.0)).squaredNorm();
  return {obs.sup(), events};
}

jumpflow::replicate_outcome log_cosh_replicate(double n, index d, philox_engine& g,
                                               jumpflow::amplitude_scaling scaling) {
  const jumpflow::log_cosh_loss loss(vector::Zero(d));
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(loss, n, 1.0, 1.0, {.scaling = scaling});
  const vector z0 = unit_start(d);
  sup_distance_observer obs(jumpflow::log_cosh_flow(loss, rule.limit_coefficient(), z0));
  vector x = z0;
  const std::uint64_t events = simulate_prm_driven(rule, x, 0.0, 1.0, g, obs);
  return {obs.sup(), events};
}

// ---------------------------------------------------------------------------------------------
// Drift: n E[J_n(z, U)] against the limit drift -kappa grad L(z) at a point where the log-cosh
// loss is far from quadratic. Oracle: kappa = 2 s2 alpha A^2 (two-sided; (2/3) alpha A^2 for the
// uniform law), s2 alpha A^2 (one-sided); the O(A_n^2) = O(1/n) Taylor bias at n = 1e4 is below
// 1e-5, far under the tolerance: 5 standard errors per coordinate.
template <class Law>
void check_drift(const Law& law, jumpflow::difference_scheme scheme, double expected_kappa,
                 std::uint64_t seed) {
  const index d = 4;
  const vector zs = vector::Zero(d);
  vector z(d);
  z << 1.3, -0.7, 0.4, 2.1;
  const jumpflow::log_cosh_loss loss(zs);
  const double n = 1e4, alpha = 0.8, a = 1.2;
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss, Law> rule(loss, law, n, alpha, a,
                                                               {.scheme = scheme});
  EXPECT_NEAR(rule.limit_coefficient(), expected_kappa * alpha * a * a, 1e-14);
  philox_engine g(seed, 0);
  const int samples = 200000;
  std::vector<std::vector<double>> nj(static_cast<std::size_t>(d));
  vector u(d), dx(d), grad(d);
  for (int s = 0; s < samples; ++s) {
    rule.mark_law()(g, u);
    rule.jump(z, u, 0.0, dx);
    for (index j = 0; j < d; ++j) nj[static_cast<std::size_t>(j)].push_back(n * dx[j]);
  }
  loss.gradient(z, grad);
  for (index j = 0; j < d; ++j) {
    const auto m = mean_and_se(nj[static_cast<std::size_t>(j)]);
    const double target = -rule.limit_coefficient() * grad[j];
    EXPECT_NEAR(m.mean, target, 5 * m.se) << "coordinate " << j;
  }
}

TEST(Drift, TwoSidedIsTwoThirdsAlphaASquaredGradient) {
  check_drift(jumpflow::uniform_cube_law(4), jumpflow::difference_scheme::two_sided, 2.0 / 3.0,
              announce_seed(701));
}
TEST(Drift, OneSidedIsHalfOfIt) {
  check_drift(jumpflow::uniform_cube_law(4), jumpflow::difference_scheme::one_sided, 1.0 / 3.0,
              announce_seed(702));
}
TEST(Drift, StdpLawGivesTwoS2FromLambdaAndMu) {
  // s2 = lambda/(lambda + 2 mu) = 2/3 for (lambda, mu) = (2, 0.5): kappa = (4/3) alpha A^2.
  check_drift(jumpflow::stdp_law(4, 2.0, 0.5), jumpflow::difference_scheme::two_sided, 4.0 / 3.0,
              announce_seed(703));
}

// ---------------------------------------------------------------------------------------------
// Quadratic loss, general (rotated) H, d = 4: E Z^n_T = Z_T exactly for every n (the drift is
// linear), and E|Z^n_T - Z_T|^2 = tr P_T from the covariance ODE (integrated by RK4 with 4000
// steps, error < 1e-12). Tolerance: 5 standard errors.
TEST(Quadratic, MeanEqualsTheFlowAndMeanSquareErrorTheCovarianceOde) {
  const std::uint64_t seed = announce_seed(704);
  const index d = 4;
  const double T = 1.0;
  const jumpflow::quadratic_loss loss(vector::Constant(d, 0.3), rotated_hessian(d, 7));
  const vector z0 = loss.minimiser() + unit_start(d);
  for (double n : {4.0, 40.0, 400.0}) {
    const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(loss, n, 1.0, 1.0);
    const vector zt = jumpflow::quadratic_flow(loss, rule.limit_coefficient(), z0)(T);
    const int replicates = 20000;
    std::vector<std::vector<double>> coords(static_cast<std::size_t>(d));
    std::vector<double> sq;
    for (int r = 0; r < replicates; ++r) {
      philox_engine g(seed, static_cast<std::uint64_t>(n) * 100000 + static_cast<std::uint64_t>(r));
      vector x = z0;
      simulate_prm_driven(rule, x, 0.0, T, g, jumpflow::null_observer{});
      for (index j = 0; j < d; ++j) coords[static_cast<std::size_t>(j)].push_back(x[j]);
      sq.push_back((x - zt).squaredNorm());
    }
    for (index j = 0; j < d; ++j) {
      const auto m = mean_and_se(coords[static_cast<std::size_t>(j)]);
      EXPECT_NEAR(m.mean, zt[j], 5 * m.se) << "n " << n << " coordinate " << j;
    }
    const jumpflow::quadratic_covariance_ode ode(rule, z0);
    const jumpflow::dense_solution cov(ode, vector::Zero(ode.state_dimension()), 0.0, T);
    const double oracle = ode.mean_square_error(cov(T));
    const auto m = mean_and_se(sq);
    std::printf("  n %5.0f  E|Z^n_T - Z_T|^2 = %.6f +- %.6f, covariance ODE %.6f\n", n, m.mean,
                m.se, oracle);
    EXPECT_NEAR(m.mean, oracle, 5 * m.se) << "n " << n;
  }
}

// Isotropic H = 1.5 I, d = 6: E|Z^n_T - Z_T|^2 = |z0 - z*|^2 e^{-gamma T}(e^{beta T} - 1)
// (docs/bnn_theory.md, quadratic oracles), for the default uniform law and for the STDP law (lambda != mu) whose s2, m4
// enter gamma and beta. Tolerance: 5 standard errors.
TEST(Quadratic, IsotropicClosedForm) {
  const std::uint64_t seed = announce_seed(705);
  const index d = 6;
  const auto loss = jumpflow::quadratic_loss::isotropic(vector::Zero(d), 1.5);
  const vector z0 = unit_start(d);
  auto run = [&](const auto& rule, std::uint64_t stream) {
    const vector zt = jumpflow::quadratic_flow(loss, rule.limit_coefficient(), z0)(1.0);
    std::vector<double> sq;
    for (int r = 0; r < 20000; ++r) {
      philox_engine g(seed, stream * 100000 + static_cast<std::uint64_t>(r));
      vector x = z0;
      simulate_prm_driven(rule, x, 0.0, 1.0, g, jumpflow::null_observer{});
      sq.push_back((x - zt).squaredNorm());
    }
    const auto m = mean_and_se(sq);
    const double oracle = jumpflow::isotropic_mean_square_error(rule, z0, 1.0);
    std::printf("  E|Z^n_T - Z_T|^2 = %.6f +- %.6f, closed form %.6f\n", m.mean, m.se, oracle);
    EXPECT_NEAR(m.mean, oracle, 5 * m.se);
  };
  run(jumpflow::stdp_rule<jumpflow::quadratic_loss>(loss, 20.0, 1.0, 1.0), 1);
  run(jumpflow::stdp_rule<jumpflow::quadratic_loss, jumpflow::stdp_law>(
          loss, jumpflow::stdp_law(d, 2.0, 0.5), 20.0, 0.5, 1.0),
      2);
}

// Grid clock (jumps at k/n): E Z^n_{k/n} = z* + (I - kappa H / n)^k (z0 - z*), the Euler scheme.
// Tolerance: 5 standard errors per coordinate.
TEST(Quadratic, GridClockMeanIsTheEulerScheme) {
  const std::uint64_t seed = announce_seed(706);
  const index d = 3;
  const jumpflow::quadratic_loss loss(vector::Zero(d), rotated_hessian(d, 8) * 3.0);
  const vector z0 = unit_start(d);
  const double n = 10.0;
  const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(loss, n, 1.0, 1.0);
  std::vector<std::vector<double>> coords(static_cast<std::size_t>(d));
  for (int r = 0; r < 40000; ++r) {
    philox_engine g(seed, static_cast<std::uint64_t>(r));
    vector x = z0;
    const auto jumps = simulate_prm_driven(rule, x, 0.0, 1.0, g, jumpflow::null_observer{},
                                           jumpflow::grid_clock{rule.grid_step()});
    ASSERT_EQ(jumps, 10u);
    for (index j = 0; j < d; ++j) coords[static_cast<std::size_t>(j)].push_back(x[j]);
  }
  const vector euler = jumpflow::quadratic_grid_mean(rule, z0, 10);
  const vector flow = jumpflow::quadratic_flow(loss, rule.limit_coefficient(), z0)(1.0);
  for (index j = 0; j < d; ++j) {
    const auto m = mean_and_se(coords[static_cast<std::size_t>(j)]);
    EXPECT_NEAR(m.mean, euler[j], 5 * m.se) << "coordinate " << j;
    std::printf("  coordinate %lld: mean %.5f +- %.5f, Euler %.5f, flow %.5f\n",
                static_cast<long long>(j), m.mean, m.se, euler[j], flow[j]);
  }
  // The Euler bias is visible at n = 10: the grid mean is not the flow.
  EXPECT_GT((euler - flow).norm(), 0.01);
}

// ---------------------------------------------------------------------------------------------
// The theorem. s(n, d) = sqrt(E sup_{t <= 1} |Z^n_t - Z_t|^2), sup taken at every spike from both
// sides and at T (limit module's sup_distance_observer), alpha = A = T = 1, defaults (shrinking
// amplitude, two-sided, uniform, Poisson clock). Oracles: the rate -1/2 in n; the bound's
// exponent +1/2 in d as an upper bound on the growth in d; the bound c sqrt(d/n) itself where c
// applies (docs/bnn_theory.md); next to the bound, for the quadratic loss, the exact
// E|Z^n_T - Z_T|^2 of the covariance ODE.
// Tolerances (expect_theorem_rates): the slope in n within 5 of its known-variance standard
// errors (fit_rate: from the per-point standard errors only, so a misfit does not widen it), its
// power law fitting (chi-square goodness-of-fit p-value above fit_alpha = 1e-3), its 95%
// interval narrower than 0.2; the slope in d at most 1/2 + 5 SE.
constexpr double fit_alpha = 1e-3;

// One study in n at fixed d and one in d at fixed n (2-D study with a single n); prints the
// tables and the fitted slopes with their goodness of fit (limit module: weighted least
// squares, known-variance interval, chi-square on k - 2 dof).
struct theorem_study {
  jumpflow::study_result in_n, in_d;
  jumpflow::rate_fit rate_n, rate_d;
};

template <class Replicate>
theorem_study run_theorem_study(const char* what, std::vector<double> grid_n, double d_fixed,
                                std::vector<double> grid_d, double n_fixed, std::uint64_t seed,
                                std::uint64_t replicates, const Replicate& replicate) {
  const auto print = [](const jumpflow::study_point& p) {
    std::printf("  n %8.0f  d %5.0f  s %.5f  SE %.5f  s*sqrt(n/d) %.4f  (%.2f s)\n", p.n, p.d,
                p.error.value, p.error.standard_error, p.error.value * std::sqrt(p.n / p.d),
                p.seconds);
  };
  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = seed;
  theorem_study out;
  const std::vector<double> single_d{d_fixed};
  // The replicate is called as replicate(n, d, g) or, when it records per-replicate values,
  // replicate(n, d, g, r).
  const auto run = [&](double n, double d, philox_engine& g, std::uint64_t r) {
    if constexpr (std::is_invocable_v<const Replicate&, double, index, philox_engine&,
                                      std::uint64_t>) {
      return replicate(n, static_cast<index>(d), g, r);
    } else {
      return replicate(n, static_cast<index>(d), g);
    }
  };
  jumpflow::rate_fit_options fit;
  fit.alpha = fit_alpha;
  out.in_n = jumpflow::convergence_study(grid_n, single_d, options, run, print);
  out.rate_n = jumpflow::fit_rate_in_n(out.in_n.points, d_fixed, fit);
  std::printf("%s: rate in n: %s\n", what, jumpflow::describe_rate_fit(out.rate_n, "n").c_str());
  if (!grid_d.empty()) {
    options.seed = seed + 1;  // streams disjoint from the study in n
    const std::vector<double> single_n{n_fixed};
    out.in_d = jumpflow::convergence_study(single_n, grid_d, options, run, print);
    out.rate_d = jumpflow::fit_rate_in_d(out.in_d.points, n_fixed, fit);
    std::printf("%s: rate in d: %s\n", what, jumpflow::describe_rate_fit(out.rate_d, "d").c_str());
  }
  return out;
}

// A slope against the rate of the bound: within 5 known-variance standard errors, and the
// power law fits at fit_alpha.
void expect_rate(const jumpflow::rate_fit& fit, double rate, const char* what) {
  EXPECT_NEAR(fit.slope, rate, 5.0 * fit.slope_se) << what;
  EXPECT_GT(fit.p_value, fit_alpha) << what << ": chi2 " << fit.chi2 << " on " << fit.dof << " dof";
}

void expect_theorem_rates(const theorem_study& t, bool check_d) {
  expect_rate(t.rate_n, -0.5, "rate in n");
  EXPECT_LT(t.rate_n.ci_high - t.rate_n.ci_low, 0.2);
  // In d the theorem gives an upper bound, c sqrt(d/n), not the sharp d-dependence: measured
  // with honest intervals, s sqrt(n/d) is not flat in d but falls (quadratic 0.486, 0.434,
  // 0.425 at d = 16, 64, 256; log-cosh 0.417, 0.381, 0.366; slopes 0.47 and 0.46 at SE 0.003,
  // and for the quadratic no power law fits, p = 2e-8). So the check derived from the bound is
  // one-sided: the error grows no faster than sqrt(d), slope in d <= 1/2 + 5 known-variance SEs.
  // (The old check, max/min of s sqrt(n/d) < 16^0.08, was not derived from an SE.) The sharp
  // d-dependence is that of the linear-noise constant K_inf(d).
  if (check_d) {
    EXPECT_LE(t.rate_d.slope, 0.5 + 5.0 * t.rate_d.slope_se)
        << "rate in d: chi2 " << t.rate_d.chi2 << " on " << t.rate_d.dof << " dof";
  }
}

// s sqrt(n/d) <= c at every row (limit module's check_bound with bound c sqrt(d/n)).
void expect_below_constant(const jumpflow::study_result& r, double c) {
  const auto check =
      jumpflow::check_bound(r.points, [c](double n, double d) { return c * std::sqrt(d / n); });
  EXPECT_TRUE(check.all_hold) << "c = " << c;
}

constexpr std::uint64_t kTheoremReplicates = 200;

// K_inf of the linear-noise limit of `rule` (stdp_linear_noise: Db = -kappa Hess L, the Hessian
// exact or by central differences; Sigma from the law's moments) along `limit` on [0, 1]: 2000
// paths (SE about 0.7%, below the studies' 2.5-4%), 128 grid steps, seed `seed`, streams from
// study_stream_id(d, 0) (a separate seed from the studies').
template <class Rule, class Limit>
jumpflow::asymptotic_error_result sharp_constant(const Rule& rule, const Limit& limit,
                                                 std::uint64_t seed) {
  jumpflow::asymptotic_error_options k;
  k.paths = 2000;
  k.steps = 128;
  k.seed = seed;
  k.first_stream = jumpflow::study_stream_id(static_cast<std::uint64_t>(rule.dimension()), 0);
  return jumpflow::asymptotic_error_constant(
      [&limit](double t, vector& out) { limit(t, out); }, jumpflow::stdp_linear_noise(rule), 1.0,
      k);
}

// Next to the bound, the sharp value on the paths the study already simulated: sqrt(n) s(n, d)
// -> K_inf(d) (sharp_constant_check.hpp). Study in n at d_fixed: at the largest n the ratio is 1
// within 4 combined SE + K's stated discretisation error + the O(n^-1/2) allowance, and the gap
// does not grow with n (expect_sharp_limit). Study in d at n_fixed: at every d <= d_max the
// ratio is 1 within the same tolerance at n_fixed. (d_max leaves out d = 256: its K needs the
// transitions of a 2 d^2 = 131072-dimensional ODE, tens of seconds; and at n = 1024 the ratio
// there carries a finite-n term of order d/n, 2.3%, beyond the allowance: the slow test
// SlowTheorem.SharpConstantAtTheLargestDimension checks d = 256 at n = 16384.)
template <class SharpOf>
void expect_sharp_in_d(const char* what, const jumpflow::study_result& in_d, double d_max,
                       const SharpOf& sharp_of) {
  for (const auto& p : in_d.points) {
    if (p.d > d_max) continue;
    const jumpflow::asymptotic_error_result k = sharp_of(p.d);
    const auto r = jumpflow::test::sharp_ratio_of(p, k);
    const double tolerance = 4.0 * r.se + k.discretisation_error / k.constant.value +
                             jumpflow::test::pre_asymptotic_allowance(k, p.n);
    std::printf("%s, d = %3.0f: K_inf %.4f (SE %.4f), sqrt(n) s %.4f, ratio %.4f +- %.4f, "
                "tolerance %.4f\n",
                what, p.d, k.constant.value, k.constant.standard_error,
                std::sqrt(p.n) * p.error.value, r.ratio, r.se, tolerance);
    EXPECT_LE(std::abs(r.ratio - 1.0), tolerance) << what << " at d = " << p.d;
  }
}

template <class SharpOf>
void expect_sharp_theorem(const char* what, const theorem_study& t, double d_fixed, double d_max,
                          const SharpOf& sharp_of) {
  jumpflow::test::expect_sharp_limit(what, t.in_n.points, sharp_of(d_fixed), 4.0);
  expect_sharp_in_d(what, t.in_d, d_max, sharp_of);
}

// Next to the bound, the sharp value: for a quadratic loss the drift is linear, so at every n
// E|Z^n_T - Z_T|^2 = tr P_T exactly, P the covariance ODE (quadratic_covariance_ode). The study
// in n (d = 8) records |Z^n_T - Z_T|^2 of each replicate; their mean must match the ODE within 5
// standard errors at each n (at R = 200 one SE is about 10% of the value), and, pooled over the
// 4 values of n, n E|Z^n_T - Z_T|^2 / (n tr P_T) within 5 standard errors of 1 (one SE about 5%).
TEST(TheoremQuadratic, RateInNAndD) {
  const std::uint64_t seed = announce_seed(801);
  const std::vector<double> grid_n{256, 1024, 4096, 16384};
  const index d_fixed = 8;
  std::map<double, std::vector<double>> end_sq;  // by n, one slot per replicate, filled in place
  for (double n : grid_n) end_sq[n].assign(kTheoremReplicates, NAN);
  const auto replicate = [&](double n, index d, philox_engine& g, std::uint64_t r) {
    return quadratic_replicate(n, d, g, d == d_fixed ? &end_sq.at(n).at(r) : nullptr);
  };
  const auto t = run_theorem_study("anisotropic quadratic", grid_n, 8, {16, 64, 256}, 1024, seed,
                                   kTheoremReplicates, replicate);
  expect_theorem_rates(t, true);
  std::vector<double> ratios;  // n |Z^n_T - Z_T|^2 / (n tr P_T), all n pooled
  for (double n : grid_n) {
    const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(anisotropic_quadratic(d_fixed), n, 1.0,
                                                             1.0);
    const jumpflow::quadratic_covariance_ode ode(rule, unit_start(d_fixed));
    const jumpflow::dense_solution cov(ode, vector::Zero(ode.state_dimension()), 0.0, 1.0);
    const double oracle = ode.mean_square_error(cov(1.0));
    const auto m = mean_and_se(end_sq.at(n));
    std::printf("  n %6.0f: n E|Z^n_T - Z_T|^2 = %.4f +- %.4f, covariance ODE %.4f\n", n,
                n * m.mean, n * m.se, n * oracle);
    EXPECT_NEAR(m.mean, oracle, 5 * m.se) << "n " << n;
    for (double v : end_sq.at(n)) ratios.push_back(v / oracle);
  }
  const auto pooled = mean_and_se(ratios);
  std::printf("  pooled ratio to the covariance ODE: %.4f +- %.4f\n", pooled.mean, pooled.se);
  EXPECT_NEAR(pooled.mean, 1.0, 5 * pooled.se);
  // c with K = max eigenvalue = 2 and G = sup |H (z - z*)| <= 2 |z - z*| over the visited
  // region |z - z*| <= 1 + 3 s (s < 0.25 here): G = 2 * 1.75.
  const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(anisotropic_quadratic(8), 1.0, 1.0, 1.0);
  const double c = jumpflow::explicit_bound_constant(rule, 1.0, 2.0 * 1.75, 2.0);
  std::printf("explicit constant c = %.3f\n", c);
  expect_below_constant(t.in_n, c);
  expect_below_constant(t.in_d, c);
  expect_sharp_theorem("anisotropic quadratic", t, 8, 64, [&](double d) {
    const auto loss = anisotropic_quadratic(static_cast<index>(d));
    const jumpflow::stdp_rule<jumpflow::quadratic_loss> r(loss, 1.0, 1.0, 1.0);
    return sharp_constant(
        r, jumpflow::quadratic_flow(loss, r.limit_coefficient(), unit_start(r.dimension())),
        seed + 2);
  });
}

// Log-cosh loss (not quadratic; K = 1, |grad L(z)| <= |z - z*| <= 1.75 on the visited region).
// c applies to the two-sided scheme up to T sup|b_n - b| <= alpha A^4 (4/(3 sqrt 3)) m4
// sqrt(d)/(3n) (separable loss, Taylor to third order), at most 0.01 sqrt(d/n) for n >= 100: added
// to c.
TEST(TheoremLogCosh, RateInNAndD) {
  const std::uint64_t seed = announce_seed(802);
  const auto replicate = [](double n, index d, philox_engine& g) {
    return log_cosh_replicate(n, d, g, jumpflow::amplitude_scaling::shrinking_amplitude());
  };
  const auto t = run_theorem_study("log-cosh", {256, 1024, 4096, 16384}, 8, {16, 64, 256}, 1024,
                                   seed, kTheoremReplicates, replicate);
  expect_theorem_rates(t, true);
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(jumpflow::log_cosh_loss(vector::Zero(8)),
                                                          1.0, 1.0, 1.0);
  const double c = jumpflow::explicit_bound_constant(rule, 1.0, 1.75, 1.0) + 0.01;
  std::printf("explicit constant c = %.3f\n", c);
  expect_below_constant(t.in_n, c);
  expect_below_constant(t.in_d, c);
  expect_sharp_theorem("log-cosh", t, 8, 64, [&](double d) {
    const jumpflow::log_cosh_loss loss(vector::Zero(static_cast<index>(d)));
    const jumpflow::stdp_rule<jumpflow::log_cosh_loss> r(loss, 1.0, 1.0, 1.0);
    return sharp_constant(
        r, jumpflow::log_cosh_flow(loss, r.limit_coefficient(), unit_start(r.dimension())),
        seed + 2);
  });
}

// A small tanh network {k, 2, 1} (d = 2k + 2) with squared loss on one pair. The limit is the
// gradient flow solved by the ode module (adaptive Dormand-Prince dense output, tolerance 1e-10).
// No explicit c (no d-free global Lipschitz constant of grad L): the rates, and the sharp value
// sqrt(n) s -> K_inf (the Hessian of the network loss by central differences of its gradient).
TEST(TheoremNetwork, RateInNAndD) {
  const std::uint64_t seed = announce_seed(803);
  struct prepared {
    network_problem problem;
    jumpflow::dense_solution limit;
  };
  std::map<index, std::unique_ptr<prepared>> problems;  // by d, built before the parallel runs
  for (index k : {8, 32, 128}) {
    network_problem p = tanh_network(k);
    const double kappa =
        jumpflow::stdp_rule<jumpflow::network_loss>(p.loss, 1.0, 1.0, 1.0).limit_coefficient();
    jumpflow::dense_solution limit(jumpflow::gradient_flow<jumpflow::network_loss>(p.loss, kappa),
                                   p.start, 0.0, 1.0);
    const index d = p.network->dimension();
    problems.emplace(d, std::make_unique<prepared>(prepared{std::move(p), std::move(limit)}));
  }
  const auto replicate = [&problems](double n, index d, philox_engine& g) {
    const prepared& p = *problems.at(d);
    const jumpflow::stdp_rule<jumpflow::network_loss> rule(p.problem.loss, n, 1.0, 1.0);
    sup_distance_observer obs([&p](double t, vector& out) { p.limit(t, out); });
    vector x = p.problem.start;
    const std::uint64_t events = simulate_prm_driven(rule, x, 0.0, 1.0, g, obs);
    return jumpflow::replicate_outcome{obs.sup(), events};
  };
  const auto t = run_theorem_study("tanh network {k,2,1}", {256, 1024, 4096, 16384}, 18,
                                   {18, 66, 258}, 1024, seed, kTheoremReplicates, replicate);
  expect_theorem_rates(t, true);
  expect_sharp_theorem("tanh network {k,2,1}", t, 18, 66, [&](double d) {
    const prepared& p = *problems.at(static_cast<index>(d));
    return sharp_constant(jumpflow::stdp_rule<jumpflow::network_loss>(p.problem.loss, 1.0, 1.0, 1.0),
                          p.limit, seed + 2);
  });
}

// The contrast with fixed amplitude (A_n = A, alpha_n = alpha/n), where the log-cosh rule
// converges to the smoothed flow and not to the gradient flow, is tested in
// bnn_limit_statistical_test.cpp (rate -1/2 against the smoothed flow, plateau at the predicted gap
// against the gradient flow, both on the same paths).

// Teacher-student: a student {4, 3, 1} tanh network (d = 15) learns a teacher from K = 20
// opportunities (one pair each, T = 1). Oracles: the limit is the composition of the gradient
// flows (opportunity_flow, ode module); the test loss of the BNN weights falls below half its
// start (mean over replicates, 5 SE); the sup distance to the flow path over [0, KT] has slope
// -1/2 in n, i.e. s sqrt(n/d) stays flat (expect_rate: 5 known-variance SEs, goodness of fit).
TEST(TheoremTeacherStudent, LossFallsAndWeightsTrackTheGradientFlow) {
  const std::uint64_t seed = announce_seed(805);
  const std::array<index, 3> widths{4, 3, 1};
  const auto net = std::make_shared<const jumpflow::feedforward_network>(
      jumpflow::feedforward_network::layered(widths, jumpflow::activation::tanh));
  const index d = net->dimension();
  philox_engine data(seed, 1ull << 40);
  vector teacher(d), w0(d);
  for (index e = 0; e < d; ++e) teacher[e] = jumpflow::standard_normal(data);
  for (index e = 0; e < d; ++e) w0[e] = 0.1 * jumpflow::standard_normal(data);
  std::vector<jumpflow::training_pair> train, test;
  for (int k = 0; k < 220; ++k) {
    vector x(4);
    for (index i = 0; i < 4; ++i) x[i] = jumpflow::standard_normal(data);
    (k < 20 ? train : test).push_back({x, net->output(teacher, x)});
  }
  const auto test_loss = [&](const vector& w) {
    double sum = 0.0;
    for (const auto& p : test) sum += 0.5 * std::pow(net->output(w, p.x) - p.y, 2);
    return sum / static_cast<double>(test.size());
  };
  const jumpflow::uniform_cube_law law(d);
  std::map<double, std::unique_ptr<jumpflow::opportunity_flow>> flows;
  const std::vector<double> grid{256, 1024, 4096};
  for (double n : grid) {
    jumpflow::learning_options o;
    o.n = n;
    flows.emplace(n, std::make_unique<jumpflow::opportunity_flow>(net, train, law, o, w0));
  }
  const double start = test_loss(w0), flow_end = test_loss((*flows.at(256.0))(20.0));
  std::printf("test loss: start %.4f, gradient-flow path at the end %.4f\n", start, flow_end);
  std::vector<double> end_losses;
  jumpflow::study_options options;
  options.replicates = 60;
  options.seed = seed;
  const auto study = jumpflow::convergence_study(
      grid, options,
      [&](double n, philox_engine& g, std::uint64_t) {
        jumpflow::learning_options o;
        o.n = n;
        const jumpflow::opportunity_flow& flow = *flows.at(n);
        sup_distance_observer obs([&flow](double t, vector& out) { flow(t, out); });
        vector w = w0;
        const auto spikes = jumpflow::learn_opportunities(net, train, law, o, w, g, obs);
        return jumpflow::replicate_outcome{obs.sup(), spikes};
      },
      [&](const jumpflow::study_point& p) {
        std::printf("  n %6.0f  s %.5f  SE %.5f  s*sqrt(n/d) %.4f  (%.2f s)\n", p.n, p.error.value,
                    p.error.standard_error, p.error.value * std::sqrt(p.n / static_cast<double>(d)),
                    p.seconds);
      });
  std::printf("teacher-student: rate in n: %s\n",
              jumpflow::describe_rate_fit(study.rate, "n").c_str());
  // s sqrt(n/d) flat in n is the slope -1/2: within 5 known-variance SEs, the power law fitting.
  expect_rate(study.rate, -0.5, "teacher-student rate in n");
  // The BNN learns: mean test loss after K opportunities (n = 1024) against the start.
  for (std::uint64_t r = 0; r < 20; ++r) {
    philox_engine g(seed + 7, r);
    jumpflow::learning_options o;
    o.n = 1024;
    vector w = w0;
    jumpflow::learn_opportunities(net, train, law, o, w, g);
    end_losses.push_back(test_loss(w));
  }
  const auto m = mean_and_se(end_losses);
  std::printf("test loss of the BNN after %zu opportunities: %.4f +- %.4f\n", train.size(), m.mean,
              m.se);
  EXPECT_LT(m.mean + 5 * m.se, 0.5 * start);
  EXPECT_LT(flow_end, 0.5 * start);
}

// ---------------------------------------------------------------------------------------------
// Slow (label `slow`, not in CI): the full grids of docs/bnn_theory.md ("Measuring the theorem"), R = 1000 replicates.
// Oracle as for the theorem tests: at every d the slope in n is -1/2 (expect_rate) and
// s sqrt(n/d) stays below c; the printed s sqrt(n/d) are reference magnitudes of docs/bnn_theory.md.
// The rate is asymptotic in n at fixed d, so each d's slope is fitted on n >= 10 d: at d = 64,
// n = 100 is pre-asymptotic (s sqrt(n/d) 0.4611 against 0.4330 and 0.4321 at n = 1000 and
// 10000, SE 0.0009), and fitted with it the slope was -0.5142 +- 0.0007 with no power law
// fitting (p = 2e-24). n = 100000 keeps three points in that range at every d. Run once (190 s
// of CPU): slopes -0.4946, -0.4982, -0.5005, -0.5004 (SE 0.0023, 0.0017, 0.0015, 0.0008) at
// d = 1, 4, 16, 64, every power law fitting (p >= 0.078).
TEST(SlowTheorem, AnisotropicQuadraticOverTheFullGrid) {
  const std::uint64_t seed = announce_seed(901);
  jumpflow::study_options options;
  options.replicates = 1000;
  options.seed = seed;
  const std::vector<double> grid_n{100, 1000, 10000, 100000}, grid_d{1, 4, 16, 64};
  const auto study = jumpflow::convergence_study(
      grid_n, grid_d, options,
      [](double n, double d, philox_engine& g, std::uint64_t) {
        return quadratic_replicate(n, static_cast<index>(d), g);
      },
      [](const jumpflow::study_point& p) {
        std::printf("  n %6.0f  d %3.0f  s %.5f  SE %.5f  s*sqrt(n/d) %.4f\n", p.n, p.d,
                    p.error.value, p.error.standard_error, p.error.value * std::sqrt(p.n / p.d));
      });
  for (double d : grid_d) {
    jumpflow::rate_fit_options asymptotic;
    asymptotic.drop_smallest = static_cast<std::size_t>(
        std::count_if(grid_n.begin(), grid_n.end(), [d](double n) { return n < 10.0 * d; }));
    const auto fit = jumpflow::fit_rate_in_n(study.points, d, asymptotic);
    std::printf("d %3.0f: rate in n: %s\n", d, jumpflow::describe_rate_fit(fit, "n").c_str());
    expect_rate(fit, -0.5, "rate in n");
  }
  for (double n : grid_n) {
    const auto fit = jumpflow::fit_rate_in_d(study.points, n);
    std::printf("n %6.0f: rate in d: %s\n", n, jumpflow::describe_rate_fit(fit, "d").c_str());
  }
  const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(anisotropic_quadratic(8), 1.0, 1.0, 1.0);
  expect_below_constant(study, jumpflow::explicit_bound_constant(rule, 1.0, 2.0 * 1.75, 2.0));
}

// Log-cosh, d = 8, n = 1e2, 1e3, 1e4: shrinking amplitude (flat s sqrt(n/d), slope -1/2) against
// fixed amplitude (growing s sqrt(n/d): the plateau), for |z0 - z*| = 1 and for z0 - z* =
// (1,...,1).
TEST(SlowTheorem, LogCoshShrinkingAgainstFixedAmplitude) {
  const std::uint64_t seed = announce_seed(902);
  jumpflow::study_options options;
  options.replicates = 1000;
  options.seed = seed;
  const std::vector<double> grid_n{100, 1000, 10000};
  for (double start : {1.0 / std::sqrt(8.0), 1.0}) {
    for (const auto scaling : {jumpflow::amplitude_scaling::shrinking_amplitude(),
                               jumpflow::amplitude_scaling::fixed_amplitude()}) {
      std::printf("z0 = %.4f (1,...,1), amplitude exponent b = %.1f\n", start, scaling.exponent());
      const auto study = jumpflow::convergence_study(
          grid_n, options,
          [&](double n, philox_engine& g, std::uint64_t) {
            const jumpflow::log_cosh_loss loss(vector::Zero(8));
            const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(loss, n, 1.0, 1.0,
                                                                    {.scaling = scaling});
            const vector z0 = vector::Constant(8, start);
            // The plain gradient flow, deliberately (under fixed amplitude it is not the limit).
            sup_distance_observer obs(
                jumpflow::log_cosh_flow(loss, rule.gradient_coefficient(), z0));
            vector x = z0;
            const auto events = simulate_prm_driven(rule, x, 0.0, 1.0, g, obs);
            return jumpflow::replicate_outcome{obs.sup(), events};
          },
          [](const jumpflow::study_point& p) {
            std::printf("  n %6.0f  s %.5f  SE %.5f  s*sqrt(n/d) %.4f\n", p.n, p.error.value,
                        p.error.standard_error, p.error.value * std::sqrt(p.n / 8.0));
          });
      std::printf("  rate in n: %s\n", jumpflow::describe_rate_fit(study.rate, "n").c_str());
      if (scaling.exponent() == 0.5) {
        expect_rate(study.rate, -0.5, "shrinking amplitude, rate in n");
      } else {
        // The plateau: over the last decade the error shrinks by far less than 10^{-1/2}
        // (local slope above -0.25; its standard error is below 0.01 here).
        const auto& p = study.points;
        const double local = std::log10(p[2].error.value / p[1].error.value);
        std::printf("  local slope over [1e3, 1e4]: %.4f\n", local);
        EXPECT_GT(local, -0.25);
      }
    }
  }
}

// The sharp check of the quadratic and log-cosh theorem tests at their largest dimension,
// d = 256, left out of CI for the cost of K_inf there: sqrt(n) s(n, d) / K_inf(d) within
// 4 combined SE + K's discretisation error + the O(n^-1/2) allowance (expect_sharp_in_d), at
// n = 16384 (R = 200, the theorem tests' seeds + 1). Not at the theorem tests' n = 1024: there
// the ratio is 1.023 +- 0.003 (quadratic) and 1.024 +- 0.003 (log-cosh), a finite-n term that
// grows with d/n (1.007 and 1.011 at d = 64, 1.00-1.02 at d = 16; for the quadratic loss the
// covariance ODE has it: its noise term carries tr(H P H), of relative order d/n), which the
// O(n^-1/2) allowance does not cover and which the SE of 0.3% at d = 256 resolves.
TEST(SlowTheorem, SharpConstantAtTheLargestDimension) {
  const auto in_d = [](std::uint64_t seed, double d, const auto& replicate) {
    jumpflow::study_options options;
    options.replicates = kTheoremReplicates;
    options.seed = seed;
    const std::vector<double> n{16384}, ds{d};
    return jumpflow::convergence_study(
        n, ds, options, [&](double nn, double dd, philox_engine& g, std::uint64_t) {
          return replicate(nn, static_cast<index>(dd), g);
        });
  };
  const std::uint64_t seed = announce_seed(801);
  expect_sharp_in_d("anisotropic quadratic",
                    in_d(seed + 1, 256, [](double n, index d, philox_engine& g) {
                      return quadratic_replicate(n, d, g);
                    }),
                    256, [&](double d) {
                      const auto loss = anisotropic_quadratic(static_cast<index>(d));
                      const jumpflow::stdp_rule<jumpflow::quadratic_loss> r(loss, 1.0, 1.0, 1.0);
                      return sharp_constant(r,
                                            jumpflow::quadratic_flow(loss, r.limit_coefficient(),
                                                                     unit_start(r.dimension())),
                                            seed + 2);
                    });
  const std::uint64_t seed_lc = announce_seed(802);
  expect_sharp_in_d("log-cosh",
                    in_d(seed_lc + 1, 256, [](double n, index d, philox_engine& g) {
                      return log_cosh_replicate(n, d, g,
                                                jumpflow::amplitude_scaling::shrinking_amplitude());
                    }),
                    256, [&](double d) {
                      const jumpflow::log_cosh_loss loss(vector::Zero(static_cast<index>(d)));
                      const jumpflow::stdp_rule<jumpflow::log_cosh_loss> r(loss, 1.0, 1.0, 1.0);
                      return sharp_constant(r,
                                            jumpflow::log_cosh_flow(loss, r.limit_coefficient(),
                                                                    unit_start(r.dimension())),
                                            seed_lc + 2);
                    });
}

}  // namespace
