// Draws per second of each transform. The baseline is the raw engine (BM_RawBits): compare
// items_per_second of each transform against it in the same run.
//   ./build/ci/benchmarks/random/random_bench
#include <benchmark/benchmark.h>

#include <random>

#include "jumpflow/random.hpp"

namespace {

void BM_RawBits(benchmark::State& state) {
  jumpflow::philox_engine g(1, 0);
  for (auto _ : state) benchmark::DoNotOptimize(g());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RawBits);

void BM_Mt19937_64(benchmark::State& state) {  // reference: the standard's 64-bit Mersenne twister
  std::mt19937_64 g(1);
  for (auto _ : state) benchmark::DoNotOptimize(g());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Mt19937_64);

template <class Draw>
void run(benchmark::State& state, Draw draw) {
  jumpflow::philox_engine g(1, 0);
  for (auto _ : state) benchmark::DoNotOptimize(draw(g));
  state.SetItemsProcessed(state.iterations());
}

void BM_Uniform01(benchmark::State& s) { run(s, [](auto& g) { return jumpflow::uniform01(g); }); }
void BM_StandardExponential(benchmark::State& s) {
  run(s, [](auto& g) { return jumpflow::standard_exponential(g); });
}
void BM_ZigguratExponential(benchmark::State& s) {
  run(s, [](auto& g) { return jumpflow::ziggurat_exponential(g); });
}
// The random-number cost of one SSA event: an exponential waiting time and a uniform for the
// channel (the floor of the reaction-network simulators, see benchmarks/jump).
void BM_EventDrawsLog(benchmark::State& s) {
  run(s, [](auto& g) { return jumpflow::standard_exponential(g) + jumpflow::uniform01(g); });
}
void BM_EventDrawsZiggurat(benchmark::State& s) {
  run(s, [](auto& g) { return jumpflow::ziggurat_exponential(g) + jumpflow::uniform01(g); });
}
void BM_StandardNormal(benchmark::State& s) {
  run(s, [](auto& g) { return jumpflow::standard_normal(g); });
}
void BM_StandardNormalPair(benchmark::State& s) {
  jumpflow::philox_engine g(1, 0);
  for (auto _ : s) benchmark::DoNotOptimize(jumpflow::standard_normal_pair(g));
  s.SetItemsProcessed(2 * s.iterations());
}
void BM_Rademacher(benchmark::State& s) { run(s, [](auto& g) { return jumpflow::rademacher(g); }); }
BENCHMARK(BM_Uniform01);
BENCHMARK(BM_StandardExponential);
BENCHMARK(BM_ZigguratExponential);
BENCHMARK(BM_EventDrawsLog);
BENCHMARK(BM_EventDrawsZiggurat);
BENCHMARK(BM_StandardNormal);
BENCHMARK(BM_StandardNormalPair);
BENCHMARK(BM_Rademacher);

// Mark laws: items = coordinates drawn.
template <class Law>
void BM_Law(benchmark::State& state) {
  const auto d = static_cast<jumpflow::index>(state.range(0));
  const Law law(d);
  jumpflow::vector x(d);
  jumpflow::philox_engine g(1, 0);
  for (auto _ : state) {
    law(g, x);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Law<jumpflow::uniform_cube_law>)->Arg(16)->Arg(256);
BENCHMARK(BM_Law<jumpflow::rademacher_law>)->Arg(16)->Arg(256);
BENCHMARK(BM_Law<jumpflow::gaussian_law>)->Arg(16)->Arg(256);

}  // namespace

BENCHMARK_MAIN();
