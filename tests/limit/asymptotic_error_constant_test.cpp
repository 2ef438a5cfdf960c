// Tests of asymptotic_error_constant() and gaussian_transitions against exact oracles:
// * the transitions reproduce the linear-noise covariance ODE (linear_noise_covariance) at T;
// * Brownian motion (Db = 0, Sigma = I): E sup_{t<=1} |W_t|^2 = E[1/tau], tau the exit time of
//   the unit ball, = 2 G (Catalan's constant) in d = 1 and 3.5 zeta(3) in d = 3 (from the
//   Laplace transforms 1/cosh(sqrt(2 l)) and sqrt(2 l)/sinh(sqrt(2 l)) of tau);
// * the discretisation error: the grid sup falls short of the continuous one by about
//   c sqrt(h); halving h shrinks the shortfall by sqrt(2), and the corrected constant stays
//   within its stated allowance.
#include "jumpflow/limit/asymptotic_error_constant.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/ode/linear_noise.hpp"

namespace {

using jumpflow::matrix;
using jumpflow::vector;

constexpr double catalan = 0.915965594177219015054603514932;
constexpr double zeta3 = 1.202056903159594285399738161511;

// Brownian motion in R^d as a linear_noise_model.
struct brownian {
  void drift_jacobian(const vector&, matrix& a) const { a.setZero(); }
  void jump_covariance(const vector&, matrix& s) const { s.setIdentity(); }
};

struct constant_path {
  jumpflow::index d;
  void operator()(double, vector& out) const { out = vector::Zero(d); }
};

TEST(AsymptoticErrorConstant, BrownianMotionInOneAndThreeDimensions) {
  // Oracle: K^2 = E[1/tau] (see the file comment). Tolerance: the corrected constant within
  // 5 SE plus its stated discretisation allowance.
  for (const auto& [d, exact2] : {std::pair<int, double>{1, 2.0 * catalan}, {3, 3.5 * zeta3}}) {
    jumpflow::asymptotic_error_options o;
    o.steps = 256;
    o.paths = 8000;
    o.seed = 11;
    std::printf("seed %llu, d = %d\n", static_cast<unsigned long long>(o.seed), d);
    const auto r = jumpflow::asymptotic_error_constant(constant_path{d}, brownian{}, 1.0, o);
    const double exact = std::sqrt(exact2);
    std::printf("  K exact %.5f, corrected %.5f (SE %.5f, allowance %.5f), grid h %.5f, grid 2h %.5f\n",
                exact, r.constant.value, r.constant.standard_error, r.discretisation_error,
                r.fine.value, r.coarse.value);
    EXPECT_LE(std::abs(r.constant.value - exact),
              5.0 * r.constant.standard_error + r.discretisation_error);
    // The uncorrected grid sups are biased low, the coarser one more.
    EXPECT_LT(r.coarse.value, r.fine.value);
    EXPECT_LT(r.fine.value, exact + 5.0 * r.fine.standard_error);
  }
}

TEST(AsymptoticErrorConstant, HalvingTheStepShrinksTheGridErrorAsSqrtH) {
  // 1-D Brownian motion, exact K = sqrt(2 G), on coarse grids where the grid error is large.
  // (1) The grid shortfall K - K_h behaves like c sqrt(h): from m = 16 to m = 64 steps (h / 4)
  // it halves, within 5 combined SE plus the O(h) remainder (the stated error at m = 16).
  // (2) The corrected constant is within 5 SE of the exact value plus its stated
  // discretisation error, at m = 16 and 64 (where that error is 3.3% and 0.9%).
  const double exact = std::sqrt(2.0 * catalan);
  jumpflow::asymptotic_error_options o;
  o.paths = 40000;
  std::vector<jumpflow::asymptotic_error_result> r;
  for (const std::size_t m : {16, 64}) {
    o.steps = m;
    o.seed = 12 + m;
    std::printf("seed %llu\n", static_cast<unsigned long long>(o.seed));
    r.push_back(jumpflow::asymptotic_error_constant(constant_path{1}, brownian{}, 1.0, o));
    const auto& k = r.back();
    std::printf("m = %zu: grid %.5f (gap %.5f), corrected %.5f +- %.5f (exact %.5f), stated error %.5f\n",
                m, k.fine.value, exact - k.fine.value, k.constant.value,
                k.constant.standard_error, exact, k.discretisation_error);
    EXPECT_LE(std::abs(k.constant.value - exact),
              5.0 * k.constant.standard_error + k.discretisation_error);
  }
  const double gap16 = exact - r[0].fine.value, gap64 = exact - r[1].fine.value;
  EXPECT_LE(std::abs(gap64 - 0.5 * gap16),
            5.0 * std::hypot(r[1].fine.standard_error, 0.5 * r[0].fine.standard_error) +
                r[0].discretisation_error);
  EXPECT_LT(r[1].discretisation_error, r[0].discretisation_error);
}

TEST(GaussianTransitions, ReproduceTheLinearNoiseCovariance) {
  // Oracle: Cov(G_T) from the transitions equals the covariance ODE of linear_noise_covariance
  // (one integration over [0, T], independent of the grid) to the ODE tolerance, for a
  // non-linear 2-D drift with state-dependent, rank-one-plus-diagonal noise.
  auto drift = [](const vector& x, vector& dx) {
    dx.resize(2);
    dx[0] = -x[0] + 0.5 * x[1] * x[1];
    dx[1] = -2.0 * x[1] + std::sin(x[0]);
  };
  auto noise = [](const vector& x, matrix& s) {
    s.resize(2, 2);
    s << 1.0 + x[0] * x[0], 0.3 * x[0] * x[1], 0.3 * x[0] * x[1], 0.5 + x[1] * x[1];
  };
  const vector x0 = (vector(2) << 1.0, -0.5).finished();
  const double T = 1.5;
  const jumpflow::dense_solution limit(
      [&](const vector& x, vector& dx, double) { drift(x, dx); }, x0, 0.0, T);
  auto jacobian = [&](const vector& x, matrix& a) { jumpflow::finite_difference_jacobian(drift, x, a); };
  const jumpflow::gaussian_transitions tr(limit, jacobian, noise, T, 40);
  const auto ref = jumpflow::linear_noise_covariance(drift, noise, x0, matrix::Zero(2, 2), 0.0, T);
  const matrix c = tr.terminal_covariance();
  EXPECT_LE((c - ref.covariance).cwiseAbs().maxCoeff(), 1e-7 * ref.covariance.norm())
      << c << "\n vs \n" << ref.covariance;
}

TEST(GaussianTransitions, SemiDefiniteNoiseIsFactored) {
  // Sigma of rank one (and zero): the factor still reproduces Q.
  auto jac = [](const vector&, matrix& a) { a << -1.0, 0.0, 0.0, -1.0; };
  auto noise = [](const vector&, matrix& s) { s << 1.0, 1.0, 1.0, 1.0; };
  const jumpflow::gaussian_transitions tr(constant_path{2}, jac, noise, 1.0, 4);
  for (std::size_t k = 0; k < 4; ++k) {
    const matrix q = tr.noise_factor(k) * tr.noise_factor(k).transpose();
    EXPECT_NEAR(q(0, 0), q(0, 1), 1e-12);
    EXPECT_NEAR(q(1, 1), q(0, 1), 1e-12);
    EXPECT_GT(q(0, 0), 0.0);
  }
  auto zero = [](const vector&, matrix& s) { s.setZero(); };
  const jumpflow::gaussian_transitions tz(constant_path{2}, jac, zero, 1.0, 2);
  EXPECT_EQ(tz.noise_factor(0).cwiseAbs().maxCoeff(), 0.0);
}

TEST(AsymptoticErrorConstant, SameResultForAnyNumberOfThreads) {
  jumpflow::asymptotic_error_options o;
  o.steps = 16;
  o.paths = 100;
  o.threads = 1;
  const auto one = jumpflow::asymptotic_error_constant(constant_path{2}, brownian{}, 1.0, o);
  o.threads = 3;
  const auto three = jumpflow::asymptotic_error_constant(constant_path{2}, brownian{}, 1.0, o);
  EXPECT_EQ(one.constant.value, three.constant.value);
  EXPECT_EQ(one.fine.standard_error, three.fine.standard_error);
}

TEST(AsymptoticErrorConstant, BadInputIsAClearError) {
  using jumpflow::test::error_of;
  jumpflow::asymptotic_error_options o;
  o.steps = 7;
  EXPECT_EQ(error_of([&] { jumpflow::asymptotic_error_constant(constant_path{1}, brownian{}, 1.0, o); }),
            "jumpflow::asymptotic_error_constant: options.steps is 7, but must be even and >= 2 "
            "(the coarse grid is every other point)");
  o.steps = 8;
  o.paths = 1;
  EXPECT_THROW(jumpflow::asymptotic_error_constant(constant_path{1}, brownian{}, 1.0, o),
               std::invalid_argument);
  o.paths = 10;
  EXPECT_THROW(jumpflow::asymptotic_error_constant(constant_path{1}, brownian{}, -1.0, o),
               std::domain_error);
  o.level = 1.5;
  EXPECT_THROW(jumpflow::asymptotic_error_constant(constant_path{1}, brownian{}, 1.0, o),
               std::domain_error);
  auto jac = [](const vector&, matrix& a) { a.setZero(); };
  auto indefinite = [](const vector&, matrix& s) { s << 1.0, 0.0, 0.0, -1.0; };
  const std::string msg = error_of([&] { jumpflow::gaussian_transitions(constant_path{2}, jac, indefinite, 1.0, 4); });
  EXPECT_NE(msg.find("must be >= 0 (the noise Sigma must be positive semi-definite)"), std::string::npos) << msg;
}

}  // namespace
