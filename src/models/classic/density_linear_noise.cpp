#include "jumpflow/models/classic/density_linear_noise.hpp"

#include <cmath>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/ode/linear_noise.hpp"

namespace jumpflow {

double density_linear_noise::check_scale(double n) {
  require_domain(std::isfinite(n) && n >= 1.0, "jumpflow::density_linear_noise", "reference_scale",
                 n, "finite and >= 1");
  return n;
}

density_linear_noise::density_linear_noise(double scale, reaction_network network,
                                           std::function<void(const vector&, vector&)> drift)
    : scale_(scale), network_(std::move(network)), drift_(std::move(drift)) {}

void density_linear_noise::channel_rates(const vector& x, vector& beta) const {
  const index m = network_.channels();
  beta.resize(m);
  count_vector counts;
  for (index j = 0; j < m; ++j) {
    if (network_.is_mass_action(j)) {
      // The falling-factorial polynomial at the real point N x.
      double a = network_.rate(j);
      const auto [first, last] = network_.reactants(j);
      for (auto t = first; t != last; ++t) {
        const double have = scale_ * x[t->species];
        for (long long k = 0; k < t->count; ++k) a *= std::max(0.0, have - static_cast<double>(k));
      }
      beta[j] = a / scale_;
    } else {
      if (counts.size() == 0) {
        counts.resize(x.size());
        for (index i = 0; i < x.size(); ++i) counts[i] = std::llround(scale_ * x[i]);
      }
      beta[j] = network_.propensity(j, counts) / scale_;
    }
  }
}

void density_linear_noise::jump_covariance(const vector& x, matrix& s) const {
  vector beta;
  channel_rates(x, beta);
  s = matrix::Zero(x.size(), x.size());
  for (index j = 0; j < network_.channels(); ++j) {
    const auto [first, last] = network_.change(j);
    for (auto p = first; p != last; ++p) {
      for (auto q = first; q != last; ++q) {
        s(p->species, q->species) +=
            beta[j] * static_cast<double>(p->count) * static_cast<double>(q->count);
      }
    }
  }
}

void density_linear_noise::drift_jacobian(const vector& x, matrix& a) const {
  auto drift = [this](const vector& y, vector& dydt) { drift_(y, dydt); };
  finite_difference_jacobian(drift, x, a);
}

}  // namespace jumpflow
