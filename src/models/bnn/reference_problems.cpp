#include "jumpflow/models/bnn/reference_problems.hpp"

#include <array>
#include <cmath>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

vector reference_start(index d) {
  require_argument(d >= 1, "jumpflow::reference_start", "d", d, ">= 1");
  return vector::Constant(d, 1.0 / std::sqrt(static_cast<double>(d)));
}

quadratic_loss anisotropic_quadratic(index d) {
  require_argument(d >= 1, "jumpflow::anisotropic_quadratic", "d", d, ">= 1");
  const vector h = d == 1 ? vector(vector::Constant(1, 1.0)) : vector(vector::LinSpaced(d, 0.5, 2.0));
  return quadratic_loss::diagonal(vector::Zero(d), h);
}

network_problem tanh_network_problem(index k) {
  require_argument(k >= 1, "jumpflow::tanh_network_problem", "k", k, ">= 1");
  const std::array<index, 3> widths{k, 2, 1};
  auto net = std::make_shared<const feedforward_network>(
      feedforward_network::layered(widths, activation::tanh));
  const vector x = reference_start(k);
  vector w0(net->dimension());
  w0.segment(0, k) = 0.8 * x;
  w0.segment(k, k) = -0.5 * x;
  w0[2 * k] = 1.0;
  w0[2 * k + 1] = -0.7;
  network_loss loss(net, {x, 1.5});
  return {net, std::move(loss), std::move(w0)};
}

}  // namespace jumpflow
