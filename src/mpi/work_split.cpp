#include "jumpflow/mpi/work_split.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "jumpflow/core/error.hpp"

namespace jumpflow::mpi {

namespace {

// Checks the arguments shared by the splits; returns the total cost.
double checked_total(const char* fn, std::span<const double> cost,
                     std::span<const std::uint64_t> replicates, int ranks) {
  require_argument(ranks >= 1, fn, "ranks", ranks, ">= 1");
  require_argument(cost.size() == replicates.size(), fn, "cost.size()",
                   static_cast<unsigned long long>(cost.size()),
                   "equal to replicates.size() = " + std::to_string(replicates.size()));
  double total = 0.0;
  for (std::size_t k = 0; k < cost.size(); ++k) {
    const std::string at = std::string("[").append(std::to_string(k)).append("]");
    require_domain(std::isfinite(cost[k]) && cost[k] > 0.0, fn, std::string("cost").append(at),
                   cost[k], "finite and > 0");
    require_argument(replicates[k] >= 1, fn, std::string("replicates").append(at), replicates[k],
                     ">= 1");
    total += cost[k] * static_cast<double>(replicates[k]);
  }
  return total;
}

}  // namespace

std::vector<work_segment> split_by_cost(std::span<const double> cost,
                                        std::span<const std::uint64_t> replicates, int ranks) {
  const double total = checked_total("jumpflow::mpi::split_by_cost", cost, replicates, ranks);
  // Item (k, r) covers [S_k + r c_k, S_k + (r + 1) c_k) of the line [0, total); it belongs to
  // the rank j whose piece [j total / P, (j + 1) total / P) holds its midpoint. In point k,
  // rank j's replicates therefore start at ceil((j total / P - S_k) / c_k - 1/2).
  std::vector<work_segment> segments;
  double start = 0.0;  // S_k
  for (std::size_t k = 0; k < cost.size(); ++k) {
    const auto reps = static_cast<double>(replicates[k]);
    std::uint64_t begin = 0;
    for (int j = 0; j < ranks; ++j) {
      std::uint64_t end = replicates[k];
      if (j + 1 < ranks) {
        const double cut = (total * (j + 1) / ranks - start) / cost[k] - 0.5;
        const double clamped = std::clamp(std::ceil(cut), 0.0, reps);
        end = std::max(begin, static_cast<std::uint64_t>(clamped));
      }
      if (end > begin) segments.push_back({k, begin, end - begin, j});
      begin = end;
    }
    start += cost[k] * reps;
  }
  return segments;
}

std::vector<work_segment> guided_blocks(std::span<const double> cost,
                                        std::span<const std::uint64_t> replicates, int ranks,
                                        std::uint64_t min_count) {
  constexpr const char* fn = "jumpflow::mpi::guided_blocks";
  double rest = checked_total(fn, cost, replicates, ranks);
  require_argument(min_count >= 1, fn, "min_count", min_count, ">= 1");
  std::vector<work_segment> blocks;
  for (std::size_t k = 0; k < cost.size(); ++k) {
    std::uint64_t first = 0;
    while (first < replicates[k]) {
      const std::uint64_t left = replicates[k] - first;
      const double wanted = std::ceil(std::max(rest, 0.0) / (2.0 * ranks) / cost[k]);
      const std::uint64_t count =
          wanted >= static_cast<double>(left)
              ? left
              : std::min(left, std::max(min_count, static_cast<std::uint64_t>(wanted)));
      blocks.push_back({k, first, count, -1});
      first += count;
      rest -= cost[k] * static_cast<double>(count);
    }
  }
  return blocks;
}

}  // namespace jumpflow::mpi
