// Test support: small PDMP models with known laws, shared by the PDMP unit and statistical
// tests.
#pragma once

#include <cmath>
#include <limits>
#include <span>

#include "jumpflow/jump/pdmp_model.hpp"

namespace jumpflow::test {

// y' = y, one channel of intensity lambda = y, the jump counts events in k (y unchanged).
// From y(0) = 1 the first event time T has P(T > t) = exp(-(e^t - 1)).
struct exponential_growth_pdmp {
  using discrete_type = long long;
  index dimension() const { return 1; }
  index channels() const { return 1; }
  void flow(const vector& y, long long, double, vector& dydt) const { dydt[0] = y[0]; }
  void intensities(const vector& y, long long, double, std::span<double> lambda) const {
    lambda[0] = y[0];
  }
  template <class URBG>
  void jump(index, vector&, long long& k, double, URBG&) const {
    ++k;
  }
  // Along the flow from y at t the intensity y e^{s - t} is largest at t1.
  double intensity_bound(const vector& y, long long, double t, double t1) const {
    return y[0] * std::exp(t1 - t);
  }
};

// The telegraph (switching-promoter) model: a promoter s in {0, 1} switches on at rate k_on
// and off at rate k_off; the protein follows y' = beta s - gamma y.
struct telegraph_pdmp {
  using discrete_type = int;
  double k_on = 2.0, k_off = 3.0, beta = 10.0, gamma = 1.0;
  index dimension() const { return 1; }
  index channels() const { return 2; }
  void flow(const vector& y, int s, double, vector& dydt) const {
    dydt[0] = beta * s - gamma * y[0];
  }
  void intensities(const vector&, int s, double, std::span<double> lambda) const {
    lambda[0] = s == 0 ? k_on : 0.0;
    lambda[1] = s == 1 ? k_off : 0.0;
  }
  template <class URBG>
  void jump(index j, vector&, int& s, double, URBG&) const {
    s = j == 0 ? 1 : 0;
  }
  double intensity_bound(const vector&, int, double, double) const { return k_on + k_off; }
  const char* channel_name(index j) const { return j == 0 ? "on" : "off"; }
};

}  // namespace jumpflow::test
