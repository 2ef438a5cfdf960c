// libFuzzer target: read_bionetgen_string() on arbitrary bytes. A clean refusal
// (std::invalid_argument) is the expected outcome of bad input; anything else (another
// exception, a sanitizer report, a hang) is a bug. Run by scripts/fuzz-readers.sh.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "exercise.hpp"
#include "jumpflow/io/read_bionetgen.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    jumpflow::fuzz::exercise(jumpflow::read_bionetgen_string(std::string(reinterpret_cast<const char*>(data), size)));
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
