// The stochastic Hodgkin-Huxley neuron for `jumpflow study hodgkin-huxley` / `simulate
// hodgkin-huxley`: N sodium channels (and round(ratio N) potassium channels), simulated exactly
// as a PDMP (jumpflow::simulate_pdmp) and compared with the Hodgkin-Huxley ODE from rest with
// the current switched on at t = 0; the error sqrt(E sup_{t <= T} |V^N_t - V_t|^2) should shrink
// like N^(-1/2) over windows that end before spike-time jitter dominates (default T = 1 ms).
#include <cmath>
#include <memory>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/projected_observer.hpp"
#include "jumpflow/jump/simulate_pdmp.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/models/neuron/hodgkin_huxley.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_factory.hpp"
#include "model_entries.hpp"
#include "sample_paths_output.hpp"

namespace jumpflow::tool {

namespace {

struct neuron_setup {
  std::shared_ptr<const stochastic_hodgkin_huxley> model;
  std::shared_ptr<const dense_solution> limit;  // (V, m, h, n) of the ODE
  vector rest;
};

neuron_setup make_setup(const nlohmann::json& o, double n, double T) {
  hodgkin_huxley_parameters p;
  p.current = number_option(o, "current");
  const double ratio = number_option(o, "potassium_ratio");
  require_domain(std::isfinite(ratio) && ratio > 0, "jumpflow hodgkin-huxley", "potassium_ratio",
                 ratio, "finite and > 0");
  const auto sodium = std::llround(n);
  const auto potassium = std::max(1LL, std::llround(ratio * n));
  const hodgkin_huxley_ode ode(p);
  const vector rest = hodgkin_huxley_ode().resting_state();
  return {std::make_shared<const stochastic_hodgkin_huxley>(p, sodium, potassium),
          std::make_shared<const dense_solution>(ode, rest, 0.0, T), rest};
}

replicate_function neuron_replicate(const nlohmann::json& o, double n, double T) {
  const auto s = make_setup(o, n, T);
  return [s, T](philox_engine& g, std::uint64_t) {
    auto x = s.model->initial_state(s.rest);
    // The path is continuous between channel transitions: sampled mode compares every reported
    // point (ODE step ends, both sides of each transition) with the limit.
    sup_distance_observer sup(hodgkin_huxley_voltage(*s.limit), euclidean_norm{}, 1.0,
                              path_kind::sampled);
    projected_observer obs([](const pdmp_state<count_vector>& state, vector& v) { v = state.y; },
                           std::ref(sup));
    const std::uint64_t events = simulate_pdmp(*s.model, x, 0.0, T, g, obs);
    return replicate_outcome{sup.sup(), events};
  };
}

sample_paths neuron_simulate(const nlohmann::json& o, double n, double T, std::uint64_t seed,
                             std::uint64_t paths, path_recorder& paths_out) {
  const auto s = make_setup(o, n, T);
  sample_paths out;
  out.columns = {"V", "open_Na", "open_K"};
  paths_out.start(out.columns);
  for (std::uint64_t r = 0; r < paths; ++r) {
    philox_engine g = stream_factory(seed)(r);
    auto x = s.model->initial_state(s.rest);
    paths_out.begin_path(r);
    simulate_pdmp(*s.model, x, 0.0, T, g, [&](const pdmp_state<count_vector>& state, double t) {
      const double row[3] = {state.y[0], s.model->open_sodium_fraction(state.k),
                             s.model->open_potassium_fraction(state.k)};
      paths_out.record(t, row);
    });
    paths_out.end_path();
  }
  vector z;
  for (int k = 0; k <= 2000; ++k) {
    const double t = T * k / 2000.0;
    (*s.limit)(t, z);
    out.limit_rows.push_back({t, z[0], z[1] * z[1] * z[1] * z[2], std::pow(z[3], 4)});
  }
  return out;
}

}  // namespace

model_entry neuron_model_entry() {
  model_entry m;
  m.name = "hodgkin-huxley";
  m.summary =
      "stochastic Hodgkin-Huxley neuron with n sodium channels (a PDMP); limit: the "
      "Hodgkin-Huxley ODE";
  m.options = {{"current", "applied current (uA/cm^2), switched on at t = 0 from rest", 10.0, {}},
               {"potassium_ratio", "potassium channels per sodium channel", 0.3, {}}};
  m.default_n = {1000, 2000, 4000, 8000};
  m.default_replicates = 100;
  m.default_T = 1.0;
  m.validate = [](const nlohmann::json& o, const std::vector<double>& n, const std::vector<double>&,
                  double T) {
    for (const double v : n) {
      if (!(v >= 1.0 && v == std::floor(v))) {
        throw usage_error(error_message("jumpflow hodgkin-huxley", "n", format_value(v),
                                        "a whole number of sodium channels >= 1"));
      }
    }
    try {
      (void)make_setup(o, n.empty() ? 1.0 : n.front(), T > 0 ? T : 1.0);
    } catch (const std::logic_error& e) {
      throw usage_error(e.what());
    }
  };
  m.make_replicate = [](const nlohmann::json& o, double n, double, double T) {
    return neuron_replicate(o, n, T);
  };
  m.simulate = [](const nlohmann::json& o, double n, double, double T, std::uint64_t seed,
                  std::uint64_t paths, path_recorder& paths_out) { return neuron_simulate(o, n, T, seed, paths, paths_out); };
  return m;
}

}  // namespace jumpflow::tool
