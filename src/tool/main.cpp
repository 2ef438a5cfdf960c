// The `jumpflow` command: convergence studies and sample paths of the built-in models.
//   jumpflow study bnn                      the theorem of the STDP learning rule, verified
//   jumpflow study <model> --help           every option of a model
//   jumpflow simulate <model> --out DIR     sample paths and the limit as CSV (+ plot)
//   jumpflow simulate --model FILE          a network from an SBML or BioNetGen file
//   jumpflow study kurtz --model FILE       Kurtz's convergence study of such a network
// Exit status: 0 success, 2 bad input (one message on stderr, nothing written), 1 a failure
// while running (e.g. jumpflow::simulation_error).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
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
#include "study_runner.hpp"

namespace {

using namespace jumpflow::tool;

struct common_flags {
  std::string n, d, config, out = "jumpflow-out";
  std::uint64_t replicates = 0, seed = 0, paths = 3;
  double T = 0, level = 0;
  unsigned threads = 0;
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
      c.options[spec.name] = parse_list(text, spec.name).at(0);
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
  if (given(cmd, "--replicates")) c.replicates = f.replicates;
  if (given(cmd, "--T")) c.T = f.T;
  if (given(cmd, "--seed")) c.seed = f.seed;
  if (given(cmd, "--threads")) c.threads = f.threads;
  if (given(cmd, "--level")) c.level = f.level;
  apply_model_flags(c, model, cmd, f);
  return c;
}

void add_common(CLI::App& cmd, const model_entry& model, common_flags& f, bool study) {
  cmd.add_option("--n", f.n, "grid of n, comma-separated (default " + join(model.default_n) + ")");
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
    cmd.add_flag("--resume", f.resume, "continue an interrupted study in --out (same configuration)");
  } else {
    cmd.add_option("--paths", f.paths, "number of sample paths")->capture_default_str();
  }
  add_model_options(cmd, model, f);
}

int run_study_command(const model_entry& model, const CLI::App& cmd, const common_flags& f) {
  const study_config c = build_config(model, cmd, f);
  validate(c, model);
  run_options ro;
  ro.output = f.out;
  ro.resume = f.resume;
  ro.quiet = f.quiet;
  ro.interactive = progress::stderr_is_terminal();
  const study_outcome o = run_study(c, model, ro);
  std::cout << format_table(c, model, o);
  std::cout << "wrote " << (ro.output / "results.json").string() << ", table.csv, config.json";
  if (gnuplot_available()) {
    std::cout << " and the plot " << (ro.output / "error_vs_n.png").string() << " (+ .svg)";
  } else {
    std::cout << " and the gnuplot script " << (ro.output / "error_vs_n.gp").string();
  }
  std::cout << std::endl;
  return 0;
}

int run_simulate_command(const model_entry& model, const CLI::App& cmd, const common_flags& f) {
  study_config c = build_config(model, cmd, f);
  c.n.resize(1);
  if (model.uses_d) c.d.resize(1);
  validate(c, model);
  if (f.paths < 1 || f.paths > 1000) {
    throw usage_error(jumpflow::error_message("jumpflow simulate", "paths", std::to_string(f.paths), "in [1, 1000]"));
  }
  sample_paths sp;
  try {
    sp = model.simulate(c.options, c.n[0], model.uses_d ? c.d[0] : 0.0, c.T, c.seed, f.paths);
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  } catch (const std::domain_error& e) {
    throw usage_error(e.what());
  }
  const std::filesystem::path out = f.out;
  write_file_atomically(out / "config.json", to_json(c).dump(2) + "\n");
  write_sample_paths(out, model.name, sp, f.quiet);
  std::cout << "wrote " << sp.path_rows.size() << " path rows to " << (out / "paths.csv").string()
            << " and the limit to " << (out / "limit.csv").string()
            << (gnuplot_available() ? "; plot " + (out / "paths.png").string() : std::string())
            << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // A network from a model file: `simulate --model FILE`, `study kurtz --model FILE`.
  if (is_model_file_command(argc, argv)) return run_model_file_command(argc, argv);
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
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "jumpflow: " << e.what() << " (see --help)" << std::endl;
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
      if (study_cmds[i]->parsed()) return run_study_command(all[i], *study_cmds[i], study_flags[i]);
      if (simulate_cmds[i]->parsed()) return run_simulate_command(all[i], *simulate_cmds[i], simulate_flags[i]);
    }
  } catch (const usage_error& e) {
    std::cerr << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "jumpflow: error: " << e.what() << std::endl;
    return 1;
  }
  return 2;
}
