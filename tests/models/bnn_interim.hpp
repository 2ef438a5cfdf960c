// INTERIM stand-in for the jump module's simulate_prm_driven (and its clocks) until it lands on
// main; same semantics as the contract in BRIEF.md. Replaced by the real module on merge.
#pragma once

#include <cmath>
#include <span>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/exponential.hpp"

namespace jumpflow::interim {

struct poisson_clock {};
struct grid_clock {
  double step;
};

template <class Model, class URBG, class Observer, class Clock = poisson_clock>
std::uint64_t simulate_prm_driven(const Model& m, vector& x, double t0, double t1, URBG& g,
                                  Observer&& obs, Clock clock = {}) {
  vector u(x.size()), dx(x.size());
  std::uint64_t count = 0;
  obs(x, t0);
  double t = t0;
  for (;;) {
    if constexpr (std::is_same_v<Clock, grid_clock>) {
      t = t0 + static_cast<double>(count + 1) * clock.step;
      if (t > t1 * (1 + 1e-12)) break;
    } else {
      t += standard_exponential(g) / m.rate();
      if (t > t1) break;
    }
    m.mark_law()(g, u);
    m.jump(x, u, t, dx);
    x += dx;
    ++count;
    obs(x, t);
  }
  obs(x, t1);
  return count;
}

}  // namespace jumpflow::interim
