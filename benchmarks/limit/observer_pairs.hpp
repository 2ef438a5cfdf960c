// The samples of an observer-overhead benchmark that runs blocks of replicates bare and
// observed on the same streams (BM_ObserverPairs in limit_bench.cpp, BM_ObserverPairsAuto in
// observer_auto_bench.cpp): one entry per block.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace jumpflow_bench {

struct observer_pair_samples {
  std::vector<double> ratios;    // observed / bare thread CPU time
  std::vector<double> bare_ns;   // the bare run's CPU time per jump
  std::vector<double> added_ns;  // observed minus bare, per jump (both make the same jumps)
};

// The samples of BM_ObserverPairsAuto and BM_ObserverPairsSirAuto, by model and n ("SIR, n =
// 10000"), in the order run.
std::vector<std::pair<std::string, observer_pair_samples>>& auto_observer_samples();

}  // namespace jumpflow_bench
