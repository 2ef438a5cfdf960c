#include "mpi_study_executor.hpp"

#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/mpi/communicator.hpp"
#include "jumpflow/mpi/convergence_study.hpp"
#include "jumpflow/mpi/detail/collectives.hpp"
#include "jumpflow/mpi/environment.hpp"
#include "jumpflow/mpi/work_split.hpp"

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
    threads_ = report_.threads;
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

  std::vector<std::vector<double>> run_blocks(
      std::uint64_t count, unsigned threads,
      const std::function<std::vector<double>(std::uint64_t)>& block) override {
    threads_ = threads;
    if (count == 0) return {};
    // Blocks of equal cost: rank j runs the j-th contiguous stretch (split_by_cost), so the
    // ranks' stretches gathered in rank order are the blocks in block order.
    const double unit_cost = 1.0;
    const auto split = mpi::split_by_cost(std::span<const double>(&unit_cost, 1),
                                          std::span<const std::uint64_t>(&count, 1), world_.size());
    std::vector<double> packed;  // per block: its number of values, then the values
    std::optional<mpi::detail::failure> failed;
    for (const auto& s : split) {
      if (s.rank != world_.rank()) continue;
      try {
        const auto values = run_ensemble(s.count, 0, threads, [&block, first = s.first](philox_engine&, std::uint64_t b) {
          return block(first + b);
        });
        for (const auto& v : values) {
          packed.push_back(static_cast<double>(v.size()));
          packed.insert(packed.end(), v.begin(), v.end());
        }
      } catch (const std::exception& e) {
        failed = mpi::detail::failure{s.first, e.what()};
      }
    }
    mpi::detail::throw_if_any_failed(world_.native(), failed);
    const std::vector<unsigned char> bytes = mpi::detail::all_gather_bytes(
        world_.native(), reinterpret_cast<const unsigned char*>(packed.data()), packed.size() * sizeof(double));
    if (world_.rank() != 0) return {};
    std::vector<double> all(bytes.size() / sizeof(double));
    std::memcpy(all.data(), bytes.data(), bytes.size());
    std::vector<std::vector<double>> blocks;
    blocks.reserve(count);
    for (std::size_t at = 0; at < all.size();) {
      const auto size = static_cast<std::size_t>(all[at++]);
      blocks.emplace_back(all.begin() + static_cast<std::ptrdiff_t>(at), all.begin() + static_cast<std::ptrdiff_t>(at + size));
      at += size;
    }
    return blocks;
  }

  std::string processes() const override {
    return std::to_string(world_.size()) + (world_.size() == 1 ? " MPI rank" : " MPI ranks");
  }

  bool under_mpi() const override { return true; }

  std::string describe() const override {
    std::string s = processes() + " x " + threads_text(threads_);
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
  unsigned threads_ = 1;
  bool ran_ = false;
};

}  // namespace

std::unique_ptr<study_executor> make_mpi_executor(int& argc, char**& argv) {
  return std::make_unique<mpi_executor>(argc, argv);
}

}  // namespace jumpflow::tool
