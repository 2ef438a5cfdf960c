/// \file
/// \brief Internal: the parts shared by the PDMP simulators (checked intensities, channel
/// choice, checked kernels, the dense-output flow and the event locator).
#pragma once

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/pdmp_model.hpp"
#include "jumpflow/ode/detail/concat.hpp"
#include "jumpflow/ode/detail/odeint.hpp"

namespace jumpflow {

/// \brief Counts of the work a PDMP simulation did (for benchmarks and diagnostics).
/// \ingroup jump
struct pdmp_counters {
  std::uint64_t events = 0;               ///< \brief Jumps made.
  std::uint64_t flow_steps = 0;           ///< \brief Accepted ODE steps of the flow.
  std::uint64_t rhs_evaluations = 0;      ///< \brief Evaluations of the vector field.
  std::uint64_t locator_evaluations = 0;  ///< \brief Dense-output evaluations by the event locator.
  std::uint64_t rejected_candidates = 0;  ///< \brief Thinning candidates rejected.
};

/// \brief Options of the PDMP simulators.
/// \ingroup jump
///
/// The flow \f$y\f$ and, for simulate_pdmp(), the integrated intensity \f$\Lambda\f$ are
/// integrated by adaptive Dormand-Prince 5(4) with local error below
/// `abs_tol + rel_tol * |z|` per component (odeint's error checker).
struct pdmp_options {
  double abs_tol = 1e-9;  ///< \brief Absolute tolerance of the ODE steps (> 0).
  double rel_tol = 1e-9;  ///< \brief Relative tolerance of the ODE steps (>= 0).
  /// \brief Relative tolerance of the event locator (in (0, 1)): the located time \f$t^*\f$
  /// satisfies \f$|\Lambda(t^*) - E| \le\f$ `location_tol` \f$\cdot E\f$ on the dense output,
  /// for the Exp(1) draw \f$E\f$ (or the time bracket stops shrinking, at a few ulps).
  double location_tol = 1e-10;
  double initial_step = 1e-3;  ///< \brief First trial step (> 0); the controller adapts it.
  /// \brief Largest ODE step (> 0; infinity: no limit). A smaller one gives the observer
  /// more points of the flow between jumps.
  double max_step = std::numeric_limits<double>::infinity();
  /// \brief If not null, the simulator adds its work counts here.
  pdmp_counters* counters = nullptr;
};

namespace detail {

/// The dense-output Dormand-Prince stepper on jumpflow::vector.
using pdmp_dense_stepper = decltype(boost::numeric::odeint::make_dense_output(
    1.0, 1.0, 0.0, std::declval<dopri5_stepper>()));

inline pdmp_dense_stepper make_pdmp_stepper(const pdmp_options& o) {
  const double max_dt = std::isinf(o.max_step) ? 0.0 : o.max_step;
  return boost::numeric::odeint::make_dense_output(o.abs_tol, o.rel_tol, max_dt, dopri5_stepper());
}

inline void check_pdmp_options(const char* fn, const pdmp_options& o) {
  require_domain(std::isfinite(o.abs_tol) && o.abs_tol > 0, fn, "options.abs_tol", o.abs_tol,
                 "finite and > 0");
  require_domain(std::isfinite(o.rel_tol) && o.rel_tol >= 0, fn, "options.rel_tol", o.rel_tol,
                 "finite and >= 0");
  require_domain(o.location_tol > 0 && o.location_tol < 1, fn, "options.location_tol",
                 o.location_tol, "in (0, 1)");
  require_domain(std::isfinite(o.initial_step) && o.initial_step > 0, fn, "options.initial_step",
                 o.initial_step, "finite and > 0");
  require_domain(o.max_step > 0, fn, "options.max_step", o.max_step, "> 0");
}

/// The text naming channel j: "intensity of channel 3" or "intensity of channel 3 (name)"
/// (or the model's own describe_intensity(j)).
template <class Model>
std::string pdmp_channel_text(const Model& m, index j) {
  if constexpr (requires { std::string(m.describe_intensity(j)); }) {
    return std::string(m.describe_intensity(j));
  } else {
    std::string text = concat("intensity of channel ", format_value(static_cast<long long>(j)));
    if constexpr (requires { std::string(m.channel_name(j)); }) {
      const std::string name(m.channel_name(j));
      if (!name.empty()) text.append(" (").append(name).append(")");
    }
    return text;
  }
}

/// Buffers and checks of one PDMP simulation: sized once, nothing allocated per event.
template <class Model>
class pdmp_core {
 public:
  using discrete_type = typename Model::discrete_type;

  /// Validates the call and sizes the buffers.
  pdmp_core(const char* fn, const Model& model, const pdmp_state<discrete_type>& x, double t0,
            double t1, const pdmp_options& o)
      : fn_(fn), model_(model), counters_(o.counters) {
    check_pdmp_options(fn, o);
    require_domain(std::isfinite(t0), fn, "t0", t0, "finite");
    require_domain(std::isfinite(t1) && t1 >= t0, fn, "t1", t1,
                   concat("finite and >= t0 = ", format_value(t0)));
    const auto m = static_cast<index>(model.dimension());
    require_argument(x.y.size() == m, fn, "x.y.size()", static_cast<long long>(x.y.size()),
                     concat("the model's dimension ", format_value(static_cast<long long>(m))));
    require_domain(x.y.allFinite(), fn, "x.y", "a vector with a non-finite entry", "finite");
    const auto channels = static_cast<index>(model.channels());
    require_argument(channels >= 1, fn, "model.channels()", static_cast<long long>(channels),
                     ">= 1");
    dim_ = m;
    lambda_.assign(static_cast<std::size_t>(channels), 0.0);
    y_.resize(m);
    dydt_.resize(m);
    saved_.resize(m);
  }

  index dimension() const noexcept { return dim_; }
  const char* function() const noexcept { return fn_; }
  pdmp_counters* counters() const noexcept { return counters_; }

  /// The intensities at (y, k, t) into the buffer, checked; returns their sum.
  double total(const vector& y, const discrete_type& k, double t) {
    model_.intensities(y, k, t, std::span<double>(lambda_));
    double sum = 0.0;
    bool ok = true;
    for (const double l : lambda_) {
      ok = ok && l >= 0.0;  // false for NaN too
      sum += l;
    }
    if (!ok || !(sum < std::numeric_limits<double>::infinity())) [[unlikely]] {
      bad_intensity(t);
    }
    return sum;
  }

  /// The vector field of (y, Lambda) (with_compensator) or of y alone, for odeint.
  void field(const vector& z, vector& dz, const discrete_type& k, double t, bool with_compensator) {
    if (counters_ != nullptr) ++counters_->rhs_evaluations;
    if (dim_ > 0) {
      y_ = z.head(dim_);
      model_.flow(std::as_const(y_), k, t, dydt_);
      dz.head(dim_) = dydt_;
    } else if (!with_compensator) {
      dz.setZero();  // m = 0: a dummy component that stays constant
    }
    if (with_compensator) dz[dim_] = total(y_, k, t);
  }

  /// The channel whose cumulative intensity first exceeds target (in [0, total)); with
  /// rounding past the last positive intensity, that channel; channels() if all are 0.
  index select(double target) const noexcept {
    const auto count = static_cast<index>(lambda_.size());
    double cumulative = 0.0;
    index last_positive = count;
    for (index j = 0; j < count; ++j) {
      const double l = lambda_[static_cast<std::size_t>(j)];
      if (l > 0.0) {
        last_positive = j;
        cumulative += l;
        if (target < cumulative) return j;
      }
    }
    return last_positive;
  }

  /// Fires channel j at time t: the kernel updates x in place; a non-finite new y restores
  /// the old one and throws simulation_error.
  template <class URBG>
  void fire(index j, pdmp_state<discrete_type>& x, double t, URBG& g) {
    saved_ = x.y;
    model_.jump(j, x.y, x.k, t, g);
    if (x.y.size() != dim_ || !x.y.allFinite()) [[unlikely]] {
      bad_jump(j, x, t);
    }
    if (counters_ != nullptr) ++counters_->events;
  }

  /// Checks a state of the ODE (y or (y, Lambda)) at time t.
  void check_flow(const vector& z, double t) const {
    if (z.allFinite()) [[likely]] return;
    for (index i = 0; i < z.size(); ++i) {
      require_simulation(std::isfinite(z[i]), fn_,
                         i < dim_ ? concat("component ", format_value(static_cast<long long>(i)),
                                           " of the continuous state")
                                  : std::string("integrated intensity"),
                         z[i], t, "finite");
    }
  }

 private:
  [[noreturn]] void bad_intensity(double t) const {
    for (std::size_t j = 0; j < lambda_.size(); ++j) {
      const double l = lambda_[j];
      require_simulation(l >= 0.0 && l < std::numeric_limits<double>::infinity(), fn_,
                         pdmp_channel_text(model_, static_cast<index>(j)), l, t,
                         "finite and >= 0");
    }
    double sum = 0.0;
    for (const double l : lambda_) sum += l;
    throw simulation_error(simulation_message(fn_, "total intensity", sum, t, "finite"));
  }

  [[noreturn]] void bad_jump(index j, pdmp_state<discrete_type>& x, double t) {
    const std::string what =
        concat("continuous state after the jump of channel ", format_value(static_cast<long long>(j)));
    if (x.y.size() != dim_) {
      const auto size = static_cast<double>(x.y.size());
      x.y = saved_;
      throw simulation_error(simulation_message(fn_, what + " has size", size, t,
                                                concat("the model's dimension ",
                                                       format_value(static_cast<long long>(dim_)))));
    }
    index bad = 0;
    while (std::isfinite(x.y[bad])) ++bad;
    const double value = x.y[bad];
    x.y = saved_;
    throw simulation_error(simulation_message(
        fn_, concat("component ", format_value(static_cast<long long>(bad)), " of the ", what),
        value, t, "finite"));
  }

  const char* fn_;
  const Model& model_;
  pdmp_counters* counters_;
  index dim_ = 0;
  std::vector<double> lambda_;
  vector y_, dydt_, saved_;
};

/// Locates, on the dense output of the last step [a, b] of `stepper`, the time t* at which
/// the compensator (component `c` of the ODE state) reaches `target`, with
/// Lambda(a) < target <= Lambda(b). Stops when |Lambda(t*) - target| <= tol * target or when
/// the bracket is a few ulps wide (no progress); writes the ODE state at t* into `z`.
/// Boost.Math's TOMS 748 (Alefeld, Potra and Shi 1995) brackets the root.
inline double locate_event(const pdmp_dense_stepper& stepper, index c, double target, double tol,
                           vector& z, pdmp_counters* counters) {
  const double a = stepper.previous_time(), b = stepper.current_time();
  const double fa = stepper.previous_state()[c] - target;
  const double fb = stepper.current_state()[c] - target;
  const double band = tol * target;
  double t_star = b;
  if (fa >= 0.0) {
    t_star = a;
  } else if (fb > band) {
    const auto f = [&](double t) {
      if (counters != nullptr) ++counters->locator_evaluations;
      stepper.calc_state(t, z);
      const double r = z[c] - target;
      return std::abs(r) <= band ? 0.0 : r;  // inside the tolerance band: a root
    };
    const auto no_progress = [](double lo, double hi) {
      return hi - lo <= 4.0 * std::numeric_limits<double>::epsilon() *
                            std::max(std::abs(lo), std::abs(hi));
    };
    std::uintmax_t iterations = 100;
    const auto bracket = boost::math::tools::toms748_solve(f, a, b, fa, fb, no_progress, iterations);
    t_star = bracket.first == bracket.second ? bracket.first
                                             : 0.5 * (bracket.first + bracket.second);
  }
  stepper.calc_state(t_star, z);
  if (t_star == b) z = stepper.current_state();
  return t_star;
}

}  // namespace detail
}  // namespace jumpflow
