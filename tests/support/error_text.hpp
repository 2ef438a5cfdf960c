// Test support: the message of the exception a callable throws, to check error texts.
#pragma once

#include <exception>
#include <string>

namespace jumpflow::test {

/// Runs f(); returns the what() of the std::exception it throws, or "(no exception)".
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace jumpflow::test
