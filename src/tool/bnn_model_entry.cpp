// `jumpflow study bnn` / `simulate bnn`: the STDP learning rule (docs/bnn_theory.md) as a jump
// process driven by a marked Poisson random measure (jumpflow/models/bnn/stdp_rule.hpp),
// compared with its true limit (the gradient flow, or the smoothed flow under fixed amplitude:
// jumpflow/models/bnn/smoothed_flow.hpp) or, with --limit gradient, with the plain gradient
// flow, on the reference problems of the theorem (jumpflow/models/bnn/reference_problems.hpp):
// |grad L(z0)| and the curvature are free of d.
#include <cmath>
#include <memory>
#include <type_traits>
#include <utility>

#include "model_entries.hpp"
#include "perturbation_law.hpp"
#include "sample_paths_output.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/clocks.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/models/bnn/reference_problems.hpp"
#include "jumpflow/models/bnn/stdp_linear_noise.hpp"
#include "jumpflow/models/bnn/smoothed_flow.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace jumpflow::tool {

namespace {

// Perturbations of the Monte Carlo estimate of the smoothed drift (monte_carlo_drift) for the
// network loss under fixed amplitude, which is not separable: with the control variate its
// standard error is far below the errors a study measures.
constexpr std::uint64_t smoothed_drift_samples = 16384;

stdp_limit limit_option(const nlohmann::json& o) {
  return string_option(o, "limit") == "gradient" ? stdp_limit::gradient : stdp_limit::smoothed;
}

// The explicit constant c applies with shrinking amplitude, the Poisson clock and a loss with
// a known Lipschitz constant K of grad L (not the network); its G is recorded along the paths.
bool bound_applies(const nlohmann::json& o) {
  return string_option(o, "scaling") == "shrinking" && string_option(o, "clock") == "poisson" &&
         string_option(o, "loss") != "network";
}

// A flow solved once and shared by the replicates (dense_cursor per path: O(1) per call, and its
// speed bound lets the observer skip evaluations).
using shared_solution = std::shared_ptr<const dense_solution>;

// The flow `which` of the rule from z0 on [0, T]: by quadrature for separable losses
// (stdp_limit_solution), by monte_carlo_drift for the smoothed flow of the network loss.
template <class Loss, class Law>
shared_solution solve_flow(const stdp_rule<Loss, Law>& rule, stdp_limit which, const vector& z0, double T) {
  if constexpr (!separable_loss<Loss>) {
    if (which == stdp_limit::smoothed && !rule.limit_is_gradient_flow()) {
      return std::make_shared<const dense_solution>(
          monte_carlo_drift<Loss, Law>(rule, smoothed_drift_samples, 1), z0, 0.0, T);
    }
  }
  return std::make_shared<const dense_solution>(stdp_limit_solution(rule, which, z0, 0.0, T));
}

// The limit as the observer takes it, and its value at t.
template <class Limit>
const Limit& observed(const Limit& limit) { return limit; }
inline dense_cursor observed(const shared_solution& s) { return dense_cursor(*s); }
template <class Limit>
void evaluate(const Limit& limit, double t, vector& out) { limit(t, out); }
inline void evaluate(const shared_solution& s, double t, vector& out) { (*s)(t, out); }
// The limit as a callable (t, out).
template <class Limit>
auto values_of(const Limit& limit) {
  return [&limit](double t, vector& out) { evaluate(limit, t, out); };
}

// The names of the weights: z0, z1, ...
std::vector<std::string> weight_columns(index d) {
  std::vector<std::string> columns;
  for (index j = 0; j < d; ++j) columns.push_back("z" + std::to_string(j));
  return columns;
}

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

// The perturbation law of the options, as the run-time perturbation_law: one instantiation of
// everything below per loss, whatever the law.
perturbation_law law_of(const nlohmann::json& o, index d) {
  const std::string law = string_option(o, "law");
  if (law == "stdp") return perturbation_law(stdp_law(d, number_option(o, "lambda"), number_option(o, "mu")));
  if (law == "rademacher") return perturbation_law(rademacher_law(d));
  if (law == "gaussian") return perturbation_law(gaussian_law(d));
  return perturbation_law(uniform_cube_law(d));
}

index network_inputs(double d) { return static_cast<index>(d - 2) / 2; }

// Runs `f(rule, z0, limit)` for the configured loss and law, with the flow of --limit: a closed
// form for the gradient flows of the quadratic and log-cosh losses, a shared_solution otherwise.
template <class F>
auto with_problem(const nlohmann::json& o, double n, double dd, double T, F&& f) {
  const auto d = static_cast<index>(dd);
  const stdp_parameters params{.rate = n, .learning_rate = number_option(o, "alpha"), .amplitude = number_option(o, "A")};
  const stdp_rule_options ropts = rule_options(o);
  const stdp_limit which = limit_option(o);
  const std::string loss = string_option(o, "loss");
  const perturbation_law law = law_of(o, d);
  if (loss == "logcosh") {
    const log_cosh_loss l(vector::Zero(d));
    auto rule = std::make_shared<const stdp_rule<log_cosh_loss, perturbation_law>>(l, law, params, ropts);
    const vector z0 = reference_start(d);
    if (which == stdp_limit::gradient || rule->limit_is_gradient_flow()) {
      return f(rule, z0, log_cosh_flow(l, rule->gradient_coefficient(), z0));
    }
    return f(rule, z0, solve_flow(*rule, which, z0, T));
  }
  if (loss == "network") {
    const network_problem p = tanh_network_problem(network_inputs(dd));
    auto rule = std::make_shared<const stdp_rule<network_loss, perturbation_law>>(p.loss, law, params, ropts);
    return f(rule, p.start, solve_flow(*rule, which, p.start, T));
  }
  // A quadratic loss: the limit is the gradient flow for every option.
  const quadratic_loss l = loss == "isotropic"
                               ? quadratic_loss::isotropic(vector::Zero(d), number_option(o, "h"))
                               : anisotropic_quadratic(d);
  auto rule = std::make_shared<const stdp_rule<quadratic_loss, perturbation_law>>(l, law, params, ropts);
  const vector z0 = reference_start(d);
  return f(rule, z0, quadratic_flow(l, rule->gradient_coefficient(), z0));
}

// What a path of the rule feeds, each part optional (null: off): the sup distance to the limit
// (a study's replicate), the sup of |grad L| along the path (the G of the explicit constant) and
// the recorder of sample paths (simulate). One observer type for every use, so that the
// simulator is compiled once per rule, limit and clock; a part that is off costs one branch per
// event.
template <class Rule, class Limit>
struct path_observer {
  using sup_type = decltype(sup_distance_observer(observed(std::declval<const Limit&>())));
  using gradient_type = gradient_sup_observer<typename Rule::loss_type>;
  sup_type* sup = nullptr;
  gradient_type* gradient = nullptr;
  path_recorder* paths = nullptr;
  void operator()(const vector& z, double t) const {
    if (sup != nullptr) (*sup)(z, t);
    if (gradient != nullptr) (*gradient)(z, t);
    if (paths != nullptr) paths->record(t, z.data());
  }
};

template <class Rule, class Observer>
std::uint64_t simulate_one(const Rule& rule, vector& x, double T, philox_engine& g, const std::string& clock,
                           Observer& obs) {
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
      "STDP learning rule of a biological neural network (docs/bnn_theory.md): spike-triggered "
      "jumps converging to the gradient flow dZ/dt = -2 s2 alpha A^2 grad L(Z), error <= c sqrt(d/n) "
      "(to a smoothed flow under fixed amplitude)";
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
      {"limit",
       "flow to compare with: smoothed = the rule's true limit lim n E[J_n] (the smoothed gradient flow under "
       "fixed amplitude with a non-quadratic loss, else the gradient flow), gradient = the plain gradient flow "
       "-2 s2 alpha A^2 grad L (under fixed amplitude the error then plateaus at the gap between the flows)",
       "smoothed", {"smoothed", "gradient"}},
  };
  m.uses_d = true;
  m.default_n = {256, 1024, 4096, 16384};
  m.default_d = {4, 8, 16, 32, 64};
  m.default_replicates = 400;
  m.default_T = 1.0;
  m.validate = validate_bnn;
  m.make_replicate = [](const nlohmann::json& o, double n, double d, double T) -> replicate_function {
    const std::string clock = string_option(o, "clock");
    const bool record_gradient = bound_applies(o);
    return with_problem(o, n, d, T, [&](auto rule, const vector& z0, auto limit) -> replicate_function {
      using rule_type = std::remove_cvref_t<decltype(*rule)>;
      return [rule, z0, limit, T, clock, record_gradient](philox_engine& g, std::uint64_t) -> replicate_record {
        vector x = z0;
        sup_distance_observer sup(observed(limit));
        path_observer<rule_type, decltype(limit)> obs{.sup = &sup};
        if (!record_gradient) {
          const std::uint64_t events = simulate_one(*rule, x, T, g, clock, obs);
          return replicate_outcome{sup.sup(), events};
        }
        // G of the explicit constant: sup_t |grad L(Z^n_t)| on this path.
        gradient_sup_observer grad(rule->loss());
        obs.gradient = &grad;
        const std::uint64_t events = simulate_one(*rule, x, T, g, clock, obs);
        return {replicate_outcome{sup.sup(), events}, grad.sup()};
      };
    });
  };
  m.bound_constant = [](const nlohmann::json& o, double d, double T, double G) -> std::optional<double> {
    // c = 4 sqrt(T m4) alpha A^2 G exp(kappa K T) (docs/bnn_theory.md) with G the largest
    // sup_t |grad L(Z^n_t)| over the replicates and K the Lipschitz constant of grad L
    // (anisotropic quadratic: 2, isotropic: h, log-cosh: 1). The two-sided scheme's O(1/n)
    // drift bias is not included.
    if (!bound_applies(o) || !std::isfinite(G)) return std::nullopt;
    const std::string loss = string_option(o, "loss");
    const double K = loss == "quadratic" ? 2.0 : loss == "isotropic" ? number_option(o, "h") : 1.0;
    return with_problem(o, 1.0, d, T, [&](auto rule, const vector&, auto) -> std::optional<double> {
      return explicit_bound_constant(*rule, T, G, K);
    });
  };
  m.asymptotic_constant = [](const nlohmann::json& o, double d, double T,
                             const asymptotic_error_options& k) -> std::optional<asymptotic_error_result> {
    // The linear-noise limit of the rule (Db = -kappa Hess L, Sigma from the law's moments);
    // none where the rule's options have another limit (e.g. fixed amplitude, non-quadratic loss).
    return with_problem(o, 1.0, d, T, [&](auto rule, const vector&, auto limit) -> std::optional<asymptotic_error_result> {
      const auto path = values_of(limit);
      try {
        const stdp_linear_noise noise(*rule);
        return asymptotic_error_constant(path, noise, T, k);
      } catch (const std::invalid_argument&) {
        return std::nullopt;
      }
    });
  };
  m.expected = [](const nlohmann::json& o, double d, double T) -> expected_behaviour {
    // Read from the rule: rate -1/2 (-2b for 0 < b < 1/4 with a bias) against its true limit; a
    // plateau at the gap between the flows against the plain gradient flow when that is not the
    // limit (fixed amplitude, non-quadratic loss, finite differences).
    const stdp_limit which = limit_option(o);
    return with_problem(o, 1.0, d, T, [&](auto rule, const vector& z0, auto) -> expected_behaviour {
      if (rule->is_limit(which)) return {true, rule->expected_rate(), 0.0};
      const auto z = solve_flow(*rule, stdp_limit::smoothed, z0, T);
      const auto y = solve_flow(*rule, stdp_limit::gradient, z0, T);
      return {false, std::nan(""), flow_distance(*z, *y, T).gap};
    });
  };
  m.simulate = [](const nlohmann::json& o, double n, double d, double T, std::uint64_t seed, std::uint64_t paths,
                  path_recorder& paths_out) {
    const std::string clock = string_option(o, "clock");
    return with_problem(o, n, d, T, [&](auto rule, const vector& z0, auto limit) {
      sample_paths out;
      out.columns = weight_columns(z0.size());
      paths_out.start(out.columns);
      for (std::uint64_t r = 0; r < paths; ++r) {
        philox_engine g = study_stream(seed, sample_path_point, r);
        vector x = z0;
        paths_out.begin_path(r);
        path_observer<std::remove_cvref_t<decltype(*rule)>, decltype(limit)> obs{.paths = &paths_out};
        simulate_one(*rule, x, T, g, clock, obs);
        paths_out.end_path();
      }
      out.limit_rows = limit_rows(values_of(limit), limit_times(T));
      return out;
    });
  };
  m.limit = [](const nlohmann::json& o, double n, double d, double T, const std::vector<double>& times) {
    return with_problem(o, n, d, T, [&](auto, const vector& z0, auto limit) {
      return sample_paths{weight_columns(z0.size()), limit_rows(values_of(limit), times)};
    });
  };
  return m;
}

}  // namespace jumpflow::tool
