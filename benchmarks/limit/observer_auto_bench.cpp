// BM_ObserverPairsAuto/n (part of limit_bench, whose main prints the ratios): the overhead of
// the sup-distance observer (dense limit) through simulate_auto(), which picks the dense direct
// method for immigration-death (two channels), at n = 10^3 to 10^6 (about 3.6 n jumps per
// path); BM_ObserverPairsSirAuto/n the same on SIR (two channels, three species) at n = 10^4
// and 10^5. As BM_ObserverPairs (limit_bench.cpp): blocks of 8 replicates, each run bare and
// observed on the same stream, one ratio of thread CPU times per block; the medians over the
// blocks of the ratio, of the bare run's time per jump and of the time the observer adds per
// jump are printed. Each replicate also runs the record oracle (record_oracle.hpp: told in
// advance which calls raise the sup, it evaluates the limit only there), whose time over the
// bare run is the floor of any exact observer (see record_oracle.hpp); its sup must equal the
// observer's. In a file of its own, so that its instantiations (every method simulate_auto() may
// choose) leave the code GCC generates for limit_bench.cpp's benchmarks as it was.
#include <benchmark/benchmark.h>
#include <time.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "jumpflow/jump/simulate_auto.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "observer_pairs.hpp"
#include "record_oracle.hpp"

namespace jumpflow_bench {

std::vector<std::pair<std::string, observer_pair_samples>>& auto_observer_samples() {
  static std::vector<std::pair<std::string, observer_pair_samples>> v;
  return v;
}

}  // namespace jumpflow_bench

namespace {

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// The samples of the model called `label`, at n = state.range(0), in the order first run.
jumpflow_bench::observer_pair_samples& samples_of(const char* label,
                                                  const benchmark::State& state) {
  auto& all = jumpflow_bench::auto_observer_samples();
  const std::string key = std::string(label) + ", n = " + std::to_string(state.range(0));
  for (auto& [k, s] : all) {
    if (k == key) return s;
  }
  return all.emplace_back(key, jumpflow_bench::observer_pair_samples{}).second;
}

template <class Family>
void observer_pairs_auto(benchmark::State& state, const char* label, const Family& family,
                         double t_end) {
  const auto n = static_cast<double>(state.range(0));
  jumpflow_bench::observer_pair_samples& samples = samples_of(label, state);
  const auto net = family.model(n);
  const jumpflow::dense_solution limit =
      jumpflow::limit_solution(family, family.initial_state(), 0.0, t_end);
  std::uint64_t block = 0, events = 0;
  for (auto _ : state) {
    // The records of the block's paths first, untimed (record_oracle.hpp), so that the timed runs
    // follow each other as without the oracle.
    state.PauseTiming();
    std::vector<jumpflow_bench::record_list> records(8);
    for (std::uint64_t r = 0; r < 8; ++r) {
      jumpflow::philox_engine g(7, block * 8 + r);
      jumpflow::count_vector x = family.initial_counts(n);
      jumpflow_bench::record_finder finder(jumpflow::dense_cursor(limit), 1.0 / n, records[r]);
      jumpflow::simulate_auto(net, x, 0.0, t_end, g, finder);
    }
    state.ResumeTiming();
    double bare = 0.0, observed = 0.0, oracle = 0.0;
    std::uint64_t block_events = 0;
    for (std::uint64_t r = 0; r < 8; ++r) {
      // The same path in every run.
      jumpflow::philox_engine g1(7, block * 8 + r), g2(7, block * 8 + r), g3(7, block * 8 + r);
      jumpflow::count_vector x = family.initial_counts(n);
      double c0 = thread_cpu_seconds();
      block_events += jumpflow::simulate_auto(net, x, 0.0, t_end, g1);
      bare += thread_cpu_seconds() - c0;
      c0 = thread_cpu_seconds();
      x = family.initial_counts(n);
      jumpflow::sup_distance_observer obs(jumpflow::dense_cursor(limit), jumpflow::euclidean_norm{},
                                          1.0 / n);
      jumpflow::simulate_auto(net, x, 0.0, t_end, g2, obs);
      observed += thread_cpu_seconds() - c0;
      c0 = thread_cpu_seconds();
      x = family.initial_counts(n);
      jumpflow_bench::record_oracle floor(jumpflow::dense_cursor(limit), 1.0 / n, records[r]);
      jumpflow::simulate_auto(net, x, 0.0, t_end, g3, floor);
      oracle += thread_cpu_seconds() - c0;
      // The observer is exact: its sup is the oracle's, bit for bit.
      if (floor.sup() != obs.sup()) ++samples.mismatches;
      samples.records += records[r].calls.size();
      samples.evaluations += obs.evaluations();
    }
    events += block_events;
    samples.add(bare, observed, block_events);
    samples.add_floor(bare, oracle);
    ++block;
  }
  if (samples.mismatches > 0)
    state.SkipWithError("the observer's sup differs from the record oracle's");
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

void BM_ObserverPairsAuto(benchmark::State& state) {
  observer_pairs_auto(state, "immigration-death", jumpflow::immigration_death_family(1.0, 1.0, 0.5),
                      2.0);
}
// SIR (infection 2, recovery 1, S0 = 0.9 n, I0 = 0.1 n, to t = 3; about 1.1 n jumps per path):
// two channels (infection, recovery), three species; each jump changes two of them.
void BM_ObserverPairsSirAuto(benchmark::State& state) {
  observer_pairs_auto(state, "SIR", jumpflow::sir_family(2.0, 1.0, 0.9, 0.1), 3.0);
}
// 40 blocks at n = 10^3 and 10^4, fewer for the longer paths (about 0.6 s per block at 10^6).
BENCHMARK(BM_ObserverPairsAuto)
    ->Arg(1000)
    ->Arg(10000)
    ->Iterations(40)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairsAuto)->Arg(100000)->Iterations(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairsAuto)->Arg(1000000)->Iterations(5)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairsSirAuto)->Arg(10000)->Iterations(40)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairsSirAuto)->Arg(100000)->Iterations(10)->Unit(benchmark::kMillisecond);

}  // namespace
