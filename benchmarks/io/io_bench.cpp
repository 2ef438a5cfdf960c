// Networks read from files against the same networks built in C++, events per second of
// simulate_direct in the same process (Google Benchmark's items_per_second):
//   BM_Sir/cpp              SIR (N = 10000, R0 = 2) built with mass-action channels in C++
//   BM_Sir/sbml_formula     the same, read from SBML with mass-action detection off: every
//                           channel is a compiled formula
//   BM_Sir/sbml_detected    read from SBML with detection on: mass-action channels again
//   BM_Hill/cpp, /sbml      gene expression with Hill repression (h = 2): a C++ lambda against
//                           the compiled SBML law (no mass-action form exists)
//   BM_Load/net, /sbml      reading a network of 1000 species and 10^4 reactions
//   ./build/ci/benchmarks/io/io_reaction_bench
// Targets: sbml_formula within 1.5x of cpp, sbml_detected within 1.1x.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <sstream>

#include "jumpflow/io.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/random.hpp"
#include "sbml_writer.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::reaction_channel;
using jumpflow::reaction_network;
namespace t = jumpflow::test;

constexpr double N = 10000.0, beta = 2.0, gamma_ = 1.0;

reaction_network sir_cpp() {
  return reaction_network(3, {reaction_channel::mass_action(beta / N, {{0, 1}, {1, 1}}, {{1, 2}}),
                              reaction_channel::mass_action(gamma_, {{1, 1}}, {{2, 1}})});
}

std::string sir_sbml() {
  t::sbml_model m;
  m.species = {{"S", N - 10}, {"I", 10}, {"R", 0}};
  m.parameters = {{"beta", beta}, {"gamma", gamma_}, {"N", N}};
  m.reactions = {{"infection", {{"S", 1}, {"I", 1}}, {{"I", 2}}, "beta / N * S * I", {}},
                 {"recovery", {{"I", 1}}, {{"R", 1}}, "gamma * I", {}}};
  return t::write_sbml(m);
}

void run(benchmark::State& state, const reaction_network& net, const count_vector& x0, double t1) {
  std::uint64_t events = 0, r = 0;
  for (auto _ : state) {
    auto g = jumpflow::study_stream(5, 0, r++);
    count_vector x = x0;
    events += jumpflow::simulate_direct(net, x, 0.0, t1, g);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

count_vector sir_x0() {
  count_vector x(3);
  x << static_cast<long long>(N) - 10, 10, 0;
  return x;
}

void BM_Sir_cpp(benchmark::State& state) { run(state, sir_cpp(), sir_x0(), 40.0); }
void BM_Sir_sbml_formula(benchmark::State& state) {
  const auto m = jumpflow::read_sbml_string(sir_sbml(), {.detect_mass_action = false});
  run(state, m.network(), m.initial_state(), 40.0);
}
void BM_Sir_sbml_detected(benchmark::State& state) {
  const auto m = jumpflow::read_sbml_string(sir_sbml());
  run(state, m.network(), m.initial_state(), 40.0);
}
BENCHMARK(BM_Sir_cpp)->Name("BM_Sir/cpp")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sir_sbml_formula)->Name("BM_Sir/sbml_formula")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sir_sbml_detected)->Name("BM_Sir/sbml_detected")->Unit(benchmark::kMillisecond);

// Gene expression, counts in a cell of volume 100: transcription 200 / (1 + (P/100)^2),
// mRNA decay M, translation 2 M, protein decay 0.5 P.
reaction_network hill_cpp() {
  return reaction_network(
      2, {reaction_channel::custom(
              [](const count_vector& x) {
                const double p = static_cast<double>(x[1]) / 100.0;
                return 200.0 / (1.0 + p * p);
              },
              {{0, 1}}, {1}),
          reaction_channel::mass_action(1.0, {{0, 1}}, {}),
          reaction_channel::mass_action(2.0, {{0, 1}}, {{0, 1}, {1, 1}}),
          reaction_channel::mass_action(0.5, {{1, 1}}, {})});
}

void BM_Hill_cpp(benchmark::State& state) { run(state, hill_cpp(), count_vector::Zero(2), 50.0); }
void BM_Hill_sbml(benchmark::State& state) {
  t::sbml_model m;
  m.species = {{"M", 0}, {"P", 0}};
  m.reactions = {{"transcription", {}, {{"M", 1}}, "200 / (1 + (P / 100)^2)", {}},
                 {"mrna_decay", {{"M", 1}}, {}, "M", {}},
                 {"translation", {}, {{"P", 1}}, "2 * M", {}},
                 {"protein_decay", {{"P", 1}}, {}, "0.5 * P", {}}};
  const auto net = jumpflow::read_sbml_string(t::write_sbml(m));
  run(state, net.network(), net.initial_state(), 50.0);
}
BENCHMARK(BM_Hill_cpp)->Name("BM_Hill/cpp")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Hill_sbml)->Name("BM_Hill/sbml")->Unit(benchmark::kMillisecond);

// A seeded random network: 1000 species, 10^4 reactions of order 0 to 2.
struct large_reaction {
  std::vector<int> reactants, products;
  double rate;
};
std::vector<large_reaction> large_network() {
  jumpflow::philox_engine g(2024, 0);
  std::vector<large_reaction> out;
  for (int j = 0; j < 10000; ++j) {
    large_reaction r;
    const int order = static_cast<int>(jumpflow::uniform01(g) * 3.0);
    for (int k = 0; k < order; ++k) r.reactants.push_back(static_cast<int>(jumpflow::uniform01(g) * 1000.0));
    r.products.push_back(static_cast<int>(jumpflow::uniform01(g) * 1000.0));
    r.rate = 0.001 + jumpflow::uniform01(g);
    out.push_back(r);
  }
  return out;
}

std::string large_net() {
  std::ostringstream s;
  s << "begin species\n";
  for (int i = 0; i < 1000; ++i) s << ' ' << i + 1 << " S" << i << "() 100\n";
  s << "end species\nbegin reactions\n";
  int j = 0;
  for (const auto& r : large_network()) {
    s << ' ' << ++j << ' ';
    if (r.reactants.empty()) s << 0;
    for (std::size_t k = 0; k < r.reactants.size(); ++k) s << (k ? "," : "") << r.reactants[k] + 1;
    s << ' ' << r.products[0] + 1 << ' ' << r.rate << '\n';
  }
  s << "end reactions\n";
  return s.str();
}

// "S<i>" (appended, not operator+: GCC 12 warns falsely on "S" + std::to_string at -O3).
std::string species_id(int i) {
  std::string id("S");
  id.append(std::to_string(i));
  return id;
}

std::string large_sbml() {
  t::sbml_model m;
  for (int i = 0; i < 1000; ++i) m.species.push_back({species_id(i), 100});
  int j = 0;
  for (const auto& r : large_network()) {
    t::sbml_reaction::terms reactants, products{{species_id(r.products[0]), 1}};
    std::string law = std::to_string(r.rate);
    for (int s : r.reactants) {
      reactants.push_back({species_id(s), 1});
      law.append(" * ").append(species_id(s));
    }
    std::string id("R");
    id.append(std::to_string(j++));
    m.reactions.push_back({id, reactants, products, law, {}});
  }
  return t::write_sbml(m);
}

void BM_Load_net(benchmark::State& state) {
  const std::string text = large_net();
  for (auto _ : state) benchmark::DoNotOptimize(jumpflow::read_bionetgen_string(text).channels());
}
void BM_Load_sbml(benchmark::State& state) {
  const std::string text = large_sbml();
  for (auto _ : state) benchmark::DoNotOptimize(jumpflow::read_sbml_string(text).channels());
}
BENCHMARK(BM_Load_net)->Name("BM_Load/net_10k_reactions")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Load_sbml)->Name("BM_Load/sbml_10k_reactions")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
