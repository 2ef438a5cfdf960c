// The C++ side of the Python module's bitwise tests: the same calls made from the library
// directly, printed with 17 significant digits.
//   jumpflow_python_reference stream SEED POINT REPLICATE COUNT   raw words and uniform01 draws
//   jumpflow_python_reference path SEED REPLICATE METHOD          counts on the grid (METHOD: a name of
//                                                                 `jumpflow simulate --method`)
//   jumpflow_python_reference mean SEED REPLICATES METHOD         ensemble mean on the grid
//   jumpflow_python_reference bench SEED REPLICATES T_END         events and seconds of direct-method
//                                                                 paths on [0, T_END] (benchmark)
// The network (test_bitwise.py builds the same one in Python): 0 -> A at 10, A -> 0 at 1,
// A + A -> B at 0.01, B -> 0 at 0.5, from (A, B) = (5, 0), on t_k = k / 2, k = 0..10.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/save_grid_observer.hpp"
#include "jumpflow/jump/simulate_auto.hpp"
#include "jumpflow/jump/simulate_composition_rejection.hpp"
#include "jumpflow/jump/simulate_dense_direct.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/jump/simulate_next_reaction.hpp"
#include "jumpflow/jump/simulate_partial_propensity_direct.hpp"
#include "jumpflow/jump/simulate_rejection.hpp"
#include "jumpflow/jump/simulate_sorting_direct.hpp"
#include "jumpflow/jump/simulate_tau_leaping.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace {

using namespace jumpflow;

constexpr std::size_t points = 11;
double t_end = 5.0;

reaction_network make_network() {
  std::vector<reaction_channel> c;
  c.push_back(reaction_channel::mass_action(10.0, {}, {{0, 1}}));
  c.push_back(reaction_channel::mass_action(1.0, {{0, 1}}, {}));
  c.push_back(reaction_channel::mass_action(0.01, {{0, 2}}, {{1, 1}}));
  c.push_back(reaction_channel::mass_action(0.5, {{1, 1}}, {}));
  return reaction_network(2, std::move(c));
}

// Counts (species-major: A at every grid time, then B) of replicate `r`.
std::vector<long long> path(const reaction_network& net, std::uint64_t seed, std::uint64_t r, const std::string& method,
                            std::uint64_t* events = nullptr) {
  std::vector<long long> out(2 * points);
  count_vector x(2);
  x << 5, 0;
  std::size_t k = 0;
  auto record = [&](const count_vector& y, double) {
    out[k] = y[0];
    out[points + k] = y[1];
    ++k;
  };
  auto obs = save_grid<count_vector>(0.0, t_end / static_cast<double>(points - 1), points, std::ref(record));
  philox_engine g = study_stream(seed, 0, r);
  if (method == "direct") {
    const std::uint64_t e = simulate_direct(net, x, 0.0, t_end, g, obs);
    if (events != nullptr) *events += e;
  }
  // Each library function called directly (the Python module dispatches through the tool's table).
  if (method == "auto") simulate_auto(net, x, 0.0, t_end, g, obs);
  if (method == "dense-direct") simulate_dense_direct(net, x, 0.0, t_end, g, obs);
  if (method == "sorting-direct") simulate_sorting_direct(net, x, 0.0, t_end, g, obs);
  if (method == "next-reaction") simulate_next_reaction(net, x, 0.0, t_end, g, obs);
  if (method == "composition-rejection") simulate_composition_rejection(net, x, 0.0, t_end, g, obs);
  if (method == "rejection") simulate_rejection(net, x, 0.0, t_end, g, obs);
  if (method == "rejection-composition") simulate_rejection_composition(net, x, 0.0, t_end, g, obs);
  if (method == "partial-propensity-direct") simulate_partial_propensity_direct(net, x, 0.0, t_end, g, obs);
  if (method == "tau-leaping") simulate_tau_leaping(net, x, 0.0, t_end, g, obs);
  while (k < points) record(x, t_end);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s stream|path|mean SEED ...\n", argv[0]);
    return 2;
  }
  const std::string what = argv[1];
  const std::uint64_t seed = std::strtoull(argv[2], nullptr, 10);
  if (what == "stream" && argc == 6) {
    philox_engine g = study_stream(seed, std::strtoull(argv[3], nullptr, 10), std::strtoull(argv[4], nullptr, 10));
    const unsigned long long count = std::strtoull(argv[5], nullptr, 10);
    for (unsigned long long i = 0; i < count; ++i) std::printf("%llu\n", static_cast<unsigned long long>(g()));
    for (unsigned long long i = 0; i < count; ++i) std::printf("%.17g\n", uniform01(g));
    return 0;
  }
  const reaction_network net = make_network();
  const std::string method = argv[4];
  if (what == "path") {
    for (const long long v : path(net, seed, std::strtoull(argv[3], nullptr, 10), method)) std::printf("%lld\n", v);
    return 0;
  }
  if (what == "mean") {
    const std::uint64_t R = std::strtoull(argv[3], nullptr, 10);
    std::vector<double> sum(2 * points, 0.0);
    for (std::uint64_t r = 0; r < R; ++r) {
      const auto p = path(net, seed, r, method);
      for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += static_cast<double>(p[i]);
    }
    for (const double s : sum) std::printf("%.17g\n", s / static_cast<double>(R));
    return 0;
  }
  if (what == "bench") {
    const std::uint64_t R = std::strtoull(argv[3], nullptr, 10);
    t_end = std::strtod(argv[4], nullptr);
    std::uint64_t events = 0;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t r = 0; r < R; ++r) (void)path(net, seed, r, "direct", &events);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    std::printf("%llu\n%.9g\n", static_cast<unsigned long long>(events), seconds.count());
    return 0;
  }
  std::fprintf(stderr, "%s: unknown command %s\n", argv[0], what.c_str());
  return 2;
}
