// Compile-fail test: a Markov jump model without sample_jump() must fail to compile with a
// message naming the missing member (checked by CTest's PASS_REGULAR_EXPRESSION).
#include "jumpflow/jump.hpp"

struct model_without_kernel {
  using state_type = double;
  double intensity(double) const { return 1.0; }
};

int main() {
  double x = 0.0;
  jumpflow::philox_engine g(1);
  return static_cast<int>(jumpflow::simulate_markov_jump(model_without_kernel{}, x, 0.0, 1.0, g));
}
