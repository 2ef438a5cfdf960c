// The `jumpflow` command: convergence studies and sample paths of the built-in models.
//   jumpflow study bnn                      the theorem of the STDP learning rule, verified
//   jumpflow study <model> --help           every option of a model
//   jumpflow simulate <model> --out DIR     sample paths and the limit as CSV (+ plot)
//   jumpflow simulate --model FILE          a network from an SBML or BioNetGen file
//   jumpflow study kurtz --model FILE       Kurtz's convergence study of such a network
// Exit status: 0 success, 2 bad input (one message on stderr, nothing written: every flag and
// --config value is checked first), 1 a failure while running (e.g. jumpflow::simulation_error).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

#include "atomic_file.hpp"
#include "jumpflow/core/error.hpp"
#include "model_file_commands.hpp"
#include "model_registry.hpp"
#include "plots.hpp"
#include "progress.hpp"
#include "sample_paths_output.hpp"
#include "study_config.hpp"
#include "study_executor.hpp"
#include "study_runner.hpp"

namespace {

using namespace jumpflow::tool;

// Numbers are read as text and parsed by study_config's strict parsers, so that "-3", "2.5"
// or "1e400" get one clear message (CLI11 would wrap -3 into an unsigned integer).
struct common_flags {
  std::string n, d, config, out = "jumpflow-out";
  std::string replicates, seed, paths = "3", T, level, threads, stop_after;
  bool resume = false, quiet = false;
  std::map<std::string, std::string> model_options;
};

// Whether option `name` exists on `cmd` and was given on the command line.
bool given(const CLI::App& cmd, const std::string& name) {
  const CLI::Option* o = cmd.get_option_no_throw(name);
  return o != nullptr && o->count() > 0;
}

std::string join(const std::vector<double>& xs) {
  std::string out;
  for (double x : xs) out.append(out.empty() ? "" : ",").append(jumpflow::format_value(x));
  return out;
}

// Registers the model's options as --<name> flags (strings, converted by their defaults' type).
void add_model_options(CLI::App& cmd, const model_entry& model, common_flags& f) {
  for (const auto& spec : model.options) {
    std::string help = spec.help + " (default " +
                       (spec.default_value.is_string() ? spec.default_value.get<std::string>()
                                                       : spec.default_value.dump()) + ")";
    auto* opt = cmd.add_option("--" + spec.name, f.model_options[spec.name], help);
    if (!spec.choices.empty()) opt->check(CLI::IsMember(spec.choices));
    opt->group("Model options");
  }
}

void apply_model_flags(study_config& c, const model_entry& model, const CLI::App& cmd, const common_flags& f) {
  for (const auto& spec : model.options) {
    if (!given(cmd, "--" + spec.name)) continue;
    const std::string& text = f.model_options.at(spec.name);
    if (spec.default_value.is_number()) {
      c.options[spec.name] = parse_number(text, spec.name);
    } else {
      c.options[spec.name] = text;
    }
  }
}

study_config build_config(const model_entry& model, const CLI::App& cmd, const common_flags& f) {
  study_config c = default_config(model);
  if (!f.config.empty()) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(read_file(f.config));
    } catch (const nlohmann::json::parse_error& e) {
      throw usage_error("jumpflow: --config " + f.config + " is not valid JSON: " + e.what());
    } catch (const std::runtime_error& e) {
      throw usage_error(std::string("jumpflow: --config: ") + e.what());
    }
    apply_json(c, j, model);
  }
  if (given(cmd, "--n")) c.n = parse_list(f.n, "n");
  if (model.uses_d && given(cmd, "--d")) c.d = parse_list(f.d, "d");
  if (given(cmd, "--replicates")) c.replicates = parse_integer(f.replicates, "replicates", 2, max_replicates);
  if (given(cmd, "--T")) c.T = parse_number(f.T, "T");
  if (given(cmd, "--seed")) c.seed = parse_integer(f.seed, "seed", 0, std::numeric_limits<std::uint64_t>::max());
  if (given(cmd, "--threads")) c.threads = static_cast<unsigned>(parse_integer(f.threads, "threads", 0, max_threads));
  if (given(cmd, "--level")) c.level = parse_number(f.level, "level");
  apply_model_flags(c, model, cmd, f);
  return c;
}

void add_common(CLI::App& cmd, const model_entry& model, common_flags& f, bool study) {
  cmd.add_option("--n,--N", f.n, "grid of n, comma-separated (default " + join(model.default_n) + ")");
  if (model.uses_d) {
    cmd.add_option("--d", f.d, "grid of d, the number of weights, comma-separated (default " +
                                   join(model.default_d) + ")");
  }
  cmd.add_option("--T", f.T, "time horizon (default " + jumpflow::format_value(model.default_T) + ")");
  cmd.add_option("--seed", f.seed, "seed; results depend only on it and the inputs");
  cmd.add_option("--out", f.out, "output folder")->capture_default_str();
  cmd.add_flag("--quiet", f.quiet, "no progress output");
  if (study) {
    cmd.add_option("--replicates", f.replicates, "Monte Carlo replicates per grid point, >= 2 (default " +
                                               std::to_string(model.default_replicates) + ")");
    cmd.add_option("--threads", f.threads, "worker threads (0 = all cores; never changes results)");
    cmd.add_option("--level", f.level, "confidence level of the intervals");
    cmd.add_option("--config", f.config, "JSON file with the study configuration (flags override it)");
    cmd.add_flag("--resume", f.resume,
                 "continue an interrupted study in --out (same configuration; an error if --out holds no study)");
    // Test-only (hidden): stop the process abruptly, as a kill would, once this many grid
    // points were computed and saved; the resume test uses it instead of timing a kill.
    cmd.add_option("--test-stop-after", f.stop_after)->group("");
    cmd.add_option("--paths", f.paths,
                   "sample paths written with the results, at the smallest n of the grid, in [0, 1000] (0: none)")
        ->capture_default_str();
  } else {
    cmd.add_option("--paths", f.paths, "number of sample paths, in [1, 1000]")->capture_default_str();
  }
  add_model_options(cmd, model, f);
}

int run_study_command(const model_entry& model, const CLI::App& cmd, const common_flags& f,
                      study_executor& executor) {
  const study_config c = build_config(model, cmd, f);
  validate(c, model);
  check_output_folder(f.out, f.resume);
  run_options ro;
  ro.output = f.out;
  ro.resume = f.resume;
  ro.paths = parse_integer(f.paths, "paths", 0, max_paths);
  if (given(cmd, "--test-stop-after")) {
    ro.stop_after = parse_integer(f.stop_after, "test-stop-after", 1, std::numeric_limits<std::uint64_t>::max());
  }
  ro.quiet = f.quiet;
  ro.interactive = progress::stderr_is_terminal();
  ro.executor = &executor;
  const study_outcome o = run_study(c, model, ro);
  if (!executor.writes_output()) return 0;
  std::cout << format_table(c, model, o);
  std::cout << "ran on " << executor.describe() << "\n";
  std::cout << "wrote " << (ro.output / "results.json").string() << ", table.csv, config.json";
  if (gnuplot_available()) {
    std::cout << " and the plot " << (ro.output / "error_vs_n.png").string() << " (+ .svg)";
  } else {
    std::cout << " and the gnuplot script " << (ro.output / "error_vs_n.gp").string();
  }
  std::cout << std::endl;
  return 0;
}

// A few sample paths: cheap, so not distributed. Under mpirun rank 0 computes and writes them,
// the other ranks only check the input (so that all exit with the same status).
int run_simulate_command(const model_entry& model, const CLI::App& cmd, const common_flags& f,
                         const study_executor& executor) {
  study_config c = build_config(model, cmd, f);
  validate(c, model);  // every value given, also those after the first of a list
  c.n.resize(1);  // simulate runs at the first grid point
  if (model.uses_d) c.d.resize(1);
  validate(c, model);
  const std::uint64_t paths = parse_integer(f.paths, "paths", 1, max_paths);
  check_output_folder(f.out, false);
  if (!executor.writes_output()) return 0;
  const std::filesystem::path out = f.out;
  std::uint64_t rows = 0;
  try {
    // The model checks its parameters before it opens paths.csv: bad input writes nothing.
    rows = write_sample_paths(out, model, c.options, c.n[0], model.uses_d ? c.d[0] : 0.0, c.T, c.seed, paths,
                              f.quiet);
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  } catch (const std::domain_error& e) {
    throw usage_error(e.what());
  }
  write_file_atomically(out / "config.json", to_json(c).dump(2) + "\n");
  std::cout << "wrote " << rows << " path rows to " << (out / "paths.csv").string()
            << " and the limit to " << (out / "limit.csv").string()
            << (gnuplot_available() ? "; plot " + (out / "paths.png").string() : std::string()) << "\n";
  if (executor.under_mpi()) {
    std::cout << "ran on rank 0 of " << executor.processes()
              << " x 1 thread (the sample paths are few: the other ranks did not compute)" << std::endl;
  } else {
    std::cout << "ran on " << executor.processes() << " x 1 thread" << std::endl;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun (and built with MPI) the work runs over the ranks; rank 0 writes and prints.
  const std::unique_ptr<study_executor> executor = start_executor(argc, argv);
  std::ostream silent(nullptr);  // the other ranks stay quiet: rank 0 prints the one message
  std::ostream& errors = executor->writes_output() ? std::cerr : silent;
  // A network from a model file: `simulate --model FILE`, `study kurtz --model FILE`.
  if (is_model_file_command(argc, argv)) return run_model_file_command(argc, argv, *executor, errors);
  CLI::App app{"jumpflow: jump processes and their deterministic limits.\n"
               "Runs convergence studies (`study`) and sample paths (`simulate`) of built-in models."};
  app.require_subcommand(1);
  auto* study = app.add_subcommand("study", "convergence study: sqrt(E sup|X^n - x|^2) over a grid of n (and d)");
  auto* simulate = app.add_subcommand(
      "simulate", "sample paths and the limit, written to CSV (or: simulate --model FILE, see simulate --model x --help)");
  // The model is a subcommand; an unknown one is reported by us (one clear message).
  for (auto* cmd : {study, simulate}) {
    cmd->require_subcommand(0, 1);
    cmd->allow_extras();
  }

  const auto& all = models();
  std::vector<common_flags> study_flags(all.size()), simulate_flags(all.size());
  std::vector<CLI::App*> study_cmds, simulate_cmds;
  for (std::size_t i = 0; i < all.size(); ++i) {
    study_cmds.push_back(study->add_subcommand(all[i].name, all[i].summary));
    study_cmds.back()->allow_extras(false);  // not inherited: unknown flags are errors
    add_common(*study_cmds.back(), all[i], study_flags[i], true);
    simulate_cmds.push_back(simulate->add_subcommand(all[i].name, all[i].summary));
    simulate_cmds.back()->allow_extras(false);
    add_common(*simulate_cmds.back(), all[i], simulate_flags[i], false);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return executor->writes_output() ? app.exit(e) : 0;  // printed once under mpirun
  } catch (const CLI::CallForAllHelp& e) {
    return executor->writes_output() ? app.exit(e) : 0;
  } catch (const CLI::ParseError& e) {
    errors << "jumpflow: " << e.what() << " (see --help)" << std::endl;
    return 2;
  }

  try {
    for (auto* cmd : {study, simulate}) {
      if (!cmd->parsed() || !cmd->get_subcommands().empty()) continue;
      std::string names;
      for (const auto& m : all) names.append(names.empty() ? "" : ", ").append(m.name);
      const auto extras = cmd->remaining();
      throw usage_error(jumpflow::error_message(
          "jumpflow " + cmd->get_name(), "model", extras.empty() ? "missing" : "'" + extras.front() + "'",
          "one of " + names));
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (study_cmds[i]->parsed()) return run_study_command(all[i], *study_cmds[i], study_flags[i], *executor);
      if (simulate_cmds[i]->parsed()) {
        return run_simulate_command(all[i], *simulate_cmds[i], simulate_flags[i], *executor);
      }
    }
  } catch (const usage_error& e) {
    errors << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    errors << "jumpflow: error: " << e.what() << std::endl;
    return 1;
  }
  return 2;
}
