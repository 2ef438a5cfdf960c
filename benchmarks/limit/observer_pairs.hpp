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
  std::uint64_t jumps = 0;       // of all blocks
  // With the floor measured (record_oracle.hpp, observer_auto_bench.cpp): the oracle's time over
  // the bare run's, per block; the records and evaluations of all blocks, and the paths on which
  // the observer's sup differed from the oracle's (0 for an exact observer).
  std::vector<double> floor_ratios;
  std::uint64_t records = 0, evaluations = 0, mismatches = 0;

  // One block: its bare and observed CPU seconds and the jumps of either run.
  void add(double bare, double observed, std::uint64_t block_jumps) {
    jumps += block_jumps;
    ratios.push_back(observed / bare);
    const double per_jump = 1e9 / static_cast<double>(block_jumps);
    bare_ns.push_back(bare * per_jump);
    added_ns.push_back((observed - bare) * per_jump);
  }
  // The same block's record_oracle run: its CPU seconds, against the bare run's.
  void add_floor(double bare, double oracle) { floor_ratios.push_back(oracle / bare); }
};

// The samples of BM_ObserverPairsAuto and BM_ObserverPairsSirAuto, by model and n ("SIR, n =
// 10000"), in the order run.
std::vector<std::pair<std::string, observer_pair_samples>>& auto_observer_samples();

}  // namespace jumpflow_bench
