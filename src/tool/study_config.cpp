#include "study_config.hpp"

#include <cmath>
#include <sstream>

#include "jumpflow/core/error.hpp"

namespace jumpflow::tool {

namespace {
[[noreturn]] void bad(const std::string& parameter, const std::string& value,
                      const std::string& condition) {
  throw usage_error(error_message("jumpflow study", parameter, value, condition));
}
}  // namespace

study_config default_config(const model_entry& model) {
  study_config c;
  c.model = model.name;
  c.n = model.default_n;
  c.d = model.default_d;
  c.replicates = model.default_replicates;
  c.T = model.default_T;
  for (const auto& o : model.options) c.options[o.name] = o.default_value;
  return c;
}

std::vector<double> parse_list(const std::string& text, const std::string& what) {
  std::vector<double> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      std::size_t used = 0;
      const double v = std::stod(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      bad(what, "'" + text + "'", "a comma-separated list of numbers");
    }
  }
  if (out.empty()) bad(what, "empty", "a non-empty list of numbers");
  return out;
}

void apply_json(study_config& c, const nlohmann::json& j, const model_entry& model) {
  if (!j.is_object()) bad("the configuration", j.dump(), "a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const auto& v = it.value();
    try {
      if (key == "model") {
        if (v.get<std::string>() != model.name) {
          bad("model", v.get<std::string>(), "'" + model.name + "' (the model on the command line)");
        }
      } else if (key == "n") {
        c.n = v.get<std::vector<double>>();
      } else if (key == "d") {
        c.d = v.get<std::vector<double>>();
      } else if (key == "replicates") {
        c.replicates = v.get<std::uint64_t>();
      } else if (key == "T") {
        c.T = v.get<double>();
      } else if (key == "seed") {
        c.seed = v.get<std::uint64_t>();
      } else if (key == "threads") {
        c.threads = v.get<unsigned>();
      } else if (key == "level") {
        c.level = v.get<double>();
      } else if (key == "options") {
        if (!v.is_object()) bad("options", v.dump(), "a JSON object");
        for (auto o = v.begin(); o != v.end(); ++o) {
          bool known = false;
          for (const auto& spec : model.options) {
            if (spec.name != o.key()) continue;
            known = true;
            if (spec.default_value.is_number() != o.value().is_number() ||
                spec.default_value.is_string() != o.value().is_string()) {
              bad("option " + o.key(), o.value().dump(),
                  spec.default_value.is_number() ? "a number" : "a string");
            }
          }
          if (!known) bad("option", "'" + o.key() + "'", "an option of model " + model.name);
          c.options[o.key()] = o.value();
        }
      } else {
        bad("key", "'" + key + "'",
            "one of model, n, d, replicates, T, seed, threads, level, options");
      }
    } catch (const nlohmann::json::exception&) {
      bad(key, v.dump(), "of the right type (see --help)");
    }
  }
}

nlohmann::json to_json(const study_config& c) {
  return nlohmann::json{{"model", c.model}, {"n", c.n},         {"d", c.d},
                        {"replicates", c.replicates}, {"T", c.T}, {"seed", c.seed},
                        {"threads", c.threads}, {"level", c.level}, {"options", c.options}};
}

void validate(const study_config& c, const model_entry& model) {
  if (c.n.empty()) bad("n", "empty", "a non-empty grid");
  for (double n : c.n) {
    if (!(std::isfinite(n) && n > 0)) bad("n", format_value(n), "finite and > 0");
  }
  if (model.uses_d) {
    if (c.d.empty()) bad("d", "empty", "a non-empty grid");
    for (double d : c.d) {
      if (!(std::isfinite(d) && d >= 1 && d == std::floor(d))) bad("d", format_value(d), "an integer >= 1");
    }
  }
  if (c.replicates < 2) bad("replicates", format_value(c.replicates), ">= 2");
  if (!(std::isfinite(c.T) && c.T > 0)) bad("T", format_value(c.T), "finite and > 0");
  if (!(c.level > 0 && c.level < 1)) bad("level", format_value(c.level), "in (0, 1)");
  for (const auto& spec : model.options) {
    const auto& v = c.options.at(spec.name);
    if (!spec.choices.empty()) {
      const auto s = v.get<std::string>();
      bool ok = false;
      std::string all;
      for (const auto& choice : spec.choices) {
        ok = ok || choice == s;
        all.append(all.empty() ? "" : ", ").append(choice);
      }
      if (!ok) bad(spec.name, "'" + s + "'", "one of " + all);
    }
  }
  model.validate(c.options, c.n, model.uses_d ? c.d : std::vector<double>{}, c.T);
}

}  // namespace jumpflow::tool
