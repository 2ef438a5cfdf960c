// INTERIM stand-ins for the poisson/jump/limit modules' public API (simulate_prm_driven,
// sup_distance_observer, rms_estimate, fit_rate) until they land on main; same semantics as the
// contracts in BRIEF.md. Replaced by the real modules on merge.
#pragma once

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <span>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/exponential.hpp"

namespace jumpflow::interim {

struct poisson_clock {};
struct grid_clock {
  double step;
};

template <class Model, class URBG, class Observer, class Clock = poisson_clock>
std::uint64_t simulate_prm_driven(const Model& m, vector& x, double t0, double t1, URBG& g,
                                  Observer&& obs, Clock clock = {}) {
  vector u(x.size()), dx(x.size());
  std::uint64_t count = 0;
  obs(x, t0);
  double t = t0;
  for (;;) {
    if constexpr (std::is_same_v<Clock, grid_clock>) {
      t = t0 + static_cast<double>(count + 1) * clock.step;
      if (t > t1 * (1 + 1e-12)) break;
    } else {
      t += standard_exponential(g) / m.rate();
      if (t > t1) break;
    }
    m.mark_law()(g, u);
    m.jump(x, u, t, dx);
    x += dx;
    ++count;
    obs(x, t);
  }
  obs(x, t1);
  return count;
}

template <class Limit>
class sup_distance_observer {
 public:
  explicit sup_distance_observer(Limit limit) : limit_(std::move(limit)) {}
  void operator()(const vector& x, double t) {
    limit_(t, z_);
    double e = (x - z_).norm();
    if (has_prev_) e = std::max(e, (prev_ - z_).norm());
    sup_ = std::max(sup_, e);
    prev_ = x;
    has_prev_ = true;
  }
  double sup() const noexcept { return sup_; }

 private:
  Limit limit_;
  vector z_, prev_;
  bool has_prev_ = false;
  double sup_ = 0.0;
};

struct estimate {
  double value, standard_error, ci_low, ci_high;
  std::size_t samples;
  double level;
};

inline estimate rms_estimate(std::span<const double> sup_errors, double level = 0.95) {
  const double r = static_cast<double>(sup_errors.size());
  double m = 0.0;
  for (double e : sup_errors) m += e * e;
  m /= r;
  double ss = 0.0;
  for (double e : sup_errors) ss += (e * e - m) * (e * e - m);
  const double se2 = std::sqrt(ss / (r - 1) / r);
  const double s = std::sqrt(m), se = se2 / (2 * s);
  const boost::math::students_t t(r - 1);
  const double q = boost::math::quantile(t, 0.5 + level / 2);
  return {s, se, s - q * se, s + q * se, sup_errors.size(), level};
}

struct rate_fit {
  double slope, slope_se, ci_low, ci_high, intercept;
};

inline rate_fit fit_rate(std::span<const double> n, std::span<const estimate> e,
                         double level = 0.95) {
  // Weighted least squares of log e on log n with weights 1/Var(log e) = (value/SE)^2.
  double sw = 0, sx = 0, sy = 0;
  const std::size_t k = n.size();
  std::vector<double> x(k), y(k), w(k);
  for (std::size_t i = 0; i < k; ++i) {
    x[i] = std::log(n[i]);
    y[i] = std::log(e[i].value);
    const double rel = e[i].standard_error / e[i].value;
    w[i] = 1.0 / (rel * rel);
    sw += w[i];
    sx += w[i] * x[i];
    sy += w[i] * y[i];
  }
  const double xm = sx / sw, ym = sy / sw;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < k; ++i) {
    sxx += w[i] * (x[i] - xm) * (x[i] - xm);
    sxy += w[i] * (x[i] - xm) * (y[i] - ym);
  }
  const double slope = sxy / sxx, se = std::sqrt(1.0 / sxx);
  const boost::math::students_t t(static_cast<double>(k) - 2);
  const double q = boost::math::quantile(t, 0.5 + level / 2);
  return {slope, se, slope - q * se, slope + q * se, ym - slope * xm};
}

}  // namespace jumpflow::interim

namespace jumpflow::interim {

// RK4 on a fine grid + linear interpolation (error O(h^2), far below sqrt(d/n) here).
class dense_solution {
 public:
  template <class System>
  dense_solution(System sys, const vector& x0, double t0, double t1, int steps = 20000)
      : t0_(t0), h_((t1 - t0) / steps), xs_(static_cast<std::size_t>(steps) + 1) {
    vector x = x0, k1, k2, k3, k4;
    xs_[0] = x;
    for (int i = 0; i < steps; ++i) {
      const double t = t0 + i * h_;
      sys(x, k1, t);
      sys(vector(x + 0.5 * h_ * k1), k2, t + 0.5 * h_);
      sys(vector(x + 0.5 * h_ * k2), k3, t + 0.5 * h_);
      sys(vector(x + h_ * k3), k4, t + h_);
      x += h_ / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
      xs_[static_cast<std::size_t>(i) + 1] = x;
    }
  }
  void operator()(double t, vector& out) const {
    const double s = (t - t0_) / h_;
    auto i = static_cast<std::size_t>(std::max(0.0, std::floor(s)));
    if (i + 1 >= xs_.size()) i = xs_.size() - 2;
    const double f = s - static_cast<double>(i);
    out = (1 - f) * xs_[i] + f * xs_[i + 1];
  }
  vector operator()(double t) const {
    vector out;
    (*this)(t, out);
    return out;
  }

 private:
  double t0_, h_;
  std::vector<vector> xs_;
};

}  // namespace jumpflow::interim
