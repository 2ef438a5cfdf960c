// Unit tests of the limit of the STDP rule for every option (models/bnn/stdp_rule.hpp,
// smoothed_flow.hpp): which options converge to the gradient flow, the smoothed drift of a
// fixed-amplitude rule by quadrature against an independent closed form, the refusals, the
// named parameters, and coordinate_expectation() (random/coordinate_expectation.hpp).
#include <gtest/gtest.h>

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>

#include "error_text.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::amplitude_scaling;
using jumpflow::difference_scheme;
using jumpflow::index;
using jumpflow::log_cosh_loss;
using jumpflow::quadratic_loss;
using jumpflow::stdp_limit;
using jumpflow::stdp_rule;
using jumpflow::vector;

const jumpflow::stdp_rule_options fixed{.scaling = amplitude_scaling::fixed_amplitude()};

vector test_point() {
  vector z(4);
  z << 1.3, -0.7, 0.4, 2.1;
  return z;
}

// Oracle of the smoothed drift, derived independently of the code's integrand (integration by
// parts): for a symmetric law with s2 = E u^2, E[(l(z - Au) - l(z + Au)) u] = -2 s2 A E[l'(z + A W)]
// with W of density p(w) = E[|u| 1{|u| >= |w|}] / (2 s2). So the two-sided fixed-amplitude drift
// of the log-cosh loss is -kappa E[tanh(z_j - z*_j + A W)], kappa = 2 s2 alpha A^2.
double smoothed_tanh(double x, double a, const std::function<double(double)>& density, double lo,
                     double hi) {
  return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
      [&](double w) { return std::tanh(x + a * w) * density(w); }, lo, hi, 15, 1e-13);
}

template <class Law>
void expect_smoothed_drift(const Law& law, const std::function<double(double)>& density, double lo,
                           double hi, difference_scheme scheme = difference_scheme::two_sided) {
  const vector zs = vector::LinSpaced(4, -0.2, 0.3);
  const double alpha = 0.8, a = 1.2;
  const stdp_rule<log_cosh_loss, Law> rule(log_cosh_loss(zs), law,
                                           {.rate = 50.0, .learning_rate = alpha, .amplitude = a},
                                           {.scaling = amplitude_scaling::fixed_amplitude(),
                                            .scheme = scheme});
  EXPECT_FALSE(rule.limit_is_gradient_flow());
  const vector z = test_point();
  vector b, b2;
  rule.limit_drift(z, b);
  rule.mean_drift(z, b2);
  EXPECT_EQ(b, b2);  // fixed amplitude: b_n = b for every n
  // one-sided = half of two-sided for a symmetric law (E[L(z - Au) u] = -E[L(z + Au) u]).
  const double kappa = 2.0 * law.second_moment() * alpha * a * a *
                       (scheme == difference_scheme::one_sided ? 0.5 : 1.0);
  for (index j = 0; j < 4; ++j) {
    const double oracle = -kappa * smoothed_tanh(z[j] - zs[j], a, density, lo, hi);
    EXPECT_NEAR(b[j], oracle, 1e-10) << "coordinate " << j;
    // The smoothing is real: the drift is not the gradient flow's.
    EXPECT_GT(std::abs(b[j] + rule.gradient_coefficient() * std::tanh(z[j] - zs[j])), 1e-3);
  }
}

TEST(SmoothedDrift, UniformLawIsTanhSmoothedByThreeQuartersOneMinusWSquared) {
  expect_smoothed_drift(jumpflow::uniform_cube_law(4),
                        [](double w) { return 0.75 * (1.0 - w * w); }, -1.0, 1.0);
}

TEST(SmoothedDrift, OneSidedIsHalfTheTwoSided) {
  expect_smoothed_drift(jumpflow::uniform_cube_law(4),
                        [](double w) { return 0.75 * (1.0 - w * w); }, -1.0, 1.0,
                        difference_scheme::one_sided);
}

TEST(SmoothedDrift, RademacherLawIsTanhSmoothedUniformly) {
  const double s = 0.7;
  expect_smoothed_drift(jumpflow::rademacher_law(4, s), [s](double) { return 0.5 / s; }, -s, s);
}

TEST(SmoothedDrift, GaussianLawIsTanhSmoothedByTheSameGaussian) {
  const double sigma = 0.6;
  expect_smoothed_drift(
      jumpflow::gaussian_law(4, sigma),
      [sigma](double w) {
        return std::exp(-0.5 * w * w / (sigma * sigma)) / (sigma * std::sqrt(2.0 * M_PI));
      },
      -12 * sigma, 12 * sigma);
}

TEST(SmoothedDrift, StdpLawForBothShapesOfTheBetaDensity) {
  // |xi| = A_s B, B ~ Beta(a, 1): p(w) = A_s a (1 - (|w|/A_s)^(a+1)) / ((a + 1) 2 s2).
  for (const double lambda : {0.5, 1.0, 3.0}) {
    const jumpflow::stdp_law law(4, lambda, 1.0, 0.9);
    const double as = 0.9, a = lambda, s2 = law.second_moment();
    expect_smoothed_drift(
        law,
        [=](double w) {
          return as * a * (1.0 - std::pow(std::abs(w) / as, a + 1.0)) / ((a + 1.0) * 2.0 * s2);
        },
        -as, as);
  }
}

TEST(Limit, WhichOptionsConvergeToTheGradientFlow) {
  const log_cosh_loss lc(vector::Zero(3));
  const quadratic_loss q = quadratic_loss::isotropic(vector::Zero(3), 2.0);
  const stdp_rule<log_cosh_loss> shrinking(lc, {.rate = 100.0});
  const stdp_rule<log_cosh_loss> general(lc, {.rate = 100.0}, {.scaling = amplitude_scaling(0.1)});
  const stdp_rule<log_cosh_loss> fixed_lc(lc, {.rate = 100.0}, fixed);
  const stdp_rule<log_cosh_loss> fixed_lin(
      lc, {.rate = 100.0},
      {.scaling = amplitude_scaling::fixed_amplitude(), .scheme = difference_scheme::linearised});
  const stdp_rule<quadratic_loss> fixed_q(q, {.rate = 100.0}, fixed);
  EXPECT_TRUE(shrinking.limit_is_gradient_flow());
  EXPECT_TRUE(general.limit_is_gradient_flow());
  EXPECT_FALSE(fixed_lc.limit_is_gradient_flow());
  EXPECT_TRUE(fixed_lin.limit_is_gradient_flow());
  EXPECT_TRUE(fixed_q.limit_is_gradient_flow());
  EXPECT_TRUE(fixed_lc.is_limit(stdp_limit::smoothed));
  EXPECT_FALSE(fixed_lc.is_limit(stdp_limit::gradient));
  EXPECT_TRUE(shrinking.is_limit(stdp_limit::gradient));
  // Rates: -1/2, except the O(n^{-2b}) drift bias for 0 < b < 1/4.
  EXPECT_EQ(shrinking.expected_rate(), -0.5);
  EXPECT_EQ(fixed_lc.expected_rate(), -0.5);
  EXPECT_DOUBLE_EQ(general.expected_rate(), -0.2);
  EXPECT_EQ(stdp_rule<quadratic_loss>(q, {.rate = 100.0}, {.scaling = amplitude_scaling(0.1)})
                .expected_rate(),
            -0.5);
  // The gradient flows' drift is -kappa grad L.
  const vector z = vector::Constant(3, 0.8);
  vector b, g(3);
  for (const auto* r : {&shrinking, &general, &fixed_lin}) {
    r->limit_drift(z, b);
    lc.gradient(z, g);
    EXPECT_TRUE(b.isApprox(-r->limit_coefficient() * g, 1e-15));
  }
  fixed_q.limit_drift(z, b);
  q.gradient(z, g);
  EXPECT_TRUE(b.isApprox(-fixed_q.limit_coefficient() * g, 1e-15));
  // ... and the quadrature gives the same for the quadratic loss under fixed amplitude (the
  // difference is exactly linear): mean_drift of a separable rendering of it.
}

TEST(Limit, CoefficientRefusesWhenTheLimitIsNotAGradientFlow) {
  const stdp_rule<log_cosh_loss> rule(log_cosh_loss(vector::Zero(2)), {.rate = 10.0}, fixed);
  EXPECT_DOUBLE_EQ(rule.gradient_coefficient(), 2.0 / 3.0);
  EXPECT_THROW(static_cast<void>(rule.limit_coefficient()), std::invalid_argument);
  EXPECT_EQ(
      jumpflow::test::error_of([&] { static_cast<void>(rule.limit_coefficient()); }),
      "jumpflow::stdp_rule::limit_coefficient: the limit is the smoothed flow (fixed amplitude, "
      "non-quadratic loss), but must be a gradient flow; use limit_drift() for the true limit or "
      "gradient_coefficient() for the plain gradient flow");
}

TEST(Limit, NonSeparableLossRefusesTheSmoothedDrift) {
  const auto p = jumpflow::tanh_network_problem(2);
  const stdp_rule<jumpflow::network_loss> rule(p.loss, {.rate = 10.0}, fixed);
  vector b;
  EXPECT_THROW(rule.limit_drift(p.start, b), std::invalid_argument);
  EXPECT_THROW(jumpflow::stdp_limit_solution(rule, stdp_limit::smoothed, p.start, 0.0, 1.0),
               std::invalid_argument);
  // The plain gradient flow is still available, explicitly.
  const auto y = jumpflow::stdp_limit_solution(rule, stdp_limit::gradient, p.start, 0.0, 1.0);
  EXPECT_EQ(y.dimension(), p.start.size());
  // With shrinking amplitude the network's limit is the gradient flow.
  const stdp_rule<jumpflow::network_loss> shrinking(p.loss, {.rate = 10.0});
  shrinking.limit_drift(p.start, b);
  EXPECT_TRUE(b.allFinite());
}

TEST(Limit, GapIsZeroForGradientLimitsAndPositiveUnderFixedAmplitude) {
  const log_cosh_loss lc(vector::Zero(8));
  const vector z0 = jumpflow::reference_start(8);
  EXPECT_EQ(jumpflow::limit_gap(stdp_rule<log_cosh_loss>(lc, {.rate = 10.0}), z0, 1.0).gap, 0.0);
  const stdp_rule<log_cosh_loss> rule(lc, {.rate = 10.0}, fixed);
  const auto gap = jumpflow::limit_gap(rule, z0, 1.0);
  EXPECT_GT(gap.gap, 0.01);
  // Cross-check against the closed-form gradient flow of the log-cosh loss at the gap's time.
  const auto z = jumpflow::stdp_limit_solution(rule, stdp_limit::smoothed, z0, 0.0, 1.0);
  const jumpflow::log_cosh_flow y(lc, rule.gradient_coefficient(), z0);
  EXPECT_NEAR((z(gap.time) - y(gap.time)).norm(), gap.gap, 1e-8);
  const auto pred = jumpflow::predicted_error(rule, stdp_limit::gradient, z0, 1.0);
  EXPECT_FALSE(pred.tends_to_zero);
  EXPECT_EQ(pred.plateau, gap.gap);
  const auto pred2 = jumpflow::predicted_error(rule, stdp_limit::smoothed, z0, 1.0);
  EXPECT_TRUE(pred2.tends_to_zero);
  EXPECT_EQ(pred2.rate, -0.5);
}

TEST(NamedParameters, SameRuleAsPositional) {
  const log_cosh_loss lc(vector::Zero(3));
  const stdp_rule<log_cosh_loss> a(lc, 200.0, 0.5, 2.0);
  const stdp_rule<log_cosh_loss> b(lc, {.rate = 200.0, .learning_rate = 0.5, .amplitude = 2.0});
  const stdp_rule<log_cosh_loss> c(lc, jumpflow::uniform_cube_law(3),
                                   {.rate = 200.0, .learning_rate = 0.5, .amplitude = 2.0});
  for (const auto* r : {&b, &c}) {
    EXPECT_EQ(r->rate(), a.rate());
    EXPECT_EQ(r->learning_rate(), a.learning_rate());
    EXPECT_EQ(r->amplitude(), a.amplitude());
  }
  // The rate has no default: leaving it out is an error.
  EXPECT_THROW((stdp_rule<log_cosh_loss>(lc, {.learning_rate = 1.0})), std::domain_error);
}

TEST(CoordinateExpectation, MomentsOfEveryLaw) {
  const auto sq = [](double u) { return u * u; };
  const auto fourth = [](double u) { return u * u * u * u; };
  EXPECT_NEAR(coordinate_expectation(jumpflow::uniform_cube_law(2), sq).value, 1.0 / 3.0, 1e-14);
  EXPECT_NEAR(coordinate_expectation(jumpflow::uniform_cube_law(2, 0.0, 2.0), fourth).value,
              16.0 / 5.0, 1e-13);
  EXPECT_NEAR(coordinate_expectation(jumpflow::gaussian_law(2, 1.5), fourth).value,
              3.0 * std::pow(1.5, 4), 1e-11);
  EXPECT_EQ(coordinate_expectation(jumpflow::rademacher_law(2, 2.0), sq).value, 4.0);
  for (const double lambda : {0.3, 1.0, 2.5}) {
    const jumpflow::stdp_law law(2, lambda, 1.0, 1.3);
    EXPECT_NEAR(coordinate_expectation(law, sq).value, law.second_moment(), 1e-12);
    EXPECT_NEAR(coordinate_expectation(law, fourth).value,
                std::pow(1.3, 4) * lambda / (lambda + 4.0), 1e-12);
  }
  EXPECT_THROW(coordinate_expectation(jumpflow::uniform_cube_law(2), sq, 0.0), std::domain_error);
}

TEST(GridClock, NeedsNoObserver) {
  const stdp_rule<log_cosh_loss> rule(log_cosh_loss(vector::Zero(2)), {.rate = 10.0});
  jumpflow::philox_engine g1(5, 0), g2(5, 0);
  vector x1 = vector::Ones(2), x2 = vector::Ones(2);
  const auto k1 =
      jumpflow::simulate_prm_driven(rule, x1, 0.0, 1.0, g1, jumpflow::grid_clock{rule.grid_step()});
  const auto k2 = jumpflow::simulate_prm_driven(rule, x2, 0.0, 1.0, g2, jumpflow::null_observer{},
                                                jumpflow::grid_clock{rule.grid_step()});
  EXPECT_EQ(k1, 10u);
  EXPECT_EQ(k1, k2);
  EXPECT_EQ(x1, x2);
}

}  // namespace
