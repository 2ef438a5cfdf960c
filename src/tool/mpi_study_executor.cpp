#include "mpi_study_executor.hpp"

#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "jumpflow/mpi/communicator.hpp"
#include "jumpflow/mpi/convergence_study.hpp"
#include "jumpflow/mpi/environment.hpp"

namespace jumpflow::tool {

namespace {

// Expected cost of one replicate at (n, d), in arbitrary units: a density-dependent family
// fires O(n) jumps per unit time; a jump of the d-weight network updates its d weights on top
// of a fixed cost about that of 4 weights (measured: at n = 16384 a replicate takes 7.7x
// longer at d = 64 than at d = 4; (64 + 4) / (4 + 4) = 8.5).
double expected_cost(double n, double d) { return d > 0.0 ? n * (d + 4.0) : n; }

class mpi_executor : public study_executor {
 public:
  mpi_executor(int& argc, char**& argv) : env_(argc, argv) {}

  bool writes_output() const override { return world_.rank() == 0; }

  unsigned threads(unsigned requested) const override {
    return mpi::resolve_threads(world_, requested);
  }

  std::vector<std::size_t> agree(const std::function<std::vector<std::size_t>()>& compute) override {
    // Rank 0 computes; it broadcasts {kind, size} then the values or the error message.
    // kind: 0 values, 1 usage_error, 2 any other error.
    unsigned long long head[2] = {0, 0};
    std::vector<std::size_t> values;
    std::string message;
    if (world_.rank() == 0) {
      try {
        values = compute();
        head[1] = values.size();
      } catch (const usage_error& e) {
        message = e.what();
        head[0] = 1;
      } catch (const std::exception& e) {
        message = e.what();
        head[0] = 2;
      }
      if (head[0] != 0) head[1] = message.size();
    }
    MPI_Bcast(head, 2, MPI_UNSIGNED_LONG_LONG, 0, world_.native());
    if (head[0] == 0) {
      std::vector<unsigned long long> wide(values.begin(), values.end());
      wide.resize(head[1]);
      MPI_Bcast(wide.data(), static_cast<int>(wide.size()), MPI_UNSIGNED_LONG_LONG, 0, world_.native());
      return {wide.begin(), wide.end()};
    }
    message.resize(head[1]);
    MPI_Bcast(message.data(), static_cast<int>(message.size()), MPI_CHAR, 0, world_.native());
    if (head[0] == 1) throw usage_error(message);
    throw mpi::rank_error(0, message);
  }

  std::vector<double> run(std::span<const point_job> jobs, const study_options& options,
                          const std::function<void(const point_job&, const study_point&, double)>& on_done) override {
    // Each rank records the bound inputs of the replicates it runs; the largest per point is
    // reduced over the ranks at the end (a maximum: independent of the split).
    std::vector<bound_input_slots> inputs;
    inputs.reserve(jobs.size());
    std::vector<mpi::point_task> tasks;
    tasks.reserve(jobs.size());
    for (const point_job& job : jobs) {
      const double d = job.d > 0.0 ? job.d : std::numeric_limits<double>::quiet_NaN();
      inputs.emplace_back(options.replicates);
      tasks.push_back({job.n, d, job.seed, job.stream_point, expected_cost(job.n, job.d),
                       inputs.back().recording(*job.replicate)});
    }
    mpi::run_study_points(
        world_, tasks, options,
        [&](std::size_t k, const study_point& row) {
          study_point p = row;
          p.d = jobs[k].d;
          on_done(jobs[k], p, std::numeric_limits<double>::quiet_NaN());
        },
        &report_);
    ran_ = true;
    // -inf stands for "none recorded" in the reduction, NaN again afterwards.
    std::vector<double> largest(jobs.size());
    for (std::size_t k = 0; k < jobs.size(); ++k) {
      const double v = inputs[k].largest();
      largest[k] = std::isfinite(v) ? v : -std::numeric_limits<double>::infinity();
    }
    MPI_Allreduce(MPI_IN_PLACE, largest.data(), static_cast<int>(largest.size()), MPI_DOUBLE, MPI_MAX,
                  world_.native());
    for (double& v : largest) {
      if (!std::isfinite(v)) v = std::numeric_limits<double>::quiet_NaN();
    }
    return largest;
  }

  std::string describe() const override {
    std::string s = std::to_string(world_.size()) + (world_.size() == 1 ? " MPI rank x " : " MPI ranks x ") +
                    std::to_string(report_.threads) + (report_.threads == 1 ? " thread" : " threads");
    if (ran_) {
      char line[160];
      std::snprintf(line, sizeof line, " (parallel efficiency %.2f, %.3g s wall)", report_.efficiency(),
                    report_.wall_seconds);
      s += line;
    }
    return s;
  }

 private:
  mpi::environment env_;
  mpi::communicator world_;
  mpi::run_report report_;
  bool ran_ = false;
};

}  // namespace

std::unique_ptr<study_executor> make_mpi_executor(int& argc, char**& argv) {
  return std::make_unique<mpi_executor>(argc, argv);
}

}  // namespace jumpflow::tool
