#include "jumpflow/limit/asymptotic_error_constant.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>
#include <string>
#include <vector>

namespace jumpflow::detail {

void check_asymptotic_error_options(const char* fn, const asymptotic_error_options& o) {
  require_argument(o.steps >= 2 && o.steps % 2 == 0, fn, "options.steps",
                   static_cast<unsigned long long>(o.steps),
                   "even and >= 2 (the coarse grid is every other point)");
  require_argument(o.paths >= 2, fn, "options.paths", static_cast<unsigned long long>(o.paths),
                   ">= 2");
  require_domain(std::isfinite(o.level) && o.level > 0.0 && o.level < 1.0, fn, "options.level",
                 o.level, "in (0, 1)");
}

asymptotic_error_result assemble_asymptotic_error(const grid_sups& sups, std::size_t steps,
                                                  double horizon, double level) {
  // Richardson in sqrt(h): S_h^2 = S^2 - c sqrt(h) + o(sqrt h), so
  // S^2 ~ S_h^2 + (S_h^2 - S_2h^2) / (sqrt 2 - 1), path by path (S_h >= S_2h: the coarse grid
  // is a subset of the fine one, so the corrected value is >= S_h^2 >= 0).
  const double gain = 1.0 / (std::numbers::sqrt2 - 1.0);
  const std::size_t m = sups.fine.size();
  std::vector<double> fine(m), coarse(m), corrected(m);
  for (std::size_t r = 0; r < m; ++r) {
    fine[r] = std::sqrt(sups.fine[r]);
    coarse[r] = std::sqrt(sups.coarse[r]);
    corrected[r] = std::sqrt(sups.fine[r] + gain * (sups.fine[r] - sups.coarse[r]));
  }
  asymptotic_error_result out;
  out.fine = rms_estimate(fine, level);
  out.coarse = rms_estimate(coarse, level);
  out.constant = rms_estimate(corrected, level);
  // The residual after the correction is O(h): about |correction| sqrt(h/T) (measured for
  // Brownian motion and an OU process), stated with a margin of 2.
  out.discretisation_error =
      2.0 * std::abs(out.constant.value - out.fine.value) / std::sqrt(static_cast<double>(steps));
  out.steps = steps;
  out.horizon = horizon;
  return out;
}

// F with F F^T = Q by the pivoted LDL^T of Eigen (stable for semi-definite Q): Q = P^T L D
// L^T P, F = P^T L D^{1/2}. Rounding can leave tiny negative pivots; larger ones mean a
// Sigma that is not positive semi-definite.
matrix factor_covariance(const matrix& q, std::size_t k) {
  if (!q.allFinite()) {
    require_domain(false, "jumpflow::gaussian_transitions",
                   "the covariance of step " + std::to_string(k),
                   "a matrix with a non-finite entry", "finite");
  }
  const Eigen::LDLT<matrix> ldlt(q);
  vector dd = ldlt.vectorD();
  const double scale = std::max(dd.cwiseAbs().maxCoeff(), q.diagonal().cwiseAbs().maxCoeff());
  const double most_negative = dd.minCoeff();
  require_domain(most_negative >= -1e-8 * scale, "jumpflow::gaussian_transitions",
                 "the smallest pivot of the covariance of step " + std::to_string(k), most_negative,
                 ">= 0 (the noise Sigma must be positive semi-definite)");
  dd = dd.cwiseMax(0.0).cwiseSqrt();
  matrix lower = ldlt.matrixL();
  matrix f = lower * dd.asDiagonal();
  return ldlt.transpositionsP().transpose() * f;
}

}  // namespace jumpflow::detail

namespace jumpflow {

gaussian_transitions::gaussian_transitions(detail::path_function limit,
                                           detail::matrix_function jacobian,
                                           detail::matrix_function noise, double horizon,
                                           std::size_t steps, const ode_options& options,
                                           unsigned threads)
    : horizon_(horizon), steps_(steps) {
  constexpr const char* fn = "jumpflow::gaussian_transitions";
  require_domain(std::isfinite(horizon) && horizon > 0, fn, "horizon", horizon, "finite and > 0");
  require_argument(steps >= 1, fn, "steps", static_cast<unsigned long long>(steps), ">= 1");
  vector x0;
  limit(0.0, x0);
  d_ = x0.size();
  require_argument(d_ >= 1, fn, "dimension of limit(0)", static_cast<long long>(d_), ">= 1");
  const index d = d_;
  const double h = horizon / static_cast<double>(steps);
  auto one_step = [&](philox_engine&, std::uint64_t k) {
    vector x(d);
    matrix a(d, d), s(d, d);
    auto sys = [&](const vector& y, vector& dydt, double t) {
      limit(t, x);
      a.setZero();
      s.setZero();
      jacobian(x, a);
      noise(x, s);
      const Eigen::Map<const matrix> phi(y.data(), d, d), q(y.data() + d * d, d, d);
      Eigen::Map<matrix> dphi(dydt.data(), d, d), dq(dydt.data() + d * d, d, d);
      dphi.noalias() = a * phi;
      dq.noalias() = a * q;
      dq.noalias() += q * a.transpose();
      dq += s;
    };
    const double t0 = h * static_cast<double>(k);
    const double t1 = k + 1 == steps ? horizon : h * static_cast<double>(k + 1);
    vector y = vector::Zero(2 * d * d);
    Eigen::Map<matrix>(y.data(), d, d).setIdentity();
    ode_options o = options;
    o.initial_step = std::min(o.initial_step, t1 - t0);
    integrate(std::ref(sys), y, t0, t1, o);
    step_transition out;
    out.transfer = Eigen::Map<const matrix>(y.data(), d, d);
    matrix q = Eigen::Map<const matrix>(y.data() + d * d, d, d);
    out.factor = detail::factor_covariance(0.5 * (q + q.transpose()), k);
    return out;
  };
  steps_data_ = run_ensemble(steps, 0, threads, one_step);
}

template asymptotic_error_result asymptotic_error_constant<euclidean_norm>(
    const gaussian_transitions&, asymptotic_error_options, euclidean_norm);

}  // namespace jumpflow
