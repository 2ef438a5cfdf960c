#include "jumpflow/limit/study_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace jumpflow {

namespace {

// Equal, or both NaN (the d of a 1-D study).
bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

// Distinct values of a column, in order of first appearance.
template <class Get>
std::vector<double> distinct(std::span<const study_point> points, Get get) {
  std::vector<double> out;
  for (const auto& p : points) {
    const double v = get(p);
    if (std::none_of(out.begin(), out.end(), [v](double u) { return same(u, v); })) {
      out.push_back(v);
    }
  }
  return out;
}

// Enough points for the fit the options ask for, all with a positive estimate and SE.
bool fittable(std::span<const study_point> points, rate_variable v, double at,
              const rate_fit_options& o) {
  std::vector<double> xs;
  for (const auto& p : points) {
    if (!same(v == rate_variable::n ? p.d : p.n, at)) continue;
    if (!(p.error.value > 0.0 && p.error.standard_error > 0.0)) return false;
    const double x = v == rate_variable::n ? p.n : p.d;
    if (std::find(xs.begin(), xs.end(), x) == xs.end()) xs.push_back(x);
  }
  const std::size_t need = o.handling == pre_asymptotic::correction_term ? 4 : 3;
  return xs.size() >= need + o.drop_smallest;
}

std::string fixed(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

double scaled(const study_point& p, const study_report_options& o) {
  double s = p.error.value / std::pow(p.n, o.theory_n);
  if (!std::isnan(p.d) && !std::isnan(o.theory_d)) s /= std::pow(p.d, o.theory_d);
  return s;
}

const char* name(rate_variable v) {
  return v == rate_variable::n ? "n" : "d";
}

double theory_of(const study_rate& r, const study_report_options& o) {
  return r.variable == rate_variable::n ? o.theory_n : o.theory_d;
}

// The fields of one fit (names as documented at write_study_json()); NaN is written as null.
nlohmann::json fit_json(const rate_fit& f) {
  return nlohmann::json{{"slope", f.slope},
                        {"slope_se", f.slope_se},
                        {"ci_low", f.ci_low},
                        {"ci_high", f.ci_high},
                        {"level", f.level},
                        {"interval", std::string(to_string(f.interval))},
                        {"intercept", f.intercept},
                        {"chi2", f.chi2},
                        {"dof", f.dof},
                        {"p_value", f.p_value},
                        {"fits", f.fits},
                        {"alpha", f.alpha},
                        {"pre_asymptotic", std::string(to_string(f.handling))},
                        {"correction", f.correction},
                        {"correction_se", f.correction_se},
                        {"correction_exponent", f.correction_exponent},
                        {"x_min", f.x_min},
                        {"x_max", f.x_max},
                        {"points", f.points},
                        {"dropped", f.dropped}};
}

}  // namespace

std::string rate_fit_json(const rate_fit& fit) {
  return fit_json(fit).dump();
}

std::vector<study_rate> study_rates(std::span<const study_point> points,
                                    const rate_fit_options& options) {
  std::vector<study_rate> out;
  for (const double d : distinct(points, [](const study_point& p) { return p.d; })) {
    if (fittable(points, rate_variable::n, d, options)) {
      out.push_back({rate_variable::n, d, fit_rate_in_n(points, d, options)});
    }
  }
  for (const double n : distinct(points, [](const study_point& p) { return p.n; })) {
    if (!std::isnan(points.front().d) && fittable(points, rate_variable::d, n, options)) {
      out.push_back({rate_variable::d, n, fit_rate_in_d(points, n, options)});
    }
  }
  return out;
}

std::string describe_rate_fit(const rate_fit& f, std::string_view variable) {
  std::string s =
      "slope " + fixed("%.4f", f.slope) + " +- " + fixed("%.4f", f.slope_se) + " (SE), " +
      fixed("%.0f", 100.0 * f.level) + "% CI [" + fixed("%.4f", f.ci_low) + ", " +
      fixed("%.4f", f.ci_high) + "] (" + std::string(to_string(f.interval)) +
      "); chi2 = " + fixed("%.3g", f.chi2) + " on " + fixed("%.0f", f.dof) +
      " dof, p = " + fixed("%.3g", f.p_value) + ": " +
      (f.handling == pre_asymptotic::correction_term
           ? (f.fits ? "power law + correction fits" : "NO fit of power law + correction")
           : (f.fits ? "a power law fits" : "NO power law fit")) +
      " (alpha = " + fixed("%g", f.alpha) +
      "); pre-asymptotic: " + std::string(to_string(f.handling));
  if (f.handling == pre_asymptotic::correction_term) {
    s += " b " + std::string(variable) + "^" + fixed("%g", f.correction_exponent) +
         ", b = " + fixed("%.4g", f.correction) + " +- " + fixed("%.2g", f.correction_se);
  }
  s += ", " + std::string(variable) + " in [" + fixed("%g", f.x_min) + ", " + fixed("%g", f.x_max) +
       "], " + std::to_string(f.points) + " points";
  if (f.dropped > 0) {
    s += " (the " + std::to_string(f.dropped) + " smallest " + std::string(variable) + " dropped)";
  }
  return s;
}

void write_study_table(std::ostream& out, const study_result& result,
                       const study_report_options& o) {
  const auto& pts = result.points;
  const bool two_d = !pts.empty() && !std::isnan(pts.front().d);
  const bool with_scaled = !std::isnan(o.theory_n);
  if (!o.title.empty()) out << o.title << '\n';
  char line[256];
  if (two_d) {
    std::snprintf(line, sizeof line, "%8s", "d");
    out << line;
  }
  std::snprintf(line, sizeof line, " %10s %12s %11s %25s", "n", "estimate", "SE",
                "confidence interval");
  out << line;
  if (with_scaled) {
    std::snprintf(line, sizeof line, " %12s", "scaled");
    out << line;
  }
  std::snprintf(line, sizeof line, " %10s %12s %9s\n", "replicates", "events", "seconds");
  out << line;
  for (const auto& p : pts) {
    if (two_d) out << fixed("%8.6g", p.d);
    char ci[64];
    std::snprintf(ci, sizeof ci, "[%.5g, %.5g]", p.error.ci_low, p.error.ci_high);
    std::snprintf(line, sizeof line, " %10.6g %12.6g %11.4g %25s", p.n, p.error.value,
                  p.error.standard_error, ci);
    out << line;
    if (with_scaled) out << fixed(" %12.5g", scaled(p, o));
    std::snprintf(line, sizeof line, " %10llu %12llu %9.3f\n",
                  static_cast<unsigned long long>(p.replicates),
                  static_cast<unsigned long long>(p.events), p.seconds);
    out << line;
  }
  if (with_scaled) {
    out << "scaled = estimate / n^" << fixed("%g", o.theory_n);
    if (two_d && !std::isnan(o.theory_d)) out << " / d^" << fixed("%g", o.theory_d);
    out << " (flat when the theory's rates hold)\n";
  }
  for (const auto& r : study_rates(pts, o.fit)) {
    out << "rate in " << name(r.variable);
    if (!std::isnan(r.at))
      out << " at " << (r.variable == rate_variable::n ? "d" : "n") << " = " << fixed("%g", r.at);
    out << ": " << describe_rate_fit(r.fit, name(r.variable)) << '\n';
    const double theory = theory_of(r, o);
    if (!std::isnan(theory)) {
      out << "  theory " << fixed("%g", theory) << ": "
          << (r.fit.ci_low <= theory && theory <= r.fit.ci_high ? "inside" : "OUTSIDE")
          << " the interval\n";
    }
  }
}

void write_study_csv(std::ostream& out, const study_result& result, const study_report_options& o) {
  const bool with_scaled = !std::isnan(o.theory_n);
  out << "n,d,estimate,standard_error,ci_low,ci_high,level,replicates,events,seconds"
      << (with_scaled ? ",scaled\n" : "\n");
  const auto g10 = [](double v) { return fixed("%.10g", v); };
  for (const auto& p : result.points) {
    out << g10(p.n) << ',' << (std::isnan(p.d) ? std::string() : g10(p.d)) << ','
        << g10(p.error.value) << ',' << g10(p.error.standard_error) << ',' << g10(p.error.ci_low)
        << ',' << g10(p.error.ci_high) << ',' << g10(p.error.level) << ',' << p.replicates << ','
        << p.events << ',' << g10(p.seconds);
    if (with_scaled) out << ',' << g10(scaled(p, o));
    out << '\n';
  }
}

void write_study_json(std::ostream& out, const study_result& result,
                      const study_report_options& o) {
  // nlohmann::json writes a NaN double as null.
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : result.points) {
    nlohmann::json j{{"n", p.n},
                     {"d", p.d},
                     {"estimate", p.error.value},
                     {"standard_error", p.error.standard_error},
                     {"ci_low", p.error.ci_low},
                     {"ci_high", p.error.ci_high},
                     {"level", p.error.level},
                     {"replicates", p.replicates},
                     {"events", p.events},
                     {"seconds", p.seconds}};
    if (!std::isnan(o.theory_n)) j["scaled"] = scaled(p, o);
    points.push_back(std::move(j));
  }
  nlohmann::json rates = nlohmann::json::array();
  for (const auto& r : study_rates(result.points, o.fit)) {
    nlohmann::json j = fit_json(r.fit);
    j["variable"] = name(r.variable);
    j["at"] = r.at;
    const rate_fit& f = r.fit;
    const double theory = theory_of(r, o);
    if (!std::isnan(theory)) {
      j["theory"] = theory;
      j["ci_contains_theory"] = f.ci_low <= theory && theory <= f.ci_high;
    }
    rates.push_back(std::move(j));
  }
  out << nlohmann::json{{"points", points}, {"rates", rates}}.dump(2) << '\n';
}

}  // namespace jumpflow
