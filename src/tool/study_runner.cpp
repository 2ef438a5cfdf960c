#include "study_runner.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "atomic_file.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/limit/estimators.hpp"
#include "jumpflow/limit/rate_fit.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "jumpflow/limit/study_report.hpp"
#include "plots.hpp"
#include "progress.hpp"
#include "sample_paths_output.hpp"

namespace jumpflow::tool {

namespace fs = std::filesystem;

nlohmann::json point_to_json(const study_point& p) {
  return nlohmann::json{{"n", p.n},
                        {"d", p.d},
                        {"estimate", p.error.value},
                        {"standard_error", p.error.standard_error},
                        {"ci_low", p.error.ci_low},
                        {"ci_high", p.error.ci_high},
                        {"level", p.error.level},
                        {"samples", p.error.samples},
                        {"replicates", p.replicates},
                        {"events", p.events},
                        {"seconds", p.seconds}};
}

study_point point_from_json(const nlohmann::json& j) {
  study_point p{};
  p.n = j.at("n").get<double>();
  p.d = j.at("d").get<double>();
  p.error.value = j.at("estimate").get<double>();
  p.error.standard_error = j.at("standard_error").get<double>();
  p.error.ci_low = j.at("ci_low").get<double>();
  p.error.ci_high = j.at("ci_high").get<double>();
  p.error.level = j.at("level").get<double>();
  p.error.samples = j.at("samples").get<std::size_t>();
  p.replicates = j.at("replicates").get<std::uint64_t>();
  p.events = j.at("events").get<std::uint64_t>();
  p.seconds = j.at("seconds").get<double>();
  return p;
}

asymptotic_error_options sharp_constant_options(const study_config& c, std::size_t d_index) {
  asymptotic_error_options k;
  k.steps = 256;
  k.paths = 2000;
  k.seed = c.seed;
  k.first_stream = study_stream_id(sample_path_point - 1 - d_index, 0);
  k.threads = c.threads;
  k.level = c.level;
  return k;
}

namespace {

// K_inf / sqrt(n): the sharp prediction of s_hat.
std::optional<double> sharp_prediction(const study_outcome& o, std::size_t i) {
  if (!o.sharp[i]) return std::nullopt;
  return o.sharp[i]->constant.value / std::sqrt(o.points[i].n);
}

// K_inf / sqrt(d) (or K_inf): the sharp value of s_hat sqrt(n/d), next to c.
double sharp_scaled(const study_point& p, const asymptotic_error_result& k) {
  return p.d > 0 ? k.constant.value / std::sqrt(p.d) : k.constant.value;
}

expected_behaviour expected_of(const model_entry& model, const study_config& c, double d) {
  return model.expected ? model.expected(c.options, d, c.T) : expected_behaviour{};
}

// s_hat sqrt(n/d) (or s_hat sqrt(n) for a model without d): flat in n and d under the theorem.
double scaled_estimate(const study_point& p) {
  return p.error.value * (p.d > 0 ? std::sqrt(p.n / p.d) : std::sqrt(p.n));
}

struct grid_point {
  double n, d;
};

// The rows of the table, d outer and n inner: row k is grid point k of the stream layout
// (jumpflow::run_study_point), the same order as the library's 2-D convergence_study.
std::vector<grid_point> grid_of(const study_config& c, const model_entry& model) {
  std::vector<grid_point> grid;
  const std::vector<double> ds = model.uses_d ? c.d : std::vector<double>{0.0};
  for (double d : ds) {
    for (double n : c.n) grid.push_back({n, d});
  }
  return grid;
}

std::string label_of(const grid_point& g, const model_entry& model) {
  std::ostringstream s;
  if (model.uses_d) s << "d=" << g.d << " ";
  s << "n=" << g.n;
  return s.str();
}

// The fit with its known-variance interval, goodness of fit and pre-asymptotic handling, in
// the library's field names.
nlohmann::json fit_to_json(const rate_fit& f) { return nlohmann::json::parse(rate_fit_json(f)); }

std::string csv_table(const study_outcome& o) {
  std::ostringstream s;
  s.precision(10);
  s << "n,d,estimate,standard_error,ci_low,ci_high,replicates,events,seconds,scaled,bound_c,"
       "K_inf,K_inf_standard_error,K_inf_over_sqrt_n\n";
  for (std::size_t i = 0; i < o.points.size(); ++i) {
    const auto& p = o.points[i];
    s << p.n << ',' << p.d << ',' << p.error.value << ',' << p.error.standard_error << ','
      << p.error.ci_low << ',' << p.error.ci_high << ',' << p.replicates << ',' << p.events << ','
      << p.seconds << ',' << scaled_estimate(p) << ',';
    if (o.bound[i]) s << *o.bound[i];
    s << ',';
    if (o.sharp[i]) s << o.sharp[i]->constant.value << ',' << o.sharp[i]->constant.standard_error << ',' << *sharp_prediction(o, i);
    else s << ",,";
    s << '\n';
  }
  return s.str();
}

void write_plot(const fs::path& dir, const study_config& c, const model_entry& model,
                const study_outcome& o, bool quiet) {
  // Data blocks per d (gnuplot `index`), columns n, estimate, ci_low, ci_high, c*sqrt(d/n),
  // K_inf/sqrt(n).
  std::ostringstream data;
  data.precision(10);
  const std::vector<double> ds = model.uses_d ? c.d : std::vector<double>{0.0};
  std::size_t k = 0;
  for (std::size_t b = 0; b < ds.size(); ++b) {
    data << "# d = " << ds[b] << "\n";
    for (std::size_t i = 0; i < c.n.size(); ++i, ++k) {
      const auto& p = o.points[k];
      const double f = p.d > 0 ? std::sqrt(p.d / p.n) : 1.0 / std::sqrt(p.n);
      data << p.n << ' ' << p.error.value << ' ' << p.error.ci_low << ' ' << p.error.ci_high << ' ';
      if (o.bound[k]) {
        data << *o.bound[k] * f;
      } else {
        data << "NaN";
      }
      data << ' ';
      if (const auto sharp = sharp_prediction(o, k)) {
        data << *sharp;
      } else {
        data << "NaN";
      }
      data << '\n';
    }
    data << "\n\n";
  }
  write_file_atomically(dir / "error_vs_n.dat", data.str());
  std::ostringstream body;
  body << "set logscale xy\nset grid\nset key top right\n"
       << "set xlabel 'n (jumps per unit time)'\n"
       << "set ylabel 'sqrt(E sup_t |X^n_t - x_t|^2)'\n"
       << "set title '" << model.name << ": error against n, " << c.level * 100
       << "% confidence bars'\n";
  // Reference line of slope -1/2 at half the first point of the first block.
  body << "ref(x) = " << 0.5 * o.points.front().error.value << " * sqrt(" << o.points.front().n
       << " / x)\n"
       << "plot ";
  bool any_bound = false, any_sharp = false;
  for (const auto& b : o.bound) any_bound = any_bound || b.has_value();
  for (const auto& ks : o.sharp) any_sharp = any_sharp || ks.has_value();
  for (std::size_t b = 0; b < ds.size(); ++b) {
    const std::string name = model.uses_d ? "d = " + format_value(ds[b]) : "error";
    const std::string color = " lc " + std::to_string(b + 1);
    if (b) body << ", \\\n     ";
    body << "'error_vs_n.dat' index " << b << " using 1:2:3:4 with yerrorlines lw 2" << color
         << " title '" << name << "'";
    if (any_bound) {
      body << ", \\\n     'error_vs_n.dat' index " << b << " using 1:5 with lines dt 2 lw 1.5" << color;
      if (b == 0) {
        body << " title 'bound c sqrt(" << (model.uses_d ? "d/" : "1/") << "n) (dashed)'";
      } else {
        body << " notitle";
      }
    }
    if (any_sharp) {
      body << ", \\\n     'error_vs_n.dat' index " << b << " using 1:6 with lines lw 1.5" << color;
      if (b == 0) {
        body << " title 'sharp K_inf/sqrt(n) (thin)'";
      } else {
        body << " notitle";
      }
    }
  }
  body << ", \\\n     ref(x) with lines dt 3 lw 2 lc rgb 'gray30' title 'slope -1/2 (reference)'";
  write_and_render_plot(dir, "error_vs_n", body.str(), quiet);
}

// --resume: refuses a saved configuration that differs (but for the thread count, which
// never changes results) and loads the saved points into `done`.
void load_resumed_points(const run_options& ro, const nlohmann::json& config_json,
                         std::vector<std::optional<study_point>>& done, std::vector<double>& bound_inputs) {
  if (!ro.resume) return;  // check_output_folder() saw its config.json
  nlohmann::json saved;
  try {
    saved = nlohmann::json::parse(read_file(ro.output / "config.json"));
  } catch (const nlohmann::json::exception& e) {
    throw usage_error("jumpflow study: --resume: " + (ro.output / "config.json").string() +
                      " is not valid JSON (" + e.what() + ")");
  }
  nlohmann::json a = saved, b = config_json;
  a.erase("threads");  // the thread count never changes results
  b.erase("threads");
  if (a != b) {
    throw usage_error("jumpflow study: --resume: the configuration differs from the one saved in " +
                      (ro.output / "config.json").string() + "; rerun without --resume or with the same options");
  }
  if (fs::exists(ro.output / "points.json")) {
    const auto points = nlohmann::json::parse(read_file(ro.output / "points.json"));
    for (const auto& jp : points.at("points")) {
      const auto index = jp.at("index").get<std::size_t>();
      if (index < done.size()) {
        done[index] = point_from_json(jp);
        if (jp.contains("bound_input") && jp.at("bound_input").is_number()) {
          bound_inputs[index] = jp.at("bound_input").get<double>();
        }
      }
    }
  }
}

}  // namespace

void check_output_folder(const fs::path& out, bool resume) {
  if (out.empty()) throw usage_error(error_message("jumpflow", "--out", "empty", "a folder"));
  if (fs::exists(out) && !fs::is_directory(out)) {
    throw usage_error(error_message("jumpflow", "--out", out.string(), "a folder (it is a file)"));
  }
  if (resume && !fs::exists(out / "config.json")) {
    throw usage_error(error_message("jumpflow study", "--resume folder", out.string(),
                                    "a folder holding a saved study (config.json); run without --resume to start one"));
  }
}

point_job point_job_of(const study_config& c, double n, double d, std::size_t index,
                       const replicate_function& replicate) {
  return {index, n, d, c.seed, index, &replicate};
}

study_outcome run_study(const study_config& c, const model_entry& model, const run_options& ro) {
  validate(c, model);
  check_output_folder(ro.output, ro.resume);
  const auto grid = grid_of(c, model);
  // Build every replicate function before anything is written: a model that rejects its
  // parameters (the library's std::invalid_argument / std::domain_error) is bad input.
  std::vector<replicate_function> replicates;
  for (const auto& gp : grid) {
    try {
      replicates.push_back(model.make_replicate(c.options, gp.n, gp.d, c.T));
    } catch (const std::invalid_argument& e) {
      throw usage_error(e.what());
    } catch (const std::domain_error& e) {
      throw usage_error(e.what());
    }
  }
  const nlohmann::json config_json = to_json(c);

  threaded_executor threaded;
  study_executor& executor = ro.executor != nullptr ? *ro.executor : threaded;
  std::vector<std::optional<study_point>> done(grid.size());
  // Per point: the largest replicate_record::bound_input (NaN when the model records none).
  std::vector<double> bound_inputs(grid.size(), std::numeric_limits<double>::quiet_NaN());
  // The writing process (rank 0 under MPI) checks --resume and loads the saved points; every
  // process learns which points remain, so all run the same list.
  const std::vector<std::size_t> resumed = executor.agree([&] {
    load_resumed_points(ro, config_json, done, bound_inputs);
    write_file_atomically(ro.output / "config.json", config_json.dump(2) + "\n");
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < done.size(); ++i) {
      if (done[i]) indices.push_back(i);
    }
    return indices;
  });
  std::vector<bool> skip(grid.size(), false);
  for (std::size_t i : resumed) skip.at(i) = true;

  progress bar(grid.size(), ro.interactive, ro.quiet || !executor.writes_output());
  std::uint64_t computed = 0;
  auto save_points = [&] {
    nlohmann::json arr = nlohmann::json::array();
    for (std::size_t i = 0; i < done.size(); ++i) {
      if (!done[i]) continue;
      auto j = point_to_json(*done[i]);
      j["index"] = i;
      if (std::isfinite(bound_inputs[i])) j["bound_input"] = bound_inputs[i];
      arr.push_back(j);
    }
    write_file_atomically(ro.output / "points.json", nlohmann::json{{"points", arr}}.dump(2) + "\n");
  };
  std::vector<point_job> jobs;
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (skip[i]) {
      bar.point_resumed(label_of(grid[i], model));
    } else {
      jobs.push_back(point_job_of(c, grid[i].n, grid[i].d, i, replicates[i]));
    }
  }
  study_options so;
  so.replicates = c.replicates;
  so.threads = executor.threads(c.threads);
  so.level = c.level;
  const std::vector<double> inputs = executor.run(jobs, so, [&](const point_job& job, const study_point& p,
                                                                 double bound_input) {
    done[job.index] = p;
    bound_inputs[job.index] = bound_input;
    save_points();
    bar.point_done(label_of(grid[job.index], model), p.replicates, p.events, p.seconds);
    if (ro.stop_after != 0 && ++computed == ro.stop_after && computed < jobs.size()) {
      std::fprintf(stderr, "jumpflow: stopped after %llu grid points (--test-stop-after, a test-only flag)\n",
                   static_cast<unsigned long long>(computed));
      std::_Exit(1);  // abrupt, like a kill: nothing after this point runs
    }
  });
  bar.finish();
  if (!executor.writes_output()) return {};
  // The bound inputs reduced over every process (under MPI the rows above were saved without).
  bool more_inputs = false;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    if (std::isfinite(inputs[k]) && !(inputs[k] == bound_inputs[jobs[k].index])) {
      bound_inputs[jobs[k].index] = inputs[k];
      more_inputs = true;
    }
  }
  if (more_inputs) save_points();

  study_outcome o;
  for (const auto& p : done) o.points.push_back(*p);
  o.bound_input = bound_inputs;
  for (std::size_t i = 0; i < o.points.size(); ++i) {
    o.bound.push_back(model.bound_constant
                          ? model.bound_constant(c.options, o.points[i].d, c.T, bound_inputs[i])
                          : std::nullopt);
  }
  const std::vector<double> ds = model.uses_d ? c.d : std::vector<double>{0.0};
  // K_inf once per d (it does not depend on n).
  std::vector<std::optional<asymptotic_error_result>> sharp_by_d;
  for (std::size_t b = 0; b < ds.size(); ++b) {
    sharp_by_d.push_back(model.asymptotic_constant
                             ? model.asymptotic_constant(c.options, ds[b], c.T, sharp_constant_options(c, b))
                             : std::nullopt);
  }
  for (std::size_t i = 0; i < o.points.size(); ++i) o.sharp.push_back(sharp_by_d[i / c.n.size()]);
  if (model.uses_d && ds.size() >= 3) {
    std::vector<estimate> ks;
    for (const auto& k : sharp_by_d) {
      if (k) ks.push_back(k->constant);
    }
    if (ks.size() == ds.size()) o.predicted_rate_in_d = fit_rate(ds, ks, c.level);
  }
  if (c.n.size() >= 3) {
    for (double d : ds) {
      o.rates_in_n.push_back({d, fit_rate_in_n(o.points, d, c.level), expected_of(model, c, d)});
    }
  }
  if (model.uses_d && ds.size() >= 3) {
    for (double n : c.n) o.rates_in_d.push_back({n, fit_rate_in_d(o.points, n, c.level)});
  }

  nlohmann::json results{{"config", config_json}};
  nlohmann::json pts = nlohmann::json::array();
  for (std::size_t i = 0; i < o.points.size(); ++i) {
    auto j = point_to_json(o.points[i]);
    if (std::isfinite(o.bound_input[i])) j["bound_input"] = o.bound_input[i];
    if (o.bound[i]) {
      j["bound_c"] = *o.bound[i];
      j["bound_holds"] = scaled_estimate(o.points[i]) <= *o.bound[i];
    }
    j["scaled_estimate"] = scaled_estimate(o.points[i]);
    if (const auto& k = o.sharp[i]) {
      j["K_inf"] = {{"value", k->constant.value},
                    {"standard_error", k->constant.standard_error},
                    {"ci_low", k->constant.ci_low},
                    {"ci_high", k->constant.ci_high},
                    {"discretisation_error", k->discretisation_error},
                    {"steps", k->steps},
                    {"paths", k->constant.samples}};
      j["K_inf_over_sqrt_n"] = *sharp_prediction(o, i);
      j["sharp_ratio"] = std::sqrt(o.points[i].n) * o.points[i].error.value / k->constant.value;
    }
    pts.push_back(j);
  }
  results["points"] = pts;
  nlohmann::json rn = nlohmann::json::array(), rd = nlohmann::json::array();
  for (const auto& r : o.rates_in_n) {
    auto j = fit_to_json(r.fit);
    if (model.uses_d) j["d"] = r.d;
    if (r.expected.tends_to_zero) {
      j["theory"] = r.expected.rate;
      j["ci_contains_theory"] = r.fit.ci_low <= r.expected.rate && r.expected.rate <= r.fit.ci_high;
    } else {
      // The flow compared with is not the model's limit: the error tends to a plateau.
      j["theory"] = nullptr;
      j["theory_plateau"] = r.expected.plateau;
    }
    rn.push_back(j);
  }
  for (const auto& r : o.rates_in_d) {
    auto j = fit_to_json(r.fit);
    j["n"] = r.n;
    j["theory"] = 0.5;
    j["ci_contains_theory"] = r.fit.ci_low <= 0.5 && 0.5 <= r.fit.ci_high;
    if (o.predicted_rate_in_d) {
      const rate_fit& p = *o.predicted_rate_in_d;
      j["predicted_by_K_inf"] = {{"slope", p.slope}, {"slope_se", p.slope_se}};
      const double z = (r.fit.slope - p.slope) / std::hypot(r.fit.slope_se, p.slope_se);
      j["difference_in_combined_se"] = z;
      j["consistent_with_predicted"] = std::abs(z) <= (r.fit.ci_high - r.fit.slope) / r.fit.slope_se;
    }
    rd.push_back(j);
  }
  results["rate_in_n"] = rn;
  if (model.uses_d) results["rate_in_d"] = rd;
  write_file_atomically(ro.output / "results.json", results.dump(2) + "\n");
  write_file_atomically(ro.output / "table.csv", csv_table(o));
  write_plot(ro.output, c, model, o, ro.quiet);
  // A few sample paths against the limit at the smallest n of the first d (the cheapest point,
  // where the fluctuations show), on the streams of sample_path_point: the same paths as
  // `jumpflow simulate --n <that n>` with this seed. Thinned and streamed, so paths.csv and the
  // memory do not grow with n.
  if (model.simulate && ro.paths > 0) {
    const double n = *std::min_element(c.n.begin(), c.n.end());
    write_sample_paths(ro.output, model, c.options, n, grid.front().d, c.T, c.seed, ro.paths, ro.quiet);
  }
  return o;
}

std::string format_table(const study_config& c, const model_entry& model, const study_outcome& o) {
  std::ostringstream s;
  char line[512];
  const char* scaled = model.uses_d ? "s*sqrt(n/d)" : "s*sqrt(n)";
  const char* sharp_scaled_name = model.uses_d ? "K/sqrt(d)" : "K_inf";
  std::snprintf(line, sizeof line, "%6s %10s %12s %10s %25s %12s %12s %10s %8s %8s %12s %8s\n",
                model.uses_d ? "d" : "", "n", "s_hat", "SE", "CI", "K/sqrt(n)", scaled,
                sharp_scaled_name, "bound c", "reps", "events", "seconds");
  s << "jumpflow study " << model.name << ": s_hat = sqrt(E sup_t |X^n_t - x_t|^2), "
    << c.level * 100 << "% confidence intervals, seed " << c.seed << "\n" << line;
  for (std::size_t i = 0; i < o.points.size(); ++i) {
    const auto& p = o.points[i];
    char ci[64], bound[32], sharp[32], sharp_s[32];
    if (const auto& k = o.sharp[i]) {
      std::snprintf(sharp, sizeof sharp, "%.5g", *sharp_prediction(o, i));
      std::snprintf(sharp_s, sizeof sharp_s, "%.4g", sharp_scaled(p, *k));
    } else {
      std::snprintf(sharp, sizeof sharp, "-");
      std::snprintf(sharp_s, sizeof sharp_s, "-");
    }
    std::snprintf(ci, sizeof ci, "[%.4g, %.4g]", p.error.ci_low, p.error.ci_high);
    if (o.bound[i]) {
      std::snprintf(bound, sizeof bound, "%.4g", *o.bound[i]);
    } else {
      std::snprintf(bound, sizeof bound, "-");
    }
    std::snprintf(line, sizeof line, "%6s %10.6g %12.5g %10.3g %25s %12s %12.4g %10s %8s %8llu %12llu %8.2f\n",
                  model.uses_d ? std::to_string(static_cast<long long>(p.d)).c_str() : "", p.n,
                  p.error.value, p.error.standard_error, ci, sharp, scaled_estimate(p), sharp_s, bound,
                  static_cast<unsigned long long>(p.replicates),
                  static_cast<unsigned long long>(p.events), p.seconds);
    s << line;
  }
  // Each rate: the library's one-line description (slope, known-variance interval, goodness of
  // fit, pre-asymptotic handling and range), then the comparison with the theory.
  for (const auto& r : o.rates_in_n) {
    const std::string at = model.uses_d ? " at d=" + std::to_string(static_cast<long long>(r.d)) : "";
    if (r.expected.tends_to_zero) {
      const double p = r.expected.rate;
      std::snprintf(line, sizeof line, " (theory %.3g: %s)\n", p,
                    (r.fit.ci_low <= p && p <= r.fit.ci_high) ? "inside the CI" : "OUTSIDE the CI");
    } else {
      std::snprintf(line, sizeof line,
                    " (theory: no rate, the flow compared with is not the limit; the error plateaus at "
                    "the gap between the flows, %.4g)\n",
                    r.expected.plateau);
    }
    s << "rate in n" << at << ": " << describe_rate_fit(r.fit, "n") << line;
  }
  for (const auto& r : o.rates_in_d) {
    s << "rate in d at n=" << format_value(r.n) << ": " << describe_rate_fit(r.fit, "d");
    if (o.predicted_rate_in_d) {
      // The theorem's sqrt(d) is an upper bound; the slope to expect is that of K_inf(d). The
      // two slopes are compared on their combined standard error, at the interval's z quantile.
      const rate_fit& p = *o.predicted_rate_in_d;
      const double se = std::hypot(r.fit.slope_se, p.slope_se);
      const double z = (r.fit.slope - p.slope) / se;
      const double z_level = (r.fit.ci_high - r.fit.slope) / r.fit.slope_se;
      std::snprintf(line, sizeof line,
                    "; predicted by K_inf(d): %.3f (SE %.3f), difference %.2f combined SE: %s (the bound's "
                    "exponent +0.5 is an upper bound)\n",
                    p.slope, p.slope_se, z, std::abs(z) <= z_level ? "consistent" : "INCONSISTENT");
    } else {
      std::snprintf(line, sizeof line, " (exponent of the bound sqrt(d/n): +0.5, %s)\n",
                    r.fit.ci_low > 0.5 ? "ABOVE it" : (r.fit.ci_high < 0.5 ? "below it" : "inside the CI"));
    }
    s << line;
  }
  std::size_t with_bound = 0, holds = 0;
  for (std::size_t i = 0; i < o.points.size(); ++i) {
    if (!o.bound[i]) continue;
    ++with_bound;
    if (scaled_estimate(o.points[i]) <= *o.bound[i]) ++holds;
  }
  if (with_bound > 0) {
    s << "explicit bound " << scaled << " <= c holds at " << holds << " of " << with_bound
      << " grid points\n";
  }
  return s.str();
}

}  // namespace jumpflow::tool
