#include "jumpflow/models/neuron/hodgkin_huxley.hpp"

#include "jumpflow/models/neuron/hodgkin_huxley_linear_noise.hpp"

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/ode/detail/concat.hpp"

namespace jumpflow {

namespace {

void check_parameters(const char* fn, const hodgkin_huxley_parameters& p) {
  require_domain(std::isfinite(p.capacitance) && p.capacitance > 0, fn, "capacitance",
                 p.capacitance, "finite and > 0");
  require_domain(std::isfinite(p.g_na) && p.g_na >= 0, fn, "g_na", p.g_na, "finite and >= 0");
  require_domain(std::isfinite(p.g_k) && p.g_k >= 0, fn, "g_k", p.g_k, "finite and >= 0");
  require_domain(std::isfinite(p.g_leak) && p.g_leak >= 0, fn, "g_leak", p.g_leak,
                 "finite and >= 0");
  require_domain(std::isfinite(p.e_na), fn, "e_na", p.e_na, "finite");
  require_domain(std::isfinite(p.e_k), fn, "e_k", p.e_k, "finite");
  require_domain(std::isfinite(p.e_leak), fn, "e_leak", p.e_leak, "finite");
  require_domain(std::isfinite(p.current), fn, "current", p.current, "finite");
}

struct gates {
  double m, h, n;
};
gates steady_gates(double v) {
  const auto r = hodgkin_huxley_rate_functions(v);
  return {r.alpha_m / (r.alpha_m + r.beta_m), r.alpha_h / (r.alpha_h + r.beta_h),
          r.alpha_n / (r.alpha_n + r.beta_n)};
}

// Rounds total * fractions to integers summing to total (largest remainders, ties to the
// lower index).
void round_counts(const std::vector<double>& fractions, long long total, count_vector& out,
                  index offset) {
  std::vector<long long> counts(fractions.size());
  std::vector<double> remainder(fractions.size());
  long long assigned = 0;
  for (std::size_t i = 0; i < fractions.size(); ++i) {
    const double exact = fractions[i] * static_cast<double>(total);
    counts[i] = static_cast<long long>(std::floor(exact));
    remainder[i] = exact - std::floor(exact);
    assigned += counts[i];
  }
  while (assigned < total) {
    const auto best = static_cast<std::size_t>(
        std::max_element(remainder.begin(), remainder.end()) - remainder.begin());
    ++counts[best];
    remainder[best] = -1.0;
    ++assigned;
  }
  for (std::size_t i = 0; i < counts.size(); ++i) out[offset + static_cast<index>(i)] = counts[i];
}

}  // namespace

hodgkin_huxley_ode::hodgkin_huxley_ode(const hodgkin_huxley_parameters& p) : p_(p) {
  check_parameters("jumpflow::hodgkin_huxley_ode", p);
}

void hodgkin_huxley_ode::operator()(const vector& x, vector& dxdt, double /*t*/) const {
  if (dxdt.size() != 4) dxdt.resize(4);
  const double v = x[0], m = x[1], h = x[2], n = x[3];
  const auto r = hodgkin_huxley_rate_functions(v);
  dxdt[0] = (p_.current - p_.g_na * m * m * m * h * (v - p_.e_na) -
             p_.g_k * n * n * n * n * (v - p_.e_k) - p_.g_leak * (v - p_.e_leak)) /
            p_.capacitance;
  dxdt[1] = r.alpha_m * (1 - m) - r.beta_m * m;
  dxdt[2] = r.alpha_h * (1 - h) - r.beta_h * h;
  dxdt[3] = r.alpha_n * (1 - n) - r.beta_n * n;
}

vector hodgkin_huxley_ode::resting_state(double current) const {
  constexpr const char* fn = "jumpflow::hodgkin_huxley_ode::resting_state";
  require_domain(std::isfinite(current), fn, "current", current, "finite");
  const auto net_current = [&](double v) {
    const gates g = steady_gates(v);
    return current - p_.g_na * g.m * g.m * g.m * g.h * (v - p_.e_na) -
           p_.g_k * g.n * g.n * g.n * g.n * (v - p_.e_k) - p_.g_leak * (v - p_.e_leak);
  };
  const double lo = -100.0, hi = 50.0;
  const double f_lo = net_current(lo), f_hi = net_current(hi);
  require_domain(f_lo * f_hi <= 0.0, fn, "current", current,
                 "such that the resting voltage lies in [-100, 50] mV");
  std::uintmax_t iterations = 200;
  const auto bracket = boost::math::tools::toms748_solve(
      net_current, lo, hi, f_lo, f_hi,
      [](double a, double b) {
        return b - a <= 4 * std::numeric_limits<double>::epsilon() * std::max(std::abs(a), std::abs(b));
      },
      iterations);
  const double v = 0.5 * (bracket.first + bracket.second);
  const gates g = steady_gates(v);
  vector x(4);
  x << v, g.m, g.h, g.n;
  return x;
}

hodgkin_huxley_voltage::hodgkin_huxley_voltage(const dense_solution& solution)
    : cursor_(solution) {
  require_argument(solution.dimension() == 4, "jumpflow::hodgkin_huxley_voltage",
                   "solution.dimension()", static_cast<long long>(solution.dimension()),
                   "4 (V, m, h, n)");
}

stochastic_hodgkin_huxley::stochastic_hodgkin_huxley(const hodgkin_huxley_parameters& p,
                                                     long long sodium, long long potassium)
    : p_(p), n_na_(sodium), n_k_(potassium) {
  constexpr const char* fn = "jumpflow::stochastic_hodgkin_huxley";
  check_parameters(fn, p);
  require_domain(sodium >= 1, fn, "sodium", sodium, ">= 1");
  require_domain(potassium >= 1, fn, "potassium", potassium, ">= 1");
  inverse_na_ = 1.0 / static_cast<double>(sodium);
  inverse_k_ = 1.0 / static_cast<double>(potassium);
  enum : std::size_t { alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n };
  std::size_t c = 0;
  for (index j = 0; j < 2; ++j) {  // m-gate moves at fixed h
    for (index i = 0; i < 3; ++i) {
      table_[c++] = {i + 4 * j, i + 1 + 4 * j, static_cast<double>(3 - i), alpha_m};
      table_[c++] = {i + 1 + 4 * j, i + 4 * j, static_cast<double>(i + 1), beta_m};
    }
  }
  for (index i = 0; i < 4; ++i) {  // h-gate moves at fixed m
    table_[c++] = {i, i + 4, 1.0, alpha_h};
    table_[c++] = {i + 4, i, 1.0, beta_h};
  }
  for (index i = 0; i < 4; ++i) {  // potassium
    table_[c++] = {8 + i, 9 + i, static_cast<double>(4 - i), alpha_n};
    table_[c++] = {9 + i, 8 + i, static_cast<double>(i + 1), beta_n};
  }
}

std::string stochastic_hodgkin_huxley::channel_name(index j) const {
  const auto state = [](index s) {
    if (s < 8) return detail::concat("m", std::to_string(s % 4), "h", std::to_string(s / 4));
    return detail::concat("n", std::to_string(s - 8));
  };
  const transition& tr = table_[static_cast<std::size_t>(j)];
  return detail::concat(tr.from < 8 ? "Na " : "K ", state(tr.from), "->", state(tr.to));
}

pdmp_state<count_vector> stochastic_hodgkin_huxley::initial_state(double v, double m, double h,
                                                                  double n) const {
  constexpr const char* fn = "jumpflow::stochastic_hodgkin_huxley::initial_state";
  require_domain(std::isfinite(v), fn, "v", v, "finite");
  require_domain(m >= 0 && m <= 1, fn, "m", m, "in [0, 1]");
  require_domain(h >= 0 && h <= 1, fn, "h", h, "in [0, 1]");
  require_domain(n >= 0 && n <= 1, fn, "n", n, "in [0, 1]");
  const vector f = hodgkin_huxley_state_fractions(m, h, n);
  const std::vector<double> na(f.data(), f.data() + 8), k(f.data() + 8, f.data() + 13);
  pdmp_state<count_vector> x{vector::Constant(1, v), count_vector::Zero(states)};
  round_counts(na, n_na_, x.k, 0);
  round_counts(k, n_k_, x.k, 8);
  return x;
}

pdmp_state<count_vector> stochastic_hodgkin_huxley::initial_state(const vector& x) const {
  require_argument(x.size() == 4, "jumpflow::stochastic_hodgkin_huxley::initial_state",
                   "x.size()", static_cast<long long>(x.size()), "4 (V, m, h, n)");
  return initial_state(x[0], x[1], x[2], x[3]);
}

long long hodgkin_huxley_potassium_channels(long long sodium) noexcept {
  return std::max(1LL, std::llround(0.3 * static_cast<double>(sodium)));
}

}  // namespace jumpflow
