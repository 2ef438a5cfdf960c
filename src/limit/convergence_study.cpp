#include "jumpflow/limit/convergence_study.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace jumpflow {

namespace detail {

void check_study_grid(const char* fn, std::span<const double> grid, const char* name) {
  require_argument(!grid.empty(), fn, std::string(name) + ".size()", 0ULL,
                   ">= 1 (a non-empty grid)");
  require_argument(grid.size() < (1ULL << 32), fn, std::string(name) + ".size()",
                   static_cast<unsigned long long>(grid.size()), "< 2^32");
  for (std::size_t i = 0; i < grid.size(); ++i) {
    require_domain(std::isfinite(grid[i]) && grid[i] > 0.0, fn,
                   std::string(name).append("[").append(std::to_string(i)).append("]"), grid[i],
                   "finite and > 0");
  }
}

void check_study_options(const char* fn, const study_options& options, std::size_t points) {
  require_argument(options.replicates >= 2, fn, "options.replicates", options.replicates,
                   ">= 2 (a standard error needs two replicates)");
  require_argument(options.replicates < (1ULL << 32), fn, "options.replicates", options.replicates,
                   "< 2^32 (the stream-id layout)");
  require_argument(points < (1ULL << 32), fn, "number of grid points",
                   static_cast<unsigned long long>(points), "< 2^32 (the stream-id layout)");
  require_domain(std::isfinite(options.level) && options.level > 0.0 && options.level < 1.0, fn,
                 "options.level", options.level, "in (0, 1)");
}

void check_study_point(const char* fn, std::uint64_t point, double n, double d) {
  require_argument(point < sample_path_point, fn, "point", point,
                   "< 2^32 - 1 (the stream-id layout; 2^32 - 1 is sample_path_point)");
  require_domain(std::isfinite(n) && n > 0.0, fn, "n", n, "finite and > 0");
  require_domain(std::isnan(d) || (std::isfinite(d) && d > 0.0), fn, "d", d,
                 "finite and > 0, or NaN for a 1-D study");
}

void check_outcome(const char* fn, const replicate_outcome& o, std::uint64_t r, double n,
                   double d) {
  if (std::isfinite(o.sup_error) && o.sup_error >= 0.0) return;
  std::string where = "sup_error of replicate ";
  where.append(std::to_string(r)).append(" at n = ").append(format_value(n));
  if (!std::isnan(d)) where.append(", d = ").append(format_value(d));
  throw simulation_error(error_message(fn, where, format_value(o.sup_error), "finite and >= 0"));
}

void check_outcome(const char* fn, const multi_replicate_outcome& o, std::size_t distances,
                   std::uint64_t r, double n, double d) {
  std::string where = " of replicate ";
  where.append(std::to_string(r)).append(" at n = ").append(format_value(n));
  if (!std::isnan(d)) where.append(", d = ").append(format_value(d));
  if (o.sup_errors.size() != distances) {
    throw simulation_error(error_message(fn, "sup_errors.size()" + where,
                                         format_value(static_cast<long long>(o.sup_errors.size())),
                                         "the number of distances, " +
                                             format_value(static_cast<long long>(distances))));
  }
  for (std::size_t i = 0; i < distances; ++i) {
    const double e = o.sup_errors[i];
    if (std::isfinite(e) && e >= 0.0) continue;
    throw simulation_error(error_message(fn, "sup_errors[" + std::to_string(i) + "]" + where,
                                         format_value(e), "finite and >= 0"));
  }
}

study_point reduce_study_point(const char* fn, double n, double d, const study_options& options,
                               std::span<const replicate_outcome> outcomes, double seconds) {
  std::vector<double> errors(outcomes.size());
  std::uint64_t events = 0;
  for (std::size_t r = 0; r < outcomes.size(); ++r) {
    check_outcome(fn, outcomes[r], r, n, d);
    errors[r] = outcomes[r].sup_error;
    events += outcomes[r].events;
  }
  return {n, d, rms_estimate(errors, options.level), outcomes.size(), events, seconds};
}

rate_fit rate_or_nan(std::span<const study_point> points, double d, double level) {
  std::vector<double> ns;
  for (const auto& p : points) {
    if ((std::isnan(d) || p.d == d) && std::find(ns.begin(), ns.end(), p.n) == ns.end()) {
      ns.push_back(p.n);
    }
  }
  // A zero estimate (every replicate exactly on the limit) has no log: no fit either.
  const bool positive = std::all_of(points.begin(), points.end(), [](const study_point& p) {
    return p.error.value > 0.0 && p.error.standard_error > 0.0;
  });
  if (ns.size() < 3 || !positive) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    rate_fit none{};
    none.slope = none.slope_se = none.ci_low = none.ci_high = none.intercept = nan;
    return none;
  }
  return fit_rate_in_n(points, d, level);
}

}  // namespace detail

namespace {

rate_fit fit_subset(std::span<const study_point> points, bool by_n, double fixed,
                    const rate_fit_options& options) {
  std::vector<double> x;
  std::vector<estimate> e;
  for (const auto& p : points) {
    const double other = by_n ? p.d : p.n;
    if ((by_n && std::isnan(fixed)) || other == fixed) {
      x.push_back(by_n ? p.n : p.d);
      e.push_back(p.error);
    }
  }
  return fit_rate(x, e, options);
}

}  // namespace

rate_fit fit_rate_in_n(std::span<const study_point> points, double d,
                       const rate_fit_options& options) {
  return fit_subset(points, true, d, options);
}

rate_fit fit_rate_in_n(std::span<const study_point> points, double d, double level) {
  return fit_rate_in_n(points, d, rate_fit_options{.level = level});
}

rate_fit fit_rate_in_d(std::span<const study_point> points, double n,
                       const rate_fit_options& options) {
  return fit_subset(points, false, n, options);
}

rate_fit fit_rate_in_d(std::span<const study_point> points, double n, double level) {
  return fit_rate_in_d(points, n, rate_fit_options{.level = level});
}

bound_check check_bound(std::span<const study_point> points,
                        const std::function<double(double n, double d)>& bound) {
  bound_check out{{}, true, false};
  out.points.reserve(points.size());
  for (const auto& p : points) {
    const double b = bound(p.n, p.d);
    require_domain(std::isfinite(b), "jumpflow::check_bound",
                   std::string("bound(n = ").append(format_value(p.n)).append(")"), b, "finite");
    const bound_check_point q{p.n,
                              p.d,
                              b,
                              p.error.value,
                              p.error.ci_high,
                              p.error.value <= b,
                              p.error.ci_high <= b,
                              p.error.ci_low > b};
    out.all_hold = out.all_hold && q.holds;
    out.any_violated = out.any_violated || q.violated;
    out.points.push_back(q);
  }
  return out;
}

}  // namespace jumpflow
