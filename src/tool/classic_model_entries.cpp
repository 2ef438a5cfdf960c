// Classic models for `jumpflow study <model>` / `simulate <model>`: each is a
// density-dependent family of reaction networks (jumpflow/models/classic), simulated exactly
// by Gillespie's direct method and compared with its limit ODE (Kurtz 1970) solved by the
// ode module; the error sqrt(E sup_t |X^n_t - x_t|^2) should shrink like n^(-1/2).
#include "model_entries.hpp"
#include "sample_paths_output.hpp"

#include <cmath>
#include <functional>
#include <memory>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/models/classic/density.hpp"
#include "jumpflow/models/classic/density_linear_noise.hpp"
#include "jumpflow/models/classic/gene_expression.hpp"
#include "jumpflow/models/classic/immigration_death.hpp"
#include "jumpflow/models/classic/lotka_volterra.hpp"
#include "jumpflow/models/classic/sir.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_layout.hpp"

namespace jumpflow::tool {

namespace {

template <class Family>
struct classic_setup {
  std::shared_ptr<const Family> family;
  std::shared_ptr<const reaction_network> network;
  std::shared_ptr<const dense_solution> limit;
  count_vector x0;
  double n;
};

template <class Family>
classic_setup<Family> setup(std::shared_ptr<const Family> family, double n, double T) {
  auto drift = [family](const vector& x, vector& dxdt, double /*t*/) { family->drift(x, dxdt); };
  return {family, std::make_shared<const reaction_network>(family->model(n)),
          std::make_shared<const dense_solution>(drift, family->initial_state(), 0.0, T), family->initial_counts(n), n};
}

template <class Family>
replicate_function classic_replicate(std::shared_ptr<const Family> family, double n, double T) {
  const auto s = setup(family, n, T);
  return [s, T](philox_engine& g, std::uint64_t) {
    count_vector x = s.x0;
    // X^n = counts / n is compared with the limit at every event, from both sides.
    // dense_cursor: O(1) per evaluation along the path, and its speed bound lets the
    // observer skip evaluations that cannot raise the sup.
    sup_distance_observer obs(dense_cursor(*s.limit), euclidean_norm{}, 1.0 / s.n);
    const std::uint64_t events = simulate_direct(*s.network, x, 0.0, T, g, obs);
    return replicate_outcome{obs.sup(), events};
  };
}

// Records the density X^n = counts / n of a path at every event. Not a lambda of
// classic_simulate: one type for every family, so that simulate_direct is compiled once.
struct density_recorder {
  double n;
  path_recorder* out;
  vector density{};
  void operator()(const count_vector& c, double t) {
    to_density(c, n, density);
    out->record(t, density.data());
  }
};

template <class Family>
sample_paths classic_simulate(std::shared_ptr<const Family> family, std::vector<std::string> columns,
                              double n, double T, std::uint64_t seed, std::uint64_t paths,
                              path_recorder& paths_out) {
  const auto s = setup(family, n, T);
  sample_paths out;
  out.columns = std::move(columns);
  paths_out.start(out.columns);
  density_recorder record{n, &paths_out};
  for (std::uint64_t r = 0; r < paths; ++r) {
    philox_engine g = study_stream(seed, sample_path_point, r);
    count_vector x = s.x0;
    paths_out.begin_path(r);
    simulate_direct(*s.network, x, 0.0, T, g, record);
    paths_out.end_path();
  }
  out.limit_rows = limit_rows(*s.limit, limit_times(T));
  return out;
}

// Fills the model-independent parts of a classic entry: `family(options)` builds the family
// (the library validates its parameters), `columns` names the coordinates of the state.
template <class MakeFamily>
model_entry classic_entry(model_entry m, MakeFamily family, std::vector<std::string> columns) {
  m.validate = [family](const nlohmann::json& o, const std::vector<double>&, const std::vector<double>&, double) {
    try {
      family(o);
    } catch (const std::logic_error& e) {  // std::invalid_argument and std::domain_error
      throw usage_error(e.what());
    }
  };
  m.make_replicate = [family](const nlohmann::json& o, double n, double, double T) {
    return classic_replicate(family(o), n, T);
  };
  m.asymptotic_constant = [family](const nlohmann::json& o, double, double T, const asymptotic_error_options& k)
      -> std::optional<asymptotic_error_result> {
    // The linear-noise limit of the family (Kurtz 1978), from its network's channels.
    const auto f = family(o);
    const auto limit = setup(f, 1.0, T).limit;
    return asymptotic_error_constant(*limit, density_linear_noise(*f), T, k);
  };
  m.limit = [family, columns](const nlohmann::json& o, double n, double, double T, const std::vector<double>& times) {
    return sample_paths{columns, limit_rows(*setup(family(o), n, T).limit, times)};
  };
  m.simulate = [family, columns](const nlohmann::json& o, double n, double, double T, std::uint64_t seed,
                                 std::uint64_t paths, path_recorder& paths_out) {
    return classic_simulate(family(o), columns, n, T, seed, paths, paths_out);
  };
  return m;
}

}  // namespace

std::vector<model_entry> classic_model_entries() {
  std::vector<model_entry> v;
  {
    model_entry m;
    m.name = "immigration-death";
    m.summary = "immigration at rate n*k, death of each individual at rate g; limit dx/dt = k - g x";
    m.options = {{"k", "immigration rate (per unit of n)", 1.0, {}},
                 {"g", "death rate per individual", 1.0, {}},
                 {"x0", "initial density", 0.5, {}}};
    m.default_n = {50, 100, 200, 400, 800, 1600};
    m.default_replicates = 400;
    m.default_T = 2.0;
    v.push_back(classic_entry(
        std::move(m),
        [](const nlohmann::json& o) {
          return std::make_shared<const immigration_death_family>(number_option(o, "k"), number_option(o, "g"),
                                                                  number_option(o, "x0"));
        },
        {"x"}));
  }
  {
    model_entry m;
    m.name = "sir";
    m.summary = "SIR epidemic: infection at rate n*beta*s*i, recovery at rate n*gamma*i (densities)";
    m.options = {{"beta", "infection rate", 2.0, {}},
                 {"gamma", "recovery rate", 1.0, {}},
                 {"s0", "initial susceptible density", 0.95, {}},
                 {"i0", "initial infected density", 0.05, {}}};
    m.default_n = {100, 200, 400, 800, 1600};
    m.default_replicates = 300;
    m.default_T = 5.0;
    v.push_back(classic_entry(
        std::move(m),
        [](const nlohmann::json& o) {
          return std::make_shared<const sir_family>(number_option(o, "beta"), number_option(o, "gamma"),
                                                    number_option(o, "s0"), number_option(o, "i0"));
        },
        {"s", "i", "r"}));
  }
  {
    model_entry m;
    m.name = "lotka-volterra";
    m.summary = "predator-prey: prey birth a x, predation b x y, predator death c y (densities)";
    m.options = {{"a", "prey birth rate", 1.0, {}},
                 {"b", "predation rate", 1.0, {}},
                 {"c", "predator death rate", 1.0, {}},
                 {"x0", "initial prey density", 1.2, {}},
                 {"y0", "initial predator density", 0.8, {}}};
    m.default_n = {100, 200, 400, 800, 1600};
    m.default_replicates = 300;
    m.default_T = 2.0;
    v.push_back(classic_entry(
        std::move(m),
        [](const nlohmann::json& o) {
          return std::make_shared<const lotka_volterra_family>(number_option(o, "a"), number_option(o, "b"),
                                                               number_option(o, "c"), number_option(o, "x0"),
                                                               number_option(o, "y0"));
        },
        {"prey", "predator"}));
  }
  {
    model_entry m;
    m.name = "gene-expression";
    m.summary = "mRNA and protein with negative feedback (Hill repression of transcription)";
    const gene_expression_parameters defaults;
    m.options = {{"transcription", "maximal transcription rate", defaults.transcription, {}},
                 {"repression", "repression threshold (density)", 1.0, {}},
                 {"hill", "Hill coefficient", defaults.hill, {}},
                 {"mrna_decay", "mRNA decay rate", defaults.mrna_decay, {}},
                 {"translation", "translation rate per mRNA", defaults.translation, {}},
                 {"protein_decay", "protein decay rate", defaults.protein_decay, {}},
                 {"m0", "initial mRNA density", 0.0, {}},
                 {"p0", "initial protein density", 0.0, {}}};
    m.default_n = {20, 40, 80, 160, 320};
    m.default_replicates = 200;
    m.default_T = 5.0;
    v.push_back(classic_entry(
        std::move(m),
        [](const nlohmann::json& o) {
          gene_expression_parameters p;
          p.transcription = number_option(o, "transcription");
          p.repression = number_option(o, "repression");
          p.hill = number_option(o, "hill");
          p.mrna_decay = number_option(o, "mrna_decay");
          p.translation = number_option(o, "translation");
          p.protein_decay = number_option(o, "protein_decay");
          return std::make_shared<const gene_expression_family>(p, number_option(o, "m0"), number_option(o, "p0"));
        },
        {"mrna", "protein"}));
  }
  return v;
}

}  // namespace jumpflow::tool
