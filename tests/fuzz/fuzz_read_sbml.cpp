// libFuzzer target: read_sbml_string() on arbitrary bytes (see fuzz_read_bionetgen.cpp).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "exercise.hpp"
#include "jumpflow/io/read_sbml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    jumpflow::fuzz::exercise(jumpflow::read_sbml_string(std::string(reinterpret_cast<const char*>(data), size)));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
