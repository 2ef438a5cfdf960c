// Small models shared by the tests of the generic jump processes (test-only code).
#pragma once

#include <cmath>
#include <limits>

#include "jumpflow/core.hpp"
#include "jumpflow/random.hpp"

namespace jumpflow::test {

// X <- X + (-c X + u), u ~ uniform[-1, 1]^d, at the atoms of a rate-r PRM.
struct linear_prm_model {
  using state_type = vector;
  using mark_type = vector;
  double r, c;
  index d;
  double rate() const { return r; }
  uniform_cube_law mark_law() const { return uniform_cube_law(d); }
  void jump(const vector& x, const vector& u, double /*t*/, vector& dx) const { dx = u - c * x; }
};

// A law that draws nothing (the mark carries no information).
struct no_mark {
  template <class G>
  double operator()(G& /*g*/) const {
    return 0.0;
  }
};

// Pure death by thinning: each atom of a rate-x0 PRM kills one of x individuals with
// probability x / x0, so the death rate is x: X_t ~ Binomial(x0, e^{-t}).
struct thinned_death_model {
  using state_type = double;
  using mark_type = double;
  double x0;
  double rate() const { return x0; }
  no_mark mark_law() const { return {}; }
  double intensity(double x, double /*t*/) const { return x; }
  void jump(double /*x*/, double /*u*/, double /*t*/, double& dx) const { dx = -1.0; }
};

// Immigration (rate a) and death (rate b per individual) on integer counts.
struct immigration_death_model {
  using state_type = count_vector;
  double a, b;
  double intensity(const count_vector& x) const { return a + b * static_cast<double>(x[0]); }
  template <class G>
  void sample_jump(const count_vector& x, G& g, count_vector& dx) const {
    dx[0] = uniform01(g) * intensity(x) < a ? 1 : -1;
  }
};

// Immigration at rate a (1 + sin t), death at rate b per individual: X_t ~ Poisson(m(t)),
// m' = a (1 + sin t) - b m.
struct periodic_immigration_death_model {
  using state_type = long long;
  double a, b;
  double immigration(double t) const { return a * (1.0 + std::sin(t)); }
  double intensity(long long x, double t) const {
    return immigration(t) + b * static_cast<double>(x);
  }
  double intensity_bound(long long x, double /*t*/, double /*t1*/) const {
    return 2.0 * a + b * static_cast<double>(x);
  }
  template <class G>
  void sample_jump(long long x, double t, G& g, long long& dx) const {
    dx = uniform01(g) * intensity(x, t) < immigration(t) ? 1 : -1;
  }
};

}  // namespace jumpflow::test
