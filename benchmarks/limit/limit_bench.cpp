// Costs of the limit module, each against a baseline measured in the same process:
//  * BM_Ensemble/threads:T: a convergence-study point (64 replicates of immigration-death at
//    n = 4000 with the sup-distance observer) on T threads; speed-up = time(1) / time(T).
//  * BM_EnsemblePairs: the same point on 1 and on 2 threads, alternately, many times; reports
//    the median over the pairs of the wall-time speed-up (robust to a load that drifts) and
//    the CPU-time efficiency cpu(1) / cpu(2) (the share of the 2-thread run's CPU time that is
//    useful work: on a loaded machine the wall time measures the other processes, the CPU time
//    does not; 2 x efficiency is the speed-up an idle machine can give, before imbalance).
//  * BM_Bare vs BM_Observed*: the direct method on immigration-death alone, and with a
//    sup_distance_observer against the limit (dense_solution, or the closed form); overhead =
//    time(observed) / time(bare) - 1.
//  * BM_ObserverPairs: bare and observed (dense limit) replicates on the same streams,
//    alternately in blocks; the overhead is the median over the blocks of the ratio of thread
//    CPU times (robust to the load of a shared machine), printed with the medians of the bare
//    time per jump and of the time the observer adds per jump. BM_ObserverPairsClosedForm and
//    BM_ObserverPairsBoundedClosedForm: the same against the closed form, evaluated at every
//    call, and wrapped in a bounded_limit (bounds on its speed and curvature).
//    BM_ObserverPairsAuto/n
//    (observer_auto_bench.cpp): the same through simulate_auto(), at n = 10^3 to 10^6, and
//    BM_ObserverPairsSirAuto/n on SIR (three species), each with the floor of any exact observer
//    (record_oracle.hpp: the limit evaluated only at the calls that raise the sup).
// A ratio table is printed after the Google Benchmark output.
//   ./build/ci/benchmarks/limit/limit_bench
// `limit_bench --scaling-worker THREADS REPLICATES SEED` is not a benchmark but a worker of
// benchmarks/scaling/two_cores.py: it prepares BM_EnsemblePairs' ensemble (REPLICATES replicates
// on THREADS threads), prints "ready", waits for a line on stdin, runs it, and prints the
// CLOCK_MONOTONIC start and end (comparable across processes), its process CPU seconds and
// events, so that the script can time one process, two processes at once and two threads alike.
#include <benchmark/benchmark.h>

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "observer_pairs.hpp"
#include "support/timing.hpp"

namespace {

using jumpflow_bench::median;

using jumpflow::count_vector;
using jumpflow::philox_engine;
using jumpflow::vector;

const jumpflow::immigration_death_family family(1.0, 1.0, 0.5);
constexpr double t_end = 2.0;

const jumpflow::dense_solution& limit() {
  static const jumpflow::dense_solution sol =
      jumpflow::limit_solution(family, family.initial_state(), 0.0, t_end);
  return sol;
}

// Seconds per iteration of each benchmark (real time), for the ratio table.
std::map<std::string, double>& seconds() {
  static std::map<std::string, double> s;
  return s;
}
void record(benchmark::State& state, const std::string& name, double total_seconds) {
  seconds()[name] = total_seconds / static_cast<double>(state.iterations());
}

jumpflow::replicate_outcome observed_replicate(const jumpflow::reaction_network& net, double n,
                                               philox_engine& g) {
  count_vector x = family.initial_counts(n);
  jumpflow::sup_distance_observer obs(jumpflow::dense_cursor(limit()), jumpflow::euclidean_norm{},
                                      1.0 / n);
  const auto events = jumpflow::simulate_direct(net, x, 0.0, t_end, g, obs);
  return {obs.sup(), events};
}

void BM_Ensemble(benchmark::State& state) {
  const auto threads = static_cast<unsigned>(state.range(0));
  const double n = 4000;
  const auto net = family.model(n);
  double total = 0.0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const auto out = jumpflow::run_ensemble(64, 1, threads, [&](philox_engine& g, std::uint64_t) {
      return observed_replicate(net, n, g);
    });
    total += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& o : out) events += o.events;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  record(state, "ensemble/" + std::to_string(threads), total);
}
BENCHMARK(BM_Ensemble)->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// CPU seconds of the process (CLOCK_PROCESS_CPUTIME_ID) or of this thread (CLOCK_THREAD_CPUTIME_ID).
double cpu_seconds(clockid_t clock = CLOCK_PROCESS_CPUTIME_ID) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Per pair (1 thread, then 2 threads): wall speed-up and CPU-time efficiency.
std::vector<double>& pair_speedups() {
  static std::vector<double> v;
  return v;
}
std::vector<double>& pair_cpu_efficiencies() {
  static std::vector<double> v;
  return v;
}

void BM_EnsemblePairs(benchmark::State& state) {
  const double n = 4000;
  const auto net = family.model(n);
  const auto run = [&](unsigned threads, double& wall, double& cpu) {
    const double c0 = cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const auto out = jumpflow::run_ensemble(64, 1, threads, [&](philox_engine& g, std::uint64_t) {
      return observed_replicate(net, n, g);
    });
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cpu = cpu_seconds() - c0;
    benchmark::DoNotOptimize(out.data());
  };
  for (auto _ : state) {
    double w1 = 0, c1 = 0, w2 = 0, c2 = 0;
    run(1, w1, c1);
    run(2, w2, c2);
    pair_speedups().push_back(w1 / w2);
    pair_cpu_efficiencies().push_back(c1 / c2);
  }
}
BENCHMARK(BM_EnsemblePairs)->Iterations(15)->UseRealTime()->Unit(benchmark::kMillisecond);

template <class Body>
void simulate_loop(benchmark::State& state, const std::string& name, Body body) {
  const double n = 10000;
  const auto net = family.model(n);
  philox_engine g(7, 0);
  std::uint64_t events = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) events += body(net, n, g);
  record(state, name,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

void BM_Bare(benchmark::State& state) {
  simulate_loop(state, "bare", [](const auto& net, double n, philox_engine& g) {
    count_vector x = family.initial_counts(n);
    return jumpflow::simulate_direct(net, x, 0.0, t_end, g);
  });
}
void BM_ObservedDense(benchmark::State& state) {
  simulate_loop(state, "observed/dense", [](const auto& net, double n, philox_engine& g) {
    const auto o = observed_replicate(net, n, g);
    benchmark::DoNotOptimize(o.sup_error);
    return o.events;
  });
}
void BM_ObservedClosedForm(benchmark::State& state) {
  simulate_loop(state, "observed/closed form", [](const auto& net, double n, philox_engine& g) {
    count_vector x = family.initial_counts(n);
    auto exact = [](double t, vector& out) {
      out.resize(1);
      out[0] = 1.0 - 0.5 * std::exp(-t);
    };
    jumpflow::sup_distance_observer obs(exact, jumpflow::euclidean_norm{}, 1.0 / n);
    const auto events = jumpflow::simulate_direct(net, x, 0.0, t_end, g, obs);
    benchmark::DoNotOptimize(obs.sup());
    return events;
  });
}
// Immigration-death observed against its closed form 1 - e^{-t}/2, evaluated at every call, or
// (Bounded) in a bounded_limit: x' = e^{-t}/2 and x'' = -e^{-t}/2, so L = K = 1/2.
template <bool Bounded>
jumpflow::replicate_outcome closed_form_replicate(const jumpflow::reaction_network& net, double n,
                                                  philox_engine& g) {
  count_vector x = family.initial_counts(n);
  const auto exact = [](double t) { return 1.0 - 0.5 * std::exp(-t); };
  const auto observe = [&](auto limit) -> jumpflow::replicate_outcome {
    jumpflow::sup_distance_observer obs(limit, jumpflow::euclidean_norm{}, 1.0 / n);
    const auto events = jumpflow::simulate_direct(net, x, 0.0, t_end, g, obs);
    return {obs.sup(), events};
  };
  if constexpr (Bounded) {
    return observe(jumpflow::bounded_limit(exact, 0.5, 0.5));
  } else {
    return observe(exact);
  }
}

// The samples of the BM_ObserverPairs* benchmarks, by limit ("dense", ...), in the order run.
std::vector<std::pair<std::string, jumpflow_bench::observer_pair_samples>>& pair_samples() {
  static std::vector<std::pair<std::string, jumpflow_bench::observer_pair_samples>> v;
  return v;
}

// What the ratio table says next to an observer's overhead: the target, or for the plain closed
// form (which tells the observer nothing about the limit's motion) that every call evaluates it.
const char* target_note(const std::string& limit) {
  return limit == "closed form" ? "(every call evaluates exp: no bounds; bounded_limit prunes)"
                                : "(target <= 10%)";
}

// Blocks of 8 replicates at n = 10^4 through simulate_direct(), bare and observed (`observed`)
// on the same streams.
template <class Observed>
void observer_pairs(benchmark::State& state, const char* name, Observed observed) {
  const double n = 10000;
  const auto net = family.model(n);
  jumpflow_bench::observer_pair_samples samples;
  std::uint64_t block = 0, events = 0;
  for (auto _ : state) {
    double bare = 0.0, observed_seconds = 0.0;
    std::uint64_t block_events = 0;
    for (std::uint64_t r = 0; r < 8; ++r) {
      philox_engine g1(7, block * 8 + r), g2(7, block * 8 + r);  // the same path twice
      count_vector x = family.initial_counts(n);
      double c0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
      block_events += jumpflow::simulate_direct(net, x, 0.0, t_end, g1);
      bare += cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
      c0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
      const auto o = observed(net, n, g2);
      observed_seconds += cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - c0;
      benchmark::DoNotOptimize(o.sup_error);
    }
    events += block_events;
    samples.add(bare, observed_seconds, block_events);
    ++block;
  }
  pair_samples().emplace_back(name, std::move(samples));
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
}
void BM_ObserverPairs(benchmark::State& state) {
  observer_pairs(state, "dense", observed_replicate);
}
void BM_ObserverPairsClosedForm(benchmark::State& state) {
  observer_pairs(state, "closed form", closed_form_replicate<false>);
}
void BM_ObserverPairsBoundedClosedForm(benchmark::State& state) {
  observer_pairs(state, "closed form, bounded", closed_form_replicate<true>);
}

BENCHMARK(BM_Bare)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairs)->Iterations(40)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairsClosedForm)->Iterations(20)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObserverPairsBoundedClosedForm)->Iterations(40)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObservedDense)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ObservedClosedForm)->Unit(benchmark::kMillisecond);

// The --scaling-worker mode (see the top of the file).
int scaling_worker(unsigned threads, std::uint64_t replicates, std::uint64_t seed) {
  const double n = 4000;
  const auto net = family.model(n);
  (void)limit();  // solved before the start signal
  std::printf("ready\n");
  std::fflush(stdout);
  if (std::getchar() == EOF) return 1;
  const double start = cpu_seconds(CLOCK_MONOTONIC), c0 = cpu_seconds();  // wall clock, CPU time
  const auto out = jumpflow::run_ensemble(replicates, seed, threads, [&](philox_engine& g, std::uint64_t) {
    return observed_replicate(net, n, g);
  });
  const double end = cpu_seconds(CLOCK_MONOTONIC), cpu = cpu_seconds() - c0;
  std::uint64_t events = 0;
  for (const auto& o : out) events += o.events;
  std::printf("%.9f %.9f %.9f %llu\n", start, end, cpu, static_cast<unsigned long long>(events));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--scaling-worker") {
    return scaling_worker(static_cast<unsigned>(std::strtoul(argv[2], nullptr, 10)),
                          std::strtoull(argv[3], nullptr, 10), std::strtoull(argv[4], nullptr, 10));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  const auto& s = seconds();
  std::printf("\nratios (same process)\n");
  if (s.count("ensemble/1") && s.count("ensemble/2")) {
    std::printf("  ensemble speed-up, 2 threads vs 1:      %.2fx  (one run each)\n",
                s.at("ensemble/1") / s.at("ensemble/2"));
  }
  if (!pair_speedups().empty()) {
    const double eff = median(pair_cpu_efficiencies());
    std::printf("  ensemble speed-up, 2 threads vs 1, median of %zu interleaved pairs: %.2fx  (target >= 1.9x "
                "on a quiet machine)\n",
                pair_speedups().size(), median(pair_speedups()));
    std::printf("  ensemble CPU-time efficiency cpu(1)/cpu(2), median: %.3f  (idle-machine bound 2 x %.3f = %.2fx)\n",
                eff, eff, 2.0 * eff);
  }
  if (s.count("bare")) {
    for (const char* k : {"observed/dense", "observed/closed form"}) {
      if (s.count(k)) {
        std::printf("  sup_distance_observer overhead (%s): %+.1f%%  %s\n", k + 9,
                    100.0 * (s.at(k) / s.at("bare") - 1.0), target_note(k + 9));
      }
    }
  }
  for (const auto& [limit, samples] : pair_samples()) {
    if (samples.ratios.empty()) continue;
    std::printf(
        "  sup_distance_observer overhead (%s), median of %zu interleaved blocks, thread CPU time: "
        "%+.1f%%  %s\n",
        limit.c_str(), samples.ratios.size(), 100.0 * (median(samples.ratios) - 1.0),
        target_note(limit));
    std::printf("    per jump, medians: bare %.2f ns, the observer adds %.2f ns\n",
                median(samples.bare_ns), median(samples.added_ns));
  }
  for (const auto& [model, samples] : jumpflow_bench::auto_observer_samples()) {
    std::printf("  sup_distance_observer overhead (dense, simulate_auto = dense direct, %s), median of %zu "
                "interleaved blocks, thread CPU time: %+.1f%%\n",
                model.c_str(), samples.ratios.size(), 100.0 * (median(samples.ratios) - 1.0));
    std::printf("    per jump, medians: bare %.2f ns, the observer adds %.2f ns\n", median(samples.bare_ns),
                median(samples.added_ns));
    if (!samples.floor_ratios.empty() && samples.jumps > 0) {
      const auto share = [&](std::uint64_t k) {
        return 100.0 * static_cast<double>(k) / static_cast<double>(samples.jumps);
      };
      std::printf(
          "    floor (record oracle: the limit evaluated only where the sup rises, %.2f%% of the "
          "jumps; the observer evaluates %.2f%%): %+.1f%%\n",
          share(samples.records), share(samples.evaluations),
          100.0 * (median(samples.floor_ratios) - 1.0));
      if (samples.mismatches > 0) {
        std::printf("    ERROR: the observer's sup differs from the oracle's on %llu paths\n",
                    static_cast<unsigned long long>(samples.mismatches));
      }
    }
  }
  return 0;
}
