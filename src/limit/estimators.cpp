#include "jumpflow/limit/estimators.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

namespace {

void check_level(const char* fn, double level) {
  require_domain(std::isfinite(level) && level > 0.0 && level < 1.0, fn, "level", level,
                 "in (0, 1)");
}

void check_sample(const char* fn, std::span<const double> xs) {
  require_argument(xs.size() >= 2, fn, "xs.size()", static_cast<unsigned long long>(xs.size()),
                   ">= 2 (replicates)");
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (!std::isfinite(xs[i])) {
      require_domain(false, fn, std::string("xs[").append(std::to_string(i)).append("]"), xs[i],
                     "finite");
    }
  }
}

// Mean and unbiased variance by Welford's update (stable for large R).
struct moments {
  double mean, variance;
};
template <class F>
moments welford(std::span<const double> xs, F f) {
  double mean = 0.0, m2 = 0.0;
  double k = 0.0;
  for (double x : xs) {
    const double y = f(x);
    k += 1.0;
    const double delta = y - mean;
    mean += delta / k;
    m2 += delta * (y - mean);
  }
  return {mean, m2 / (k - 1.0)};
}

}  // namespace

double student_t_quantile(double degrees_of_freedom, double level) {
  constexpr const char* fn = "jumpflow::student_t_quantile";
  require_domain(std::isfinite(degrees_of_freedom) && degrees_of_freedom > 0.0, fn,
                 "degrees_of_freedom", degrees_of_freedom, "finite and > 0");
  check_level(fn, level);
  const boost::math::students_t_distribution<double> law(degrees_of_freedom);
  return boost::math::quantile(law, 0.5 + 0.5 * level);
}

estimate mean_estimate(std::span<const double> xs, double level) {
  constexpr const char* fn = "jumpflow::mean_estimate";
  check_level(fn, level);
  check_sample(fn, xs);
  const double r = static_cast<double>(xs.size());
  const moments m = welford(xs, [](double x) { return x; });
  const double se = std::sqrt(m.variance / r);
  const double half = student_t_quantile(r - 1.0, level) * se;
  return {m.mean, se, m.mean - half, m.mean + half, xs.size(), level};
}

estimate rms_estimate(std::span<const double> sup_errors, double level) {
  constexpr const char* fn = "jumpflow::rms_estimate";
  check_level(fn, level);
  check_sample(fn, sup_errors);
  const double r = static_cast<double>(sup_errors.size());
  const moments m = welford(sup_errors, [](double x) { return x * x; });
  const double se2 = std::sqrt(m.variance / r);
  const double half = student_t_quantile(r - 1.0, level) * se2;
  const double value = std::sqrt(m.mean);
  const double se = value > 0.0 ? se2 / (2.0 * value) : 0.0;
  return {value,
          se,
          std::sqrt(std::max(0.0, m.mean - half)),
          std::sqrt(m.mean + half),
          sup_errors.size(),
          level};
}

}  // namespace jumpflow
