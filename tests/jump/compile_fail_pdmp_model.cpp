// Compile-fail test: a PDMP model without intensities() must fail to compile with a message
// naming the missing member (checked by CTest's PASS_REGULAR_EXPRESSION).
#include "jumpflow/jump.hpp"

struct model_without_intensities {
  using discrete_type = int;
  jumpflow::index dimension() const { return 1; }
  jumpflow::index channels() const { return 1; }
  void flow(const jumpflow::vector&, int, double, jumpflow::vector& dydt) const { dydt[0] = 1.0; }
  template <class URBG>
  void jump(jumpflow::index, jumpflow::vector&, int& k, double, URBG&) const {
    ++k;
  }
};

int main() {
  jumpflow::pdmp_state<int> x{jumpflow::vector::Zero(1), 0};
  jumpflow::philox_engine g(1);
  return static_cast<int>(jumpflow::simulate_pdmp(model_without_intensities{}, x, 0.0, 1.0, g));
}
