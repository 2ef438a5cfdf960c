#include "model_file_commands.hpp"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "atomic_file.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/io/read_bionetgen.hpp"
#include "jumpflow/io/read_sbml.hpp"
#include "jumpflow/jump/save_grid_observer.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "model_registry.hpp"
#include "plots.hpp"
#include "progress.hpp"
#include "sample_paths_output.hpp"
#include "simulators.hpp"
#include "study_config.hpp"
#include "study_runner.hpp"

namespace jumpflow::tool {

namespace {

[[noreturn]] void bad(const std::string& command, const std::string& flag, const std::string& value,
                      const std::string& condition) {
  throw usage_error(error_message("jumpflow " + command, flag, value, condition));
}

// Numbers are read as text and parsed strictly here, so that "-3", "2.5" or "1e400" get one
// clear message naming the flag (CLI11 would wrap -3 into an unsigned integer).
std::uint64_t parse_count(const std::string& command, const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) {
    bad(command, flag, "'" + text + "'", "a whole number >= 0");
  }
  return v;
}

double parse_real(const std::string& command, const std::string& flag, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    bad(command, flag, "'" + text + "'", "a finite number");
  }
  return v;
}

// The file as a network; every reader error is bad input (exit 2).
imported_network load(const std::string& path, const std::string& format, double volume = std::nan("")) {
  import_options o;
  o.volume = volume;
  const bool net = format == "bionetgen" ||
                   (format == "auto" && std::filesystem::path(path).extension() == ".net");
  try {
    return net ? read_bionetgen(path, o) : read_sbml(path, o);
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  }
}

// The network for the simulators (time-dependent laws and events included).
const reaction_network& network_of(const imported_network& m) {
  try {
    return m.network();
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  }
}

std::vector<std::string> columns_of(const imported_network& m) {
  std::vector<std::string> cols = m.species_names();
  for (const auto& o : m.observables()) cols.push_back(o.name);
  return cols;
}

// Species counts then observables, as doubles.
void observe(const imported_network& m, const count_vector& x, double t, double* out) {
  const index d = m.species();
  for (index i = 0; i < d; ++i) out[i] = static_cast<double>(x[i]);
  for (std::size_t k = 0; k < m.observables().size(); ++k) {
    out[static_cast<std::size_t>(d) + k] = (*m.observables()[k].value)(x, t);
  }
}

// The ODE limit's stepper from --stepper auto|explicit|rosenbrock4 (validated by CLI11).
ode_options limit_ode_options(const std::string& stepper) {
  ode_options o;
  o.stepper = stepper == "rosenbrock4" ? ode_stepper::rosenbrock4
              : stepper == "explicit"  ? ode_stepper::dormand_prince
                                       : ode_stepper::automatic;
  return o;
}

constexpr const char* stepper_help =
    "ODE limit stepper: auto (rosenbrock4 if the limit is stiff), explicit (Dormand-Prince), rosenbrock4";

// ------------------------------------------------------------------------ simulate

struct simulate_flags {
  std::string model, format = "auto", method = "auto", out = "jumpflow-out", stepper = "auto";
  double t_end = 10.0, epsilon = 0.03;
  std::uint64_t points = 101, replicates = 1000, seed = 1, paths = 3, threads = 0;
  bool quiet = false;
  // as given on the command line, parsed by parse_count / parse_real
  std::string t_end_text = "10", epsilon_text = "0.03", points_text = "101", replicates_text = "1000",
              seed_text = "1", paths_text = "3", threads_text = "0";
};

// Replicates run in blocks of a fixed size; each block sums its replicates in order and the
// blocks are added in block order, so the result does not depend on the number of threads.
constexpr std::uint64_t block_size = 32;

struct block_sums {
  std::vector<double> s1, s2;                  // per (grid point, column)
  std::vector<std::vector<double>> paths;      // rows replicate, t, columns (first replicates)
};

template <class Sim>
block_sums run_block(const imported_network& m, const reaction_network& net, const simulate_flags& f,
                     std::uint64_t block, Sim sim) {
  const std::size_t cols = columns_of(m).size();
  const std::size_t k = static_cast<std::size_t>(f.points);
  const double h = f.t_end / static_cast<double>(f.points - 1);
  block_sums b{std::vector<double>(k * cols, 0.0), std::vector<double>(k * cols, 0.0), {}};
  std::vector<double> row(cols);
  const std::uint64_t first = block * block_size;
  const std::uint64_t last = std::min(first + block_size, f.replicates);
  for (std::uint64_t r = first; r < last; ++r) {
    philox_engine g = study_stream(f.seed, 0, r);
    count_vector x = m.initial_state();
    std::size_t at = 0;
    auto record = [&](const count_vector& y, double t) {
      observe(m, y, t, row.data());
      for (std::size_t c = 0; c < cols; ++c) {
        b.s1[at * cols + c] += row[c];
        b.s2[at * cols + c] += row[c] * row[c];
      }
      ++at;
    };
    save_grid_observer<count_vector, decltype(record)> grid(0.0, h, k, record);
    if (r < f.paths) {
      // A trajectory keeps a bounded number of rows (path_thinning), whatever the number of events.
      path_thinning thin(f.t_end, cols);
      std::vector<double> values(cols);
      auto keep = [&](double t, const double* v) {
        std::vector<double> p{static_cast<double>(r), t};
        p.insert(p.end(), v, v + cols);
        b.paths.push_back(std::move(p));
      };
      auto both = [&](const count_vector& y, double t) {
        grid(y, t);
        observe(m, y, t, values.data());
        thin.record(t, values.data(), keep);
      };
      sim(net, x, f.t_end, g, both);
      thin.finish(keep);
    } else {
      sim(net, x, f.t_end, g, grid);
    }
  }
  return b;
}

// A block's sums as one vector, as the executor carries it: s1, s2, then the path rows.
std::vector<double> flatten(const block_sums& b) {
  std::vector<double> v = b.s1;
  v.insert(v.end(), b.s2.begin(), b.s2.end());
  for (const auto& row : b.paths) v.insert(v.end(), row.begin(), row.end());
  return v;
}

// Blocks run in chunks of this many; a chunk's sums are added (in block order) before the next
// chunk starts, so memory stays bounded by the chunk, not by the number of replicates.
constexpr std::uint64_t blocks_per_chunk = 256;

// Calls consume(flattened block sums) for every block, in block order, on the writing process
// (the blocks run on the threads of this process or over the ranks of an MPI job; the other
// ranks consume nothing).
template <class Consume>
void run_blocks(const imported_network& m, const reaction_network& net, const simulate_flags& f,
                study_executor& executor, Consume consume) {
  const std::uint64_t blocks = (f.replicates + block_size - 1) / block_size;
  const unsigned threads = executor.threads(static_cast<unsigned>(f.threads));
  // The simulator named by --method (validated by CLI11); with auto, the method simulate_auto()
  // takes for the network, chosen once here rather than for every replicate.
  const simulator method = resolve_simulator(*find_simulator(f.method), net);
  tau_leaping_options tau;
  tau.epsilon = f.epsilon;
  const auto sim = [method, tau](const reaction_network& n, count_vector& x, double t1, philox_engine& g,
                                 auto& obs) { simulate_with(method, tau, n, x, 0.0, t1, g, obs); };
  // Each block draws from the study streams of its own replicates.
  for (std::uint64_t first = 0; first < blocks; first += blocks_per_chunk) {
    const std::uint64_t count = std::min(blocks_per_chunk, blocks - first);
    for (const std::vector<double>& b : executor.run_blocks(count, threads, [&](std::uint64_t i) {
           return flatten(run_block(m, net, f, first + i, sim));
         })) {
      consume(b);
    }
  }
}

void validate_simulate(simulate_flags& f) {
  const std::string c = "simulate";
  f.t_end = parse_real(c, "--t-end", f.t_end_text);
  f.epsilon = parse_real(c, "--epsilon", f.epsilon_text);
  f.points = parse_count(c, "--points", f.points_text);
  f.replicates = parse_count(c, "--replicates", f.replicates_text);
  f.seed = parse_count(c, "--seed", f.seed_text);
  f.paths = parse_count(c, "--paths", f.paths_text);
  f.threads = parse_count(c, "--threads", f.threads_text);
  if (!(std::isfinite(f.t_end) && f.t_end > 0.0)) bad(c, "--t-end", format_value(f.t_end), "finite and > 0");
  if (f.points < 2 || f.points > 100000) bad(c, "--points", format_value(f.points), "in [2, 100000]");
  if (f.replicates < 2 || f.replicates >= stream_layout_limit) {
    bad(c, "--replicates", format_value(f.replicates), "in [2, 2^32)");
  }
  if (f.paths > std::min<std::uint64_t>(f.replicates, 100)) {
    bad(c, "--paths", format_value(f.paths), "<= min(--replicates, 100)");
  }
  if (!(f.epsilon > 0.0 && f.epsilon < 1.0)) bad(c, "--epsilon", format_value(f.epsilon), "in (0, 1)");
  if (f.threads > 4096) bad(c, "--threads", format_value(f.threads), "<= 4096");
}

int simulate_command(int argc, char** argv, study_executor& executor) {
  simulate_flags f;
  CLI::App app{"jumpflow simulate --model FILE: mean and sd of every species (and BioNetGen group) on a time "
               "grid over replicates, a few trajectories, and the ODE limit (reaction rate equation).\n"
               "Writes mean.csv, sd.csv, trajectories.csv, ode.csv and mean.png to --out.",
               "jumpflow simulate"};
  app.add_option("--model", f.model, "SBML file (.xml, .sbml) or BioNetGen network (.net)")->required();
  app.add_option("--format", f.format, "file format")->check(CLI::IsMember({"auto", "sbml", "bionetgen"}))
      ->capture_default_str();
  std::vector<std::string> methods;
  for (const auto& s : simulators) methods.emplace_back(s.name);
  app.add_option("--method", f.method, "simulator")
      ->check(CLI::IsMember(methods))
      ->capture_default_str();
  app.add_option("--t-end", f.t_end_text, "end time")->capture_default_str();
  app.add_option("--points", f.points_text, "grid points in [0, t-end]")->capture_default_str();
  app.add_option("--replicates", f.replicates_text, "replicates")->capture_default_str();
  app.add_option("--seed", f.seed_text, "seed; results depend only on it and the inputs")->capture_default_str();
  app.add_option("--threads", f.threads_text, "worker threads (0 = all cores; never changes results)");
  app.add_option("--paths", f.paths_text, "trajectories written (the first replicates)")->capture_default_str();
  app.add_option("--epsilon", f.epsilon_text, "tau-leaping accuracy (Cao-Gillespie-Petzold)")->capture_default_str();
  app.add_option("--stepper", f.stepper, stepper_help)
      ->check(CLI::IsMember({"auto", "explicit", "rosenbrock4"}))
      ->capture_default_str();
  app.add_option("--out", f.out, "output folder")->capture_default_str();
  app.add_flag("--quiet", f.quiet, "no plot chatter");
  try {
    app.parse(argc - 1, argv + 1);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return executor.writes_output() ? app.exit(e) : 0;  // --help: printed once
    throw usage_error("jumpflow simulate: " + std::string(e.what()) + " (see --help)");
  }
  validate_simulate(f);
  const imported_network m = load(f.model, f.format);
  const reaction_network& net = network_of(m);
  if (f.method == "tau-leaping" && net.has_events()) {
    bad("simulate", "--method", "tau-leaping", "an exact method for a model with events");
  }

  const auto cols = columns_of(m);
  const std::size_t nc = cols.size(), k = static_cast<std::size_t>(f.points), kc = k * nc;
  const double h = f.t_end / static_cast<double>(f.points - 1), R = static_cast<double>(f.replicates);
  std::vector<double> s1(kc, 0.0), s2(kc, 0.0);
  std::vector<std::vector<double>> paths;  // at most --paths thinned trajectories
  // In block order: the same sums for any processes and threads.
  run_blocks(m, net, f, executor, [&](const std::vector<double>& b) {
    for (std::size_t i = 0; i < kc; ++i) {
      s1[i] += b[i];
      s2[i] += b[kc + i];
    }
    for (std::size_t at = 2 * kc; at < b.size(); at += 2 + nc) {
      paths.emplace_back(b.begin() + static_cast<std::ptrdiff_t>(at),
                         b.begin() + static_cast<std::ptrdiff_t>(at + 2 + nc));
    }
  });
  if (!executor.writes_output()) return 0;
  std::vector<std::vector<double>> mean_rows, sd_rows, ode_rows;
  for (std::size_t p = 0; p < k; ++p) {
    std::vector<double> mr{h * static_cast<double>(p)}, sr{h * static_cast<double>(p)};
    for (std::size_t c = 0; c < nc; ++c) {
      const double mean = s1[p * nc + c] / R;
      mr.push_back(mean);
      sr.push_back(std::sqrt(std::max(0.0, (s2[p * nc + c] - R * mean * mean) / (R - 1.0))));
    }
    mean_rows.push_back(std::move(mr));
    sd_rows.push_back(std::move(sr));
  }
  // The ODE limit in counts: the reaction rate equation from the initial counts.
  vector x0 = m.initial_state().cast<double>();
  const dense_solution ode([&m](const vector& x, vector& dxdt, double t) { m.drift(x, dxdt, t); },
                           [&m](const vector& x, matrix& J, double t) { m.jacobian(x, J, t); }, x0, 0.0,
                           f.t_end, limit_ode_options(f.stepper));
  vector z;
  for (std::size_t p = 0; p < k; ++p) {
    const double t = h * static_cast<double>(p);
    ode(t, z);
    std::vector<double> row{t};
    for (index i = 0; i < z.size(); ++i) row.push_back(z[i]);
    ode_rows.push_back(std::move(row));
  }

  const std::filesystem::path out = f.out;
  std::vector<std::string> head{"t"}, path_head{"replicate", "t"}, ode_head{"t"};
  head.insert(head.end(), cols.begin(), cols.end());
  path_head.insert(path_head.end(), cols.begin(), cols.end());
  ode_head.insert(ode_head.end(), m.species_names().begin(), m.species_names().end());
  write_file_atomically(out / "mean.csv", csv(head, mean_rows));
  write_file_atomically(out / "sd.csv", csv(head, sd_rows));
  {
    atomic_output_file trajectories(out / "trajectories.csv");
    write_csv(trajectories.stream(), path_head, paths);
    trajectories.commit();
  }
  write_file_atomically(out / "ode.csv", csv(ode_head, ode_rows));
  // mean +- sd (a band) and the ODE (dashed) for up to 4 species.
  std::ostringstream body;
  // With --method auto the title names the method simulate_auto() ran.
  const std::string method_label =
      f.method == "auto" ? std::string("auto: ") + simulator_name(resolve_simulator(simulator::automatic, net))
                         : f.method;
  body << "set termoption noenhanced\nset datafile separator ','\nset grid\nset key outside right\nset xlabel 't'\nset ylabel 'count'\n"
       << "set title '" << std::filesystem::path(f.model).filename().string()
       << ": mean +- sd over " << f.replicates << " replicates (" << method_label << ") and the ODE (dashed)'\n"
       << "plot ";
  const std::size_t shown = std::min<std::size_t>(4, static_cast<std::size_t>(m.species()));
  for (std::size_t c = 0; c < shown; ++c) {
    if (c) body << ", \\\n     ";
    const std::size_t col = c + 2;
    body << "'< paste -d, mean.csv sd.csv' every ::1 using 1:($" << col << "-$" << (col + nc + 1) << "):($" << col
         << "+$" << (col + nc + 1) << ") with filledcurves fs transparent solid 0.2 lc " << (c + 1)
         << " notitle, 'mean.csv' every ::1 using 1:" << col << " with lines lw 2 lc " << (c + 1) << " title '"
         << cols[c] << "', 'ode.csv' every ::1 using 1:" << col << " with lines dt 2 lc " << (c + 1)
         << " notitle";
  }
  write_and_render_plot(out, "mean", body.str(), f.quiet);
  std::cout << "wrote " << (out / "mean.csv").string() << ", sd.csv (" << f.replicates << " replicates, "
            << f.points << " grid points, " << nc << " columns), trajectories.csv, ode.csv"
            << (gnuplot_available() ? " and mean.png" : "")
            << (m.has_events() ? " (the ODE ignores the model's events)" : "") << "\nran on "
            << executor.describe() << std::endl;
  return 0;
}

// ------------------------------------------------------------------------ study kurtz

// Kurtz (1970): the network read at volume V (import_options::volume), X^V / V against the
// solution of the reaction rate equation in concentrations, c' = drift(V c) / V, which does
// not depend on V for a density-dependent family.
struct kurtz_setup {
  std::shared_ptr<const imported_network> model;
  std::shared_ptr<const dense_solution> limit;
  double volume;
};

// The member at volume V of the family of a model file: the file read at that size.
imported_network file_at_volume(const nlohmann::json& o, double volume) {
  const std::string path = string_option(o, "model");
  imported_network m = load(path, string_option(o, "format"), volume);
  (void)network_of(m);
  if (m.has_events()) {
    // The reaction rate equation does not see the events, so it is not the limit.
    throw usage_error(error_message("jumpflow study kurtz", "the number of events of " + path,
                                    format_value(static_cast<long long>(m.network().events().size())),
                                    "0 (the reaction rate equation, the limit, ignores events)"));
  }
  return m;
}

kurtz_setup make_kurtz(const network_family& family, const nlohmann::json& o, double volume, double T) {
  auto m = std::make_shared<const imported_network>(family(o, volume));
  (void)network_of(*m);
  const vector c0 = m->initial_state().cast<double>() / volume;
  auto drift = [m, volume](const vector& c, vector& dcdt, double t) {
    m->drift(c * volume, dcdt, t);
    dcdt /= volume;
  };
  // d/dc [drift(V c)/V] = J(V c): the Jacobian in counts at the scaled state.
  auto jacobian = [m, volume](const vector& c, matrix& J, double t) { m->jacobian(c * volume, J, t); };
  return {m,
          std::make_shared<const dense_solution>(drift, jacobian, c0, 0.0, T,
                                                 limit_ode_options(string_option(o, "stepper"))),
          volume};
}

}  // namespace

model_entry kurtz_entry(const std::string& path) {
  return kurtz_entry(file_at_volume, {{"model", "the model file", path, {}},
                                      {"format", "file format", "auto", {"auto", "sbml", "bionetgen"}}});
}

model_entry kurtz_entry(network_family family, std::vector<option_spec> options) {
  model_entry e;
  e.name = "kurtz";
  e.summary = "Kurtz's law of large numbers for the network of a model file, over a grid of volumes";
  e.options = std::move(options);
  e.options.push_back({"stepper", "ODE limit stepper", "auto", {"auto", "explicit", "rosenbrock4"}});
  e.default_n = {10, 100, 1000};
  e.default_replicates = 200;
  e.default_T = 1.0;
  e.validate = [family](const nlohmann::json& o, const std::vector<double>& volumes, const std::vector<double>&,
                        double) {
    for (double v : volumes) (void)make_kurtz(family, o, v, 1.0);
  };
  e.make_replicate = [family](const nlohmann::json& o, double volume, double, double T) -> replicate_function {
    const auto s = make_kurtz(family, o, volume, T);
    return [s, T](philox_engine& g, std::uint64_t) {
      count_vector x = s.model->initial_state();
      sup_distance_observer obs(dense_cursor(*s.limit), euclidean_norm{}, 1.0 / s.volume);
      const std::uint64_t events = simulate_direct(s.model->network(), x, 0.0, T, g, obs);
      return replicate_outcome{obs.sup(), events};
    };
  };
  e.limit = [family](const nlohmann::json& o, double volume, double, double T, const std::vector<double>& times) {
    const auto s = make_kurtz(family, o, volume, T);
    return sample_paths{s.model->species_names(), limit_rows(*s.limit, times)};
  };
  e.simulate = [family](const nlohmann::json& o, double volume, double, double T, std::uint64_t seed,
                        std::uint64_t paths, path_recorder& paths_out) {
    const auto s = make_kurtz(family, o, volume, T);
    sample_paths out;
    out.columns = s.model->species_names();
    paths_out.start(out.columns);
    std::vector<double> density(out.columns.size());
    for (std::uint64_t r = 0; r < paths; ++r) {
      philox_engine g = study_stream(seed, sample_path_point, r);
      count_vector x = s.model->initial_state();
      paths_out.begin_path(r);
      simulate_direct(s.model->network(), x, 0.0, T, g, [&](const count_vector& c, double t) {
        for (index i = 0; i < c.size(); ++i) density[static_cast<std::size_t>(i)] = static_cast<double>(c[i]) / volume;
        paths_out.record(t, density.data());
      });
      paths_out.end_path();
    }
    out.limit_rows = limit_rows(*s.limit, limit_times(T));
    return out;
  };
  return e;
}

namespace {

int kurtz_command(int argc, char** argv, study_executor& executor) {
  std::string model, format = "auto", volumes = "10,100,1000", out = "jumpflow-out", stepper = "auto";
  std::string T = "1", level = "0.95", replicates = "200", seed = "1", threads = "0";
  bool quiet = false, resume = false;
  CLI::App app{"jumpflow study kurtz --model FILE --volume V1,V2,...: Kurtz's convergence study of the "
               "network of a model file. At each volume V the model is read at that size (SBML: the "
               "compartment size; BioNetGen: counts x V, rates of order m x V^(1-m)), simulated exactly, "
               "and X^V/V is compared with the reaction rate equation in concentrations; the error "
               "sqrt(E sup_t |X^V_t/V - c_t|^2) should fall like V^(-1/2).",
               "jumpflow study kurtz"};
  app.add_option("--model", model, "SBML file or BioNetGen network (.net)")->required();
  app.add_option("--format", format, "file format")->check(CLI::IsMember({"auto", "sbml", "bionetgen"}))
      ->capture_default_str();
  app.add_option("--stepper", stepper, stepper_help)
      ->check(CLI::IsMember({"auto", "explicit", "rosenbrock4"}))
      ->capture_default_str();
  app.add_option("--volume", volumes, "grid of volumes (the system size n), comma-separated")->capture_default_str();
  app.add_option("--T,--t-end", T, "time horizon")->capture_default_str();
  app.add_option("--replicates", replicates, "replicates per volume, >= 2")->capture_default_str();
  app.add_option("--seed", seed, "seed; results depend only on it and the inputs")->capture_default_str();
  app.add_option("--threads", threads, "worker threads (0 = all cores; never changes results)");
  app.add_option("--level", level, "confidence level of the intervals")->capture_default_str();
  app.add_option("--out", out, "output folder")->capture_default_str();
  app.add_flag("--quiet", quiet, "no progress output");
  app.add_flag("--resume", resume, "continue an interrupted study in --out (same configuration)");
  try {
    app.parse(argc - 2, argv + 2);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return executor.writes_output() ? app.exit(e) : 0;  // --help: printed once
    throw usage_error("jumpflow study kurtz: " + std::string(e.what()) + " (see --help)");
  }
  const model_entry entry = kurtz_entry(model);
  study_config c = default_config(entry);
  c.n = parse_list(volumes, "volume");
  const std::string k = "study kurtz";
  c.T = parse_real(k, "--T", T);
  c.replicates = parse_count(k, "--replicates", replicates);
  c.seed = parse_count(k, "--seed", seed);
  const std::uint64_t thread_count = parse_count(k, "--threads", threads);
  if (thread_count > 4096) bad(k, "--threads", format_value(thread_count), "<= 4096");
  c.threads = static_cast<unsigned>(thread_count);
  c.level = parse_real(k, "--level", level);
  c.options["model"] = model;
  c.options["format"] = format;
  c.options["stepper"] = stepper;
  validate(c, entry);  // every flag, and the model read at every volume, before anything is written
  run_options ro;
  ro.output = out;
  ro.resume = resume;
  ro.quiet = quiet;
  ro.interactive = progress::stderr_is_terminal();
  ro.executor = &executor;
  const study_outcome o = run_study(c, entry, ro);
  if (!executor.writes_output()) return 0;
  std::cout << format_table(c, entry, o);
  std::cout << "ran on " << executor.describe() << "\n";
  std::cout << "wrote " << (ro.output / "results.json").string() << ", table.csv, config.json" << std::endl;
  return 0;
}

}  // namespace

bool is_model_file_command(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "study" && std::string(argv[2]) == "kurtz") return true;
  if (argc < 2 || std::string(argv[1]) != "simulate") return false;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--model" || a.rfind("--model=", 0) == 0) return true;
  }
  return false;
}

int run_model_file_command(int argc, char** argv, study_executor& executor, std::ostream& errors) {
  try {
    return std::string(argv[1]) == "study" ? kurtz_command(argc, argv, executor)
                                           : simulate_command(argc, argv, executor);
  } catch (const usage_error& e) {
    errors << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    errors << "jumpflow: error: " << e.what() << std::endl;
    return 1;
  }
}

}  // namespace jumpflow::tool
