// Atoms per second of the poisson module, each next to its floor: the same random numbers
// drawn alone with the same engine, measured in the same process. At the end a table prints
// the ratio (floor rate / process rate; 1.0 = no overhead) and checks the targets:
// homogeneous process within 1.5x of its floor, marked PRM within 1.5x of drawing its marks.
//   ./build/ci/benchmarks/poisson/poisson_bench --benchmark_repetitions=5
// (the table uses the medians of the repetitions when there are several).
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include "jumpflow/poisson.hpp"
#include "jumpflow/random.hpp"

namespace {

constexpr double span = 1000.0;  // expected atoms per iteration at rate 1 per unit time

// Floor of the homogeneous process: one exponential per atom (plus the running time).
void BM_FloorExponential(benchmark::State& state) {
  jumpflow::philox_engine g(1, 0);
  double t = 0.0;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) t += jumpflow::standard_exponential(g);
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_FloorExponential);

void BM_Homogeneous(benchmark::State& state) {
  jumpflow::philox_engine g(1, 0);
  const jumpflow::poisson_process p(1.0);
  std::int64_t atoms = 0;
  for (auto _ : state) {
    double sum = 0.0;
    atoms += static_cast<std::int64_t>(p.generate(g, 0.0, span, [&](double t) { sum += t; }));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(atoms);
}
BENCHMARK(BM_Homogeneous);

// Floor of thinning: one exponential and one uniform per candidate.
void BM_FloorThinned(benchmark::State& state) {
  jumpflow::philox_engine g(1, 0);
  double t = 0.0, kept = 0.0;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      t += jumpflow::standard_exponential(g);
      kept += jumpflow::uniform01(g);
    }
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(kept);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_FloorThinned);

// The same, plus one evaluation of the intensity 1 + sin t per candidate: what thinning
// cannot avoid, so the ratio to this floor is the algorithm's own overhead.
void BM_FloorThinnedWithIntensity(benchmark::State& state) {
  jumpflow::philox_engine g(1, 0);
  double t = 0.0, kept = 0.0;
  for (auto _ : state) {
    for (int i = 0; i < 1000; ++i) {
      t += jumpflow::standard_exponential(g) / 2.0;
      kept += jumpflow::uniform01(g) * 2.0 < 1.0 + std::sin(t) ? 1.0 : 0.0;
    }
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(kept);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_FloorThinnedWithIntensity);

// Items = candidates (to compare with the floor); the counter `kept` is the accepted rate.
void BM_Thinned(benchmark::State& state) {
  jumpflow::philox_engine g(1, 0);
  std::int64_t candidates = 0, kept = 0;
  const jumpflow::thinned_poisson_process p(
      [&](double t) {
        ++candidates;
        return 1.0 + std::sin(t);
      },
      2.0);
  for (auto _ : state) {
    double sum = 0.0;
    kept += static_cast<std::int64_t>(p.generate(g, 0.0, span / 2, [&](double t) { sum += t; }));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(candidates);
  state.counters["kept"] =
      benchmark::Counter(static_cast<double>(kept), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Thinned);

// Floor of the marks alone: one d-dimensional uniform draw per item.
void BM_FloorMarks(benchmark::State& state) {
  const auto d = static_cast<jumpflow::index>(state.range(0));
  const jumpflow::uniform_cube_law law(d);
  jumpflow::vector u(d);
  jumpflow::philox_engine g(1, 0);
  double sum = 0.0;
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) {
      law(g, u);
      sum += u[0] + u[d - 1];  // a consumer of the mark, as in BM_Marked
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_FloorMarks)->Arg(1)->Arg(16)->Arg(256);

// Floor of the marked PRM: the exponential gap and the mark, drawn alone.
void BM_FloorMarksAndGaps(benchmark::State& state) {
  const auto d = static_cast<jumpflow::index>(state.range(0));
  const jumpflow::uniform_cube_law law(d);
  jumpflow::vector u(d);
  jumpflow::philox_engine g(1, 0);
  double t = 0.0, sum = 0.0;
  for (auto _ : state) {
    for (int i = 0; i < 100; ++i) {
      t += jumpflow::standard_exponential(g);
      law(g, u);
      sum += u[0] + u[d - 1];
    }
    benchmark::DoNotOptimize(t);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_FloorMarksAndGaps)->Arg(1)->Arg(16)->Arg(256);

void BM_Marked(benchmark::State& state) {
  const auto d = static_cast<jumpflow::index>(state.range(0));
  const jumpflow::marked_poisson_measure m(1.0, jumpflow::uniform_cube_law(d));
  jumpflow::philox_engine g(1, 0);
  jumpflow::vector u = m.make_mark();
  std::int64_t atoms = 0;
  const auto last = d - 1;
  for (auto _ : state) {
    double sum = 0.0;
    atoms += static_cast<std::int64_t>(m.generate(
        g, 0.0, 100.0, [&](double, const jumpflow::vector& mark) { sum += mark[0] + mark[last]; },
        u));
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(atoms);
}
BENCHMARK(BM_Marked)->Arg(1)->Arg(16)->Arg(256);

// Collects items_per_second of every run for the ratio table.
class ratio_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> rates;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      const auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) rates[run.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  ratio_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const auto& r = reporter.rates;
  // With --benchmark_repetitions the medians are used (robust to a busy machine).
  auto rate = [&](const std::string& name) {
    for (const std::string& key : {name + "_median", name}) {
      if (const auto it = r.find(key); it != r.end()) return it->second;
    }
    return std::nan("");
  };
  auto ratio = [&](const std::string& floor, const std::string& process) {
    return rate(floor) / rate(process);
  };
  std::printf("\nslowdown vs floor (floor rate / process rate; target <= 1.5)\n");
  auto row = [&](const char* what, double value, bool target) {
    std::printf("  %-44s %6.2fx%s\n", what, value,
                target ? (value <= 1.5 ? "  target met" : "  TARGET MISSED") : "");
  };
  row("homogeneous vs exponentials", ratio("BM_FloorExponential", "BM_Homogeneous"), true);
  row("thinned (per candidate) vs exponential+uniform", ratio("BM_FloorThinned", "BM_Thinned"),
      false);
  row("thinned (per candidate) vs the same + intensity",
      ratio("BM_FloorThinnedWithIntensity", "BM_Thinned"), false);
  for (const char* d : {"1", "16", "256"}) {
    const std::string marked = std::string("BM_Marked/") + d;
    const std::string a = std::string("marked d=") + d + " vs marks alone";
    const std::string b = std::string("marked d=") + d + " vs marks+gaps";
    row(a.c_str(), ratio(std::string("BM_FloorMarks/") + d, marked), true);
    row(b.c_str(), ratio(std::string("BM_FloorMarksAndGaps/") + d, marked), false);
  }
  return 0;
}
