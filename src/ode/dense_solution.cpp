// The compiled part of dense_solution (include/jumpflow/ode/dense_solution.hpp): solving and
// storing, once in the library for every vector field (it comes type-erased).
#include "jumpflow/ode/dense_solution.hpp"

#include <functional>

#include "rosenbrock4.hpp"

namespace jumpflow {

dense_solution::dense_solution(detail::ode_function sys, detail::ode_jacobian_function jac,
                               const vector& x0, double t0, double t1, const ode_options& options)
    : t0_(t0), t1_(t1), dim_(x0.size()) {
  auto differences = [&sys](const vector& x, matrix& J, double t) {
    finite_difference_jacobian(sys, x, t, J);
  };
  if (!jac) jac = detail::ode_jacobian_function(differences);
  constexpr const char* fn = "jumpflow::dense_solution";
  detail::check_ode_span(fn, x0, t0, t1);
  detail::check_ode_options(fn, options);
  if (t1 == t0) {
    push_constant_step(x0);
    compute_speed_bound();
    build_buckets();
    return;
  }
  namespace odeint = boost::numeric::odeint;
  bool implicit = options.stepper == ode_stepper::rosenbrock4;
  if (options.stepper == ode_stepper::automatic) {
    // Stiff at the start, or after a short explicit probe (a stiff mode may switch on only
    // once the solution has moved, as in Robertson's kinetics)?
    matrix J(dim_, dim_);
    jac(x0, J, t0);
    implicit = stiffness(J, t1 - t0) > stiffness_threshold;
    if (!implicit) {
      auto probe =
          odeint::make_dense_output(options.abs_tol, options.rel_tol, detail::dopri5_stepper());
      probe.initialize(x0, t0, std::min(options.initial_step, t1 - t0));
      for (std::size_t k = 0; k < automatic_probe_steps && probe.current_time() < t1; ++k) {
        probe.do_step(std::ref(sys));
      }
      if (probe.current_time() < t1 && probe.current_state().allFinite()) {
        jac(probe.current_state(), J, probe.current_time());
        implicit = stiffness(J, t1 - probe.current_time()) > stiffness_threshold;
      }
    }
  }
  if (implicit) {
    auto stepper = detail::rosenbrock4_dense_stepper(options);
    solve(fn, stepper, detail::rosenbrock_system(sys, jac), x0, options);
  } else {
    auto stepper =
        odeint::make_dense_output(options.abs_tol, options.rel_tol, detail::dopri5_stepper());
    solve(fn, stepper, std::ref(sys), x0, options);
  }
  implicit_ = implicit;
}

template <class Stepper, class Sys>
void dense_solution::solve(const char* fn, Stepper& stepper, Sys sys, const vector& x0,
                           const ode_options& options) {
  const double span = t1_ - t0_;
  stepper.initialize(x0, t0_, std::min(options.initial_step, span));
  vector sample = x0;
  // A relative tolerance on the end time: stop when within a few ulps of t1.
  const double end_slack =
      4.0 * std::numeric_limits<double>::epsilon() * std::max(std::abs(t0_), std::abs(t1_));
  while (stepper.current_time() < t1_ - end_slack) {
    const double remaining = t1_ - stepper.current_time();
    if (stepper.current_time_step() > remaining) {
      // Cut the step to land on t1 (as odeint's integrate_adaptive does).
      stepper.initialize(stepper.current_state(), stepper.current_time(), remaining);
    }
    const auto [a, b] = stepper.do_step(sys);
    const vector& xb = stepper.current_state();
    if (!xb.allFinite()) {
      for (index i = 0; i < dim_; ++i) {
        require_simulation(std::isfinite(xb[i]), fn,
                           detail::concat("component ", format_value(static_cast<long long>(i)),
                                          " of the solution"),
                           xb[i], b, "finite");
      }
    }
    starts_.push_back(a);
    widths_.push_back(b - a);
    push_node(stepper.previous_state());
    for (std::size_t j = 1; j + 1 < node_count; ++j) {
      stepper.calc_state(a + (b - a) * node_theta(j), sample);
      push_node(sample);
    }
    push_node(stepper.current_state());
    finish_step();
  }
  // The last step ends at t1 up to rounding; make the span exact.
  widths_.back() = t1_ - starts_.back();
  for (const double w : widths_) inverse_widths_.push_back(w > 0 ? 1.0 / w : 0.0);
  compute_speed_bound();
  build_buckets();
}

void dense_solution::finish_step() {
  // Inverse of V_{mk} = (m/5)^k, m, k = 1..5, computed once.
  static const Eigen::Matrix<double, 5, 5> inverse = [] {
    Eigen::Matrix<double, 5, 5> v;
    for (int m = 1; m <= 5; ++m) {
      for (int k = 1; k <= 5; ++k) v(m - 1, k - 1) = std::pow(m / 5.0, k);
    }
    return Eigen::Matrix<double, 5, 5>(v.fullPivLu().inverse());
  }();
  const auto d = static_cast<std::size_t>(dim_);
  const std::size_t base = data_.size() - node_count * d;
  data_.resize(base + block * d);
  double* y = data_.data() + base;
  std::copy(y + 5 * d, y + 6 * d, y + 6 * d);  // y1
  for (std::size_t i = 0; i < d; ++i) {
    Eigen::Matrix<double, 5, 1> rhs;
    for (int m = 1; m <= 5; ++m) rhs[m - 1] = y[static_cast<std::size_t>(m) * d + i] - y[i];
    const Eigen::Matrix<double, 5, 1> c = inverse * rhs;
    for (int k = 1; k <= 5; ++k) y[static_cast<std::size_t>(k) * d + i] = c[k - 1];
  }
}

void dense_solution::compute_speed_bound() {
  const auto d = static_cast<std::size_t>(dim_);
  speed_bound_ = 0.0;
  step_speeds_.assign(starts_.size(), 0.0);
  step_curvatures_.assign(starts_.size(), 0.0);
  step_slopes_.assign(2 * starts_.size() * d, 0.0);
  step_spreads_.assign(starts_.size(), 0.0);
  for (std::size_t k = 0; k < starts_.size(); ++k) {
    const double* y = data_.data() + k * block * d;
    double sum = 0.0, second = 0.0;
    for (std::size_t m = 1; m <= 5; ++m) {
      for (std::size_t i = 0; i < d; ++i) {
        sum += static_cast<double>(m) * std::abs(y[m * d + i]);
        second += static_cast<double>(m * (m - 1)) * std::abs(y[m * d + i]);
      }
    }
    step_speeds_[k] = sum * inverse_widths_[k];
    // x''(s) = sum_m m (m - 1) c_m theta^(m - 2) / h^2 with theta in [0, 1]; rounded up (2^-40
    // covers the sums of at most 5 d terms and the two products).
    step_curvatures_[k] = second * inverse_widths_[k] * inverse_widths_[k] * (1.0 + 0x1p-40);
    // x_i'(s) = (c_1 + sum_{m >= 2} m c_m theta^(m - 1)) / h lies within c_1 / h -+ the sum of
    // the others' magnitudes (rounded outwards).
    for (std::size_t i = 0; i < d; ++i) {
      double spread = 0.0;
      for (std::size_t m = 2; m <= 5; ++m)
        spread += static_cast<double>(m) * std::abs(y[m * d + i]);
      const double c1 = y[d + i];
      const double lo = (c1 - spread) * inverse_widths_[k], hi = (c1 + spread) * inverse_widths_[k];
      const double pad = 0x1p-40 * (std::abs(lo) + std::abs(hi));
      step_slopes_[2 * (k * d + i)] = lo - pad;
      step_slopes_[2 * (k * d + i) + 1] = hi + pad;
    }
    // The first step of chord_horizon()'s walk, as the walk computes it.
    step_spreads_[k] = spread(step_slopes_.data() + 2 * k * d, d);
    speed_bound_ = std::max(speed_bound_, step_speeds_[k]);
  }
}

void dense_solution::push_constant_step(const vector& x0) {
  starts_.push_back(t0_);
  widths_.push_back(0.0);
  inverse_widths_.push_back(0.0);
  push_node(x0);
  data_.resize(data_.size() + 5 * x0.size(), 0.0);
  push_node(x0);
}

void dense_solution::build_buckets() {
  const std::size_t m = starts_.size();
  bucket_first_.assign(m + 1, 0);
  const double span = t1_ - t0_;
  scale_ = span > 0 ? static_cast<double>(m) / span : 0.0;
  std::size_t k = 0;
  for (std::size_t b = 0; b <= m; ++b) {
    const double edge = t0_ + static_cast<double>(b) / scale_;
    // First step whose end is >= the bucket's left edge.
    while (k + 1 < m && starts_[k] + widths_[k] < edge) ++k;
    bucket_first_[b] = k;
  }
}

void dense_solution::out_of_span(double t) const {
  throw std::domain_error(
      error_message("jumpflow::dense_solution::operator()", "t", format_value(t),
                    detail::concat("in [", format_value(t0_), ", ", format_value(t1_), "]")));
}

}  // namespace jumpflow
