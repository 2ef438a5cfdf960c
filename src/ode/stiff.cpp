// stiffness() and the work of integrate_rosenbrock4() (include/jumpflow/ode/stiff.hpp).
#include "jumpflow/ode/stiff.hpp"

#include <Eigen/Eigenvalues>
#include <string>

#include "rosenbrock4.hpp"

namespace jumpflow {

double stiffness(const matrix& J, double span) {
  constexpr const char* fn = "jumpflow::stiffness";
  require_argument(J.rows() == J.cols() && J.rows() >= 1, fn, "J.rows()",
                   static_cast<long long>(J.rows()),
                   "equal to J.cols() = " + std::to_string(J.cols()) + " and >= 1");
  require_domain(std::isfinite(span) && span >= 0.0, fn, "span", span, "finite and >= 0");
  require_domain(J.allFinite(), fn, "J", "a matrix with a non-finite entry", "finite");
  const Eigen::EigenSolver<matrix> solver(J, false);
  double fastest = 0.0;
  for (const auto& lambda : solver.eigenvalues()) fastest = std::max(fastest, -lambda.real());
  return span * fastest;
}

namespace detail {

std::size_t integrate_rosenbrock4(ode_function sys, ode_jacobian_function jac, vector& x, double t0,
                                  double t1, const ode_options& options, ode_step_observer obs) {
  constexpr const char* fn = "jumpflow::integrate_rosenbrock4";
  check_ode_span(fn, x, t0, t1);
  check_ode_options(fn, options);
  checked_ode_observer<const ode_step_observer> checked{obs, fn};
  if (t1 == t0) {
    checked(x, t0);
    return 0;
  }
  namespace odeint = boost::numeric::odeint;
  return odeint::integrate_adaptive(rosenbrock4_dense_stepper(options), rosenbrock_system(sys, jac),
                                    x, t0, t1, std::min(options.initial_step, t1 - t0),
                                    std::ref(checked));
}

}  // namespace detail
}  // namespace jumpflow
