// jumpflow::mpi under mpirun -np P (P = 1, 2, 3, 4, 7 in CI): the distributed study and
// ensemble give results bitwise identical to the threaded ones, split the work by cost,
// report the run, and fail cleanly on every rank when one rank fails.
//
// Oracle: the threaded jumpflow::convergence_study / run_ensemble with the same seed, run
// on every rank; tolerance: none (bitwise equality of every field but `seconds`).
#include <gtest/gtest.h>
#include <mpi.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/mpi.hpp"
#include "mpi_test_support.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::replicate_outcome;
using jumpflow::study_point;
using jumpflow::mpi_test::poisson_replicate;
namespace mpi = jumpflow::mpi;

constexpr std::uint64_t seed = 20261201;

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// Every field but `seconds`, bit for bit.
void expect_same_row(const study_point& a, const study_point& b) {
  EXPECT_EQ(bits(a.n), bits(b.n));
  EXPECT_EQ(bits(a.d), bits(b.d));
  EXPECT_EQ(bits(a.error.value), bits(b.error.value));
  EXPECT_EQ(bits(a.error.standard_error), bits(b.error.standard_error));
  EXPECT_EQ(bits(a.error.ci_low), bits(b.error.ci_low));
  EXPECT_EQ(bits(a.error.ci_high), bits(b.error.ci_high));
  EXPECT_EQ(bits(a.error.level), bits(b.error.level));
  EXPECT_EQ(a.error.samples, b.error.samples);
  EXPECT_EQ(a.replicates, b.replicates);
  EXPECT_EQ(a.events, b.events);
}

void expect_same_fit(const jumpflow::rate_fit& a, const jumpflow::rate_fit& b) {
  EXPECT_EQ(bits(a.slope), bits(b.slope));
  EXPECT_EQ(bits(a.slope_se), bits(b.slope_se));
  EXPECT_EQ(bits(a.ci_low), bits(b.ci_low));
  EXPECT_EQ(bits(a.ci_high), bits(b.ci_high));
  EXPECT_EQ(bits(a.intercept), bits(b.intercept));
}

jumpflow::study_options small_options(unsigned threads) {
  jumpflow::study_options o;
  o.replicates = 30;
  o.seed = seed;
  o.threads = threads;
  o.level = 0.9;
  return o;
}

const std::vector<double> grid_n{25, 50, 100, 200, 400, 800};

TEST(MpiStudy, OneDimensionalIsBitwiseTheThreadedStudy) {
  const mpi::communicator world;
  if (world.rank() == 0) std::cout << "seed " << seed << ", ranks " << world.size() << std::endl;
  const auto fn = [](double n, philox_engine& g, std::uint64_t) {
    return poisson_replicate(n, std::numeric_limits<double>::quiet_NaN(), g);
  };
  const auto threaded = jumpflow::convergence_study(grid_n, small_options(3), fn);
  for (unsigned threads : {1u, 2u, 4u}) {
    mpi::run_report report;
    const auto distributed = mpi::convergence_study(world, grid_n, small_options(threads), fn,
                                                    nullptr, {{}, &report});
    ASSERT_EQ(distributed.points.size(), threaded.points.size());
    for (std::size_t k = 0; k < grid_n.size(); ++k) {
      expect_same_row(distributed.points[k], threaded.points[k]);
    }
    expect_same_fit(distributed.rate, threaded.rate);
    EXPECT_EQ(report.ranks, world.size());
    EXPECT_EQ(report.threads, threads);
    ASSERT_EQ(report.busy_seconds.size(), static_cast<std::size_t>(world.size()));
    EXPECT_GT(report.wall_seconds, 0.0);
    EXPECT_GT(report.efficiency(), 0.0);
    EXPECT_LE(report.efficiency(), 1.0 + 1e-9);
    // Each row's seconds sum the ranks' time on it: together they are the busy time.
    double busy = 0.0, rows = 0.0;
    for (double b : report.busy_seconds) busy += b;
    for (const auto& p : distributed.points) rows += p.seconds;
    EXPECT_NEAR(busy, rows, 1e-9 * (1.0 + busy));
    // Every replicate's expected cost (the default model: n) is counted on the rank that ran it.
    double cost = 0.0;
    for (double c : report.expected_cost) cost += c;
    EXPECT_DOUBLE_EQ(cost, 30.0 * (25 + 50 + 100 + 200 + 400 + 800));
    ASSERT_EQ(report.cpu_seconds.size(), static_cast<std::size_t>(world.size()));
    EXPECT_GT(report.cpu_seconds[0], 0.0);
    EXPECT_GT(report.cpu_balance(), 0.0);
    EXPECT_LE(report.cpu_balance(), 1.0);
  }
}

TEST(MpiStudy, TwoDimensionalIsBitwiseTheThreadedStudy) {
  const mpi::communicator world;
  const std::vector<double> grid_d{1, 2, 4};
  const auto fn = [](double n, double d, philox_engine& g, std::uint64_t) {
    return poisson_replicate(n, d, g);
  };
  const std::vector<double> ns{50, 100, 200};
  const auto threaded = jumpflow::convergence_study(ns, grid_d, small_options(2), fn);
  const auto distributed = mpi::convergence_study(world, ns, grid_d, small_options(1), fn);
  ASSERT_EQ(distributed.points.size(), 9u);
  for (std::size_t k = 0; k < 9; ++k) expect_same_row(distributed.points[k], threaded.points[k]);
  expect_same_fit(distributed.rate, threaded.rate);
}

TEST(MpiStudy, RowsGoToOnPointOnceOnRankZeroOnly) {
  const mpi::communicator world;
  std::vector<int> calls(grid_n.size(), 0);
  std::vector<study_point> seen(grid_n.size());
  const auto result = mpi::convergence_study(
      world, grid_n, small_options(1),
      [](double n, philox_engine& g, std::uint64_t) {
        return poisson_replicate(n, std::numeric_limits<double>::quiet_NaN(), g);
      },
      [&](const study_point& p) {
        for (std::size_t k = 0; k < grid_n.size(); ++k) {
          if (grid_n[k] == p.n) {
            ++calls[k];
            seen[k] = p;
          }
        }
      });
  for (std::size_t k = 0; k < grid_n.size(); ++k) {
    EXPECT_EQ(calls[k], world.rank() == 0 ? 1 : 0) << "point " << k;
    if (world.rank() == 0) expect_same_row(seen[k], result.points[k]);
  }
}

TEST(MpiStudy, AFailingReplicateFailsEveryRankWithItsMessage) {
  const mpi::communicator world;
  const auto options = small_options(2);
  // Replicates 17 and 21 of n = 400 (point 4) fail; 17 comes first in the layout. Which rank
  // runs it is decided while running: the message names it, and rank_error must agree.
  const auto fn = [&world](double n, philox_engine& g, std::uint64_t r) {
    if (n == 400 && (r == 17 || r == 21)) {
      throw jumpflow::simulation_error("replicate " + std::to_string(r) + " failed on purpose on rank " +
                                       std::to_string(world.rank()));
    }
    return poisson_replicate(n, std::numeric_limits<double>::quiet_NaN(), g);
  };
  try {
    mpi::convergence_study(world, grid_n, options, fn);
    FAIL() << "no exception";
  } catch (const mpi::rank_error& e) {
    EXPECT_EQ(std::string(e.what()), "replicate 17 failed on purpose on rank " + std::to_string(e.rank()));
    EXPECT_GE(e.rank(), 0);
    EXPECT_LT(e.rank(), world.size());
  }
  // A bad outcome (NaN) is a simulation_error naming the replicate, on every rank too.
  try {
    mpi::convergence_study(world, grid_n, options, [](double n, philox_engine& g, std::uint64_t r) {
      auto o = poisson_replicate(n, std::numeric_limits<double>::quiet_NaN(), g);
      if (n == 100 && r == 5) o.sup_error = std::numeric_limits<double>::quiet_NaN();
      return o;
    });
    FAIL() << "no exception";
  } catch (const mpi::rank_error& e) {
    EXPECT_NE(std::string(e.what()).find("replicate 5 at n = 100"), std::string::npos) << e.what();
  }
  // The communicator still works afterwards: nothing is left in flight.
  const auto again = mpi::convergence_study(world, grid_n, options, [](double n, philox_engine& g, std::uint64_t) {
    return poisson_replicate(n, std::numeric_limits<double>::quiet_NaN(), g);
  });
  EXPECT_EQ(again.points.size(), grid_n.size());
}

TEST(MpiStudy, BadInputIsAClearErrorOnEveryRank) {
  const mpi::communicator world;
  auto options = small_options(1);
  options.replicates = 1;
  const auto fn = [](double, philox_engine&, std::uint64_t) { return replicate_outcome{0.0, 0}; };
  EXPECT_THROW(mpi::convergence_study(world, grid_n, options, fn), std::invalid_argument);
  const std::vector<double> bad{10, -1};
  EXPECT_THROW(mpi::convergence_study(world, bad, small_options(1), fn), std::domain_error);
  EXPECT_THROW(mpi::convergence_study(world, grid_n, small_options(1), fn, nullptr,
                                      {[](double, double) { return 0.0; }, nullptr}),
               std::domain_error);
}

TEST(MpiEnsemble, IsBitwiseTheThreadedEnsemble) {
  const mpi::communicator world;
  const auto fn = [](philox_engine& g, std::uint64_t r) {
    return poisson_replicate(20.0 + static_cast<double>(r % 5), std::numeric_limits<double>::quiet_NaN(), g);
  };
  const auto threaded = jumpflow::run_ensemble(101, seed, 2, fn, 77);
  const auto distributed = mpi::run_ensemble(world, 101, seed, 1, fn, 77);
  ASSERT_EQ(distributed.size(), 101u);
  for (std::size_t r = 0; r < 101; ++r) {
    EXPECT_EQ(bits(distributed[r].sup_error), bits(threaded[r].sup_error)) << r;
    EXPECT_EQ(distributed[r].events, threaded[r].events) << r;
  }
  try {
    mpi::run_ensemble(world, 50, seed, 2, [](philox_engine&, std::uint64_t r) {
      if (r == 33 || r == 40) throw std::runtime_error("ensemble replicate " + std::to_string(r));
      return 1.0;
    });
    FAIL() << "no exception";
  } catch (const mpi::rank_error& e) {
    EXPECT_STREQ(e.what(), "ensemble replicate 33");
  }
}

// The split needs no MPI; it is tested here next to its users.
TEST(SplitByCost, ContiguousCompleteAndBalancedByCostNotCount) {
  const std::vector<double> cost{1, 2, 4, 8, 16, 32, 64, 128};
  const std::vector<std::uint64_t> reps(cost.size(), 200);
  double total = 0.0;
  for (double c : cost) total += 200 * c;
  for (int ranks : {1, 2, 3, 4, 7, 64, 1024}) {
    const auto segments = mpi::split_by_cost(cost, reps, ranks);
    std::vector<double> load(ranks, 0.0);
    std::vector<std::uint64_t> covered(cost.size(), 0);
    std::size_t last_point = 0;
    int last_rank = 0;
    for (const auto& s : segments) {
      ASSERT_GE(s.count, 1u);
      EXPECT_EQ(s.first, covered[s.point]) << "contiguous within a point";
      EXPECT_GE(s.point, last_point);
      EXPECT_GE(s.rank, last_rank) << "ranks in layout order";
      last_point = s.point;
      last_rank = s.rank;
      covered[s.point] += s.count;
      load[s.rank] += cost[s.point] * static_cast<double>(s.count);
    }
    for (std::size_t k = 0; k < cost.size(); ++k) EXPECT_EQ(covered[k], 200u);
    // Every rank within one replicate's cost (the largest, 128) of the fair share.
    for (int j = 0; j < ranks; ++j) EXPECT_NEAR(load[j], total / ranks, 128.0) << ranks << " ranks, rank " << j;
  }
  // By count, the last point alone would be half the work: by cost, 2 ranks split it.
  const auto two = mpi::split_by_cost(cost, reps, 2);
  EXPECT_EQ(two.back().rank, 1);
  EXPECT_EQ(two.back().point, 7u);
  EXPECT_LT(two.back().count, 200u);
  EXPECT_THROW(mpi::split_by_cost(cost, reps, 0), std::invalid_argument);
  const std::vector<double> bad{1, std::nan("")};
  EXPECT_THROW(mpi::split_by_cost(bad, std::vector<std::uint64_t>{1, 1}, 2), std::domain_error);
}

TEST(GuidedBlocks, CompleteInLayoutOrderLargeFirstAndSingleReplicatesAtTheEnd) {
  const std::vector<double> cost{1, 2, 4, 8, 16, 32, 64, 128};
  const std::vector<std::uint64_t> reps(cost.size(), 200);
  for (int ranks : {1, 2, 3, 7, 64}) {
    for (std::uint64_t min_count : {1u, 4u}) {
      const auto blocks = mpi::guided_blocks(cost, reps, ranks, min_count);
      double rest = 0.0;
      for (double c : cost) rest += 200 * c;
      std::vector<std::uint64_t> covered(cost.size(), 0);
      std::size_t last_point = 0;
      for (const auto& b : blocks) {
        ASSERT_GE(b.count, 1u);
        EXPECT_EQ(b.rank, -1);
        EXPECT_GE(b.point, last_point) << "layout order";
        EXPECT_EQ(b.first, covered[b.point]) << "contiguous within a point";
        // No block costs more than half a rank's share of what is left (unless it is the
        // smallest allowed), so a rank holding it finishes about when the others run dry.
        const double c = cost[b.point] * static_cast<double>(b.count);
        if (b.count > min_count) {
          EXPECT_LE(c, rest / (2.0 * ranks) + cost[b.point]) << ranks;
        }
        rest -= c;
        last_point = b.point;
        covered[b.point] += b.count;
      }
      for (std::size_t k = 0; k < cost.size(); ++k) EXPECT_EQ(covered[k], 200u);
      EXPECT_LE(blocks.back().count, min_count) << ranks;
      EXPECT_GT(blocks.size(), cost.size()) << "the expensive points are cut";
    }
  }
  EXPECT_THROW(mpi::guided_blocks(cost, reps, 2, 0), std::invalid_argument);
  EXPECT_THROW(mpi::guided_blocks(cost, reps, 0, 1), std::invalid_argument);
}

}  // namespace
