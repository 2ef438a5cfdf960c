/// \file
/// \brief The true limit of the STDP rule for every option: its solution
/// (stdp_limit_solution()), the gap to the plain gradient flow (limit_gap()), the predicted
/// behaviour of the error (predicted_error()), and a Monte Carlo estimate of the smoothed drift
/// for losses that are not separable (monte_carlo_drift).
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/models/bnn/gradient_flow.hpp"
#include "jumpflow/models/bnn/stdp_rule.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_factory.hpp"

namespace jumpflow {

/// \brief The flow `which` of `rule` (its true limit, stdp_rule::limit_drift(), or the plain
/// gradient flow) from `z0`, solved on \f$[t_0, t_1]\f$ by dense_solution.
/// \ingroup models
///
/// The true limit of a fixed-amplitude rule on a separable loss evaluates the smoothed drift
/// by quadrature (relative tolerance \f$10^{-12}\f$) at every stage of the adaptive
/// Dormand-Prince solver, so its error is the solver's (default tolerance \f$10^{-10}\f$).
/// \tparam Loss,Law the rule's loss and law.
/// \param rule the rule (used during the call only).
/// \param which stdp_limit::smoothed (the true limit) or stdp_limit::gradient.
/// \param z0 the initial weights.
/// \param t0,t1 the span.
/// \param options the solver's tolerances.
/// \returns the solution.
/// \throws std::invalid_argument when the true limit needs the drift of a loss that is not
///         separable (see stdp_rule::mean_drift(); use monte_carlo_drift with dense_solution).
/// \throws as dense_solution's constructor.
template <loss_function Loss, class Law>
dense_solution stdp_limit_solution(const stdp_rule<Loss, Law>& rule, stdp_limit which,
                                   const vector& z0, double t0, double t1,
                                   const ode_options& options = {}) {
  if (which == stdp_limit::gradient) {
    return dense_solution(gradient_flow<Loss>(rule.loss(), rule.gradient_coefficient()), z0, t0,
                          t1, options);
  }
  return dense_solution(
      [&rule](const vector& z, vector& dzdt, double /*t*/) { rule.limit_drift(z, dzdt); }, z0, t0,
      t1, options);
}

/// \brief The largest distance between two flows (e.g. the true limit \f$z\f$ of an stdp_rule
/// and the plain gradient flow \f$y\f$ from the same start), and where it is reached.
/// \ingroup models
struct flow_gap {
  double gap;   ///< \brief \f$\sup_t |z_t - y_t|\f$ (Euclidean norm).
  double time;  ///< \brief The time at which it is reached.
};

/// \brief \f$\sup_{t \le T} |x_t - y_t|\f$ (Euclidean) between two flows given as callables
/// `x(t, out)`, on a uniform grid of `grid + 1` times (for smooth flows the grid sup is within
/// \f$O(h^2)\f$ of the true sup at an interior maximum and exact at an end point).
/// \ingroup models
/// \tparam X,Y callables `f(double t, vector& out)`.
/// \param x,y the flows.
/// \param horizon \f$T > 0\f$.
/// \param grid the number of grid intervals (\f$\ge 1\f$).
/// \returns the largest distance and its time.
/// \throws std::domain_error for a bad horizon; std::invalid_argument for `grid` 0.
template <class X, class Y>
requires std::invocable<const X&, double, vector&> && std::invocable<const Y&, double, vector&>
flow_gap flow_distance(const X& x, const Y& y, double horizon, std::uint64_t grid = 4096) {
  const char* f = "jumpflow::flow_distance";
  require_domain(std::isfinite(horizon) && horizon > 0, f, "horizon", horizon, "finite and > 0");
  require_argument(grid >= 1, f, "grid", grid, ">= 1");
  flow_gap best{0.0, 0.0};
  vector a, b;
  for (std::uint64_t k = 0; k <= grid; ++k) {
    const double t = horizon * static_cast<double>(k) / static_cast<double>(grid);
    x(t, a);
    y(t, b);
    const double dist = (a - b).norm();
    if (dist > best.gap) best = {dist, t};
  }
  return best;
}

/// \brief The gap between the rule's true limit and the plain gradient flow: the level at
/// which the error against the gradient flow plateaus when that flow is not the limit.
/// \ingroup models
///
/// As \f$n \to \infty\f$, \f$\sup_t |Z^n_t - y_t| \to \sup_t |z_t - y_t|\f$ in probability
/// (the paths converge uniformly to \f$z\f$), so
/// \f$\sqrt{E \sup_t |Z^n_t - y_t|^2}\f$ tends to this gap; by Minkowski's inequality it differs
/// from it by at most the error against the true limit. Both flows are solved by
/// stdp_limit_solution() and compared by flow_distance(). Zero when
/// stdp_rule::limit_is_gradient_flow().
/// \tparam Loss,Law the rule's loss and law.
/// \param rule the rule.
/// \param z0 the initial weights.
/// \param horizon \f$T > 0\f$.
/// \param grid the number of grid intervals (\f$\ge 1\f$).
/// \returns the gap and its time.
/// \throws std::domain_error for a bad horizon; std::invalid_argument for `grid` 0 or a loss
///         whose true limit cannot be computed (stdp_limit_solution()).
template <loss_function Loss, class Law>
flow_gap limit_gap(const stdp_rule<Loss, Law>& rule, const vector& z0, double horizon,
                   std::uint64_t grid = 4096) {
  require_domain(std::isfinite(horizon) && horizon > 0, "jumpflow::limit_gap", "horizon", horizon,
                 "finite and > 0");
  if (rule.limit_is_gradient_flow()) return {0.0, 0.0};
  const dense_solution z = stdp_limit_solution(rule, stdp_limit::smoothed, z0, 0.0, horizon);
  const dense_solution y = stdp_limit_solution(rule, stdp_limit::gradient, z0, 0.0, horizon);
  return flow_distance(z, y, horizon, grid);
}

/// \brief What a convergence study of `rule` against a flow should see: the error
/// \f$\sqrt{E \sup_{t \le T} |Z^n_t - x_t|^2}\f$ either falls like \f$C n^{\mathrm{rate}}\f$
/// (the flow is the rule's limit) or tends to a positive plateau (the gap between the flows).
/// \ingroup models
struct error_prediction {
  bool tends_to_zero;  ///< \brief Whether the flow is the rule's limit.
  double rate;         ///< \brief stdp_rule::expected_rate() when it is (NaN otherwise).
  double plateau;      ///< \brief limit_gap() when it is not (0 otherwise).
};

/// \brief The predicted behaviour of the error of `rule` against the flow `which`, read from
/// the rule's options (stdp_rule::is_limit(), stdp_rule::expected_rate(), limit_gap()).
/// \ingroup models
/// \tparam Loss,Law the rule's loss and law.
/// \param rule the rule.
/// \param which the flow the paths are compared with.
/// \param z0 the initial weights.
/// \param horizon \f$T > 0\f$.
/// \returns the prediction.
/// \throws as limit_gap().
template <loss_function Loss, class Law>
error_prediction predicted_error(const stdp_rule<Loss, Law>& rule, stdp_limit which,
                                 const vector& z0, double horizon) {
  if (rule.is_limit(which)) return {true, rule.expected_rate(), 0.0};
  return {false, std::nan(""), limit_gap(rule, z0, horizon).gap};
}

/// \brief A Monte Carlo estimate of the drift \f$b_n(z) = n E_u[J_n(z, u)]\f$ of an stdp_rule
/// with any loss (the fallback of stdp_rule::mean_drift() for losses that are not separable),
/// as an ODE system `sys(z, dzdt, t)`; under fixed amplitude it is the true limit's drift.
/// \ingroup models
///
/// **Estimator.** \f$M\f$ perturbations \f$u_1, \dots, u_M\f$ are drawn once, in the constructor,
/// from stream 0 of `seed` (so the field is a deterministic, smooth function of \f$z\f$ and the
/// ODE solver sees no noise), and the rule's own jump() is averaged with the linearised jump
/// \f$J^{lin}_n = -f \alpha_n A_n^2 (\nabla L \cdot u) u\f$ as a control variate, whose mean
/// \f$-\kappa \nabla L / n\f$ is known exactly:
/// \f[ \hat b(z) = -\kappa \nabla L(z) + \frac{1}{M} \sum_m n\,[J_n(z, u_m) - J^{lin}_n(z, u_m)]. \f]
/// It is unbiased; the control variate removes the first-order part of the jump, so only the
/// \f$O(A_n^3)\f$ Taylor remainder is averaged.
///
/// **Error.** standard_error() gives the per-coordinate standard error at \f$z\f$ (sample
/// standard deviation of the summands over \f$\sqrt M\f$). A flow solved with this field
/// differs from the exact one by at most about \f$T e^{K T} \sup_t |SE(z_t)|\f$ (Gronwall, with
/// \f$K\f$ a Lipschitz constant of the drift), i.e. \f$O(M^{-1/2})\f$: choose \f$M\f$ so this is
/// far below the error being measured.
/// \tparam Loss,Law the rule's loss and law.
template <loss_function Loss, class Law>
class monte_carlo_drift {
 public:
  /// \brief Draws the \f$M\f$ perturbations.
  /// \param rule the rule (copied).
  /// \param samples \f$M \ge 2\f$.
  /// \param seed the seed; the draws come from `stream_factory(seed)(0)`.
  /// \throws std::invalid_argument if `samples < 2`.
  monte_carlo_drift(stdp_rule<Loss, Law> rule, std::uint64_t samples, std::uint64_t seed)
      : rule_(std::move(rule)) {
    require_argument(samples >= 2, "jumpflow::monte_carlo_drift", "samples", samples, ">= 2");
    const index d = rule_.dimension();
    marks_.resize(d, static_cast<index>(samples));
    philox_engine g = stream_factory(seed)(0);
    vector u(d);
    for (index m = 0; m < marks_.cols(); ++m) {
      rule_.mark_law()(g, u);
      marks_.col(m) = u;
    }
  }
  /// \brief Writes \f$\hat b(z)\f$ into `dzdt`.
  /// \param z the weights.
  /// \param dzdt receives the estimate (resized to \f$d\f$).
  /// \param t the time (passed to the rule's jump() for its error messages).
  void operator()(const vector& z, vector& dzdt, double t) const {
    vector se;
    estimate(z, t, dzdt, se);
  }
  /// \brief The standard error of each coordinate of \f$\hat b(z)\f$.
  /// \param z the weights.
  /// \returns the standard errors.
  vector standard_error(const vector& z) const {
    vector b, se;
    estimate(z, 0.0, b, se);
    return se;
  }
  /// \brief The number of perturbations \f$M\f$.
  /// \returns \f$M\f$.
  std::uint64_t samples() const noexcept { return static_cast<std::uint64_t>(marks_.cols()); }

 private:
  void estimate(const vector& z, double t, vector& mean, vector& se) const {
    const index d = rule_.dimension();
    vector grad(d), u(d), dx(d), sum = vector::Zero(d), sum2 = vector::Zero(d);
    rule_.loss().gradient(z, grad);
    const double n = rule_.rate();
    const double lin = -rule_.scheme_factor() * rule_.step_learning_rate() *
                       rule_.step_amplitude() * rule_.step_amplitude();
    for (index m = 0; m < marks_.cols(); ++m) {
      u = marks_.col(m);
      rule_.jump(z, u, t, dx);
      const vector y = n * (dx - (lin * grad.dot(u)) * u);
      sum += y;
      sum2 += y.cwiseProduct(y);
    }
    const double M = static_cast<double>(marks_.cols());
    const vector avg = sum / M;
    mean = avg - rule_.gradient_coefficient() * grad;
    const vector var = ((sum2 - M * avg.cwiseProduct(avg)) / (M - 1.0)).cwiseMax(0.0);
    se = (var / M).cwiseSqrt();
  }

  stdp_rule<Loss, Law> rule_;
  matrix marks_;  // d x M
};

}  // namespace jumpflow
