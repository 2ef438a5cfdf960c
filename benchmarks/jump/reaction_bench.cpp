// Events per second of every reaction-network simulator on immigration-death, SIR, gene
// expression and a seeded random sparse mass-action network (1000 species, 10000 channels),
// each next to the floor: the cost of the random draws an exact event needs at least (one
// standard exponential and one uniform01 from the same philox_engine), measured in the same
// process (thread CPU time). Counters: ns_per_event, floor_ns (the floor per event) and x_floor
// (their ratio).
//   ./build/ci/benchmarks/jump/jump_reaction_bench
// Targets: direct within 3x of the floor on the small networks; composition-rejection >= 5x
// faster than direct on the large network (compare the events/s of BM_Direct/large and
// BM_CompositionRejection/large).
#include <benchmark/benchmark.h>

#include <cstdint>

#include "jumpflow/jump.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"
#include "support/timing.hpp"

namespace {

using jumpflow_bench::thread_ns;

using jumpflow::count_vector;
using jumpflow::reaction_network;

struct scenario {
  reaction_network net;
  count_vector x0;
  double t1;
};

scenario make_scenario(int which) {
  switch (which) {
    case 0:  // immigration-death, stationary around 100
      return {jumpflow::immigration_death(100.0, 1.0), count_vector::Constant(1, 100), 100.0};
    case 1: {  // SIR, N = 10000, R0 = 2
      count_vector x(3);
      x << 9990, 10, 0;
      return {jumpflow::sir(2.0, 1.0, 10000.0), x, 40.0};
    }
    case 2:  // gene expression with negative feedback
      return {jumpflow::gene_expression({}), count_vector::Zero(2), 200.0};
    default:  // large random sparse network
      return {jumpflow::random_mass_action_network(1000, 10000, 2024),
              count_vector::Constant(1000, 100), 0.05};
  }
}

const char* scenario_name(int which) {
  constexpr const char* names[] = {"immigration_death", "sir", "gene_expression", "large"};
  return names[which];
}

// CPU time of this thread in ns (the machine may be shared: wall time would count others).
// The floor: ns per (standard_exponential + uniform01) with philox_engine, measured once.
double floor_ns() {
  static const double value = [] {
    jumpflow::philox_engine g(99, 0);
    double sink = 0.0;
    constexpr int n = 20'000'000;
    const double start = thread_ns();
    for (int i = 0; i < n; ++i) sink += jumpflow::standard_exponential(g) + jumpflow::uniform01(g);
    const double stop = thread_ns();
    benchmark::DoNotOptimize(sink);
    return (stop - start) / n;
  }();
  return value;
}

template <class Simulate>
void run(benchmark::State& state, Simulate simulate) {
  const int which = static_cast<int>(state.range(0));
  const scenario s = make_scenario(which);
  state.SetLabel(scenario_name(which));
  jumpflow::philox_engine g(7, 0);
  count_vector x = s.x0;
  std::uint64_t events = 0;
  double ns = 0.0;
  for (auto _ : state) {
    x = s.x0;
    const double start = thread_ns();
    events += simulate(s.net, x, s.t1, g);
    ns += thread_ns() - start;
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  const double per_event = ns / static_cast<double>(events);
  state.counters["ns_per_event"] = per_event;
  state.counters["floor_ns"] = floor_ns();
  state.counters["x_floor"] = per_event / floor_ns();
}

void BM_Floor(benchmark::State& state) {  // the floor itself, as a Google Benchmark too
  jumpflow::philox_engine g(99, 0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(jumpflow::standard_exponential(g) + jumpflow::uniform01(g));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Floor);

void BM_Direct(benchmark::State& state) {
  run(state, [](const reaction_network& n, count_vector& x, double t1, auto& g) {
    return jumpflow::simulate_direct(n, x, 0.0, t1, g);
  });
}
void BM_NextReaction(benchmark::State& state) {
  run(state, [](const reaction_network& n, count_vector& x, double t1, auto& g) {
    return jumpflow::simulate_next_reaction(n, x, 0.0, t1, g);
  });
}
void BM_CompositionRejection(benchmark::State& state) {
  run(state, [](const reaction_network& n, count_vector& x, double t1, auto& g) {
    return jumpflow::simulate_composition_rejection(n, x, 0.0, t1, g);
  });
}
void BM_TauLeaping(benchmark::State& state) {  // events = reaction firings
  run(state, [](const reaction_network& n, count_vector& x, double t1, auto& g) {
    return jumpflow::simulate_tau_leaping(n, x, 0.0, t1, g);
  });
}
BENCHMARK(BM_Direct)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NextReaction)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CompositionRejection)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TauLeaping)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
