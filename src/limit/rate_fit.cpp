#include "jumpflow/limit/rate_fit.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

rate_fit fit_rate(std::span<const double> n, std::span<const estimate> e, double level) {
  constexpr const char* fn = "jumpflow::fit_rate";
  require_argument(e.size() == n.size(), fn, "e.size()", static_cast<unsigned long long>(e.size()),
                   std::string("n.size() = ").append(std::to_string(n.size())));
  require_argument(n.size() >= 3, fn, "n.size()", static_cast<unsigned long long>(n.size()),
                   ">= 3 (two parameters and a residual degree of freedom)");
  require_domain(std::isfinite(level) && level > 0.0 && level < 1.0, fn, "level", level,
                 "in (0, 1)");
  const std::size_t k = n.size();
  for (std::size_t i = 0; i < k; ++i) {
    // Appending only (GCC 12 warns falsely on "literal" + std::string at -O3).
    std::string at = "[";
    at += std::to_string(i);
    at += ']';
    require_domain(std::isfinite(n[i]) && n[i] > 0.0, fn, std::string("n").append(at), n[i],
                   "finite and > 0");
    require_domain(std::isfinite(e[i].value) && e[i].value > 0.0, fn,
                   std::string("e").append(at).append(".value"), e[i].value, "finite and > 0");
    require_domain(std::isfinite(e[i].standard_error) && e[i].standard_error > 0.0, fn,
                   std::string("e").append(at).append(".standard_error"), e[i].standard_error,
                   "finite and > 0");
  }
  double sw = 0.0, swx = 0.0, swy = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double sigma = e[i].standard_error / e[i].value;
    const double w = 1.0 / (sigma * sigma);
    sw += w;
    swx += w * std::log(n[i]);
    swy += w * std::log(e[i].value);
  }
  const double xbar = swx / sw, ybar = swy / sw;
  double sxx = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double sigma = e[i].standard_error / e[i].value;
    const double w = 1.0 / (sigma * sigma);
    const double dx = std::log(n[i]) - xbar;
    sxx += w * dx * dx;
    sxy += w * dx * (std::log(e[i].value) - ybar);
  }
  require_argument(sxx > 0.0, fn, "n", "all equal", "at least two distinct values");
  const double slope = sxy / sxx;
  const double intercept = ybar - slope * xbar;
  double chi2 = 0.0;
  for (std::size_t i = 0; i < k; ++i) {
    const double sigma = e[i].standard_error / e[i].value;
    const double r = (std::log(e[i].value) - intercept - slope * std::log(n[i])) / sigma;
    chi2 += r * r;
  }
  const double dof = static_cast<double>(k) - 2.0;
  const double se = std::sqrt(std::max(1.0, chi2 / dof) / sxx);
  const double half = student_t_quantile(dof, level) * se;
  return {slope, se, slope - half, slope + half, intercept};
}

}  // namespace jumpflow
