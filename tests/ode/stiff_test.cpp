// The implicit stepper for stiff limits: integrate_rosenbrock4(), dense_solution with
// ode_stepper::rosenbrock4 / automatic, Jacobians and the stiffness estimate. Deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <stdexcept>
#include <string>

#include "jumpflow/ode.hpp"

namespace {

using jumpflow::matrix;
using jumpflow::vector;

// Robertson's chemical kinetics (Robertson 1966; Hairer and Wanner, Solving ODEs II, IV.1):
// A -> B (0.04), 2B -> B + C (3e7), B + C -> A + C (1e4). Stiff: the Jacobian's fastest
// eigenvalue is about -1e4 once C has formed, while the solution evolves on the scale t.
void robertson(const vector& y, vector& dy, double) {
  dy.resize(3);
  dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
  dy[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1];
  dy[2] = 3e7 * y[1] * y[1];
}

void robertson_jacobian(const vector& y, matrix& J, double) {
  J.resize(3, 3);
  J << -0.04, 1e4 * y[2], 1e4 * y[1],               //
      0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1],  //
      0.0, 6e7 * y[1], 0.0;
}

vector robertson_start() {
  vector y(3);
  y << 1.0, 0.0, 0.0;
  return y;
}

// Oracle: the reference solution at t = 40 of Hairer and Wanner (also SUNDIALS' cvRoberts
// example): y = (0.7158270687, 9.185534764e-6, 0.2841637457). Both steppers at tolerance 1e-8
// must agree with it to 1e-6 relative (y2: 1e-5, it is tiny), so they agree with each other; the
// explicit one must need at least 20 times the steps (counted by an observer: at t = 40 the
// fastest time constant is ~1e-4, so Dormand-Prince's stability limit, |h lambda| <~ 3.3,
// forces ~1e5 steps, while rosenbrock4 follows the solution's own scale).
TEST(Rosenbrock4, RobertsonTakesFarFewerStepsThanExplicit) {
  jumpflow::ode_options o;
  o.abs_tol = 1e-10;
  o.rel_tol = 1e-8;
  o.initial_step = 1e-6;
  const double reference[] = {0.7158270687, 9.185534764e-6, 0.2841637457};
  std::size_t implicit_steps = 0, explicit_steps = 0;
  vector yi = robertson_start(), ye = robertson_start();
  jumpflow::integrate_rosenbrock4(robertson, robertson_jacobian, yi, 0.0, 40.0, o,
                                  [&](const vector&, double) { ++implicit_steps; });
  jumpflow::integrate(robertson, ye, 0.0, 40.0, o,
                      [&](const vector&, double) { ++explicit_steps; });
  std::cout << "observed steps: rosenbrock4 " << implicit_steps << ", Dormand-Prince "
            << explicit_steps << "\n";
  for (int i = 0; i < 3; ++i) {
    const double tol = (i == 1 ? 1e-5 : 1e-6) * reference[i];
    EXPECT_NEAR(yi[i], reference[i], tol) << "rosenbrock4, component " << i;
    EXPECT_NEAR(ye[i], reference[i], tol) << "Dormand-Prince, component " << i;
  }
  EXPECT_GT(explicit_steps, 20 * implicit_steps);
}

// dense_solution: ode_stepper::automatic detects Robertson as stiff (after its explicit probe:
// at t = 0 the Jacobian is not stiff) and a slow linear decay as not stiff; the rosenbrock4
// solution (degree-3 continuous extension) matches the Dormand-Prince one at interior times.
// Oracle: the explicit solution at tolerance 1e-10; tolerance 1e-6 relative plus 1e-10 absolute
// (the implicit steppers' tolerances: rel_tol 1e-8, abs_tol 1e-10, which dominates for the tiny
// y2 ~ 1e-5).
TEST(Rosenbrock4, DenseSolutionChoosesTheStepperAndAgrees) {
  jumpflow::ode_options o;
  o.stepper = jumpflow::ode_stepper::automatic;
  o.rel_tol = 1e-8;
  const jumpflow::dense_solution stiff(robertson, robertson_jacobian, robertson_start(), 0.0, 40.0,
                                       o);
  EXPECT_TRUE(stiff.implicit());
  // The same with the Jacobian by finite differences.
  const jumpflow::dense_solution stiff_fd(robertson, robertson_start(), 0.0, 40.0, o);
  EXPECT_TRUE(stiff_fd.implicit());
  const jumpflow::dense_solution reference(robertson, robertson_start(), 0.0, 40.0);
  EXPECT_FALSE(reference.implicit());
  std::cout << "stored steps: rosenbrock4 " << stiff.steps() << " (finite-difference Jacobian "
            << stiff_fd.steps() << "), Dormand-Prince " << reference.steps() << "\n";
  for (const double t : {0.013, 0.4, 3.7, 17.0, 40.0}) {
    for (const auto* s : {&stiff, &stiff_fd}) {
      const vector a = (*s)(t), b = reference(t);
      for (int i = 0; i < 3; ++i) EXPECT_NEAR(a[i], b[i], 1e-6 * std::abs(b[i]) + 1e-10) << t;
    }
  }
  const auto decay = [](const vector& x, vector& dx, double) { dx = -x; };
  vector one(1);
  one << 1.0;
  const jumpflow::dense_solution slow(decay, one, 0.0, 5.0, o);
  EXPECT_FALSE(slow.implicit());
  o.stepper = jumpflow::ode_stepper::rosenbrock4;
  const jumpflow::dense_solution forced(decay, one, 0.0, 5.0, o);
  EXPECT_TRUE(forced.implicit());
  EXPECT_NEAR(forced(2.5)[0], std::exp(-2.5), 1e-7);
}

// The finite-difference Jacobian matches the analytic one to 1e-3 relative (forward
// differences with h = sqrt(machine epsilon) = 1.5e-8: the error is h/2 times the second
// derivative, 0.45 in the y2 column where 3e7 y2^2 has curvature 6e7, against a norm of 5e3); the
// stiffness estimate is span x the fastest decay rate (a diagonal Jacobian: exact) and checks its
// input.
TEST(Rosenbrock4, JacobianAndStiffness) {
  vector y(3);
  y << 0.7, 2e-5, 0.3;
  matrix analytic, fd;
  robertson_jacobian(y, analytic, 0.0);
  auto sys = robertson;
  jumpflow::finite_difference_jacobian(sys, y, 0.0, fd);
  EXPECT_LT((fd - analytic).norm(), 1e-3 * analytic.norm());
  matrix d = matrix::Zero(2, 2);
  d(0, 0) = -1.0;
  d(1, 1) = -1e3;
  EXPECT_DOUBLE_EQ(jumpflow::stiffness(d, 10.0), 1e4);
  d(1, 1) = 5.0;  // growth is not stiffness
  EXPECT_DOUBLE_EQ(jumpflow::stiffness(d, 10.0), 10.0);
  try {
    (void)jumpflow::stiffness(matrix::Zero(2, 3), 1.0);
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "jumpflow::stiffness: J.rows() is 2, but must be equal to J.cols() = 3 and >= 1");
  }
  EXPECT_THROW((void)jumpflow::stiffness(d, -1.0), std::domain_error);
  vector bad = robertson_start();
  EXPECT_THROW(jumpflow::integrate_rosenbrock4(robertson, robertson_jacobian, bad, 1.0, 0.0),
               std::domain_error);
}

}  // namespace
