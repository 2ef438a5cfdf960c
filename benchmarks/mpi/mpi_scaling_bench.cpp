// Scaling of jumpflow::mpi, each figure against a baseline measured in the same process
// (run it under mpirun; every rank runs the same fixed iterations, rank 0 prints):
//  * BM_StrongScaling: one study (immigration-death with the sup-distance observer, n = 500
//    .. 8000, 240 replicates, 1 thread per rank) on rank 0 alone, then on all P ranks, in
//    alternation; speed-up `ratio` = median wall time(1 rank) / median wall time(P ranks),
//    and `cpu_ratio` = the same with the CPU time of the busiest rank (the speed-up on an
//    idle machine with P cores: it does not move when other jobs load the machine);
//    `threads_vs_ranks` = median time of 1 rank x P threads / median time of P ranks x 1
//    thread (1 when MPI costs nothing over threads on the same cores); `balance_eff` = the
//    run's parallel efficiency (busy / (P wall)); `cpu_balance` = sum of the ranks' CPU times
//    / (P x the largest), the balance that load on the machine hardly moves (it is the
//    efficiency the split allows on P idle cores); `cost_balance` = the same with the
//    expected cost (events) of the replicates each rank ran; `rank0_cost_share` and
//    `rank0_cpu_share` = rank 0's part of the expected cost and of the CPU time.
//  * BM_WeakScaling: a fixed small workload per rank (8 replicates per rank and point): rank
//    0 alone with 8 replicates, then P ranks with 8 P; weak efficiency = median time(1) /
//    median time(P); with the bytes each rank sends and rank 0's reduction time.
//   mpirun -np 2 ./build/ci/benchmarks/mpi/mpi_scaling_bench
//   mpirun --oversubscribe -np 8 ./build/ci/benchmarks/mpi/mpi_scaling_bench --benchmark_filter=Weak
#include <benchmark/benchmark.h>
#include <mpi.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <vector>

#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/mpi.hpp"
#include "support/timing.hpp"

namespace {

using jumpflow_bench::median;

using jumpflow::philox_engine;
namespace mpi = jumpflow::mpi;

const jumpflow::immigration_death_family family(1.0, 1.0, 0.5);
constexpr double t_end = 2.0;
const std::vector<double> grid{500, 1000, 2000, 4000, 8000};

const jumpflow::dense_solution& limit() {
  static const jumpflow::dense_solution sol =
      jumpflow::limit_solution(family, family.initial_state(), 0.0, t_end);
  return sol;
}

jumpflow::replicate_outcome replicate(double n, philox_engine& g) {
  const auto net = family.model(n);
  jumpflow::count_vector x = family.initial_counts(n);
  jumpflow::sup_distance_observer obs(jumpflow::dense_cursor(limit()), jumpflow::euclidean_norm{},
                                      1.0 / n);
  const auto events = jumpflow::simulate_direct(net, x, 0.0, t_end, g, obs);
  return {obs.sup(), events};
}

struct timed_run {
  double seconds;
  double cpu_seconds;  // the largest CPU time (user + system) of a rank
  mpi::run_report report;
};

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// The study on `comm` (ranks outside it, given MPI_COMM_NULL, wait at the barrier without
// spinning); everyone leaves together.
timed_run run_on(MPI_Comm comm, std::uint64_t replicates, unsigned threads = 1) {
  timed_run out{0.0, 0.0, {}};
  const double cpu0 = process_cpu_seconds();
  if (comm != MPI_COMM_NULL) {
    jumpflow::study_options o;
    o.replicates = replicates;
    o.seed = 5;
    o.threads = threads;
    const auto start = std::chrono::steady_clock::now();
    const auto r = mpi::convergence_study(
        mpi::communicator(comm), grid, o,
        [](double n, philox_engine& g, std::uint64_t) { return replicate(n, g); }, nullptr,
        {{}, &out.report});
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    benchmark::DoNotOptimize(r.points.data());
  }
  const double cpu = process_cpu_seconds() - cpu0;
  MPI_Request request;
  MPI_Ireduce(&cpu, &out.cpu_seconds, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD, &request);
  mpi::detail::wait(request);
  MPI_Ibarrier(MPI_COMM_WORLD, &request);
  mpi::detail::wait(request);
  return out;
}

MPI_Comm rank_zero_alone() {
  static MPI_Comm solo = [] {
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm c = MPI_COMM_NULL;
    MPI_Comm_split(MPI_COMM_WORLD, rank == 0 ? 0 : MPI_UNDEFINED, 0, &c);
    return c;
  }();
  return solo;
}

void scaling(benchmark::State& state, std::uint64_t replicates_alone, std::uint64_t replicates_all) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::vector<double> alone, all, threaded, cpu_alone, cpu_all, reduction, efficiency, cpu_balance,
      cost_balance, rank0_cost, rank0_cpu;
  std::vector<double> bytes;
  for (auto _ : state) {
    const timed_run one = run_on(rank_zero_alone(), replicates_alone);
    const timed_run many = run_on(MPI_COMM_WORLD, replicates_all);
    // The same hardware parallelism as threads: rank 0 alone on P threads.
    const timed_run threads = run_on(rank_zero_alone(), replicates_all, static_cast<unsigned>(ranks));
    threaded.push_back(threads.seconds);
    alone.push_back(one.seconds);
    all.push_back(many.seconds);
    cpu_alone.push_back(one.cpu_seconds);
    cpu_all.push_back(many.cpu_seconds);
    reduction.push_back(many.report.reduction_seconds);
    efficiency.push_back(many.report.efficiency());
    cpu_balance.push_back(many.report.cpu_balance());
    const auto& cost = many.report.expected_cost;
    cost_balance.push_back(std::accumulate(cost.begin(), cost.end(), 0.0) /
                           (ranks * *std::max_element(cost.begin(), cost.end())));
    const auto& cpu = many.report.cpu_seconds;
    rank0_cost.push_back(cost[0] / std::accumulate(cost.begin(), cost.end(), 0.0));
    rank0_cpu.push_back(cpu[0] / std::accumulate(cpu.begin(), cpu.end(), 0.0));
    const auto sent = many.report.bytes_sent;
    bytes.push_back(static_cast<double>(std::accumulate(sent.begin(), sent.end(), std::uint64_t{0})) / ranks);
    state.SetIterationTime(many.seconds);
  }
  state.counters["ranks"] = ranks;
  state.counters["t1_median_s"] = median(alone);
  state.counters["tP_median_s"] = median(all);
  state.counters["ratio"] = median(alone) / median(all);
  state.counters["threads_vs_ranks"] = median(threaded) / median(all);
  state.counters["cpu_ratio"] = median(cpu_alone) / median(cpu_all);
  state.counters["balance_eff"] = median(efficiency);
  state.counters["cpu_balance"] = median(cpu_balance);
  state.counters["cost_balance"] = median(cost_balance);
  state.counters["rank0_cost_share"] = median(rank0_cost);
  state.counters["rank0_cpu_share"] = median(rank0_cpu);
  state.counters["bytes_per_rank"] = median(bytes);
  state.counters["reduction_s"] = median(reduction);
}

void BM_StrongScaling(benchmark::State& state) { scaling(state, 240, 240); }

void BM_WeakScaling(benchmark::State& state) {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  scaling(state, 8, 8 * static_cast<std::uint64_t>(ranks));
}

// A fixed number of iterations: every rank must make the same collective calls.
BENCHMARK(BM_StrongScaling)->Iterations(7)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WeakScaling)->Iterations(7)->UseManualTime()->Unit(benchmark::kMillisecond);

// The other ranks run the benchmarks too (their collectives must match) but print nothing.
class silent_reporter : public benchmark::BenchmarkReporter {
 public:
  bool ReportContext(const Context&) override { return true; }
  void ReportRuns(const std::vector<Run>&) override {}
};

}  // namespace

int main(int argc, char** argv) {
  mpi::environment env(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  limit();  // built once, outside the timings
  if (rank == 0) {
    benchmark::RunSpecifiedBenchmarks();
    std::printf("\nratio = median wall time on rank 0 alone / median wall time on all ranks (same\n"
                "process); cpu_ratio = the same with the CPU time of the busiest rank; balance_eff =\n"
                "busy / (P wall) of the distributed run; cpu_balance = sum of the ranks' CPU times /\n"
                "(P max); cost_balance = the same with the expected cost each rank ran. Strong\n"
                "scaling target >= 1.8x on 2 ranks; weak scaling: ratio = weak efficiency.\n");
  } else {
    silent_reporter quiet;
    benchmark::RunSpecifiedBenchmarks(&quiet);
  }
  benchmark::Shutdown();
  return 0;
}
