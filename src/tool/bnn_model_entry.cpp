// `jumpflow study bnn` / `simulate bnn`: the STDP learning rule (docs/bnn_theory.md) as a jump
// process driven by a marked Poisson random measure (jumpflow/models/bnn/stdp_rule.hpp),
// compared with its gradient-flow limit, on the reference problems of the theorem
// (jumpflow/models/bnn/reference_problems.hpp): |grad L(z0)| and the curvature are free of d.
#include <cmath>
#include <memory>

#include "model_entries.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/clocks.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/models/bnn/reference_problems.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace jumpflow::tool {

namespace {

// Radius of the region around z* that the paths of the reference problems visit (|z0 - z*| = 1
// plus the fluctuations, well below 0.75 for n >= d): the explicit constant c of the bound
// (docs/bnn_theory.md, "The bound")
// uses the gradient bound G and the Lipschitz constant K of grad L on that ball.
constexpr double visited_radius = 1.75;

stdp_rule_options rule_options(const nlohmann::json& o) {
  stdp_rule_options r;
  const std::string scaling = string_option(o, "scaling");
  if (scaling == "shrinking") {
    r.scaling = amplitude_scaling::shrinking_amplitude();
  } else if (scaling == "fixed") {
    r.scaling = amplitude_scaling::fixed_amplitude();
  } else {
    r.scaling = amplitude_scaling(number_option(o, "b"));
  }
  const std::string scheme = string_option(o, "scheme");
  r.scheme = scheme == "one-sided"    ? difference_scheme::one_sided
             : scheme == "linearised" ? difference_scheme::linearised
                                      : difference_scheme::two_sided;
  return r;
}

// Calls f(law) with the perturbation law of the options (a compile-time type per law).
template <class F>
auto with_law(const nlohmann::json& o, index d, F&& f) {
  const std::string law = string_option(o, "law");
  if (law == "stdp") return f(stdp_law(d, number_option(o, "lambda"), number_option(o, "mu")));
  if (law == "rademacher") return f(rademacher_law(d));
  if (law == "gaussian") return f(gaussian_law(d));
  return f(uniform_cube_law(d));
}

index network_inputs(double d) { return static_cast<index>(d - 2) / 2; }

// Runs `f(rule, z0, limit)` for the configured loss and law.
template <class F>
auto with_problem(const nlohmann::json& o, double n, double dd, double T, F&& f) {
  const auto d = static_cast<index>(dd);
  const double alpha = number_option(o, "alpha"), amplitude = number_option(o, "A");
  const stdp_rule_options ropts = rule_options(o);
  const std::string loss = string_option(o, "loss");
  return with_law(o, d, [&](auto law) {
    using law_type = decltype(law);
    if (loss == "logcosh") {
      const log_cosh_loss l(vector::Zero(d));
      auto rule = std::make_shared<const stdp_rule<log_cosh_loss, law_type>>(l, law, n, alpha, amplitude, ropts);
      const vector z0 = reference_start(d);
      return f(rule, z0, log_cosh_flow(l, rule->limit_coefficient(), z0));
    }
    if (loss == "network") {
      const network_problem p = tanh_network_problem(network_inputs(dd));
      auto rule = std::make_shared<const stdp_rule<network_loss, law_type>>(p.loss, law, n, alpha, amplitude, ropts);
      auto flow = std::make_shared<const dense_solution>(gradient_flow<network_loss>(p.loss, rule->limit_coefficient()),
                                                         p.start, 0.0, T);
      return f(rule, p.start, [flow](double t, vector& out) { (*flow)(t, out); });
    }
    const quadratic_loss l = loss == "isotropic"
                                 ? quadratic_loss::isotropic(vector::Zero(d), number_option(o, "h"))
                                 : anisotropic_quadratic(d);
    auto rule = std::make_shared<const stdp_rule<quadratic_loss, law_type>>(l, law, n, alpha, amplitude, ropts);
    const vector z0 = reference_start(d);
    return f(rule, z0, quadratic_flow(l, rule->limit_coefficient(), z0));
  });
}

template <class Rule, class Limit>
std::uint64_t simulate_one(const Rule& rule, vector& x, double T, philox_engine& g, const std::string& clock,
                           Limit&& obs) {
  if (clock == "grid") return simulate_prm_driven(rule, x, 0.0, T, g, obs, grid_clock{rule.grid_step()});
  return simulate_prm_driven(rule, x, 0.0, T, g, obs);
}

void validate_bnn(const nlohmann::json& o, const std::vector<double>& ns, const std::vector<double>& ds, double) {
  const std::string loss = string_option(o, "loss");
  for (double d : ds) {
    if (loss == "network" && (d < 4 || std::fmod(d, 2.0) != 0.0)) {
      throw usage_error(error_message("jumpflow study bnn", "d", format_value(d),
                                      "even and >= 4 for --loss network (d = 2k + 2 weights of a {k, 2, 1} network)"));
    }
    for (double n : ns) {
      // For a quadratic loss the gradient is unbounded and the error grows like e^{beta t},
      // beta ~ d/n: the bound c sqrt(d/n) needs n >= d (docs/bnn_theory.md, "The bound").
      if ((loss == "quadratic" || loss == "isotropic") && n < d) {
        throw usage_error(error_message("jumpflow study bnn", "n", format_value(n),
                                        ">= d = " + format_value(d) + " (the bound needs n >= d for a quadratic loss)"));
      }
    }
  }
  if (string_option(o, "law") == "stdp") {
    for (const char* k : {"lambda", "mu"}) {
      const double v = number_option(o, k);
      if (!(std::isfinite(v) && v > 0)) throw usage_error(error_message("jumpflow study bnn", k, format_value(v), "finite and > 0"));
    }
  }
  for (const char* k : {"alpha", "A", "h"}) {
    const double v = number_option(o, k);
    if (!(std::isfinite(v) && v > 0)) throw usage_error(error_message("jumpflow study bnn", k, format_value(v), "finite and > 0"));
  }
  // Checked whatever --scaling is, so that a mistyped --b is never silently ignored.
  const double b = number_option(o, "b");
  if (!(b >= 0.0 && b <= 0.5)) throw usage_error(error_message("jumpflow study bnn", "b", format_value(b), "in [0, 1/2]"));
}

}  // namespace

model_entry bnn_model_entry() {
  model_entry m;
  m.name = "bnn";
  m.summary =
      "STDP learning rule of a biological neural network (docs/bnn_theory.md): spike-triggered jumps "
      "converging to the gradient flow dZ/dt = -2 s2 alpha A^2 grad L(Z), error <= c sqrt(d/n)";
  m.options = {
      {"loss", "loss: quadratic (anisotropic, spectrum in [0.5,2]), isotropic, logcosh, network (tanh {k,2,1}, d = 2k+2)",
       "quadratic", {"quadratic", "isotropic", "logcosh", "network"}},
      {"alpha", "learning rate alpha", 1.0, {}},
      {"A", "STDP amplitude A", 1.0, {}},
      {"h", "curvature of the isotropic quadratic loss", 1.0, {}},
      {"scaling", "shrinking (A_n = A/sqrt n), fixed (A_n = A, alpha_n = alpha/n), general (exponent --b)",
       "shrinking", {"shrinking", "fixed", "general"}},
      {"b", "exponent b in [0, 1/2] of --scaling general: A_n = A n^-b, alpha_n = alpha n^-(1-2b)", 0.25, {}},
      {"scheme", "difference scheme", "two-sided", {"two-sided", "one-sided", "linearised"}},
      {"law", "perturbation law", "uniform", {"uniform", "stdp", "rademacher", "gaussian"}},
      {"lambda", "spike rate lambda of the STDP law", 1.0, {}},
      {"mu", "window decay mu of the STDP law (lambda = mu: uniform)", 1.0, {}},
      {"clock", "spike clock: poisson (rate n) or grid (times k/n)", "poisson", {"poisson", "grid"}},
  };
  m.uses_d = true;
  m.default_n = {256, 1024, 4096, 16384};
  m.default_d = {4, 8, 16, 32, 64};
  m.default_replicates = 400;
  m.default_T = 1.0;
  m.validate = validate_bnn;
  m.make_replicate = [](const nlohmann::json& o, double n, double d, double T) -> replicate_function {
    const std::string clock = string_option(o, "clock");
    return with_problem(o, n, d, T, [&](auto rule, const vector& z0, auto limit) -> replicate_function {
      return [rule, z0, limit, T, clock](philox_engine& g, std::uint64_t) {
        vector x = z0;
        sup_distance_observer obs(limit);
        const std::uint64_t events = simulate_one(*rule, x, T, g, clock, obs);
        return replicate_outcome{obs.sup(), events};
      };
    });
  };
  m.bound_constant = [](const nlohmann::json& o, double d, double T) -> std::optional<double> {
    // c of the bound (docs/bnn_theory.md) applies with shrinking amplitude, the Poisson clock and a loss with
    // known G and K on the visited ball (quadratic: G = 2 r, K = 2; isotropic: G = h r, K = h;
    // log-cosh: G = r, K = 1). The two-sided scheme's O(1/n) drift bias is not included.
    if (string_option(o, "scaling") != "shrinking" || string_option(o, "clock") != "poisson") return std::nullopt;
    const std::string loss = string_option(o, "loss");
    if (loss == "network") return std::nullopt;
    const double h = number_option(o, "h");
    const double G = loss == "quadratic" ? 2.0 * visited_radius : loss == "isotropic" ? h * visited_radius : visited_radius;
    const double K = loss == "quadratic" ? 2.0 : loss == "isotropic" ? h : 1.0;
    return with_problem(o, 1.0, d, T, [&](auto rule, const vector&, auto) -> std::optional<double> {
      return explicit_bound_constant(*rule, T, G, K);
    });
  };
  m.simulate = [](const nlohmann::json& o, double n, double d, double T, std::uint64_t seed, std::uint64_t paths) {
    const std::string clock = string_option(o, "clock");
    return with_problem(o, n, d, T, [&](auto rule, const vector& z0, auto limit) {
      sample_paths out;
      for (index j = 0; j < z0.size(); ++j) out.columns.push_back("z" + std::to_string(j));
      for (std::uint64_t r = 0; r < paths; ++r) {
        philox_engine g = study_stream(seed, sample_path_point, r);
        vector x = z0;
        const double rep = static_cast<double>(r);
        simulate_one(*rule, x, T, g, clock, [&](const vector& z, double t) {
          std::vector<double> row{rep, t};
          row.insert(row.end(), z.data(), z.data() + z.size());
          out.path_rows.push_back(std::move(row));
        });
      }
      vector z;
      for (int k = 0; k <= 400; ++k) {
        const double t = T * k / 400.0;
        limit(t, z);
        std::vector<double> row{t};
        row.insert(row.end(), z.data(), z.data() + z.size());
        out.limit_rows.push_back(std::move(row));
      }
      return out;
    });
  };
  return m;
}

}  // namespace jumpflow::tool
