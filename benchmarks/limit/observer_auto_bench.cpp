// BM_ObserverPairsAuto (part of limit_bench, whose main prints the ratio): the overhead of the
// sup-distance observer (dense limit) through simulate_auto(), which picks the dense direct
// method for immigration-death (two channels). As BM_ObserverPairs (limit_bench.cpp): blocks of
// 8 replicates, each run bare and observed on the same stream, one ratio of thread CPU times
// per block; the median over the blocks is printed. In a file of its own, so that its
// instantiations (every method simulate_auto() may choose) leave the code GCC generates for
// limit_bench.cpp's benchmarks as it was.
#include <benchmark/benchmark.h>

#include <time.h>

#include <cstdint>
#include <vector>

#include "jumpflow/jump/simulate_auto.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"

namespace jumpflow_bench {

std::vector<double>& auto_observer_ratios() {
  static std::vector<double> v;
  return v;
}

}  // namespace jumpflow_bench

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

void BM_ObserverPairsAuto(benchmark::State& state) {
  const jumpflow::immigration_death_family family(1.0, 1.0, 0.5);
  const double n = 10000, t_end = 2.0;
  const auto net = family.model(n);
  const jumpflow::dense_solution limit =
      jumpflow::limit_solution(family, family.initial_state(), 0.0, t_end);
  std::uint64_t block = 0, events = 0;
  for (auto _ : state) {
    double bare = 0.0, observed = 0.0;
    for (std::uint64_t r = 0; r < 8; ++r) {
      jumpflow::philox_engine g1(7, block * 8 + r), g2(7, block * 8 + r);  // the same path twice
      jumpflow::count_vector x = family.initial_counts(n);
      double c0 = thread_cpu_seconds();
      events += jumpflow::simulate_auto(net, x, 0.0, t_end, g1);
      bare += thread_cpu_seconds() - c0;
      c0 = thread_cpu_seconds();
      x = family.initial_counts(n);
      jumpflow::sup_distance_observer obs(jumpflow::dense_cursor(limit), jumpflow::euclidean_norm{},
                                          1.0 / n);
      jumpflow::simulate_auto(net, x, 0.0, t_end, g2, obs);
      observed += thread_cpu_seconds() - c0;
      benchmark::DoNotOptimize(obs.sup());
    }
    jumpflow_bench::auto_observer_ratios().push_back(observed / bare);
    ++block;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
BENCHMARK(BM_ObserverPairsAuto)->Iterations(40)->Unit(benchmark::kMillisecond);

}  // namespace
