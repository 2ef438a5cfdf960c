#include "jumpflow/core/error.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace jumpflow {

std::string format_value(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::array<char, 64> buffer{};
  // Shortest representation that round-trips (C++17 to_chars): 0.1 prints as "0.1".
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc{}) return "?";
  return std::string(buffer.data(), end);
}

std::string format_value(long long value) { return std::to_string(value); }
std::string format_value(unsigned long long value) { return std::to_string(value); }
std::string format_value(bool value) { return value ? "true" : "false"; }
std::string format_value(std::string_view value) { return std::string(value); }

std::string error_message(std::string_view function, std::string_view parameter,
                          std::string_view value, std::string_view condition) {
  std::string message;
  message.reserve(function.size() + parameter.size() + value.size() + condition.size() + 24);
  message.append(function).append(": ").append(parameter).append(" is ").append(value);
  message.append(", but must be ").append(condition);
  return message;
}

std::string simulation_message(std::string_view function, std::string_view what, double value,
                               double time, std::string_view condition) {
  std::string message;
  message.append(function).append(": ").append(what).append(" is ").append(format_value(value));
  message.append(" at time ").append(format_value(time)).append(", but must be ").append(condition);
  return message;
}

}  // namespace jumpflow
