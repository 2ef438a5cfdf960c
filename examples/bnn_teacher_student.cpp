// Teacher-student regression with the STDP learning rule: a student network learns a teacher
// network from a stream of training pairs, one learning opportunity (time T) per pair. Prints
// the test loss of the BNN path and of its limit (the gradient flows composed across
// opportunities), and their distance, for a few spike intensities n.
//   ./build/ci/examples/bnn_teacher_student
#include <array>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "jumpflow/limit.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/random.hpp"

namespace {

double test_loss(const jumpflow::feedforward_network& net, const jumpflow::vector& w,
                 const std::vector<jumpflow::training_pair>& test) {
  double sum = 0.0;
  for (const auto& p : test) sum += 0.5 * std::pow(net.output(w, p.x) - p.y, 2);
  return sum / static_cast<double>(test.size());
}

}  // namespace

int main() {
  //! [teacher]
  using jumpflow::index;
  using jumpflow::vector;
  const std::array<index, 3> widths{4, 3, 1};  // d = 4*3 + 3*1 = 15 weights
  const auto net = std::make_shared<const jumpflow::feedforward_network>(
      jumpflow::feedforward_network::layered(widths, jumpflow::activation::tanh));
  const index d = net->dimension();

  jumpflow::philox_engine data(2024, 0);  // teacher, student init and the data
  vector teacher(d), w0(d);
  for (index e = 0; e < d; ++e) teacher[e] = jumpflow::standard_normal(data);
  for (index e = 0; e < d; ++e) w0[e] = 0.5 * jumpflow::standard_normal(data);
  auto make_pair = [&] {
    vector x(widths[0]);
    for (index i = 0; i < x.size(); ++i) x[i] = jumpflow::standard_normal(data);
    return jumpflow::training_pair{x, net->output(teacher, x)};
  };
  std::vector<jumpflow::training_pair> train, test;
  for (int k = 0; k < 40; ++k) train.push_back(make_pair());
  for (int k = 0; k < 200; ++k) test.push_back(make_pair());
  //! [teacher]

  //! [learn]
  jumpflow::learning_options options;
  options.learning_rate = 1.0;
  options.amplitude = 1.0;
  options.horizon = 1.0;  // time per opportunity
  const jumpflow::uniform_cube_law law(d);
  const double end = static_cast<double>(train.size()) * options.horizon;
  std::printf("d = %lld weights, %zu opportunities, test loss at start %.4f\n",
              static_cast<long long>(d), train.size(), test_loss(*net, w0, test));
  for (double n : {100.0, 1000.0, 10000.0}) {
    options.n = n;
    const jumpflow::opportunity_flow flow(net, train, law, options, w0);
    jumpflow::sup_distance_observer distance(flow);
    vector w = w0;
    jumpflow::philox_engine g(7, static_cast<std::uint64_t>(n));
    const auto spikes = jumpflow::learn_opportunities(net, train, law, options, w, g, distance);
    std::printf(
        "n %6.0f: %8llu spikes, test loss BNN %.4f, flow %.4f; sup_t |w - theta| = %.4f, "
        "* sqrt(n/d) = %.3f\n",
        n, static_cast<unsigned long long>(spikes), test_loss(*net, w, test),
        test_loss(*net, flow(end), test), distance.sup(),
        distance.sup() * std::sqrt(n / static_cast<double>(d)));
  }
  //! [learn]
  return 0;
}
