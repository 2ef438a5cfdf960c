// The samples of an observer-overhead benchmark that runs blocks of replicates bare and
// observed on the same streams (BM_ObserverPairs in limit_bench.cpp, BM_ObserverPairsAuto in
// observer_auto_bench.cpp): one entry per block.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace jumpflow_bench {

struct observer_pair_samples {
  std::vector<double> ratios;    // observed / bare thread CPU time
  std::vector<double> bare_ns;   // the bare run's CPU time per jump
  std::vector<double> added_ns;  // observed minus bare, per jump (both make the same jumps)

  // One block: its bare and observed CPU seconds and the jumps of either run.
  void add(double bare, double observed, std::uint64_t jumps) {
    ratios.push_back(observed / bare);
    const double per_jump = 1e9 / static_cast<double>(jumps);
    bare_ns.push_back(bare * per_jump);
    added_ns.push_back((observed - bare) * per_jump);
  }
};

// The samples of BM_ObserverPairsAuto and BM_ObserverPairsSirAuto, by model and n ("SIR, n =
// 10000"), in the order run.
std::vector<std::pair<std::string, observer_pair_samples>>& auto_observer_samples();

}  // namespace jumpflow_bench
