// Classic models for `jumpflow study <model>` / `simulate <model>`: each is a
// density-dependent family of reaction networks (jumpflow/models/classic), simulated exactly
// by Gillespie's direct method and compared with its limit ODE (Kurtz 1970) solved by the
// ode module; the error sqrt(E sup_t |X^n_t - x_t|^2) should shrink like n^(-1/2).
#include "classic_models.hpp"

#include <cmath>
#include <functional>
#include <memory>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/models/classic/density.hpp"
#include "jumpflow/models/classic/immigration_death.hpp"
#include "jumpflow/models/classic/sir.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_factory.hpp"

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
    sup_distance_observer obs([&s](double t, vector& out) { (*s.limit)(t, out); }, euclidean_norm{},
                              1.0 / s.n);
    const std::uint64_t events = simulate_direct(*s.network, x, 0.0, T, g, obs);
    return replicate_outcome{obs.sup(), events};
  };
}

template <class Family>
sample_paths classic_simulate(std::shared_ptr<const Family> family, std::vector<std::string> columns,
                              double n, double T, std::uint64_t seed, std::uint64_t paths) {
  const auto s = setup(family, n, T);
  sample_paths out;
  out.columns = std::move(columns);
  for (std::uint64_t r = 0; r < paths; ++r) {
    philox_engine g = stream_factory(seed)(r);
    count_vector x = s.x0;
    vector density;
    const double rep = static_cast<double>(r);
    simulate_direct(*s.network, x, 0.0, T, g, [&](const count_vector& c, double t) {
      to_density(c, n, density);
      std::vector<double> row{rep, t};
      for (index k = 0; k < density.size(); ++k) row.push_back(density[k]);
      out.path_rows.push_back(std::move(row));
    });
  }
  vector z;
  for (int k = 0; k <= 400; ++k) {
    const double t = T * k / 400.0;
    (*s.limit)(t, z);
    std::vector<double> row{t};
    for (index j = 0; j < z.size(); ++j) row.push_back(z[j]);
    out.limit_rows.push_back(std::move(row));
  }
  return out;
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
    auto family = [](const nlohmann::json& o) {
      return std::make_shared<const immigration_death_family>(number_option(o, "k"), number_option(o, "g"),
                                                              number_option(o, "x0"));
    };
    m.validate = [family](const nlohmann::json& o, const std::vector<double>&, const std::vector<double>&, double) {
      try {
        family(o);
      } catch (const std::logic_error& e) {
        throw usage_error(e.what());
      }
    };
    m.make_replicate = [family](const nlohmann::json& o, double n, double, double T) {
      return classic_replicate(family(o), n, T);
    };
    m.simulate = [family](const nlohmann::json& o, double n, double, double T, std::uint64_t seed, std::uint64_t paths) {
      return classic_simulate(family(o), {"x"}, n, T, seed, paths);
    };
    v.push_back(std::move(m));
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
    auto family = [](const nlohmann::json& o) {
      return std::make_shared<const sir_family>(number_option(o, "beta"), number_option(o, "gamma"),
                                                number_option(o, "s0"), number_option(o, "i0"));
    };
    m.validate = [family](const nlohmann::json& o, const std::vector<double>&, const std::vector<double>&, double) {
      try {
        family(o);
      } catch (const std::logic_error& e) {
        throw usage_error(e.what());
      }
    };
    m.make_replicate = [family](const nlohmann::json& o, double n, double, double T) {
      return classic_replicate(family(o), n, T);
    };
    m.simulate = [family](const nlohmann::json& o, double n, double, double T, std::uint64_t seed, std::uint64_t paths) {
      return classic_simulate(family(o), {"s", "i", "r"}, n, T, seed, paths);
    };
    v.push_back(std::move(m));
  }
  return v;
}

}  // namespace jumpflow::tool
