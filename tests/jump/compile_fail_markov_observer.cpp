// Compile-fail test: an observer that cannot take the model's state (here a scalar model and
// an observer of vectors) must fail to compile with simulate_markov_jump's own message
// (checked by CTest's PASS_REGULAR_EXPRESSION), not with an error inside markov_loop.hpp.
#include "jumpflow/jump.hpp"

struct scalar_death_model {
  using state_type = double;
  double intensity(double x) const { return x; }
  template <class G>
  void sample_jump(double, G&, double& dx) const {
    dx = -1.0;
  }
};

struct vector_observer {
  void operator()(const jumpflow::vector&, double) {}
};

int main() {
  double x = 3.0;
  jumpflow::philox_engine g(1);
  return static_cast<int>(
      jumpflow::simulate_markov_jump(scalar_death_model{}, x, 0.0, 1.0, g, vector_observer{}));
}
