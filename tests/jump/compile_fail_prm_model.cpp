// Compile-fail test: a PRM-driven model without jump() must fail to compile with a message
// naming the missing member (checked by CTest's PASS_REGULAR_EXPRESSION).
#include "jumpflow/jump.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

struct model_without_jump {
  using state_type = jumpflow::vector;
  using mark_type = jumpflow::vector;
  double rate() const { return 1.0; }
  jumpflow::uniform_cube_law mark_law() const { return jumpflow::uniform_cube_law(1); }
};

int main() {
  jumpflow::vector x = jumpflow::vector::Zero(1);
  jumpflow::philox_engine g(1);
  return static_cast<int>(jumpflow::simulate_prm_driven(model_without_jump{}, x, 0.0, 1.0, g));
}
