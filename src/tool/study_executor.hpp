// Where the grid points of a study run: on the threads of this process, or over the ranks of
// an MPI job (`mpirun -np P jumpflow study ...`). run_study() builds the list of points to run
// (each with its streams, from one function) and hands it to an executor; the executor runs
// them and passes each finished row back on the process that writes the output. Which
// streams a point draws from is decided once, in run_study() (point_job::seed and
// stream_point), never by an executor: both give bitwise identical rows.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "jumpflow/limit/convergence_study.hpp"
#include "model_registry.hpp"

namespace jumpflow::tool {

/// One grid point to run: replicate r draws from study_stream(seed, stream_point, r).
struct point_job {
  std::size_t index;  // row of the study's grid
  double n, d;        // d is 0 for a model without d
  std::uint64_t seed;
  std::uint64_t stream_point;
  const replicate_function* replicate;
};

/// The bound inputs (replicate_record::bound_input) of one grid point's replicates, one slot
/// per replicate, so that the threads running the replicates never share a slot. A process
/// of an MPI run fills only the slots of the replicates it ran.
class bound_input_slots {
 public:
  explicit bound_input_slots(std::uint64_t replicates)
      : slots_(replicates, std::numeric_limits<double>::quiet_NaN()) {}
  /// `replicate` as the library's replicate: records each bound input, returns the outcome.
  auto recording(const replicate_function& replicate) {
    return [this, &replicate](philox_engine& g, std::uint64_t r) -> replicate_outcome {
      const replicate_record rec = replicate(g, r);
      slots_.at(r) = rec.bound_input;
      return rec.outcome;
    };
  }
  /// The largest recorded input (NaN when none was recorded).
  double largest() const {
    double m = std::numeric_limits<double>::quiet_NaN();
    for (const double v : slots_) {
      if (std::isfinite(v) && !(v <= m)) m = v;
    }
    return m;
  }

 private:
  std::vector<double> slots_;
};

class study_executor {
 public:
  virtual ~study_executor() = default;
  /// Whether this process writes the output files and prints (the only process, or rank 0).
  virtual bool writes_output() const = 0;
  /// Worker threads per process for the study's --threads (0 = share the machine).
  virtual unsigned threads(unsigned requested) const = 0;
  /// Runs `compute` on the writing process and returns its result on every process; an
  /// exception thrown by `compute` is rethrown on every process (a usage_error as one).
  virtual std::vector<std::size_t> agree(const std::function<std::vector<std::size_t>()>& compute) = 0;
  /// Runs the points with `options` (replicates, threads per process, level); `on_done(job,
  /// row, bound_input)` is called on the writing process as each point finishes, with the
  /// point's largest bound input when this process already knows it (NaN otherwise: under
  /// MPI it is known only after the run, from the returned vector). Every process returns
  /// after all points are done; a failure anywhere is thrown on every process.
  /// \returns per job, the largest replicate_record::bound_input over all its replicates (NaN
  /// when none was recorded), on every process.
  virtual std::vector<double> run(std::span<const point_job> jobs, const study_options& options,
                                  const std::function<void(const point_job&, const study_point&, double)>& on_done) = 0;
  /// Runs `count` independent blocks, block b computed by `block(b)` (safe to call
  /// concurrently; a block's randomness depends on b only), on `threads` threads per
  /// process and over the ranks; a failure anywhere is thrown on every process.
  /// \returns on the writing process, the blocks' values in block order (so that a caller
  /// that adds them in this order gets the same bits for any number of processes and
  /// threads); on the others, nothing.
  virtual std::vector<std::vector<double>> run_blocks(
      std::uint64_t count, unsigned threads, const std::function<std::vector<double>(std::uint64_t)>& block) = 0;
  /// The processes only: "1 process" or "4 MPI ranks".
  virtual std::string processes() const = 0;
  /// Whether this is an MPI job (of one or more ranks).
  virtual bool under_mpi() const = 0;
  /// "1 process x 2 threads" or "4 MPI ranks x 2 threads (parallel efficiency 0.97)".
  virtual std::string describe() const = 0;
};

/// "1 thread" or "4 threads".
std::string threads_text(unsigned threads);

/// Runs the points one after the other, each on a pool of threads.
class threaded_executor : public study_executor {
 public:
  bool writes_output() const override { return true; }
  unsigned threads(unsigned requested) const override;
  std::vector<std::size_t> agree(const std::function<std::vector<std::size_t>()>& compute) override {
    return compute();
  }
  std::vector<double> run(std::span<const point_job> jobs, const study_options& options,
                          const std::function<void(const point_job&, const study_point&, double)>& on_done) override;
  std::vector<std::vector<double>> run_blocks(
      std::uint64_t count, unsigned threads, const std::function<std::vector<double>(std::uint64_t)>& block) override;
  std::string processes() const override { return "1 process"; }
  bool under_mpi() const override { return false; }
  std::string describe() const override;

 private:
  unsigned threads_ = 1;
};

/// The executor of this process: over MPI when the tool was built with MPI and started by
/// mpirun (then MPI is initialised here and finalised when the executor is destroyed),
/// threaded otherwise.
std::unique_ptr<study_executor> start_executor(int& argc, char**& argv);

}  // namespace jumpflow::tool
