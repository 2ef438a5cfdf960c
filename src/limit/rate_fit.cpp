#include "jumpflow/limit/rate_fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"

namespace jumpflow {

std::string_view to_string(pre_asymptotic handling) {
  switch (handling) {
    case pre_asymptotic::none:
      return "none";
    case pre_asymptotic::correction_term:
      return "correction term";
    case pre_asymptotic::asymptotic_range:
      return "asymptotic range";
  }
  return "unknown";
}

std::string_view to_string(rate_interval interval) {
  switch (interval) {
    case rate_interval::known_variance:
      return "known variance";
    case rate_interval::birge_inflated:
      return "Birge-inflated";
  }
  return "unknown";
}

namespace {

constexpr const char* fn = "jumpflow::fit_rate";

struct point {
  double log_x, log_e, sigma, x;
};

std::size_t distinct_x(const std::vector<point>& pts) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    if (i == 0 || pts[i].x != pts[i - 1].x) ++count;
  }
  return count;
}

// Drops the points at the smallest distinct x (pts sorted by x).
void drop_smallest_x(std::vector<point>& pts) {
  const double smallest = pts.front().x;
  pts.erase(pts.begin(), std::find_if(pts.begin(), pts.end(),
                                      [smallest](const point& p) { return p.x != smallest; }));
}

void require_enough(const std::vector<point>& pts, bool correction) {
  const std::size_t need_points = correction ? 4 : 3, need_distinct = correction ? 3 : 2;
  const std::string condition =
      correction ? ">= 4 with >= 3 distinct x (a correction-term fit has 3 parameters)"
                 : ">= 3 with >= 2 distinct x (two parameters and a residual degree of freedom)";
  require_argument(pts.size() >= need_points, fn, "number of points fitted",
                   static_cast<unsigned long long>(pts.size()), condition);
  require_argument(distinct_x(pts) >= need_distinct, fn, "number of distinct x fitted",
                   static_cast<unsigned long long>(distinct_x(pts)), condition);
}

// Weighted least squares of log e on the columns 1, log x (and x^q), with known weights
// 1/sigma^2: the whitened design A = W^{1/2} X is factored by Householder QR (stable even when
// log x and x^q are nearly collinear), the coefficients' covariance is R^{-1} R^{-T}.
rate_fit weighted_fit(const std::vector<point>& pts, const rate_fit_options& o, bool correction) {
  const auto k = static_cast<index>(pts.size());
  const index m = correction ? 3 : 2;
  matrix a(k, m);
  vector y(k);
  for (index i = 0; i < k; ++i) {
    const point& p = pts[static_cast<std::size_t>(i)];
    a(i, 0) = 1.0 / p.sigma;
    a(i, 1) = p.log_x / p.sigma;
    if (correction) a(i, 2) = std::pow(p.x, o.correction_exponent) / p.sigma;
    y[i] = p.log_e / p.sigma;
  }
  const Eigen::HouseholderQR<matrix> qr(a);
  const matrix r = qr.matrixQR().topRows(m).triangularView<Eigen::Upper>();
  const matrix r_inv = r.triangularView<Eigen::Upper>().solve(matrix::Identity(m, m).eval());
  const matrix cov = r_inv * r_inv.transpose();
  const vector coef = qr.solve(y);
  const double chi2 = (a * coef - y).squaredNorm();
  const double dof = static_cast<double>(k - m);

  rate_fit f{};
  f.slope = coef[1];
  f.intercept = coef[0];
  f.chi2 = chi2;
  f.dof = dof;
  f.p_value = boost::math::cdf(
      boost::math::complement(boost::math::chi_squared_distribution<double>(dof), chi2));
  f.alpha = o.alpha;
  f.fits = f.p_value >= o.alpha;
  f.level = o.level;
  f.interval = o.interval;
  f.handling = o.handling;
  double se = std::sqrt(cov(1, 1));
  if (o.interval == rate_interval::birge_inflated) se *= std::sqrt(std::max(1.0, chi2 / dof));
  f.slope_se = se;
  const double z =
      boost::math::quantile(boost::math::normal_distribution<double>(), 0.5 + 0.5 * o.level);
  f.ci_low = f.slope - z * se;
  f.ci_high = f.slope + z * se;
  if (correction) {
    f.correction = coef[2];
    f.correction_se = std::sqrt(cov(2, 2));
    f.correction_exponent = o.correction_exponent;
  }
  f.x_min = pts.front().x;
  f.x_max = pts.back().x;
  f.points = pts.size();
  return f;
}

}  // namespace

rate_fit fit_rate(std::span<const double> x, std::span<const estimate> e,
                  const rate_fit_options& options) {
  require_argument(e.size() == x.size(), fn, "e.size()", static_cast<unsigned long long>(e.size()),
                   std::string("x.size() = ").append(std::to_string(x.size())));
  require_domain(std::isfinite(options.level) && options.level > 0.0 && options.level < 1.0, fn,
                 "options.level", options.level, "in (0, 1)");
  require_domain(std::isfinite(options.alpha) && options.alpha >= 0.0 && options.alpha < 1.0, fn,
                 "options.alpha", options.alpha, "in [0, 1)");
  const bool correction = options.handling == pre_asymptotic::correction_term;
  if (correction) {
    require_domain(std::isfinite(options.correction_exponent) && options.correction_exponent < 0.0,
                   fn, "options.correction_exponent", options.correction_exponent,
                   "finite and < 0 (a term that vanishes as x grows)");
  }
  std::vector<point> pts;
  pts.reserve(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    // Appending only (GCC 12 warns falsely on "literal" + std::string at -O3).
    std::string at = "[";
    at += std::to_string(i);
    at += ']';
    require_domain(std::isfinite(x[i]) && x[i] > 0.0, fn, std::string("x").append(at), x[i],
                   "finite and > 0");
    require_domain(std::isfinite(e[i].value) && e[i].value > 0.0, fn,
                   std::string("e").append(at).append(".value"), e[i].value, "finite and > 0");
    require_domain(std::isfinite(e[i].standard_error) && e[i].standard_error > 0.0, fn,
                   std::string("e").append(at).append(".standard_error"), e[i].standard_error,
                   "finite and > 0");
    pts.push_back({std::log(x[i]), std::log(e[i].value), e[i].standard_error / e[i].value, x[i]});
  }
  std::stable_sort(pts.begin(), pts.end(),
                   [](const point& p, const point& q) { return p.x < q.x; });
  std::size_t dropped = 0;
  for (; dropped < options.drop_smallest && !pts.empty(); ++dropped) drop_smallest_x(pts);
  require_enough(pts, correction);

  rate_fit f = weighted_fit(pts, options, correction);
  if (options.handling == pre_asymptotic::asymptotic_range) {
    // Drop the smallest x while the power law is rejected and a fit would remain possible.
    while (!f.fits) {
      std::vector<point> rest = pts;
      drop_smallest_x(rest);
      if (rest.size() < 3 || distinct_x(rest) < 2) break;
      pts = std::move(rest);
      ++dropped;
      f = weighted_fit(pts, options, false);
    }
  }
  f.dropped = dropped;
  return f;
}

rate_fit fit_rate(std::span<const double> x, std::span<const estimate> e, double level) {
  rate_fit_options options;
  options.level = level;
  return fit_rate(x, e, options);
}

}  // namespace jumpflow
