#include <cstdio>
#include <jumpflow/core.hpp>
#include <jumpflow/random.hpp>

int main() {
  jumpflow::philox_engine g = jumpflow::stream_factory(1)(2);
  const double u = jumpflow::uniform01(g);
  try {
    jumpflow::uniform_cube_law bad(0);
    return 1;
  } catch (const std::invalid_argument& e) {
    std::printf("consumer: u = %.6f; caught \"%s\"\n", u, e.what());
  }
  return (u > 0.0 && u < 1.0) ? 0 : 1;
}
