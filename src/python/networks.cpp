// Reaction networks from Python: built species by species and reaction by reaction, or read
// from an SBML / BioNetGen file, and simulated with any simulator of the library (the names of
// `jumpflow simulate --method`, "auto" by default) on a time grid (one path, or an ensemble of
// replicates with its mean and sd), the GIL released.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/io/read_bionetgen.hpp"
#include "jumpflow/io/read_sbml.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/save_grid_observer.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "model_file_commands.hpp"
#include "simulators.hpp"

namespace jumpflow::python {

namespace {

using tool::simulator;

simulator parse_method(const std::string& function, const std::string& name) {
  if (const auto s = tool::find_simulator(name)) return *s;
  throw std::invalid_argument(error_message(function, "method", "'" + name + "'", "one of " + tool::simulator_names()));
}

// A Python object kept alive by C++ (a propensity inside a channel): its last reference may be
// dropped on a thread that does not hold the GIL, so the deleter takes it.
std::shared_ptr<py::object> keep(py::object o) {
  return {new py::object(std::move(o)), [](py::object* p) {
            py::gil_scoped_acquire gil;
            delete p;
          }};
}

// The time grid t_k = k h, h = t_end / (points - 1), k < points, and what a run needs (`how`:
// the simulator, "auto" resolved for the network before a run).
struct grid_spec {
  double t_end;
  std::size_t points;
  simulator how;
  tau_leaping_options tau;
  double step() const { return t_end / static_cast<double>(points - 1); }
};

grid_spec make_grid(const std::string& function, double t_end, long long points, const std::string& how,
                    double epsilon) {
  require_domain(std::isfinite(t_end) && t_end > 0.0, function, "t_end", t_end, "finite and > 0");
  require_argument(points >= 2 && points <= 10000000, function, "points", points, "in [2, 10^7]");
  require_domain(epsilon > 0.0 && epsilon < 1.0, function, "epsilon", epsilon, "in (0, 1)");
  grid_spec g{t_end, static_cast<std::size_t>(points), parse_method(function, how), {}};
  g.tau.epsilon = epsilon;
  return g;
}

// One path from x0 on [0, t_end] with engine g, its counts on the grid written to out[s * points
// + k] (species-major); returns the number of events. Each simulator is instantiated once, with
// this observer and stop condition.
std::uint64_t run_path(const reaction_network& net, const count_vector& x0, const grid_spec& grid,
                       philox_engine& g, long long* out, cancel_token& cancel) {
  count_vector x = x0;
  const auto d = static_cast<std::size_t>(net.species());
  std::size_t k = 0;
  auto record = [&](const count_vector& y, double) {
    for (std::size_t s = 0; s < d; ++s) out[s * grid.points + k] = y[static_cast<index>(s)];
    ++k;
  };
  auto obs = save_grid<count_vector>(0.0, grid.step(), grid.points, std::ref(record));
  cancel_stop stop{&cancel};
  const std::uint64_t events = tool::simulate_with(grid.how, grid.tau, net, x, 0.0, grid.t_end, g, obs, stop);
  check_cancelled(cancel);
  // A last grid time that rounds above t_end gets the state at t_end.
  while (k < grid.points) record(x, grid.t_end);
  return events;
}

// A network as Python sees it: species names, channels (added one by one, or read from a file)
// and default initial counts. The C++ reaction_network is built on first use and rebuilt after
// a change.
class network {
 public:
  explicit network(std::vector<std::string> species) : species_(std::move(species)) {
    require_argument(!species_.empty(), "jumpflow.Network", "species", "an empty list", "at least one name");
    for (std::size_t i = 0; i < species_.size(); ++i) {
      require_argument(!species_[i].empty(), "jumpflow.Network", "species name", "''", "non-empty");
      require_argument(!index_.contains(species_[i]), "jumpflow.Network", "species name",
                       "'" + species_[i] + "'", "unique (it appears twice)");
      index_[species_[i]] = static_cast<index>(i);
    }
    initial_ = count_vector::Zero(static_cast<index>(species_.size()));
  }

  explicit network(std::shared_ptr<const imported_network> m, std::string file)
      : network(m->species_names()) {
    imported_ = std::move(m);
    file_ = std::move(file);
    initial_ = imported_->initial_state();
    for (const auto& name : imported_->channel_names()) channel_names_.push_back(name);
  }

  const std::vector<std::string>& species() const { return species_; }
  index channels() const {
    return imported_ ? imported_->channels() : static_cast<index>(channels_.size());
  }
  const std::vector<std::string>& channel_names() const { return channel_names_; }
  bool has_python_propensity() const { return python_channels_ > 0; }

  void add_mass_action(const py::object& reactants, const py::object& products, double rate, const std::string& name) {
    const char* f = "jumpflow.Network.add_reaction";
    refuse_if_imported(f);
    require_domain(std::isfinite(rate) && rate >= 0.0, f, "rate", rate, "finite and >= 0");
    auto in = terms(f, "reactants", reactants, false), out = terms(f, "products", products, false);
    channels_.push_back(reaction_channel::mass_action(rate, in, out, name));
    mass_action_.push_back({rate, std::move(in), std::move(out)});
    channel_names_.push_back(name);
    net_.reset();
  }

  void add_propensity(const py::function& propensity, const py::object& change, const py::object& reads,
                      const std::string& name) {
    const char* f = "jumpflow.Network.add_propensity";
    refuse_if_imported(f);
    std::vector<index> read;
    const bool all = reads.is_none();
    if (!all) {
      for (const auto& t : terms(f, "reads", reads, false)) read.push_back(t.species);
    }
    const std::size_t channel = channels_.size();
    const std::string label = name.empty() ? "channel " + std::to_string(channel) : "channel " + std::to_string(channel) + " (" + name + ")";
    // The slow path: every evaluation takes the GIL and calls Python with a copy of the counts.
    auto fn = keep(propensity);
    propensity_function a = [fn, label](const count_vector& x) -> double {
      py::gil_scoped_acquire gil;
      py::array_t<long long> counts(x.size(), x.data());
      const py::object value = (*fn)(counts);
      if (!py::isinstance<py::float_>(value) && !py::isinstance<py::int_>(value) &&
          !py::hasattr(value, "__float__")) {
        throw py::type_error(error_message("jumpflow.Network: the propensity of " + label, "the returned value",
                                           py::repr(value).cast<std::string>(), "a float"));
      }
      return value.cast<double>();
    };
    channels_.push_back(reaction_channel::custom(std::move(a), terms(f, "change", change, true), std::move(read), all, name));
    channel_names_.push_back(name);
    ++python_channels_;
    net_.reset();
  }

  const reaction_network& net() const {
    if (imported_) return imported_->network();
    if (!net_) {
      require_argument(!channels_.empty(), "jumpflow.Network", "channels", "none", "at least one reaction");
      net_ = std::make_shared<const reaction_network>(static_cast<index>(species_.size()), channels_);
    }
    return *net_;
  }

  py::array_t<long long> initial() const { return py::array_t<long long>(initial_.size(), initial_.data()); }
  void set_initial(const py::object& x) { initial_ = counts("jumpflow.Network.initial", x); }

  // Counts from a dict {name: count} (others 0) or a sequence of d whole numbers >= 0.
  count_vector counts(const std::string& function, const py::object& x) const {
    count_vector c = count_vector::Zero(static_cast<index>(species_.size()));
    if (py::isinstance<py::dict>(x)) {
      for (const auto& [k, v] : x.cast<py::dict>()) c[species_index(function, k)] = whole(function, "count", v, true);
      return c;
    }
    if (py::isinstance<py::str>(x) || !py::hasattr(x, "__len__")) {
      throw py::type_error(error_message(function, "x0", py::repr(x).cast<std::string>(),
                                         "a dict {species: count} or a sequence of counts"));
    }
    const py::sequence s = x.cast<py::sequence>();
    require_argument(s.size() == species_.size(), function, "the length of x0", s.size(),
                     "the number of species, " + std::to_string(species_.size()));
    for (std::size_t i = 0; i < s.size(); ++i) c[static_cast<index>(i)] = whole(function, "count", s[i], true);
    return c;
  }

  count_vector start(const py::object& x0) const {
    return x0.is_none() ? initial_ : counts("jumpflow.Network.simulate", x0);
  }

  // Member V of the network's density-dependent family (Kurtz 1970), exactly as
  // read_bionetgen reads a .net file at volume V (the network as built is the member V = 1):
  // initial counts round(V c0), and the rate constant of a reaction of order m times
  // V^(1 - m). Only mass-action networks built in Python have one.
  imported_network at_volume(const std::vector<double>& c0, double volume) const {
    imported_network::parts p;
    p.source = "jumpflow.study_network";
    p.file = "<Python network>";
    p.species_names = species_;
    p.initial.resize(static_cast<index>(species_.size()));
    for (std::size_t i = 0; i < species_.size(); ++i) {
      const double v = std::round(c0[i] * volume);
      require_domain(v >= 0.0 && v < 9.0e18, "jumpflow.study_network", "the initial count of " + species_[i], v,
                     "in [0, 9e18)");
      p.initial[static_cast<index>(i)] = static_cast<long long>(v);
    }
    p.fixed.assign(species_.size(), 0);
    p.volume = volume;
    for (std::size_t j = 0; j < mass_action_.size(); ++j) {
      long long order = 0;
      for (const auto& t : mass_action_[j].reactants) order += t.count;
      p.channel_names.push_back(channel_names_[j].empty() ? "R" + std::to_string(j + 1) : channel_names_[j]);
      p.reactants.push_back(mass_action_[j].reactants);
      p.products.push_back(mass_action_[j].products);
      p.laws.push_back(detail::expr_node::number(mass_action_[j].rate * std::pow(volume, static_cast<double>(1 - order))));
      p.elementary.push_back(1);
    }
    return imported_network(std::move(p), import_options{});
  }

  // The network whose drift() is the reaction rate equation in counts: the file's, or the
  // member V = 1 of the family of a mass-action network built in Python.
  std::shared_ptr<const imported_network> deterministic(const char* function) const {
    if (imported_) return imported_;
    require_argument(python_channels_ == 0, function, "network", "one with a Python propensity",
                     "a mass-action network (a Python propensity has no reaction rate equation)");
    require_argument(!channels_.empty(), function, "channels", "none", "at least one reaction");
    return std::make_shared<const imported_network>(at_volume(std::vector<double>(species_.size(), 0.0), 1.0));
  }

  // Refuses what has no scaled family: a network read from a file (study the file), one with
  // a Python propensity, one with no channel.
  void require_family(const char* function) const {
    if (imported_) {
      throw std::invalid_argument(error_message(function, "network", "read from " + file_,
                                                "built in Python (study a model file with jumpflow.study_model_file)"));
    }
    require_argument(python_channels_ == 0, function, "network", "one with a Python propensity",
                     "a mass-action network (a Python propensity has no scaling in n)");
    require_argument(!channels_.empty(), function, "channels", "none", "at least one reaction");
  }

 private:
  void refuse_if_imported(const char* function) const {
    if (imported_) {
      throw std::invalid_argument(error_message(function, "network", "read from a file",
                                                "built in Python (a file's network cannot be extended)"));
    }
  }

  index species_index(const std::string& function, const py::handle& name) const {
    if (!py::isinstance<py::str>(name)) {
      throw py::type_error(error_message(function, "species", py::repr(name).cast<std::string>(), "a species name (str)"));
    }
    const auto s = name.cast<std::string>();
    const auto it = index_.find(s);
    if (it == index_.end()) {
      std::string known;
      for (const auto& n : species_) known += (known.empty() ? "" : ", ") + n;
      throw std::invalid_argument(error_message(function, "species", "'" + s + "'", "one of " + known));
    }
    return it->second;
  }

  static long long whole(const std::string& function, const char* what, const py::handle& v, bool nonnegative) {
    if (py::isinstance<py::bool_>(v) || !(py::isinstance<py::int_>(v) || py::hasattr(v, "__index__"))) {
      throw py::type_error(error_message(function, what, py::repr(v).cast<std::string>(), "an integer"));
    }
    const long long n = v.cast<long long>();
    if (nonnegative) require_domain(n >= 0, function, what, n, ">= 0");
    return n;
  }

  // Species terms from {name: count} or a list of names (a repeated name counts twice).
  std::vector<species_term> terms(const std::string& function, const char* what, const py::object& o,
                                  bool signed_change) const {
    std::map<index, long long> m;
    if (py::isinstance<py::dict>(o)) {
      for (const auto& [k, v] : o.cast<py::dict>()) {
        const long long c = whole(function, what, v, false);
        if (!signed_change) require_argument(c >= 1, function, what, c, ">= 1 (a multiplicity)");
        m[species_index(function, k)] += c;
      }
    } else if (!py::isinstance<py::str>(o) && py::hasattr(o, "__iter__")) {
      for (const auto& k : o) m[species_index(function, k)] += 1;
    } else {
      throw py::type_error(error_message(function, what, py::repr(o).cast<std::string>(),
                                         "a dict {species: count} or a list of species names"));
    }
    std::vector<species_term> t;
    for (const auto& [s, c] : m) t.push_back({s, c});
    return t;
  }

  std::vector<std::string> species_;
  std::map<std::string, index> index_;
  std::vector<reaction_channel> channels_;
  std::vector<std::string> channel_names_;
  count_vector initial_;
  struct mass_action_spec {
    double rate;
    std::vector<species_term> reactants, products;
  };
  std::vector<mass_action_spec> mass_action_;  // the channels, when all are mass action
  std::shared_ptr<const imported_network> imported_;
  std::string file_;
  mutable std::shared_ptr<const reaction_network> net_;
  int python_channels_ = 0;
};

std::shared_ptr<network> load_model(const std::string& path, const std::string& format, const py::object& volume) {
  const char* f = "jumpflow.load_model";
  import_options o;
  if (!volume.is_none()) {
    o.volume = volume.cast<double>();
    require_domain(std::isfinite(o.volume) && o.volume > 0.0, f, "volume", o.volume, "finite and > 0");
  }
  require_argument(format == "auto" || format == "sbml" || format == "bionetgen", f, "format", "'" + format + "'",
                   "one of auto, sbml, bionetgen");
  const bool net = format == "bionetgen" || (format == "auto" && std::filesystem::path(path).extension() == ".net");
  auto m = std::make_shared<const imported_network>(net ? read_bionetgen(path, o) : read_sbml(path, o));
  (void)m->network();  // a time-dependent network is refused here, not mid-run
  return std::make_shared<network>(std::move(m), path);
}

py::array_t<double> grid_times(const grid_spec& grid) {
  py::array_t<double> t(static_cast<py::ssize_t>(grid.points));
  for (std::size_t k = 0; k < grid.points; ++k) t.mutable_data()[k] = static_cast<double>(k) * grid.step();
  return t;
}

py::tuple simulate(const network& n, double t_end, long long points, const py::object& x0, const std::string& how,
                   std::uint64_t seed, std::uint64_t replicate, double epsilon) {
  grid_spec grid = make_grid("jumpflow.Network.simulate", t_end, points, how, epsilon);
  require_argument(replicate < stream_layout_limit, "jumpflow.Network.simulate", "replicate", replicate, "< 2^32");
  const count_vector x = n.start(x0);
  const reaction_network& net = n.net();
  grid.how = tool::resolve_simulator(grid.how, net);
  const auto d = static_cast<py::ssize_t>(n.species().size());
  py::array_t<long long> out({d, static_cast<py::ssize_t>(grid.points)});
  long long* data = out.mutable_data();
  // One path: on this thread (no thread to start).
  const std::uint64_t events = run_released(true, [&](cancel_token& cancel) {
    philox_engine g = study_stream(seed, 0, replicate);
    return run_path(net, x, grid, g, data, cancel);
  });
  return py::make_tuple(grid_times(grid), out, events, tool::simulator_name(grid.how));
}

py::tuple ensemble(const network& n, double t_end, long long points, long long replicates, const py::object& x0,
                   const std::string& how, std::uint64_t seed, unsigned threads, double epsilon, bool progress) {
  const char* f = "jumpflow.Network.ensemble";
  grid_spec grid = make_grid(f, t_end, points, how, epsilon);
  require_argument(replicates >= 1 && static_cast<std::uint64_t>(replicates) < stream_layout_limit, f, "replicates",
                   replicates, "in [1, 2^32)");
  const count_vector x = n.start(x0);
  const reaction_network& net = n.net();
  grid.how = tool::resolve_simulator(grid.how, net);
  const auto R = static_cast<std::size_t>(replicates), d = n.species().size(), K = grid.points;
  require_argument(R * d * K <= (std::size_t{1} << 28), f, "replicates x species x points", R * d * K,
                   "<= 2^28 (2 GiB of counts)");
  py::array_t<long long> paths({static_cast<py::ssize_t>(R), static_cast<py::ssize_t>(d), static_cast<py::ssize_t>(K)});
  py::array_t<double> mean({static_cast<py::ssize_t>(d), static_cast<py::ssize_t>(K)});
  py::array_t<double> sd({static_cast<py::ssize_t>(d), static_cast<py::ssize_t>(K)});
  long long* p = paths.mutable_data();
  double *m = mean.mutable_data(), *s = sd.mutable_data();
  // A Python propensity holds the GIL at every evaluation: more threads would only queue.
  const unsigned workers = n.has_python_propensity() ? 1u : threads;
  const bool single = std::min<std::uint64_t>(resolve_threads(workers), R) == 1;
  std::optional<ensemble_progress> bar;
  if (progress) bar.emplace(R, tool::progress::stderr_is_terminal());
  const std::uint64_t events = run_released(single, [&](cancel_token& cancel) {
    // Replicate r draws from study_stream(seed, 0, r) (run_ensemble's stream r), whatever the
    // thread count.
    const auto per = run_ensemble(R, seed, workers, [&](philox_engine& g, std::uint64_t r) {
      check_cancelled(cancel);
      const std::uint64_t e = run_path(net, x, grid, g, p + r * d * K, cancel);
      if (bar) bar->replicate_done(e);
      return e;
    });
    // Mean and sd over replicates in replicate order (two passes), so the numbers do not
    // depend on the threads either.
    for (std::size_t i = 0; i < d * K; ++i) {
      double sum = 0.0;
      for (std::size_t r = 0; r < R; ++r) sum += static_cast<double>(p[r * d * K + i]);
      const double mu = sum / static_cast<double>(R);
      double sq = 0.0;
      for (std::size_t r = 0; r < R; ++r) {
        const double e = static_cast<double>(p[r * d * K + i]) - mu;
        sq += e * e;
      }
      m[i] = mu;
      s[i] = R > 1 ? std::sqrt(sq / static_cast<double>(R - 1)) : std::nan("");
    }
    std::uint64_t total = 0;
    for (const auto e : per) total += e;
    return total;
  });
  return py::make_tuple(grid_times(grid), paths, mean, sd, events, tool::simulator_name(grid.how));
}

// The reaction rate equation x' = sum_j nu_j r_j(x) on real counts from x0 (a mass-action
// channel: r_j = k_j prod_i x_i^m_ij), solved on [0, max(times)] as a dense_solution (the
// stepper chosen as for `jumpflow simulate --model`), at `times`: (times, species x times).
py::tuple rate_equation(const network& n, const py::array_t<double, py::array::c_style | py::array::forcecast>& times,
                        const py::object& x0) {
  const char* f = "jumpflow.Network.limit";
  require_argument(times.ndim() == 1, f, "the dimension of times", times.ndim(), "1");
  const std::vector<double> t(times.data(), times.data() + times.size());
  double end = 0.0;
  for (const double u : t) {
    require_domain(std::isfinite(u) && u >= 0.0, f, "a time", u, "finite and >= 0");
    end = std::max(end, u);
  }
  const auto m = n.deterministic(f);
  const vector start = n.start(x0).cast<double>();
  const auto d = static_cast<std::size_t>(start.size());
  py::array_t<double> out({static_cast<py::ssize_t>(d), static_cast<py::ssize_t>(t.size())});
  double* p = out.mutable_data();
  run_released(true, [&](cancel_token&) {
    std::vector<std::vector<double>> rows;
    if (end > 0.0) {
      ode_options o;
      o.stepper = ode_stepper::automatic;
      const dense_solution ode([&m](const vector& x, vector& dxdt, double u) { m->drift(x, dxdt, u); },
                               [&m](const vector& x, matrix& J, double u) { m->jacobian(x, J, u); }, start, 0.0, end,
                               o);
      rows = tool::limit_rows(ode, t);
    } else {
      rows.assign(t.size(), std::vector<double>(d + 1, 0.0));
      for (auto& r : rows) std::copy(start.data(), start.data() + d, r.begin() + 1);
    }
    for (std::size_t k = 0; k < t.size(); ++k) {
      for (std::size_t i = 0; i < d; ++i) p[i * t.size() + k] = rows[k][i + 1];
    }
    return 0;
  });
  return py::make_tuple(py::array_t<double>(static_cast<py::ssize_t>(t.size()), t.data()), out);
}

// Kurtz's convergence study of a network built in Python over a grid of n: `jumpflow study
// kurtz` with the network's family (network::at_volume) in place of a model file's.
std::string study_network(const network& n, const std::vector<double>& c0, const std::string& config,
                          const std::string& out, bool progress) {
  const char* f = "jumpflow.study_network";
  n.require_family(f);
  require_argument(c0.size() == n.species().size(), f, "the length of x0", c0.size(),
                   "the number of species, " + std::to_string(n.species().size()));
  for (std::size_t i = 0; i < c0.size(); ++i) {
    require_domain(std::isfinite(c0[i]) && c0[i] >= 0.0, f, "the initial concentration of " + n.species()[i], c0[i],
                   "finite and >= 0");
  }
  std::string described = "Python network of " + std::to_string(n.channels()) + " channels, species";
  for (const auto& s : n.species()) described += " " + s;
  // The family holds a copy of the network, so that the study does not see later changes.
  auto copy = std::make_shared<const network>(n);
  const tool::model_entry entry = tool::kurtz_entry(
      [copy, c0](const nlohmann::json&, double volume) { return copy->at_volume(c0, volume); },
      {{"model", "the network", described, {}}});
  nlohmann::json c;
  try {
    c = nlohmann::json::parse(config);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(error_message(f, "config", config, std::string("valid JSON (") + e.what() + ")"));
  }
  return run_tool_study(entry, c, out, progress);
}

}  // namespace

void bind_networks(py::module_& m) {
  py::tuple methods(tool::simulators.size());
  for (std::size_t i = 0; i < tool::simulators.size(); ++i) methods[i] = tool::simulators[i].name;
  m.attr("METHODS") = methods;
  py::class_<network, std::shared_ptr<network>>(m, "Network", R"doc(
A reaction network: named species and channels (reactions), simulated exactly (by any of the
library's exact methods, or the fastest for the network: "auto") or by tau-leaping.

Build one in Python::

    net = jumpflow.Network(["S", "I", "R"])
    net.add_reaction({"S": 1, "I": 1}, {"I": 2}, rate=0.001, name="infection")
    net.add_reaction(["I"], ["R"], rate=0.1, name="recovery")
    net.initial = {"S": 990, "I": 10}

or read one from a file with jumpflow.load_model(). Mass-action channels use the stochastic
(falling-factorial) convention: a_j(x) = k_j * prod_i x_i (x_i - 1) ... (x_i - m_ij + 1).
A channel with a Python propensity (add_propensity) is the slow path: every evaluation calls
Python with the GIL held.)doc")
      .def(py::init<std::vector<std::string>>(), py::arg("species"),
           "A network of the named species (a list of distinct, non-empty names) and no channel yet.")
      .def_property_readonly("species", &network::species, "The species names, in state order.")
      .def_property_readonly("channels", &network::channels, "The number of channels.")
      .def_property_readonly("channel_names", &network::channel_names, "The channel names ('' when unnamed).")
      .def_property("initial", &network::initial, &network::set_initial,
                    "The default initial counts (int64 array; set from a dict {species: count} or a sequence).")
      .def("add_reaction", &network::add_mass_action, py::arg("reactants"), py::arg("products"), py::arg("rate"),
           py::arg("name") = "", R"doc(
Adds a mass-action channel reactants -> products with rate constant `rate` (finite, >= 0).

`reactants` and `products` are dicts {species: multiplicity} or lists of names (a repeated name
counts twice); an empty one is a source or a sink. For 2A -> B with Gillespie's constant c pass
rate = c / 2 (the falling-factorial convention).)doc")
      .def("add_propensity", &network::add_propensity, py::arg("propensity"), py::arg("change"),
           py::arg("reads") = py::none(), py::arg("name") = "", R"doc(
Adds a channel with a Python propensity a(x): the slow path.

`propensity(x)` gets the counts as an int64 array and returns a float >= 0 (a negative, NaN
or infinite value raises SimulationError; an exception propagates). `change` is the state
change {species: signed count}. `reads` lists the species a(x) reads (None: all), so that the
simulators re-evaluate it only when one of them changes (except dense-direct, which "auto"
picks up to 16 channels: it re-evaluates every channel at every event, so for a network with
several Python propensities that read few species name another exact method, e.g. "direct").
Each evaluation takes the GIL: expect about a microsecond per call instead of nanoseconds, and
no gain from threads.)doc")
      .def("_simulate", &simulate, py::arg("t_end"), py::arg("points"), py::arg("x0"), py::arg("method"),
           py::arg("seed"), py::arg("replicate"), py::arg("epsilon"),
           "Internal: (times, counts species x time, events, method run); use Network.simulate().")
      .def("_ensemble", &ensemble, py::arg("t_end"), py::arg("points"), py::arg("replicates"), py::arg("x0"),
           py::arg("method"), py::arg("seed"), py::arg("threads"), py::arg("epsilon"), py::arg("progress"),
           "Internal: (times, paths, mean, sd, events, method run); use Network.ensemble().")
      .def("_limit", &rate_equation, py::arg("times"), py::arg("x0"),
           "Internal: (times, species x times) of the reaction rate equation; use Network.limit().")
      .def("__repr__", [](const network& n) {
        std::string s = "jumpflow.Network([";
        for (std::size_t i = 0; i < n.species().size(); ++i) s += (i ? ", '" : "'") + n.species()[i] + "'";
        return s + "], channels=" + std::to_string(n.channels()) + ")";
      });
  m.def("load_model", &load_model, py::arg("path"), py::arg("format") = "auto", py::arg("volume") = py::none(),
        R"doc(
Reads a reaction network from an SBML file or a BioNetGen .net file.

`format` is "auto" (by extension: .net is BioNetGen, anything else SBML), "sbml" or
"bionetgen". `volume` reads the model at that system size (SBML: the compartment size;
BioNetGen: counts x volume and rates of order m x volume^(1-m)), the family of Kurtz's
theorem. The network's `initial` holds the file's initial counts. Raises ValueError naming
the file and line for a bad file.)doc");
  m.def("sbml_available", &sbml_available, "Whether this build reads SBML (libsbml).");
  m.def("_study_network", &study_network, py::arg("network"), py::arg("x0"), py::arg("config"), py::arg("out"),
        py::arg("progress"),
        "Internal: runs Kurtz's study of a network built in Python into `out`; use jumpflow.study_network().");
}

}  // namespace jumpflow::python
