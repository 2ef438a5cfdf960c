/// \file
/// \brief Error types and the one place that builds every jumpflow error message.
///
/// Every domain error in jumpflow reads
/// `"<function>: <parameter> is <value>, but must be <condition>"`, e.g.
/// `"jumpflow::uniform_cube_law: dimension is 0, but must be >= 1"`.
#pragma once

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>

namespace jumpflow {

/// \brief A valid call that failed while it ran (e.g. a model returned a negative rate
/// mid-simulation).
/// \ingroup core
///
/// The simulator that throws it documents which state it leaves behind; the simulators of
/// jumpflow leave the state at its last valid value (before the failing step).
class simulation_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// \brief Formats a floating-point value: shortest round-trip form (`0.1`, `-2.5`), `nan`, `inf`, `-inf`, for an error message.
/// \ingroup core
/// \param value the value.
/// \returns its text.
std::string format_value(double value);
/// \brief Formats a signed integer, in decimal, for an error message.
/// \ingroup core
/// \param value the value.
/// \returns its text.
std::string format_value(long long value);
/// \brief Formats an unsigned integer, in decimal, for an error message.
/// \ingroup core
/// \param value the value.
/// \returns its text.
std::string format_value(unsigned long long value);
/// \brief Formats a bool, as `true` or `false`, for an error message.
/// \ingroup core
/// \param value the value.
/// \returns its text.
std::string format_value(bool value);
/// \brief Formats text, unchanged, for an error message.
/// \ingroup core
/// \param value the value.
/// \returns its text.
std::string format_value(std::string_view value);
/// \brief Formats a C string (unchanged), for an error message.
/// \ingroup core
/// \param value the text.
/// \returns the text.
inline std::string format_value(const char* value) { return format_value(std::string_view(value)); }
/// \brief Formats a string (unchanged), for an error message.
/// \ingroup core
/// \param value the text.
/// \returns the text.
inline std::string format_value(const std::string& value) { return value; }

/// \brief Formats any arithmetic value (dispatches to the overloads above).
/// \ingroup core
/// \tparam T an arithmetic type.
/// \param value the value to format.
/// \returns its text.
template <class T>
  requires std::is_arithmetic_v<T> && (!std::same_as<T, double>) && (!std::same_as<T, bool>) &&
           (!std::same_as<T, long long>) && (!std::same_as<T, unsigned long long>)
std::string format_value(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    return format_value(static_cast<double>(value));
  } else if constexpr (std::is_signed_v<T>) {
    return format_value(static_cast<long long>(value));
  } else {
    return format_value(static_cast<unsigned long long>(value));
  }
}

/// \brief Builds `"<function>: <parameter> is <value>, but must be <condition>"`.
/// \ingroup core
/// \param function the public function or type that rejected the input, e.g.
///        `"jumpflow::poisson_process"`.
/// \param parameter the parameter's name, e.g. `"rate"`.
/// \param value the offending value, already formatted (see format_value()).
/// \param condition what the value must satisfy, e.g. `"finite and >= 0"`.
/// \returns the message.
std::string error_message(std::string_view function, std::string_view parameter,
                          std::string_view value, std::string_view condition);

/// \brief Builds the message of a simulation_error:
/// `"<function>: <what> is <value> at time <t>, but must be <condition>"`.
/// \ingroup core
/// \param function the simulator, e.g. `"jumpflow::simulate_direct"`.
/// \param what what returned the bad value, e.g. `"propensity of channel 3"`.
/// \param value the bad value.
/// \param time the simulation time at which it was seen.
/// \param condition what the value must satisfy.
/// \returns the message.
std::string simulation_message(std::string_view function, std::string_view what, double value,
                               double time, std::string_view condition);

/// \brief Throws std::domain_error with error_message() unless `ok`: a value outside the
/// mathematical domain (negative or NaN rate, `T <= 0`).
/// \ingroup core
/// \tparam T the value's type (anything format_value() accepts).
/// \param ok the condition that holds for valid input.
/// \param function,parameter,value,condition as in error_message().
/// \throws std::domain_error when `ok` is false.
template <class T>
void require_domain(bool ok, std::string_view function, std::string_view parameter,
                    const T& value, std::string_view condition) {
  if (!ok) throw std::domain_error(error_message(function, parameter, format_value(value), condition));
}

/// \brief Throws std::invalid_argument with error_message() unless `ok`: structurally
/// wrong input (dimension mismatch, empty grid, unknown option).
/// \ingroup core
/// \tparam T the value's type (anything format_value() accepts).
/// \param ok the condition that holds for valid input.
/// \param function,parameter,value,condition as in error_message().
/// \throws std::invalid_argument when `ok` is false.
template <class T>
void require_argument(bool ok, std::string_view function, std::string_view parameter,
                      const T& value, std::string_view condition) {
  if (!ok) {
    throw std::invalid_argument(error_message(function, parameter, format_value(value), condition));
  }
}

/// \brief Throws simulation_error with simulation_message() unless `ok`.
/// \ingroup core
/// \param ok the condition that holds for a valid value.
/// \param function,what,value,time,condition as in simulation_message().
/// \throws simulation_error when `ok` is false.
inline void require_simulation(bool ok, std::string_view function, std::string_view what,
                               double value, double time, std::string_view condition) {
  if (!ok) throw simulation_error(simulation_message(function, what, value, time, condition));
}

}  // namespace jumpflow
