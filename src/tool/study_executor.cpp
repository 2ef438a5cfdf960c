#include "study_executor.hpp"

#include <cmath>
#include <limits>

#include "jumpflow/limit/ensemble.hpp"

#if JUMPFLOW_TOOL_MPI
#include "jumpflow/mpi/environment.hpp"
#include "mpi_study_executor.hpp"
#endif

namespace jumpflow::tool {

unsigned threaded_executor::threads(unsigned requested) const {
  return resolve_threads(requested);
}

std::vector<double> threaded_executor::run(
    std::span<const point_job> jobs, const study_options& options,
    const std::function<void(const point_job&, const study_point&, double)>& on_done) {
  threads_ = resolve_threads(options.threads);
  std::vector<double> bound_inputs;
  bound_inputs.reserve(jobs.size());
  for (const point_job& job : jobs) {
    study_options so = options;
    so.seed = job.seed;
    bound_input_slots inputs(options.replicates);
    // The library's one per-point code path (the stream layout): replicate r of the point on
    // study_stream(job.seed, job.stream_point, r).
    study_point p = run_study_point(job.stream_point, job.n,
                                    job.d > 0.0 ? job.d : std::numeric_limits<double>::quiet_NaN(),
                                    so, inputs.recording(*job.replicate));
    p.d = job.d;
    bound_inputs.push_back(inputs.largest());
    on_done(job, p, bound_inputs.back());
  }
  return bound_inputs;
}

std::vector<std::vector<double>> threaded_executor::run_blocks(
    std::uint64_t count, unsigned threads, const std::function<std::vector<double>(std::uint64_t)>& block) {
  threads_ = resolve_threads(threads);
  // run_ensemble supplies the threads and the order of the results; a block draws from its
  // own streams, not from the engine it is handed.
  return run_ensemble(count, 0, threads_, [&block](philox_engine&, std::uint64_t b) { return block(b); });
}

std::string threads_text(unsigned threads) {
  return std::to_string(threads) + (threads == 1 ? " thread" : " threads");
}

std::string threaded_executor::describe() const { return processes() + " x " + threads_text(threads_); }

std::unique_ptr<study_executor> start_executor([[maybe_unused]] int& argc,
                                               [[maybe_unused]] char**& argv) {
#if JUMPFLOW_TOOL_MPI
  if (mpi::launched_by_mpirun()) return make_mpi_executor(argc, argv);
#endif
  return std::make_unique<threaded_executor>();
}

}  // namespace jumpflow::tool
