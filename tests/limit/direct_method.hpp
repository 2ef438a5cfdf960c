// Test support: a minimal Gillespie direct method (Gillespie 1977) and the two classic
// density-dependent families of the Kurtz tests, written independently of the jump module so
// the limit module's theorem tests do not depend on it.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include "jumpflow/core/types.hpp"
#include "jumpflow/random.hpp"

namespace jumpflow::test {

// Simulates a network with K channels: a(x, out) writes the K propensities; changes[k] is the
// state change of channel k. Calls obs(x, t) at t0, after each jump, at t1. Returns #jumps.
template <std::size_t K, class Propensity, class Observer>
std::uint64_t direct_method(const std::array<count_vector, K>& changes, const Propensity& a,
                            count_vector& x, double t0, double t1, philox_engine& g,
                            Observer& obs) {
  std::array<double, K> rates{};
  double t = t0;
  std::uint64_t jumps = 0;
  obs(x, t);
  for (;;) {
    a(x, rates);
    double total = 0.0;
    for (double r : rates) total += r;
    if (total <= 0.0) break;
    t += standard_exponential(g) / total;
    if (t > t1) break;
    double u = uniform01(g) * total;
    std::size_t k = 0;
    while (k + 1 < K && u >= rates[k]) u -= rates[k++];
    x += changes[k];
    ++jumps;
    obs(x, t);
  }
  obs(x, t1);
  return jumps;
}

inline count_vector change1(long long a) {
  count_vector v(1);
  v << a;
  return v;
}
inline count_vector change2(long long a, long long b) {
  count_vector v(2);
  v << a, b;
  return v;
}

// Immigration-death: immigration at rate n * lambda, death at rate mu * X. x = X / n.
struct id_model {
  double n, lambda, mu;
  std::array<count_vector, 2> changes{change1(1), change1(-1)};
  void operator()(const count_vector& x, std::array<double, 2>& r) const {
    r[0] = n * lambda;
    r[1] = mu * static_cast<double>(x[0]);
  }
};
struct id_family {
  double lambda = 1.0, mu = 1.0;
  id_model model(double n) const { return {n, lambda, mu}; }
  void drift(const vector& x, vector& dxdt) const { dxdt[0] = lambda - mu * x[0]; }
  void noise(const vector& x, matrix& g) const { g(0, 0) = lambda + mu * x[0]; }
};

// SIR: infection S + I -> 2 I at rate beta S I / n, recovery I -> R at rate gamma I; x = (S, I) /
// n.
struct sir_model {
  double n, beta, gamma;
  std::array<count_vector, 2> changes{change2(-1, 1), change2(0, -1)};
  void operator()(const count_vector& x, std::array<double, 2>& r) const {
    r[0] = beta * static_cast<double>(x[0]) * static_cast<double>(x[1]) / n;
    r[1] = gamma * static_cast<double>(x[1]);
  }
};
struct sir_family {
  double beta = 2.0, gamma = 1.0;
  sir_model model(double n) const { return {n, beta, gamma}; }
  void drift(const vector& x, vector& dxdt) const {
    dxdt[0] = -beta * x[0] * x[1];
    dxdt[1] = beta * x[0] * x[1] - gamma * x[1];
  }
  // G = sum_k nu_k nu_k^T a_k: infection nu = (-1, 1), recovery nu = (0, -1).
  void noise(const vector& x, matrix& g) const {
    const double inf = beta * x[0] * x[1], rec = gamma * x[1];
    g(0, 0) = inf;
    g(0, 1) = g(1, 0) = -inf;
    g(1, 1) = inf + rec;
  }
};

}  // namespace jumpflow::test
