// Forward pass and backpropagation of the feed-forward network of the BNN model; the loss of
// one training pair.
#include "jumpflow/models/bnn/feedforward_network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "jumpflow/core/error.hpp"
#include "jumpflow/models/bnn/network_loss.hpp"

namespace jumpflow {

double activate(activation a, double s) noexcept {
  switch (a) {
    case activation::identity:
      return s;
    case activation::tanh:
      return std::tanh(s);
    case activation::logistic:
      return 1.0 / (1.0 + std::exp(-s));
    case activation::softplus:  // log(1 + e^s) without overflow
      return std::max(s, 0.0) + std::log1p(std::exp(-std::abs(s)));
  }
  return s;
}

double activate_derivative(activation a, double s) noexcept {
  switch (a) {
    case activation::identity:
      return 1.0;
    case activation::tanh: {
      const double t = std::tanh(s);
      return 1.0 - t * t;
    }
    case activation::logistic: {
      const double p = 1.0 / (1.0 + std::exp(-s));
      return p * (1.0 - p);
    }
    case activation::softplus:
      return 1.0 / (1.0 + std::exp(-s));
  }
  return 1.0;
}

feedforward_network::feedforward_network(index inputs, index neurons,
                                         std::vector<network_edge> edges, activation hidden,
                                         activation output)
    : inputs_(inputs),
      neurons_(neurons),
      edges_(std::move(edges)),
      hidden_(hidden),
      output_(output) {
  const char* f = "jumpflow::feedforward_network";
  require_argument(inputs >= 1, f, "inputs", inputs, ">= 1");
  require_argument(neurons > inputs, f, "neurons", neurons, "> inputs");
  require_argument(!edges_.empty(), f, "edges.size()", edges_.size(), ">= 1");
  for (const network_edge& e : edges_) {
    require_argument(e.from >= 0 && e.from < e.to, f, "edge.from", e.from, ">= 0 and < edge.to");
    require_argument(e.to >= inputs && e.to < neurons, f, "edge.to", e.to,
                     ">= inputs and < neurons");
  }
  const auto n = static_cast<std::size_t>(neurons);
  sorted_.resize(edges_.size());
  std::iota(sorted_.begin(), sorted_.end(), index{0});
  std::stable_sort(sorted_.begin(), sorted_.end(), [this](index a, index b) {
    return edges_[static_cast<std::size_t>(a)].to < edges_[static_cast<std::size_t>(b)].to;
  });
  in_begin_.assign(n + 1, 0);
  for (const network_edge& e : edges_) ++in_begin_[static_cast<std::size_t>(e.to) + 1];
  for (std::size_t j = 0; j < n; ++j) in_begin_[j + 1] += in_begin_[j];
}

feedforward_network feedforward_network::layered(std::span<const index> widths, activation hidden,
                                                 activation output) {
  const char* f = "jumpflow::feedforward_network::layered";
  require_argument(widths.size() >= 2, f, "widths.size()", widths.size(), ">= 2");
  for (index w : widths) require_argument(w >= 1, f, "width", w, ">= 1");
  require_argument(widths.back() == 1, f, "widths.back()", widths.back(), "1 (one output)");
  std::vector<network_edge> edges;
  index first = 0;  // first neuron of the previous layer
  for (std::size_t l = 1; l < widths.size(); ++l) {
    const index prev = widths[l - 1], here = first + prev;
    for (index j = 0; j < widths[l]; ++j) {
      for (index i = 0; i < prev; ++i) edges.push_back({first + i, here + j});
    }
    first = here;
  }
  return feedforward_network(widths.front(), first + 1, std::move(edges), hidden, output);
}

double feedforward_network::forward(const vector& w, const vector& x, std::vector<double>& pre,
                                    std::vector<double>& act) const {
  eigen_assert(w.size() == dimension() && x.size() == inputs_);
  const auto n = static_cast<std::size_t>(neurons_);
  pre.resize(n);
  act.resize(n);
  for (index i = 0; i < inputs_; ++i) act[static_cast<std::size_t>(i)] = x[i];
  for (std::size_t j = static_cast<std::size_t>(inputs_); j < n; ++j) {
    double s = 0.0;
    for (index k = in_begin_[j]; k < in_begin_[j + 1]; ++k) {
      const index e = sorted_[static_cast<std::size_t>(k)];
      s += w[e] * act[static_cast<std::size_t>(edges_[static_cast<std::size_t>(e)].from)];
    }
    pre[j] = s;
    act[j] = activate(j + 1 == n ? output_ : hidden_, s);
  }
  return act[n - 1];
}

double feedforward_network::output(const vector& w, const vector& x) const {
  thread_local std::vector<double> pre, act;  // scratch: no allocation after the first call
  return forward(w, x, pre, act);
}

double feedforward_network::output_gradient(const vector& w, const vector& x, vector& grad) const {
  thread_local std::vector<double> pre, act, back;
  eigen_assert(grad.size() == dimension());
  const double f = forward(w, x, pre, act);
  const auto n = static_cast<std::size_t>(neurons_);
  back.assign(n, 0.0);  // back[j] = d f / d a_j, complete once every later neuron is done
  back[n - 1] = 1.0;
  for (std::size_t j = n; j-- > static_cast<std::size_t>(inputs_);) {
    const double delta = back[j] * activate_derivative(j + 1 == n ? output_ : hidden_, pre[j]);
    for (index k = in_begin_[j]; k < in_begin_[j + 1]; ++k) {
      const index e = sorted_[static_cast<std::size_t>(k)];
      const auto from = static_cast<std::size_t>(edges_[static_cast<std::size_t>(e)].from);
      grad[e] = delta * act[from];
      back[from] += w[e] * delta;
    }
  }
  return f;
}

network_loss::network_loss(std::shared_ptr<const feedforward_network> network, training_pair pair,
                           pair_loss loss)
    : network_(std::move(network)), pair_(std::move(pair)), loss_(loss) {
  const char* f = "jumpflow::network_loss";
  require_argument(network_ != nullptr, f, "network", "null", "a network");
  require_argument(pair_.x.size() == network_->inputs(), f, "pair.x.size()", pair_.x.size(),
                   "equal to network->inputs()");
  require_domain(pair_.x.allFinite(), f, "pair.x", "non-finite", "finite");
  require_domain(std::isfinite(pair_.y), f, "pair.y", pair_.y, "finite");
  if (loss_ == pair_loss::logistic) {
    require_argument(pair_.y == 1.0 || pair_.y == -1.0, f, "pair.y", pair_.y,
                     "-1 or +1 for the logistic loss");
  }
}

double network_loss::pointwise(double f) const noexcept {
  if (loss_ == pair_loss::squared) return 0.5 * (f - pair_.y) * (f - pair_.y);
  const double m = -pair_.y * f;  // log(1 + e^m) without overflow
  return std::max(m, 0.0) + std::log1p(std::exp(-std::abs(m)));
}

double network_loss::pointwise_derivative(double f) const noexcept {
  if (loss_ == pair_loss::squared) return f - pair_.y;
  return -pair_.y / (1.0 + std::exp(pair_.y * f));
}

}  // namespace jumpflow
