#include "jumpflow/models/neuron/hodgkin_huxley_linear_noise.hpp"

#include <cmath>
#include <span>

#include "jumpflow/core/error.hpp"
#include "jumpflow/ode/linear_noise.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow {

namespace {

double binomial(int n, int k) {
  double b = 1.0;
  for (int i = 1; i <= k; ++i) b = b * (n - k + i) / i;
  return b;
}

}  // namespace

vector hodgkin_huxley_state_fractions(double m, double h, double n) {
  constexpr const char* fn = "jumpflow::hodgkin_huxley_state_fractions";
  require_domain(m >= 0 && m <= 1, fn, "m", m, "in [0, 1]");
  require_domain(h >= 0 && h <= 1, fn, "h", h, "in [0, 1]");
  require_domain(n >= 0 && n <= 1, fn, "n", n, "in [0, 1]");
  vector f(stochastic_hodgkin_huxley::states);
  for (int j = 0; j < 2; ++j) {
    for (int i = 0; i < 4; ++i) {
      f[i + 4 * j] = binomial(3, i) * std::pow(m, i) * std::pow(1 - m, 3 - i) * (j == 1 ? h : 1 - h);
    }
  }
  for (int i = 0; i < 5; ++i) f[8 + i] = binomial(4, i) * std::pow(n, i) * std::pow(1 - n, 4 - i);
  return f;
}

hodgkin_huxley_linear_noise::hodgkin_huxley_linear_noise(const stochastic_hodgkin_huxley& model)
    : model_(model) {
  // Source and target of each transition from the model's own jump.
  const double potassium_weight = static_cast<double>(model.sodium_channels()) /
                                  static_cast<double>(model.potassium_channels());
  philox_engine unused;
  vector y = vector::Zero(1);
  for (std::size_t j = 0; j < transitions; ++j) {
    count_vector k = count_vector::Zero(stochastic_hodgkin_huxley::states);
    model.jump(static_cast<index>(j), y, k, 0.0, unused);
    for (index i = 0; i < k.size(); ++i) {
      if (k[i] < 0) source_[j] = i;
      if (k[i] > 0) target_[j] = i;
    }
    weight_[j] = source_[j] < 8 ? 1.0 : potassium_weight;
  }
}

vector hodgkin_huxley_linear_noise::rates(double v) const {
  // One channel in every state: the intensity of transition j is its per-channel rate.
  vector lambda(static_cast<index>(transitions));
  model_.intensities(vector::Constant(1, v), count_vector::Ones(stochastic_hodgkin_huxley::states),
                     0.0, std::span<double>(lambda.data(), transitions));
  return lambda;
}

void hodgkin_huxley_linear_noise::limit_state(const vector& x, vector& z) const {
  require_argument(x.size() == 4, "jumpflow::hodgkin_huxley_linear_noise::limit_state",
                   "x.size()", static_cast<long long>(x.size()), "4 (V, m, h, n)");
  z.resize(state_dimension);
  z[0] = x[0];
  z.tail(stochastic_hodgkin_huxley::states) = hodgkin_huxley_state_fractions(x[1], x[2], x[3]);
}

void hodgkin_huxley_linear_noise::drift(const vector& z, vector& dzdt) const {
  dzdt = vector::Zero(state_dimension);
  const vector v = z.head(1);
  // The flow is affine in the open fractions: evaluate it closed, Na-open and K-open.
  count_vector k = count_vector::Zero(stochastic_hodgkin_huxley::states);
  vector f0(1), fna(1), fk(1);
  model_.flow(v, k, 0.0, f0);
  k[stochastic_hodgkin_huxley::open_sodium] = model_.sodium_channels();
  model_.flow(v, k, 0.0, fna);
  k[stochastic_hodgkin_huxley::open_sodium] = 0;
  k[stochastic_hodgkin_huxley::open_potassium] = model_.potassium_channels();
  model_.flow(v, k, 0.0, fk);
  dzdt[0] = f0[0] + (fna[0] - f0[0]) * z[1 + stochastic_hodgkin_huxley::open_sodium] +
            (fk[0] - f0[0]) * z[1 + stochastic_hodgkin_huxley::open_potassium];
  const vector r = rates(v[0]);
  for (std::size_t j = 0; j < transitions; ++j) {
    const double flux = r[static_cast<index>(j)] * z[1 + source_[j]];
    dzdt[1 + source_[j]] -= flux;
    dzdt[1 + target_[j]] += flux;
  }
}

void hodgkin_huxley_linear_noise::drift_jacobian(const vector& z, matrix& a) const {
  auto f = [this](const vector& x, vector& dx) { drift(x, dx); };
  finite_difference_jacobian(f, z, a);
}

void hodgkin_huxley_linear_noise::jump_covariance(const vector& z, matrix& s) const {
  s = matrix::Zero(state_dimension, state_dimension);
  const vector r = rates(z[0]);
  for (std::size_t j = 0; j < transitions; ++j) {
    const double w = weight_[j] * r[static_cast<index>(j)] * z[1 + source_[j]];
    const index a = 1 + source_[j], b = 1 + target_[j];
    s(a, a) += w;
    s(b, b) += w;
    s(a, b) -= w;
    s(b, a) -= w;
  }
}

}  // namespace jumpflow
