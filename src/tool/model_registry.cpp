#include "model_registry.hpp"

#include <cmath>
#include <memory>

#include "model_entries.hpp"
#include "jumpflow/core/error.hpp"

namespace jumpflow::tool {

double number_option(const nlohmann::json& options, const std::string& name) {
  const auto it = options.find(name);
  if (it == options.end() || !it->is_number()) {
    throw usage_error("jumpflow: option " + name + " is missing or not a number");
  }
  return it->get<double>();
}

std::string string_option(const nlohmann::json& options, const std::string& name) {
  const auto it = options.find(name);
  if (it == options.end() || !it->is_string()) {
    throw usage_error("jumpflow: option " + name + " is missing or not a string");
  }
  return it->get<std::string>();
}

const std::vector<model_entry>& models() {
  static const std::vector<model_entry> all = [] {
    std::vector<model_entry> v;
    v.push_back(bnn_model_entry());
    for (auto& e : classic_model_entries()) v.push_back(std::move(e));
    v.push_back(neuron_model_entry());
    return v;
  }();
  return all;
}

const model_entry& find_model(const std::string& name) {
  std::string names;
  for (const auto& m : models()) {
    if (m.name == name) return m;
    names.append(names.empty() ? "" : ", ").append(m.name);
  }
  throw usage_error(error_message("jumpflow", "model", "'" + name + "'", "one of " + names));
}

}  // namespace jumpflow::tool
