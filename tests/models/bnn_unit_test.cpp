// Unit tests of the BNN model: losses and their gradients, the network and backpropagation
// (against finite differences), the STDP rule's options, constants, jumps and errors, the
// closed-form flow and the oracles' formulas.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <string>

#include "jumpflow/jump/prm_driven_model.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::index;
using jumpflow::matrix;
using jumpflow::vector;

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}

// A deterministic "random" vector without Eigen's Random(): the library's engine.
vector draw(index d, std::uint64_t stream, double scale = 1.0) {
  jumpflow::philox_engine g(99, stream);
  vector v(d);
  for (index j = 0; j < d; ++j) v[j] = scale * (2.0 * jumpflow::uniform01(g) - 1.0);
  return v;
}

matrix spd(index d) {  // symmetric positive definite, well conditioned
  matrix b(d, d);
  for (index j = 0; j < d; ++j) b.col(j) = draw(d, 100 + static_cast<std::uint64_t>(j));
  matrix h = 0.3 * b * b.transpose() / static_cast<double>(d);
  h.diagonal().array() += 0.5;
  return h;
}

// Central finite differences of loss.value against loss.gradient (relative 1e-6).
template <class Loss>
void expect_gradient_matches_finite_differences(const Loss& loss, const vector& z) {
  const index d = loss.dimension();
  vector g(d), e = vector::Zero(d);
  loss.gradient(z, g);
  const double h = 1e-5;
  for (index j = 0; j < d; ++j) {
    e.setZero();
    e[j] = h;
    const double fd = (loss.value(z + e) - loss.value(z - e)) / (2 * h);
    EXPECT_NEAR(g[j], fd, 1e-6 * (1.0 + std::abs(fd))) << "coordinate " << j;
  }
}

TEST(Losses, GradientsMatchFiniteDifferences) {
  const index d = 6;
  const vector zs = draw(d, 1), z = draw(d, 2, 2.0);
  expect_gradient_matches_finite_differences(jumpflow::quadratic_loss(zs, spd(d)), z);
  expect_gradient_matches_finite_differences(
      jumpflow::quadratic_loss::diagonal(zs, draw(d, 3).cwiseAbs()), z);
  expect_gradient_matches_finite_differences(jumpflow::quadratic_loss::isotropic(zs, 1.7), z);
  expect_gradient_matches_finite_differences(jumpflow::log_cosh_loss(zs), z);
  EXPECT_NEAR(jumpflow::log_cosh_loss(zs).value(zs), 0.0, 1e-15);
  EXPECT_NEAR(jumpflow::log_cosh_loss::log_cosh(800.0), 800.0 - std::log(2.0), 1e-12);
}

TEST(Losses, QuadraticValuesAndFastDifferences) {
  const index d = 5;
  const vector zs = draw(d, 4), z = draw(d, 5), u = draw(d, 6);
  const matrix h = spd(d);
  const jumpflow::quadratic_loss dense(zs, h);
  const auto diag = jumpflow::quadratic_loss::diagonal(zs, h.diagonal());
  EXPECT_NEAR(dense.value(z), 0.5 * (z - zs).dot(h * (z - zs)), 1e-14);
  for (const jumpflow::quadratic_loss* l : {&dense, &diag}) {
    const double s = 0.3;
    EXPECT_NEAR(l->central_difference(z, u, s), l->value(z + s * u) - l->value(z - s * u), 1e-13);
    EXPECT_NEAR(l->forward_difference(z, u, s), l->value(z + s * u) - l->value(z), 1e-13);
  }
  static_assert(jumpflow::has_fast_differences<jumpflow::quadratic_loss>);
  static_assert(!jumpflow::has_fast_differences<jumpflow::log_cosh_loss>);
  static_assert(jumpflow::loss_function<jumpflow::network_loss>);
}

TEST(Losses, BadInputThrows) {
  EXPECT_EQ(message_of([] { jumpflow::quadratic_loss(vector::Zero(3), matrix::Identity(2, 2)); }),
            "jumpflow::quadratic_loss: hessian.rows() is 2, but must be equal to "
            "minimiser.size() (square)");
  matrix asym = matrix::Identity(2, 2);
  asym(0, 1) = 1.0;
  EXPECT_THROW(jumpflow::quadratic_loss(vector::Zero(2), asym), std::invalid_argument);
  EXPECT_THROW(jumpflow::quadratic_loss::diagonal(vector::Zero(2), vector::Ones(3)),
               std::invalid_argument);
  EXPECT_THROW(jumpflow::quadratic_loss::isotropic(vector::Zero(2), std::nan("")),
               std::domain_error);
  EXPECT_THROW(jumpflow::log_cosh_loss{vector()}, std::invalid_argument);
}

TEST(Network, LayeredShapeAndForwardPass) {
  const std::array<index, 3> widths{3, 2, 1};
  const auto net = jumpflow::feedforward_network::layered(widths, jumpflow::activation::tanh);
  EXPECT_EQ(net.dimension(), 3 * 2 + 2 * 1);
  EXPECT_EQ(net.neurons(), 6);
  EXPECT_EQ(net.inputs(), 3);
  const vector w = draw(8, 7), x = draw(3, 8);
  // By hand: hidden j = tanh(sum_i w[3 j + i] x_i), output = sum_j w[6 + j] h_j.
  const double h0 = std::tanh(w.segment(0, 3).dot(x)), h1 = std::tanh(w.segment(3, 3).dot(x));
  EXPECT_NEAR(net.output(w, x), w[6] * h0 + w[7] * h1, 1e-15);
}

// Backpropagation against finite differences for every activation and both pair losses, on a
// DAG with a skip connection (input -> output).
TEST(Network, BackpropagationMatchesFiniteDifferences) {
  using jumpflow::activation;
  for (activation a :
       {activation::identity, activation::tanh, activation::logistic, activation::softplus}) {
    std::vector<jumpflow::network_edge> edges{{0, 2}, {1, 2}, {0, 3}, {2, 3},
                                              {1, 4}, {3, 4}, {2, 4}};
    const auto net =
        std::make_shared<const jumpflow::feedforward_network>(2, 5, edges, a, activation::tanh);
    const vector w = draw(7, 9), x = draw(2, 10, 2.0);
    expect_gradient_matches_finite_differences(
        jumpflow::network_loss(net, {x, 0.4}, jumpflow::pair_loss::squared), w);
    expect_gradient_matches_finite_differences(
        jumpflow::network_loss(net, {x, -1.0}, jumpflow::pair_loss::logistic), w);
    EXPECT_NEAR(jumpflow::activate_derivative(a, 0.3),
                (jumpflow::activate(a, 0.3 + 1e-6) - jumpflow::activate(a, 0.3 - 1e-6)) / 2e-6,
                1e-8);
  }
}

TEST(Network, BadInputThrows) {
  using jumpflow::activation;
  EXPECT_EQ(message_of([] {
              jumpflow::feedforward_network(2, 4, {{2, 1}}, activation::tanh);
            }),
            "jumpflow::feedforward_network: edge.from is 2, but must be >= 0 and < edge.to");
  EXPECT_THROW(jumpflow::feedforward_network(2, 4, {{0, 1}}, activation::tanh),
               std::invalid_argument);
  EXPECT_THROW(jumpflow::feedforward_network(2, 2, {{0, 1}}, activation::tanh),
               std::invalid_argument);
  const std::array<index, 2> bad{3, 2};
  EXPECT_THROW(jumpflow::feedforward_network::layered(bad, activation::tanh),
               std::invalid_argument);
  const std::array<index, 2> ok{3, 1};
  const auto net = std::make_shared<const jumpflow::feedforward_network>(
      jumpflow::feedforward_network::layered(ok, activation::tanh));
  EXPECT_THROW(jumpflow::network_loss(net, {vector::Zero(2), 1.0}), std::invalid_argument);
  EXPECT_THROW(jumpflow::network_loss(net, {vector::Zero(3), 0.5}, jumpflow::pair_loss::logistic),
               std::invalid_argument);
  EXPECT_THROW(jumpflow::network_loss(nullptr, {vector::Zero(3), 0.5}), std::invalid_argument);
}

using uniform_rule = jumpflow::stdp_rule<jumpflow::log_cosh_loss>;
static_assert(jumpflow::prm_driven_model<uniform_rule>);
static_assert(
    jumpflow::prm_driven_model<jumpflow::stdp_rule<jumpflow::network_loss, jumpflow::stdp_law>>);
static_assert(jumpflow::prm_driven_model<
              jumpflow::stdp_rule<jumpflow::quadratic_loss, jumpflow::gaussian_law>>);

TEST(StdpRule, LimitCoefficientIsComputedFromTheOptions) {
  const jumpflow::log_cosh_loss loss(vector::Zero(4));
  const double alpha = 0.7, a = 1.3;
  const uniform_rule two(loss, 100.0, alpha, a);
  EXPECT_DOUBLE_EQ(two.limit_coefficient(), 2.0 / 3.0 * alpha * a * a);
  const uniform_rule one(loss, 100.0, alpha, a, {.scheme = jumpflow::difference_scheme::one_sided});
  EXPECT_DOUBLE_EQ(one.limit_coefficient(), 1.0 / 3.0 * alpha * a * a);
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss, jumpflow::stdp_law> stdp(
      loss, jumpflow::stdp_law(4, 2.0, 0.5), 100.0, alpha, a);
  EXPECT_DOUBLE_EQ(stdp.limit_coefficient(), 2.0 * (2.0 / 3.0) * alpha * a * a);
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss, jumpflow::rademacher_law> rad(loss, 10.0,
                                                                                   alpha, a);
  EXPECT_DOUBLE_EQ(rad.limit_coefficient(), 2.0 * alpha * a * a);
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss, jumpflow::gaussian_law> gauss(loss, 10.0,
                                                                                   alpha, a);
  EXPECT_DOUBLE_EQ(gauss.limit_coefficient(), 2.0 * alpha * a * a);
}

TEST(StdpRule, ScalingsKeepAlphaNTimesANSquaredEqualAlphaASquaredOverN) {
  const jumpflow::log_cosh_loss loss(vector::Zero(2));
  for (double b : {0.0, 0.2, 0.5}) {
    const uniform_rule r(loss, 400.0, 0.5, 2.0, {.scaling = jumpflow::amplitude_scaling(b)});
    EXPECT_NEAR(r.step_learning_rate() * r.step_amplitude() * r.step_amplitude(), 0.5 * 4.0 / 400.0,
                1e-15);
    EXPECT_NEAR(r.step_amplitude(), 2.0 * std::pow(400.0, -b), 1e-14);
  }
  EXPECT_DOUBLE_EQ(jumpflow::amplitude_scaling::shrinking_amplitude().exponent(), 0.5);
  EXPECT_DOUBLE_EQ(jumpflow::amplitude_scaling::fixed_amplitude().exponent(), 0.0);
  EXPECT_THROW(jumpflow::amplitude_scaling(0.6), std::domain_error);
  EXPECT_DOUBLE_EQ(uniform_rule(loss, 250.0, 1.0, 1.0).grid_step(), 1.0 / 250.0);
}

TEST(StdpRule, BadParametersThrowWithTheHouseMessage) {
  const jumpflow::log_cosh_loss loss(vector::Zero(3));
  EXPECT_EQ(message_of([&] { uniform_rule(loss, 0.0, 1.0, 1.0); }),
            "jumpflow::stdp_rule: n is 0, but must be finite and > 0");
  EXPECT_THROW(uniform_rule(loss, -5.0, 1.0, 1.0), std::domain_error);
  EXPECT_EQ(message_of([&] { uniform_rule(loss, 10.0, 1.0, 0.0); }),
            "jumpflow::stdp_rule: amplitude is 0, but must be finite and > 0");
  EXPECT_THROW(uniform_rule(loss, 10.0, 1.0, -1.0), std::domain_error);
  EXPECT_THROW(uniform_rule(loss, 10.0, 0.0, 1.0), std::domain_error);
  EXPECT_EQ(message_of([&] { uniform_rule(loss, jumpflow::uniform_cube_law(4), 10.0, 1.0, 1.0); }),
            "jumpflow::stdp_rule: law.dimension() is 4, but must be equal to loss.dimension() = 3");
}

// A loss that turns NaN away from the origin, to check the error of a NaN loss mid-run.
struct nan_loss {
  index dimension() const { return 2; }
  double value(const vector& z) const {
    return z.norm() > 0.5 ? std::numeric_limits<double>::quiet_NaN() : z.squaredNorm();
  }
  void gradient(const vector& z, vector& g) const { g = value(z) * z; }
};

TEST(StdpRule, NanLossMidRunIsASimulationErrorNamingTheTime) {
  const jumpflow::stdp_rule<nan_loss> rule(nan_loss{}, 4.0, 1.0, 1.0);
  vector x = vector::Constant(2, 1.0), u = vector::Constant(2, 0.5), dx(2);
  EXPECT_EQ(message_of([&] { rule.jump(x, u, 0.25, dx); }),
            "jumpflow::stdp_rule::jump: L(z - h) - L(z + h) of the loss is nan at time 0.25, but "
            "must be finite");
  EXPECT_THROW(rule.jump(x, u, 0.25, dx), jumpflow::simulation_error);
  x.setZero();
  rule.jump(x, u, 0.25, dx);  // finite near the origin
  EXPECT_TRUE(dx.allFinite());
}

TEST(StdpRule, NanLossStopsTheSimulationAtTheLastValidState) {
  const jumpflow::stdp_rule<nan_loss> rule(nan_loss{}, 50.0, 1.0, 3.0);
  vector x = vector::Constant(2, 0.3);
  vector last = x;
  jumpflow::philox_engine g(5, 0);
  EXPECT_THROW(jumpflow::simulate_prm_driven(rule, x, 0.0, 10.0, g,
                                             [&](const vector& z, double) { last = z; }),
               jumpflow::simulation_error);
  EXPECT_EQ(x, last);  // the state the observer saw last: no partial jump applied
  EXPECT_TRUE(x.allFinite());
}

TEST(StdpRule, JumpsFollowTheDefinitionOfEachScheme) {
  const index d = 4;
  const vector zs = draw(d, 11), z = draw(d, 12), u = draw(d, 13);
  const jumpflow::log_cosh_loss loss(zs);
  const double n = 50.0, alpha = 0.8, a = 1.1;
  vector dx(d), g(d);
  const double an = a / std::sqrt(n);
  using jumpflow::difference_scheme;
  uniform_rule(loss, n, alpha, a).jump(z, u, 0.0, dx);
  const vector two = alpha * (loss.value(z - an * u) - loss.value(z + an * u)) * an * u;
  EXPECT_LT((dx - two).norm(), 1e-14);
  uniform_rule(loss, n, alpha, a, {.scheme = difference_scheme::one_sided}).jump(z, u, 0.0, dx);
  const vector one = alpha * (loss.value(z) - loss.value(z + an * u)) * an * u;
  EXPECT_LT((dx - one).norm(), 1e-14);
  uniform_rule(loss, n, alpha, a, {.scheme = difference_scheme::linearised}).jump(z, u, 0.0, dx);
  loss.gradient(z, g);
  const vector lin = -(2.0 * alpha * a * a / n) * g.dot(u) * u;
  EXPECT_LT((dx - lin).norm(), 1e-14);
  // Fixed amplitude: A_n = A, alpha_n = alpha / n.
  uniform_rule(loss, n, alpha, a, {.scaling = jumpflow::amplitude_scaling::fixed_amplitude()})
      .jump(z, u, 0.0, dx);
  const vector fixed = (alpha / n) * (loss.value(z - a * u) - loss.value(z + a * u)) * a * u;
  EXPECT_LT((dx - fixed).norm(), 1e-14);
}

// For a quadratic loss the fast path equals the evaluation path, and the two-sided jump is the
// linearised one exactly.
TEST(StdpRule, QuadraticFastPathAndSchemesCoincide) {
  const index d = 5;
  const vector zs = draw(d, 14), z = draw(d, 15), u = draw(d, 16);
  const jumpflow::quadratic_loss loss(zs, spd(d));
  using jumpflow::difference_scheme;
  vector fast(d), lin(d);
  jumpflow::stdp_rule<jumpflow::quadratic_loss>(loss, 30.0, 1.0, 1.0).jump(z, u, 0.0, fast);
  jumpflow::stdp_rule<jumpflow::quadratic_loss>(loss, 30.0, 1.0, 1.0,
                                                {.scheme = difference_scheme::linearised})
      .jump(z, u, 0.0, lin);
  EXPECT_LT((fast - lin).norm(), 1e-13);
  const double an = 1.0 / std::sqrt(30.0);
  const vector slow = (loss.value(z - an * u) - loss.value(z + an * u)) * an * u;
  EXPECT_LT((fast - slow).norm(), 1e-13);
  jumpflow::stdp_rule<jumpflow::quadratic_loss>(loss, 30.0, 1.0, 1.0,
                                                {.scheme = difference_scheme::one_sided})
      .jump(z, u, 0.0, fast);
  EXPECT_LT((fast - (loss.value(z) - loss.value(z + an * u)) * an * u).norm(), 1e-13);
}

TEST(GradientFlow, ClosedFormSolvesTheOde) {
  const index d = 4;
  const vector zs = draw(d, 17), z0 = draw(d, 18);
  for (const auto& loss : {jumpflow::quadratic_loss(zs, spd(d)),
                           jumpflow::quadratic_loss::diagonal(zs, draw(d, 19).cwiseAbs())}) {
    const double kappa = 2.0 / 3.0;
    const jumpflow::quadratic_flow flow(loss, kappa, z0);
    const jumpflow::gradient_flow<jumpflow::quadratic_loss> sys(loss, kappa);
    EXPECT_LT((flow(0.0) - z0).norm(), 1e-14);
    const double t = 0.7, h = 1e-5;
    vector f(d);
    sys(flow(t), f, t);
    EXPECT_LT(((flow(t + h) - flow(t - h)) / (2 * h) - f).norm(), 1e-8);
  }
}

TEST(Oracles, IsotropicClosedFormAgreesWithTheCovarianceOde) {
  // Integrate the covariance ODE by classical RK4 with a fine step (independent of the
  // closed form) and compare traces.
  const index d = 3;
  const vector zs = vector::Zero(d), z0 = vector::Constant(d, 1.0 / std::sqrt(3.0));
  const jumpflow::stdp_rule<jumpflow::quadratic_loss> rule(
      jumpflow::quadratic_loss::isotropic(zs, 1.5), 20.0, 0.9, 1.2);
  const jumpflow::quadratic_covariance_ode ode(rule, z0);
  vector p = vector::Zero(ode.state_dimension()), k1, k2, k3, k4;
  const int steps = 2000;
  const double dt = 1.0 / steps;
  for (int i = 0; i < steps; ++i) {
    const double t = i * dt;
    ode(p, k1, t);
    ode(p + 0.5 * dt * k1, k2, t + 0.5 * dt);
    ode(p + 0.5 * dt * k2, k3, t + 0.5 * dt);
    ode(p + dt * k3, k4, t + dt);
    p += dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
  }
  const double closed = jumpflow::isotropic_mean_square_error(rule, z0, 1.0);
  EXPECT_NEAR(ode.mean_square_error(p), closed, 1e-9 * closed);
  // The form for the uniform law (docs/bnn_theory.md, quadratic oracles): beta = 4 alpha^2 A^4 h^2 (d + 4/5) / (9 n).
  const double gamma = 4.0 / 3.0 * 0.9 * 1.44 * 1.5;
  const double beta = 4.0 * 0.81 * std::pow(1.2, 4) * 2.25 * (3.0 + 0.8) / (9.0 * 20.0);
  EXPECT_NEAR(closed, std::exp(-gamma) * std::expm1(beta), 1e-14);
  EXPECT_THROW(
      jumpflow::isotropic_mean_square_error(
          jumpflow::stdp_rule<jumpflow::quadratic_loss>(
              jumpflow::quadratic_loss::diagonal(zs, vector::LinSpaced(d, 1, 2)), 20.0, 1.0, 1.0),
          z0, 1.0),
      std::invalid_argument);
}

TEST(Oracles, ExplicitBoundConstantOfTheDefaults) {
  const jumpflow::stdp_rule<jumpflow::log_cosh_loss> rule(jumpflow::log_cosh_loss(vector::Zero(2)),
                                                          10.0, 0.5, 1.5);
  const double t = 2.0, g = 1.2, k = 1.0;
  EXPECT_NEAR(jumpflow::explicit_bound_constant(rule, t, g, k),
              4.0 * std::sqrt(t / 5.0) * 0.5 * 2.25 * g * std::exp(2.0 / 3.0 * 2.25 * 0.5 * k * t),
              1e-12);
  const auto m = jumpflow::moments_of(jumpflow::uniform_cube_law(3));
  EXPECT_DOUBLE_EQ(m.fourth, 0.2);
  EXPECT_DOUBLE_EQ(jumpflow::moments_of(jumpflow::gaussian_law(3, 2.0)).fourth, 48.0);
}

}  // namespace
