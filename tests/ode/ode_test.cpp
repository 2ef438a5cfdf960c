// Unit tests of the ode module: integrate() with several steppers, dense_solution and the
// linear-noise covariance ODE, against closed forms (deterministic, tolerances from the
// integrators' error bounds).
#include "jumpflow/ode.hpp"

// integrate() with odeint's other steppers (jumpflow brings only Dormand-Prince).
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/numeric/odeint.hpp>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace {

using jumpflow::matrix;
using jumpflow::vector;
namespace odeint = boost::numeric::odeint;

// x' = A x with A a rotation generator plus damping: x(t) = e^{-t/4} R(t) x0.
void damped_rotation(const vector& x, vector& dxdt, double /*t*/) {
  dxdt[0] = -0.25 * x[0] + x[1];
  dxdt[1] = -x[0] - 0.25 * x[1];
}
vector damped_rotation_exact(double t) {
  vector x(2);
  const double a = std::exp(-0.25 * t);
  x << a * std::cos(t), -a * std::sin(t);  // x0 = (1, 0)
  return x;
}

// Logistic x' = r x (1 - x / K): x(t) = K / (1 + (K/x0 - 1) e^{-r t}).
constexpr double r_log = 1.5, k_log = 2.0, x0_log = 0.1;
void logistic(const vector& x, vector& dxdt, double /*t*/) {
  dxdt[0] = r_log * x[0] * (1.0 - x[0] / k_log);
}
double logistic_exact(double t) {
  return k_log / (1.0 + (k_log / x0_log - 1.0) * std::exp(-r_log * t));
}

vector unit_x() {
  vector x(2);
  x << 1.0, 0.0;
  return x;
}

TEST(Integrate, DefaultStepperMatchesLinearClosedForm) {
  vector x = unit_x();
  std::size_t observed = 0;
  const std::size_t steps = jumpflow::integrate(damped_rotation, x, 0.0, 5.0, {},
                                                [&](const vector&, double) { ++observed; });
  EXPECT_GT(steps, 10u);
  EXPECT_EQ(observed, steps + 1);  // t0 plus every step
  EXPECT_LT((x - damped_rotation_exact(5.0)).norm(), 1e-8);
}

TEST(Integrate, LogisticWithControlledStepperAndStdRef) {
  auto controlled = odeint::make_controlled(1e-12, 1e-12, jumpflow::detail::dopri5_stepper());
  vector x(1);
  x << x0_log;
  jumpflow::integrate(std::ref(controlled), logistic, x, 0.0, 4.0, 0.01);
  EXPECT_NEAR(x[0], logistic_exact(4.0), 1e-9);
}

TEST(Integrate, EndsExactlyAtT1WithFixedStepper) {
  odeint::runge_kutta4<vector, double, vector, double, odeint::vector_space_algebra> rk4;
  vector x = unit_x();
  double last_t = 0.0;
  jumpflow::integrate(rk4, damped_rotation, x, 0.0, 1.05, 0.1,
                      [&](const vector&, double t) { last_t = t; });
  EXPECT_DOUBLE_EQ(last_t, 1.05);
  EXPECT_LT((x - damped_rotation_exact(1.05)).norm(), 1e-5);
}

// Observed order p from the error at steps h and h/2: p = log2(e(h)/e(h/2)).
template <class Stepper>
double observed_order(Stepper stepper, double h) {
  auto err = [&](double dt) {
    vector x = unit_x();
    jumpflow::integrate(stepper, damped_rotation, x, 0.0, 2.0, dt);
    return (x - damped_rotation_exact(2.0)).norm();
  };
  return std::log2(err(h) / err(h / 2));
}

TEST(Integrate, ObservedOrderOfSteppers) {
  using odeint::vector_space_algebra;
  EXPECT_NEAR(
      observed_order(odeint::euler<vector, double, vector, double, vector_space_algebra>(), 0.01),
      1.0, 0.05);
  EXPECT_NEAR(
      observed_order(
          odeint::modified_midpoint<vector, double, vector, double, vector_space_algebra>(), 0.02),
      2.0, 0.1);
  EXPECT_NEAR(
      observed_order(odeint::runge_kutta4<vector, double, vector, double, vector_space_algebra>(),
                     0.05),
      4.0, 0.1);
  EXPECT_NEAR(
      observed_order(
          odeint::runge_kutta_cash_karp54<vector, double, vector, double, vector_space_algebra>(),
          0.1),
      5.0, 0.2);
  EXPECT_NEAR(observed_order(jumpflow::detail::dopri5_stepper(), 0.1), 5.0, 0.2);
}

TEST(Integrate, RejectsBadInput) {
  vector x = unit_x();
  EXPECT_THROW(jumpflow::integrate(damped_rotation, x, 1.0, 0.0), std::domain_error);
  EXPECT_THROW(jumpflow::integrate(damped_rotation, x, 0.0, INFINITY), std::domain_error);
  vector bad = unit_x();
  bad[1] = NAN;
  EXPECT_THROW(jumpflow::integrate(damped_rotation, bad, 0.0, 1.0), std::domain_error);
  jumpflow::ode_options o;
  o.abs_tol = 0.0;
  EXPECT_THROW(jumpflow::integrate(damped_rotation, x, 0.0, 1.0, o), std::domain_error);
  vector empty;
  EXPECT_THROW(jumpflow::integrate(damped_rotation, empty, 0.0, 1.0), std::invalid_argument);
  odeint::runge_kutta4<vector, double, vector, double, odeint::vector_space_algebra> rk4;
  EXPECT_THROW(jumpflow::integrate(rk4, damped_rotation, x, 0.0, 1.0, 0.0), std::domain_error);
}

TEST(Integrate, BlowUpIsASimulationErrorNamingTheTime) {
  // x' = x^2, x(0) = 1 blows up at t = 1; with a fixed step the state overflows to inf.
  auto blow = [](const vector& x, vector& dxdt, double) { dxdt = x.array().square(); };
  odeint::runge_kutta4<vector, double, vector, double, odeint::vector_space_algebra> rk4;
  vector x(1);
  x << 1.0;
  try {
    jumpflow::integrate(rk4, blow, x, 0.0, 3.0, 0.25);
    FAIL() << "expected simulation_error";
  } catch (const jumpflow::simulation_error& e) {
    EXPECT_NE(std::string(e.what()).find("at time"), std::string::npos) << e.what();
  }
}

TEST(DenseSolution, MatchesClosedFormsEverywhere) {
  const jumpflow::dense_solution lin(damped_rotation, unit_x(), 0.0, 5.0);
  vector out(2);
  double worst = 0.0;
  for (int i = 0; i <= 1000; ++i) {
    const double t = 5.0 * i / 1000.0;
    lin(t, out);
    worst = std::max(worst, (out - damped_rotation_exact(t)).norm());
  }
  EXPECT_LT(worst, 1e-8);
  EXPECT_EQ(lin.dimension(), 2);
  EXPECT_GT(lin.steps(), 10u);
  EXPECT_EQ(lin(5.0), lin(lin.t1()));

  vector x0(1);
  x0 << x0_log;
  const jumpflow::dense_solution log(logistic, x0, 0.0, 6.0);
  worst = 0.0;
  for (int i = 0; i <= 997; ++i) {  // times not aligned with the steps
    const double t = 6.0 * i / 997.0;
    worst = std::max(worst, std::abs(log(t)[0] - logistic_exact(t)));
  }
  EXPECT_LT(worst, 1e-8);
  EXPECT_NEAR(log(6.0)[0], logistic_exact(6.0), 1e-8);
}

// The stored six-node interpolant reproduces odeint's own dense output (degree 5 in theta).
TEST(DenseSolution, ReproducesOdeintDenseOutput) {
  vector x0(1);
  x0 << x0_log;
  const jumpflow::dense_solution sol(logistic, x0, 0.0, 6.0);
  auto st = odeint::make_dense_output(1e-10, 1e-10, jumpflow::detail::dopri5_stepper());
  st.initialize(x0, 0.0, 1e-3);
  vector ref(1);
  double worst = 0.0;
  int compared = 0;
  while (st.current_time() < 5.0) {
    const auto [a, b] = st.do_step(logistic);
    for (double th : {0.13, 0.37, 0.5, 0.71, 0.93}) {
      st.calc_state(a + th * (b - a), ref);
      worst = std::max(worst, std::abs(sol(a + th * (b - a))[0] - ref[0]));
      ++compared;
    }
  }
  EXPECT_GT(compared, 50);
  EXPECT_LT(worst, 1e-13);
}

TEST(DenseSolution, AnyOrderOfTimesGivesTheSameValues) {
  const jumpflow::dense_solution sol(damped_rotation, unit_x(), 1.0, 3.0);
  std::vector<double> ts;
  for (int i = 0; i <= 200; ++i) ts.push_back(1.0 + 2.0 * ((i * 37) % 201) / 200.0);
  for (double t : ts) {
    vector a = sol(t);
    vector b(2);
    sol(t, b);
    EXPECT_EQ(a, b);
    EXPECT_LT((a - damped_rotation_exact(t - 1.0)).norm(), 1e-8);
  }
}

// horizon(t, r): the stored solution stays within r (l1) of x(t) on [t, horizon], checked on
// a fine grid of the interpolant, and it reaches at least as far as the global speed bound
// (t + r / L, up to rounding) and never past t1; it stays short of t1 only after a walk of 64
// steps. A cursor gives the same horizon.
TEST(DenseSolution, HorizonBoundsTheMotion) {
  const jumpflow::dense_solution sol(damped_rotation, unit_x(), 0.0, 5.0);
  const jumpflow::dense_cursor cursor(sol);
  const double L = sol.speed_bound();
  int further = 0;
  for (int i = 0; i < 50; ++i) {
    const double t = 5.0 * i / 50.0;
    for (double r : {1e-4, 1e-2, 0.3, 10.0}) {
      const double tau = sol.horizon(t, r);
      EXPECT_EQ(cursor.horizon(t, r), tau);
      // (Except for r = 10, where the walk stops after its 64 steps.)
      if (r < 1.0) {
        EXPECT_GE(tau, std::min(t + r / L * (1 - 1e-9), 5.0)) << "t " << t << " r " << r;
      }
      EXPECT_LE(tau, 5.0);
      if (tau > t + r / L * (1 + 1e-3)) ++further;
      const vector xt = sol(t);
      for (int j = 0; j <= 400; ++j) {
        const double s = t + (tau - t) * j / 400.0;
        EXPECT_LE((sol(s) - xt).lpNorm<1>(), r) << "t " << t << " r " << r << " s " << s;
      }
    }
  }
  EXPECT_GT(further, 50);  // the per-step bounds reach further where the solution slows down
  // No guarantee outside the span, or for a negative distance.
  EXPECT_EQ(sol.horizon(6.0, 1.0), 6.0);
  EXPECT_EQ(sol.horizon(1.0, -1.0), 1.0);
  // A constant solution stays put: the horizon is the end of the span.
  const jumpflow::dense_solution still([](const vector&, vector& dxdt, double) { dxdt.setZero(); },
                                       unit_x(), 0.0, 3.0);
  EXPECT_EQ(still.horizon(0.5, 0.0), 3.0);
}

// chord_horizon(t, r): the stored solution stays within r (l1) of the straight line from x(t)
// to x(u) on [t, u], checked on a fine grid of the interpolant; u never passes t1. The bound is
// not vacuous: on the cases with a small r whose window ends before t1, the largest distance to
// the chord found on the grid is at least a tenth of r in most of them (133 of 148 when
// written, the largest 0.97 r), and the window reaches further than horizon(t, r) (within r of
// x(t)) in most of them (all 148). A cursor gives the same u.
TEST(DenseSolution, ChordHorizonBoundsTheDistanceToTheChord) {
  const jumpflow::dense_solution sol(damped_rotation, unit_x(), 0.0, 5.0);
  const jumpflow::dense_cursor cursor(sol);
  int cases = 0, sharp = 0, further = 0;
  double worst = 0.0;  // the largest distance / r seen
  for (int i = 0; i < 50; ++i) {
    const double t = 5.0 * i / 50.0;
    for (double r : {1e-6, 1e-4, 1e-2, 0.3}) {
      const double u = sol.chord_horizon(t, r);
      EXPECT_EQ(cursor.chord_horizon(t, r), u);
      EXPECT_GT(u, t);
      EXPECT_LE(u, 5.0);
      const vector xt = sol(t), xu = sol(u);
      double largest = 0.0;
      for (int j = 0; j <= 400; ++j) {
        const double s = t + (u - t) * j / 400.0;
        const vector chord = xt + (xu - xt) * ((s - t) / (u - t));
        const double distance = (sol(s) - chord).lpNorm<1>();
        EXPECT_LE(distance, r) << "t " << t << " r " << r << " s " << s;
        largest = std::max(largest, distance);
      }
      worst = std::max(worst, largest / r);
      if (r <= 1e-2 && u < 5.0) {
        ++cases;
        if (largest >= 0.1 * r) ++sharp;
        if (u > sol.horizon(t, r)) ++further;
      }
    }
  }
  std::printf(
      "%d cases, %d with a distance >= r/10, %d beyond horizon(); largest distance / r %.3f\n",
      cases, sharp, further, worst);
  EXPECT_GT(sharp, cases * 3 / 4);
  EXPECT_GT(further, cases * 3 / 4);
  // No guarantee outside the span, or for a negative distance.
  EXPECT_EQ(sol.chord_horizon(6.0, 1.0), 6.0);
  EXPECT_EQ(sol.chord_horizon(1.0, -1.0), 1.0);
  // A straight line (constant speed) is its own chord up to rounding: a distance of 1e-9
  // reaches the end of the span (0 does not: the bounds are padded by 2^-40 of the speed).
  const jumpflow::dense_solution line([](const vector&, vector& dxdt, double) { dxdt.setOnes(); },
                                      unit_x(), 0.0, 3.0);
  EXPECT_EQ(line.chord_horizon(0.5, 1e-9), 3.0);
  EXPECT_EQ(line.chord_horizon(0.5, 0.0), 0.5);
}

TEST(DenseSolution, DegenerateSpanAndBadInput) {
  const jumpflow::dense_solution sol(damped_rotation, unit_x(), 2.0, 2.0);
  EXPECT_EQ(sol(2.0), unit_x());
  const jumpflow::dense_solution s2(damped_rotation, unit_x(), 0.0, 1.0);
  EXPECT_THROW(s2(1.5), std::domain_error);
  EXPECT_THROW(s2(-0.1), std::domain_error);
  EXPECT_THROW(s2(NAN), std::domain_error);
  try {
    s2(2.0);
  } catch (const std::domain_error& e) {
    EXPECT_STREQ(e.what(), "jumpflow::dense_solution::operator(): t is 2, but must be in [0, 1]");
  }
  EXPECT_THROW(jumpflow::dense_solution(damped_rotation, unit_x(), 1.0, 0.0), std::domain_error);
  auto blow = [](const vector& x, vector& dxdt, double) { dxdt = x.array().square(); };
  vector one(1);
  one << 1.0;
  EXPECT_THROW(jumpflow::dense_solution(blow, one, 0.0, 2.0), jumpflow::simulation_error);
}

// Immigration-death: births at rate n*lambda, deaths at rate mu*X, x = X/n. The limit is
// x' = lambda - mu x, G(x) = lambda + mu x, and since the rates are linear the linear-noise
// covariance is exact: n Var(X_t / n) = x0 e^{-mu t}(1 - e^{-mu t}) + lambda (1 - e^{-mu t}) / mu
// (X_t = Binomial(n x0, e^{-mu t}) + Poisson(n lambda (1 - e^{-mu t}) / mu)).
constexpr double lam = 2.0, mu = 0.7, x0_id = 0.5;
double id_exact_variance(double t) {
  const double e = std::exp(-mu * t);
  return x0_id * e * (1.0 - e) + lam * (1.0 - e) / mu;
}

TEST(LinearNoise, ImmigrationDeathCovarianceIsExact) {
  auto drift = [](const vector& x, vector& dxdt) { dxdt[0] = lam - mu * x[0]; };
  auto noise = [](const vector& x, matrix& g) { g(0, 0) = lam + mu * x[0]; };
  vector x0(1);
  x0 << x0_id;
  const matrix s0 = matrix::Zero(1, 1);
  for (double t : {0.5, 1.0, 3.0}) {
    const auto fd = jumpflow::linear_noise_covariance(drift, noise, x0, s0, 0.0, t);
    EXPECT_NEAR(fd.covariance(0, 0), id_exact_variance(t), 1e-8) << "t = " << t;
    EXPECT_NEAR(fd.mean[0], lam / mu + (x0_id - lam / mu) * std::exp(-mu * t), 1e-9);
    const auto exact_j = jumpflow::linear_noise_covariance(
        drift, noise, x0, s0, 0.0, t, {}, [](const vector&, matrix& j) { j(0, 0) = -mu; });
    EXPECT_NEAR(exact_j.covariance(0, 0), id_exact_variance(t), 1e-9) << "t = " << t;
  }
}

// Two independent immigration-death coordinates with different rates: the covariance stays
// diagonal and each diagonal entry is the 1-D exact variance (checks the matrix plumbing).
TEST(LinearNoise, IndependentCoordinatesStayDiagonal) {
  auto drift = [](const vector& x, vector& dxdt) {
    dxdt[0] = lam - mu * x[0];
    dxdt[1] = 1.0 - 2.0 * x[1];
  };
  auto noise = [](const vector& x, matrix& g) {
    g.setZero();
    g(0, 0) = lam + mu * x[0];
    g(1, 1) = 1.0 + 2.0 * x[1];
  };
  vector x0(2);
  x0 << x0_id, 0.0;
  const auto r = jumpflow::linear_noise_covariance(drift, noise, x0, matrix::Zero(2, 2), 0.0, 1.0);
  EXPECT_NEAR(r.covariance(0, 0), id_exact_variance(1.0), 1e-8);
  EXPECT_NEAR(r.covariance(1, 1), (1.0 - std::exp(-2.0)) / 2.0, 1e-8);
  EXPECT_NEAR(r.covariance(0, 1), 0.0, 1e-12);
  EXPECT_NEAR(r.covariance(1, 0), 0.0, 1e-12);
}

TEST(LinearNoise, FiniteDifferenceJacobianOfNonlinearDrift) {
  auto drift = [](const vector& x, vector& dxdt) {
    dxdt[0] = -2.0 * x[0] * x[1];
    dxdt[1] = 2.0 * x[0] * x[1] - x[1];
  };
  vector x(2);
  x << 0.8, 0.3;
  matrix j;
  jumpflow::finite_difference_jacobian(drift, x, j);
  matrix exact(2, 2);
  exact << -0.6, -1.6, 0.6, 0.6;
  EXPECT_LT((j - exact).norm(), 1e-9);
}

TEST(LinearNoise, RejectsMismatchedSizes) {
  auto drift = [](const vector& x, vector& dxdt) { dxdt = -x; };
  auto noise = [](const vector&, matrix& g) { g.setIdentity(); };
  vector x0(2);
  x0 << 1.0, 1.0;
  EXPECT_THROW(jumpflow::linear_noise_covariance(drift, noise, x0, matrix::Zero(1, 1), 0.0, 1.0),
               std::invalid_argument);
}

}  // namespace
