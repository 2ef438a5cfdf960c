#include "study_config.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <sstream>

#include "jumpflow/core/error.hpp"

namespace jumpflow::tool {

namespace {
[[noreturn]] void bad(const std::string& parameter, const std::string& value,
                      const std::string& condition) {
  throw usage_error(error_message("jumpflow", parameter, value, condition));
}
// A JSON integer in [lo, hi]: a negative, fractional or too large number is refused with its
// value (nlohmann's get<uint64_t>() would wrap -3 and truncate 2.5).
std::uint64_t json_integer(const nlohmann::json& v, const std::string& what, std::uint64_t lo, std::uint64_t hi) {
  if (!v.is_number_unsigned() || v.get<std::uint64_t>() < lo || v.get<std::uint64_t>() > hi) {
    bad(what, v.dump(), integer_condition(lo, hi));
  }
  return v.get<std::uint64_t>();
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

std::string integer_condition(std::uint64_t lo, std::uint64_t hi) {
  const std::string top = hi == std::numeric_limits<std::uint64_t>::max() ? "2^64 - 1" : std::to_string(hi);
  return "an integer in [" + std::to_string(lo) + ", " + top + "]";
}

double parse_number(const std::string& text, const std::string& what) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {  // not a number, or out of the range of a double
  }
  bad(what, "'" + text + "'", "a number");
}

std::uint64_t parse_integer(const std::string& text, const std::string& what, std::uint64_t lo,
                            std::uint64_t hi) {
  const bool digits = !text.empty() && text.size() <= 20 &&
                      std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  std::uint64_t v = 0;
  bool ok = digits;
  for (std::size_t i = 0; ok && i < text.size(); ++i) {
    const auto digit = static_cast<std::uint64_t>(text[i] - '0');
    ok = v <= (std::numeric_limits<std::uint64_t>::max() - digit) / 10;
    v = v * 10 + digit;
  }
  if (!ok || v < lo || v > hi) bad(what, text, integer_condition(lo, hi));
  return v;
}

std::vector<double> parse_list(const std::string& text, const std::string& what) {
  if (text.empty()) bad(what, "empty", "a non-empty list of numbers");
  std::vector<double> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    try {
      std::size_t used = 0;
      if (item.empty()) throw std::invalid_argument("empty item");
      const double v = std::stod(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      out.push_back(v);
    } catch (const std::exception&) {
      bad(what, "'" + text + "'", "a comma-separated list of numbers");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
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
        c.replicates = json_integer(v, key, 2, max_replicates);
      } else if (key == "T") {
        c.T = v.get<double>();
      } else if (key == "seed") {
        c.seed = json_integer(v, key, 0, std::numeric_limits<std::uint64_t>::max());
      } else if (key == "threads") {
        c.threads = static_cast<unsigned>(json_integer(v, key, 0, max_threads));
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
  if (c.n.size() > max_grid) bad("n", std::to_string(c.n.size()) + " values", "at most " + std::to_string(max_grid) + " values");
  for (double n : c.n) {
    if (!(std::isfinite(n) && n > 0)) bad("n", format_value(n), "finite and > 0");
    if (n > max_n) bad("n", format_value(n), "<= 1e12 (a replicate simulates about n T jumps)");
  }
  if (model.uses_d) {
    if (c.d.empty()) bad("d", "empty", "a non-empty grid");
    if (c.d.size() > max_grid) bad("d", std::to_string(c.d.size()) + " values", "at most " + std::to_string(max_grid) + " values");
    for (double d : c.d) {
      if (!(std::isfinite(d) && d >= 1 && d <= max_d && d == std::floor(d))) {
        bad("d", format_value(d), "an integer in [1, 1000000]");
      }
    }
  }
  if (c.replicates < 2 || c.replicates > max_replicates) {
    bad("replicates", std::to_string(c.replicates), integer_condition(2, max_replicates));
  }
  if (c.threads > max_threads) bad("threads", std::to_string(c.threads), integer_condition(0, max_threads));
  if (!(std::isfinite(c.T) && c.T > 0)) bad("T", format_value(c.T), "finite and > 0");
  if (c.T > max_T) bad("T", format_value(c.T), "<= 1e6");
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
    } else if (spec.default_value.is_number() && !(v.is_number() && std::isfinite(v.get<double>()))) {
      bad(spec.name, v.is_number() ? format_value(v.get<double>()) : v.dump(), "a finite number");
    }
  }
  model.validate(c.options, c.n, model.uses_d ? c.d : std::vector<double>{}, c.T);
}

}  // namespace jumpflow::tool
