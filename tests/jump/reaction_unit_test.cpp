// Unit tests of reaction networks and their simulators: validation, propensities, the
// dependency graph, the observer/stop contract, error reporting, reproducibility and the
// absence of allocation per event. Deterministic (fixed seeds), fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "exact_simulators.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/models/classic/random_network.hpp"
#include "jumpflow/random.hpp"
#include "reaction_models.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::index;
using jumpflow::reaction_channel;
using jumpflow::reaction_network;
using term = jumpflow::species_term;

// S + I -> 2I (rate 0.01), I -> R (rate 1): the SIR network on counts.
reaction_network sir_network() {
  return reaction_network(
      3, {reaction_channel::mass_action(0.01, {term{0, 1}, term{1, 1}}, {term{1, 2}}, "infection"),
          reaction_channel::mass_action(1.0, {term{1, 1}}, {term{2, 1}}, "recovery")});
}

count_vector counts(std::initializer_list<long long> v) {
  count_vector x(static_cast<index>(v.size()));
  index i = 0;
  for (long long c : v) x[i++] = c;
  return x;
}

// The simulators under test, behind one signature.
using jumpflow::test::announce_seed;
using jumpflow::test::auto_sim;
using jumpflow::test::composition_rejection_sim;
using jumpflow::test::direct_sim;
using jumpflow::test::next_reaction_sim;
using jumpflow::test::partial_propensity_direct_sim;
using jumpflow::test::rejection_composition_sim;
using jumpflow::test::rejection_sim;
using jumpflow::test::dense_direct_sim;
using jumpflow::test::sorting_direct_sim;

template <class Sim>
class ExactSimulator : public ::testing::Test {};
using simulators = ::testing::Types<direct_sim, next_reaction_sim, composition_rejection_sim,
                                    sorting_direct_sim, dense_direct_sim, rejection_sim,
                                    rejection_composition_sim, partial_propensity_direct_sim,
                                    auto_sim>;
TYPED_TEST_SUITE(ExactSimulator, simulators);

TEST(ReactionNetwork, ValidatesItsChannels) {
  EXPECT_THROW(reaction_network(0, {reaction_channel::mass_action(1.0, {}, {term{0, 1}})}),
               std::invalid_argument);
  EXPECT_THROW(reaction_network(1, {}), std::invalid_argument);
  EXPECT_THROW(reaction_network(1, {reaction_channel::mass_action(1.0, {}, {term{1, 1}})}),
               std::invalid_argument);
  EXPECT_THROW(reaction_network(1, {reaction_channel::mass_action(1.0, {term{0, 0}}, {})}),
               std::invalid_argument);
  EXPECT_THROW(
      reaction_network(1, {reaction_channel::mass_action(1.0, {term{0, 1}, term{0, 1}}, {})}),
      std::invalid_argument);
  EXPECT_THROW(reaction_network(1, {reaction_channel::custom(nullptr, {term{0, 1}}, {0})}),
               std::invalid_argument);
  EXPECT_THROW(
      reaction_network(1, {reaction_channel::custom([](const count_vector&) { return 1.0; },
                                                    {term{0, 0}}, {0})}),
      std::invalid_argument);
  EXPECT_THROW(reaction_network(1, {reaction_channel::custom(
                                       [](const count_vector&) { return 1.0; }, {term{0, 1}}, {})}),
               std::invalid_argument);
  try {
    reaction_network(1, {reaction_channel::mass_action(1.0, {}, {term{0, 1}}),
                         reaction_channel::mass_action(-2.0, {term{0, 1}}, {})});
    FAIL() << "no throw";
  } catch (const std::domain_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "jumpflow::reaction_network: channel 1 rate is -2, but must be finite and >= 0");
  }
  EXPECT_THROW(
      reaction_network(1, {reaction_channel::mass_action(std::numeric_limits<double>::quiet_NaN(),
                                                         {}, {term{0, 1}})}),
      std::domain_error);
}

TEST(ReactionNetwork, MassActionUsesFallingFactorials) {
  // 2A + B -> C with k = 0.5: a = 0.5 * A (A - 1) * B.
  const reaction_network net(
      3, {reaction_channel::mass_action(0.5, {term{0, 2}, term{1, 1}}, {term{2, 1}})});
  EXPECT_DOUBLE_EQ(net.propensity(0, counts({4, 3, 0})), 0.5 * 4 * 3 * 3);
  EXPECT_EQ(net.propensity(0, counts({1, 3, 0})), 0.0);
  EXPECT_EQ(net.propensity(0, counts({-1, 3, 0})),
            0.0);  // never a positive rate from negative counts
  count_vector x = counts({4, 3, 0});
  net.fire(0, x);
  EXPECT_EQ(x, counts({2, 2, 1}));
  net.fire(0, x, 2);
  EXPECT_EQ(x, counts({-2, 0, 3}));
  EXPECT_EQ(net.describe(0), "channel 0");
}

TEST(ReactionNetwork, DependencyGraphListsTheChannelsToRecompute) {
  const auto net = sir_network();
  const auto deps = [&](index j) {
    auto [a, b] = net.dependents(j);
    return std::vector<index>(a, b);
  };
  EXPECT_EQ(deps(0), (std::vector<index>{0, 1}));  // infection changes S and I
  EXPECT_EQ(deps(1), (std::vector<index>{0, 1}));  // recovery changes I (read by both)
  // A -> B, B -> C, C -> (nothing reads C).
  const reaction_network chain(3, {reaction_channel::mass_action(1.0, {term{0, 1}}, {term{1, 1}}),
                                   reaction_channel::mass_action(1.0, {term{1, 1}}, {term{2, 1}}),
                                   reaction_channel::custom([](const count_vector&) { return 1.0; },
                                                            {term{2, -1}}, {}, true, "drain")});
  const auto cdeps = [&](index j) {
    auto [a, b] = chain.dependents(j);
    return std::vector<index>(a, b);
  };
  EXPECT_EQ(cdeps(0), (std::vector<index>{0, 1, 2}));  // reads_all channel depends on everything
  EXPECT_EQ(cdeps(1), (std::vector<index>{1, 2}));
  EXPECT_EQ(cdeps(2), (std::vector<index>{2}));
  EXPECT_EQ(chain.describe(2), "channel 2 (drain)");
}

// Golden path of simulate_dense_direct: the number of events, the final count, the third event
// time and the engine outputs consumed, for a fixed seed. Pins the draw order documented in
// simulate_dense_direct.hpp (a ziggurat exponential per event, the two halves of one output for
// the channels of two events): 78 exponentials (77 events and the one past t1) of which two
// needed a second output, and 39 outputs for the channels: 119.
TEST(DenseDirect, GoldenPath) {
  const auto net = jumpflow::immigration_death(8.0, 0.5);
  jumpflow::philox_engine g(20261201, 5);
  count_vector x = count_vector::Zero(1);
  int calls = 0;
  double third = 0.0;
  const auto events = jumpflow::simulate_dense_direct(net, x, 0.0, 5.0, g,
                                                      [&](const count_vector&, double t) {
                                                        if (++calls == 4) third = t;
                                                      });
  EXPECT_EQ(events, 77u);
  EXPECT_EQ(x[0], 13);
  EXPECT_EQ(g.position(), 119u);
  EXPECT_NEAR(third, 0.3502026718300843, 1e-15);
}

// Channel `which` (0 to 5) of a pool that holds every kind of mass-action record of the dense
// table (constant, linear, square, product, order 3), on `d` species (1 to 3); no channel makes
// the counts explode.
reaction_channel dense_pool_channel(int which, index d) {
  const index a = 0, b = 1 % d, c = 2 % d, last = d - 1;
  switch (which) {
    case 0:
      return reaction_channel::mass_action(20.0, {}, {term{a, 1}});
    case 1:
      return reaction_channel::mass_action(0.5, {term{b, 1}}, {});
    case 2:
      return reaction_channel::mass_action(0.004, {term{a, 2}}, {term{b, 1}});
    case 3:
      return d >= 2 ? reaction_channel::mass_action(0.003, {term{a, 1}, term{b, 1}}, {term{c, 1}})
                    : reaction_channel::mass_action(2e-5, {term{a, 3}}, {term{a, 2}});
    case 4:
      return d >= 2 ? reaction_channel::mass_action(1e-4, {term{a, 2}, term{b, 1}}, {term{a, 1}})
                    : reaction_channel::mass_action(1e-4, {term{a, 3}}, {term{a, 1}});
    default:
      return d >= 2 ? reaction_channel::mass_action(0.3, {term{last, 1}}, {term{a, 1}, term{b, 2}})
                    : reaction_channel::mass_action(0.3, {term{a, 2}}, {});
  }
}

// simulate_dense_direct() keeps the counts of a network of at most 4 channels and 3 species in
// registers (fixed_dense_counts) and those of any other network in memory (dense_counts); the
// two must draw the same path. Oracle: the same network with inert species added up to 4 (which
// takes the general loop) gives bit for bit the same observer calls, events, engine position
// and final counts, for every number of channels 1-4 and species 1-3, with the channel kinds
// rotated through the pool, and the same stopping event for a stop condition.
TEST(DenseDirect, RegisterKernelsFollowTheGeneralLoopBitForBit) {
  struct call {
    double t;
    std::vector<long long> x;
    bool operator==(const call&) const = default;
  };
  for (index d = 1; d <= 3; ++d) {
    for (int m = 1; m <= 4; ++m) {
      for (int rotation = 0; rotation < 6; ++rotation) {
        std::vector<reaction_channel> channels;
        for (int j = 0; j < m; ++j) channels.push_back(dense_pool_channel((rotation + j) % 6, d));
        const reaction_network net(d, channels), padded(4, channels);
        const auto run = [&](const reaction_network& n, std::vector<call>& calls,
                             jumpflow::philox_engine& g, bool stop_early) {
          count_vector x = count_vector::Constant(n.species(), 30);
          for (index s = d; s < n.species(); ++s) x[s] = 7;  // inert
          const auto events = jumpflow::simulate_dense_direct(
              n, x, 0.0, 2.0, g,
              [&](const count_vector& y, double t) {
                calls.push_back({t, std::vector<long long>(y.data(), y.data() + d)});
              },
              [&](const count_vector& y, double) { return stop_early && y[0] >= 45; });
          for (index s = d; s < n.species(); ++s) EXPECT_EQ(x[s], 7);
          return std::pair{events, std::vector<long long>(x.data(), x.data() + d)};
        };
        for (const bool stop_early : {false, true}) {
          SCOPED_TRACE(::testing::Message() << "d " << d << ", m " << m << ", rotation "
                                            << rotation << ", stop " << stop_early);
          const std::uint64_t seed = 1000 * static_cast<std::uint64_t>(d) + 10 * m + rotation;
          jumpflow::philox_engine g1(20261202, seed), g2(20261202, seed);
          std::vector<call> fixed_calls, general_calls;
          const auto fixed = run(net, fixed_calls, g1, stop_early);
          const auto general = run(padded, general_calls, g2, stop_early);
          EXPECT_EQ(fixed, general);
          EXPECT_EQ(g1.position(), g2.position());
          EXPECT_TRUE(fixed_calls == general_calls);
          EXPECT_GT(fixed.first, 0u);
        }
      }
    }
  }
}

// A source, 2A -> B (row A reads A itself), A + B -> C (row A reads B), decays: every kind of
// row and partial propensity of simulate_partial_propensity_direct.
reaction_network partial_propensity_network() {
  return reaction_network(
      3, {reaction_channel::mass_action(50.0, {}, {term{0, 1}}),
          reaction_channel::mass_action(0.01, {term{0, 2}}, {term{1, 1}}),
          reaction_channel::mass_action(0.02, {term{0, 1}, term{1, 1}}, {term{2, 1}}),
          reaction_channel::mass_action(0.5, {term{1, 1}}, {}),
          reaction_channel::mass_action(0.3, {term{2, 1}}, {})});
}

// Golden path of simulate_partial_propensity_direct on partial_propensity_network(): the
// number of events, the final counts, the third event time and the engine outputs consumed, for
// a fixed seed.
// Pins the draw order documented in simulate_partial_propensity_direct.hpp (a ziggurat
// exponential, then a uniform01, per event). The values were produced by the implementation
// before the workspace became flat arrays, which kept the path bit for bit.
TEST(PartialPropensityDirect, GoldenPath) {
  const reaction_network net = partial_propensity_network();
  jumpflow::philox_engine g(20261201, 7);
  count_vector x = counts({40, 10, 0});
  int calls = 0;
  double third = 0.0;
  const auto events = jumpflow::simulate_partial_propensity_direct(
      net, x, 0.0, 5.0, g, [&](const count_vector&, double t) {
        if (++calls == 4) third = t;
      });
  EXPECT_EQ(events, 495u);
  EXPECT_EQ(x, counts({46, 13, 32}));
  EXPECT_EQ(g.position(), 1005u);
  EXPECT_NEAR(third, 0.02877464866865672, 1e-15);
}

// ---- the prefix-count row search of simulate_partial_propensity_direct ----------------

// count_at_most (SSE2 where the target has it) against the scalar reference and by hand:
// entries equal to the target count, -0.0 equals 0.0, +inf and NaN entries never count.
TEST(PrefixCountTree, CountMatchesScalarReference) {
  using jumpflow::detail::count_at_most;
  using jumpflow::detail::count_at_most_scalar;
  constexpr double inf = std::numeric_limits<double>::infinity();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> p = {0.0, -0.0, 1.0, 1.0, 2.5, inf, nan, -3.0, 7.0, 1.0, 2.5, 0.5};
  for (const double t : {-inf, -5.0, -0.0, 0.0, 0.5, 1.0, 2.5, 6.9, 7.0, inf}) {
    EXPECT_EQ(count_at_most(p.data(), p.size(), t), count_at_most_scalar(p.data(), p.size(), t))
        << "t = " << t;
  }
  EXPECT_EQ(count_at_most(p.data(), p.size(), 1.0), 7u);  // 0, -0, 1, 1, -3, 1, 0.5
  EXPECT_EQ(count_at_most(p.data(), p.size(), -0.0), 3u);
  EXPECT_EQ(count_at_most(p.data(), p.size(), inf), 11u);  // all but NaN
  EXPECT_EQ(count_at_most(p.data(), 4, -1.0), 0u);
}

namespace {

// Checks prefix_count_tree::find against the linear search on w for every target on a prefix
// boundary and half-way into each weight (integer weights: every sum is exact, so the two must
// agree exactly, rests included), and find(total) -> the last weight.
void expect_finds_like_linear_search(const jumpflow::detail::prefix_count_tree& tree,
                                     const std::vector<double>& w) {
  std::vector<double> inclusive(w.size());
  double sum = 0.0;
  for (std::size_t r = 0; r < w.size(); ++r) inclusive[r] = sum += w[r];
  ASSERT_EQ(tree.total(), sum);
  for (std::size_t r = 0; r < w.size(); ++r) {
    const double before = inclusive[r] - w[r];
    for (const double target : {before, before + 0.5 * w[r]}) {
      if (!(target < sum)) continue;
      // The reference: the first r with w_0 + ... + w_r > target.
      const auto ref = static_cast<std::size_t>(
          std::upper_bound(inclusive.begin(), inclusive.end(), target) - inclusive.begin());
      const auto [found, rest] = tree.find(target);
      ASSERT_EQ(found, ref) << "n = " << w.size() << ", target = " << target;
      EXPECT_EQ(rest, target - (inclusive[ref] - w[ref]));
      EXPECT_GT(w[found], 0.0);  // a zero weight is never chosen
    }
  }
  EXPECT_EQ(tree.find(sum).first, w.size() - 1);
}

}  // namespace

// prefix_count_tree (the row search of PDM on large sparse networks) against the linear
// search, exactly (integer weights): one weight, a group minus one, one group, a group plus one
// (a last group of one weight), several groups, two levels (fanout^2 + 1); zero weights, a zero
// first and last weight; then after staged changes committed together: weights that become
// zero or positive, moves of one unit 1 to 12 weights on (which cancel above their group; the
// short loop and the masked adds), pairs of changes of one group that do not cancel, and
// repeated changes of one weight in one commit; every other commit holds exactly two changes
// (a move or a pair that does not cancel: commit()'s fast path).
TEST(PrefixCountTree, FindMatchesLinearSearch) {
  using jumpflow::detail::prefix_count_tree;
  constexpr std::size_t f = prefix_count_tree::fanout;
  const std::uint64_t seed = announce_seed(4243);
  for (const std::size_t n :
       {std::size_t{1}, std::size_t{2}, f - 1, f, f + 1, 3 * f + 5, f * f + 1}) {
    jumpflow::philox_engine g(seed, n);
    const auto draw = [&](std::uint64_t k) { return g() % k; };
    std::vector<double> w(n);
    for (double& v : w) v = draw(3) == 0 ? 0.0 : static_cast<double>(1 + draw(10));
    w[0] = 1.0;  // one positive weight at least
    if (n > 2) {
      std::swap(w[0], w[1]);
      w[n - 1] = 0.0;
    }
    prefix_count_tree tree;
    tree.resize(n, 8);  // up to 3 moves of 2 changes and 1 more per commit
    tree.assign(w.data());
    expect_finds_like_linear_search(tree, w);
    for (int round = 0; round < 100; ++round) {
      if (round % 2 == 1) {
        // Exactly two staged changes (commit()'s fast path when they share a group and lie at
        // most short_span apart): a unit moving 1 to 12 weights on, or two changes that do
        // not cancel (the sum goes on to the levels above), in either order.
        const auto r = static_cast<std::size_t>(draw(n));
        const auto to = r + 1 + static_cast<std::size_t>(draw(12));
        if (to < n) {
          const bool move = draw(2) == 0 && w[r] >= 1.0;
          const double d_r = move ? -1.0 : static_cast<double>(draw(12)) - w[r];
          const double d_to = move ? 1.0 : static_cast<double>(draw(12)) - w[to];
          w[r] += d_r;
          w[to] += d_to;
          if (draw(2) == 0) {
            tree.stage(r, d_r);
            tree.stage(to, d_to);
          } else {
            tree.stage(to, d_to);
            tree.stage(r, d_r);
          }
          if (std::all_of(w.begin(), w.end(), [](double v) { return v == 0.0; })) {
            w[r] += 1.0;  // the commit below applies it after the pair (the general path)
            tree.stage(r, 1.0);
          }
          tree.commit();
          expect_finds_like_linear_search(tree, w);
          if (HasFatalFailure()) return;
          continue;
        }
      }
      for (int change = 0; change < 3; ++change) {
        const auto r = static_cast<std::size_t>(draw(n));
        // A unit moves 1 to 12 weights on (commit's short loop up to short_span = 8, masked
        // adds beyond), the two changes in either order.
        const auto to = r + 1 + static_cast<std::size_t>(draw(12));
        if (draw(2) == 0 && to < n && w[r] >= 1.0) {
          w[r] -= 1.0;
          w[to] += 1.0;
          if (draw(2) == 0) {
            tree.stage(r, -1.0);
            tree.stage(to, 1.0);
          } else {
            tree.stage(to, 1.0);
            tree.stage(r, -1.0);
          }
        } else {
          const double fresh = draw(3) == 0 ? 0.0 : static_cast<double>(draw(12));
          tree.stage(r, fresh - w[r]);
          w[r] = fresh;
        }
      }
      if (std::all_of(w.begin(), w.end(), [](double v) { return v == 0.0; })) {
        tree.stage(0, 1.0);
        w[0] = 1.0;
      }
      tree.commit();
      expect_finds_like_linear_search(tree, w);
      if (HasFatalFailure()) return;
    }
  }
}

// prefix_count_tree::move(a, da, b, db) against stage(a, da), stage(b, db), commit() on a twin
// tree: every prefix and the total equal bit for bit after each change, with deltas that make
// every sum inexact (random fractions), over pairs of one group at most short_span apart
// (commit()'s fast path, in either order, moves that cancel and pairs that do not), pairs of one
// group farther apart, pairs of two groups (two levels), and both changes on one weight.
TEST(PrefixCountTree, MoveIsTwoStagesAndACommit) {
  using jumpflow::detail::prefix_count_tree;
  constexpr std::size_t f = prefix_count_tree::fanout;
  const std::uint64_t seed = announce_seed(4244);
  for (const std::size_t n : {std::size_t{2}, f, 3 * f + 5, f * f + 1}) {
    jumpflow::philox_engine g(seed, n);
    std::vector<double> w(n);
    for (double& v : w) v = 10.0 * jumpflow::uniform01(g);
    prefix_count_tree moved, staged;
    for (prefix_count_tree* tree : {&moved, &staged}) {
      tree->resize(n, 2);
      tree->assign(w.data());
    }
    int near = 0;
    for (int round = 0; round < 2000; ++round) {
      const auto a = static_cast<std::size_t>(g() % n);
      std::size_t b = a;
      const auto step = static_cast<std::size_t>(1 + g() % prefix_count_tree::short_span);
      switch (g() % 5) {
        case 0:  // at most short_span after a (mostly in a's group) or before it
        case 1:
          b = a + step < n ? a + step : a;
          break;
        case 2:
          b = a >= step ? a - step : a;
          break;
        case 3:
          b = static_cast<std::size_t>(g() % n);  // anywhere
          break;
        default:
          break;  // the same weight twice
      }
      near += (a ^ b) < f && a != b &&
              std::max(a, b) - std::min(a, b) <= prefix_count_tree::short_span;
      // A move (-x at a, +x at b) or two unrelated changes, each leaving its weight >= 0
      // (also when a = b).
      const double da = -w[a] * jumpflow::uniform01(g);
      w[a] += da;
      const double db = g() % 2 == 0 ? -da : 3.0 * jumpflow::uniform01(g) - w[b] * 0.5;
      w[b] += db;
      moved.move(a, da, b, db);
      staged.stage(a, da);
      staged.stage(b, db);
      staged.commit();
      ASSERT_EQ(moved.values(), staged.values()) << "n = " << n << ", round " << round;
      ASSERT_EQ(moved.total(), staged.total());
    }
    if (n > 2) {
      EXPECT_GT(near, 500) << "n = " << n;  // the fast path was taken
    }
  }
}

// simulate_partial_propensity_direct takes the same path with either row search when every
// sum is exact: on the chain X_0 -> ... -> X_499 -> 0 (rates 1, integer counts: every lambda,
// prefix and remainder below is an exact double) it uses the prefix count (501 rows, two row
// updates per event); three channels of rate 0 that change every species (never firing, after
// the chain in X_0's row, so no choice moves) raise the mean row updates per event above the
// threshold and switch it to the block scan. Same seed: the same events, counts and engine
// position. Any error in the prefix sums (an update's mask off by one, a wrong count) changes a
// choice within the 150000 events.
TEST(PartialPropensityDirect, PrefixSearchFollowsTheScanPath) {
  constexpr index d = 500;
  std::vector<reaction_channel> channels = jumpflow::test::linear_chain_channels(d);
  const reaction_network chain(d, channels);
  std::vector<term> everything;
  for (index i = 0; i < d; ++i) everything.push_back(term{i, 1});
  for (int k = 0; k < 3; ++k) {
    channels.push_back(reaction_channel::mass_action(0.0, {term{0, 1}}, everything));
  }
  const reaction_network padded(d, channels);
  std::uint64_t events[2];
  count_vector final_x[2];
  std::uint64_t position[2];
  bool prefix[2];
  for (int v = 0; v < 2; ++v) {
    jumpflow::philox_engine g(4251);
    jumpflow::partial_propensity_workspace work;
    count_vector x = count_vector::Zero(d);
    x(0) = 1000;
    events[v] = jumpflow::simulate_partial_propensity_direct(v == 0 ? chain : padded, x, 0.0,
                                                             150.0, g, work);
    final_x[v] = x;
    position[v] = g.position();
    prefix[v] = jumpflow::detail::partial_propensity_access::prefix(work);
  }
  EXPECT_TRUE(prefix[0]);
  EXPECT_FALSE(prefix[1]);
  EXPECT_GT(events[0], 100000u);
  EXPECT_EQ(events[0], events[1]);
  EXPECT_EQ(final_x[0], final_x[1]);
  EXPECT_EQ(position[0], position[1]);
}

// simulate_partial_propensity_direct's fast path for simple rows (one channel moving a molecule
// between two rows that no channel reads) against the general path written out here with the
// same tree: the draws, the row search, the channel within a row of two, per change term the
// count, the row total, its delta staged and added to a0, then one commit; a sum afresh every
// max(16, channels) events and after a draw that finds an empty row. A chain of 300 species
// with rates drawn in [0.5, 1.5) (no sum is exact) and a branch X_i -> X_{i+2} at every tenth
// species (rows of two channels: the general path, whose choice reads the counts that the simple
// rows before them set). Every event time, the final counts and the engine position must be
// equal bit for bit.
TEST(PartialPropensityDirect, SimpleRowsFollowTheGeneralPathBitForBit) {
  using access = jumpflow::detail::partial_propensity_access;
  constexpr index d = 300;
  const std::uint64_t seed = announce_seed(4252);
  jumpflow::philox_engine draws(seed, 1);
  std::vector<reaction_channel> channels;
  // Per species: the rate of X_i -> X_{i+1} (or -> 0), and of the branch X_i -> X_{i+2} (0: none).
  std::vector<double> rate(d), branch(d, 0.0);
  for (index i = 0; i < d; ++i) {
    const auto u = static_cast<std::size_t>(i);
    rate[u] = 0.5 + jumpflow::uniform01(draws);
    const std::vector<term> product =
        i + 1 < d ? std::vector<term>{term{i + 1, 1}} : std::vector<term>{};
    channels.push_back(reaction_channel::mass_action(rate[u], {term{i, 1}}, product));
    if (i % 10 == 5 && i + 2 < d) {
      branch[u] = 0.5 + jumpflow::uniform01(draws);
      channels.push_back(reaction_channel::mass_action(branch[u], {term{i, 1}}, {term{i + 2, 1}}));
    }
  }
  const reaction_network net(d, channels);
  constexpr double t1 = 6.0;

  jumpflow::philox_engine g(seed, 2);
  jumpflow::partial_propensity_workspace work;
  count_vector x = count_vector::Constant(d, 30);
  std::vector<double> times;
  const std::uint64_t events = jumpflow::simulate_partial_propensity_direct(
      net, x, 0.0, t1, g, work, [&](const count_vector&, double t) { times.push_back(t); });
  ASSERT_TRUE(access::prefix(work));
  const auto& rc = access::row_changes(work);
  for (std::size_t i = 0; i < static_cast<std::size_t>(d); ++i) {
    ASSERT_EQ(rc[i + 1].simple, i + 1 < static_cast<std::size_t>(d) && branch[i] == 0.0 ? 1 : 0)
        << "row " << i + 1;
  }

  // Row 0 holds the sources (none), row i + 1 the channels of X_i.
  jumpflow::philox_engine h(seed, 2);
  count_vector y = count_vector::Constant(d, 30);
  const std::size_t rows = static_cast<std::size_t>(d) + 1;
  const auto count = [&](std::size_t i) {
    const long long v = y(static_cast<index>(i));
    return v > 0 ? static_cast<double>(v) : 0.0;
  };
  // Sigma sums the row's slots in channel order, from 0.
  const auto sigma = [&](std::size_t i) {
    return branch[i] > 0.0 ? 0.0 + rate[i] + branch[i] : 0.0 + rate[i];
  };
  std::vector<double> lambda(rows, 0.0);
  for (std::size_t i = 0; i < static_cast<std::size_t>(d); ++i) lambda[i + 1] = count(i) * sigma(i);
  jumpflow::detail::prefix_count_tree tree;
  tree.resize(rows, 2);
  double a0 = tree.assign(lambda.data());
  std::vector<double> expected{0.0};
  double t = 0.0;
  std::uint64_t since = 0;
  const auto change = [&](std::size_t i, long long c) {
    y(static_cast<index>(i)) += c;
    const double l = count(i) * sigma(i);
    const double delta = l - lambda[i + 1];
    lambda[i + 1] = l;
    tree.stage(i + 1, delta);
    a0 += delta;
  };
  while (a0 > 0.0) {
    const double tau = jumpflow::ziggurat_exponential(h) / a0;
    if (t + tau > t1) break;
    const auto [r, target] = tree.find(jumpflow::uniform01(h) * a0);
    if (!(lambda[r] > 0.0)) {  // an empty row (rounding): sum afresh, draw again
      a0 = tree.assign(lambda.data());
      since = 0;
      continue;
    }
    t += tau;
    const std::size_t i = r - 1;
    // The channel of a row of two: the first whose share c * rate passes the remainder (the
    // second if rounding passes both).
    if (branch[i] > 0.0 && !(target < count(i) * rate[i])) {
      change(i, -1);
      change(i + 2, 1);
    } else {
      change(i, -1);
      if (i + 1 < static_cast<std::size_t>(d)) change(i + 1, 1);
    }
    tree.commit();
    expected.push_back(t);
    if (++since == static_cast<std::uint64_t>(channels.size())) {
      a0 = tree.assign(lambda.data());
      since = 0;
    }
  }
  expected.push_back(t1);
  EXPECT_GT(events, 40000u);
  EXPECT_EQ(events + 2, expected.size());
  EXPECT_EQ(times, expected);
  EXPECT_EQ(x, y);
  EXPECT_EQ(g.position(), h.position());
}

// Golden path of simulate_composition_rejection on the channels of
// partial_propensity_network() and a custom channel (every kind of flat propensity record, and
// one that goes through the network): the number of events, the final counts, the third event
// time and the engine outputs consumed, for a fixed seed. Pins the draw order documented in
// simulate_composition_rejection.hpp. The values were produced by the implementation before an
// event read flat copies of the network, which kept the path bit for bit.
TEST(CompositionRejection, GoldenPath) {
  const reaction_network net(
      3, {reaction_channel::mass_action(50.0, {}, {term{0, 1}}),
          reaction_channel::mass_action(0.01, {term{0, 2}}, {term{1, 1}}),
          reaction_channel::mass_action(0.02, {term{0, 1}, term{1, 1}}, {term{2, 1}}),
          reaction_channel::mass_action(0.5, {term{1, 1}}, {}),
          reaction_channel::mass_action(0.3, {term{2, 1}}, {}),
          reaction_channel::custom(
              [](const count_vector& y) {
                return 0.2 * static_cast<double>(y[2]) / (1.0 + static_cast<double>(y[0]));
              },
              {term{2, -1}, term{0, 1}}, {0, 2})});
  jumpflow::philox_engine g(20261201, 9);
  count_vector x = counts({40, 10, 0});
  int calls = 0;
  double third = 0.0;
  const auto events = jumpflow::simulate_composition_rejection(
      net, x, 0.0, 5.0, g, [&](const count_vector&, double t) {
        if (++calls == 4) third = t;
      });
  EXPECT_EQ(events, 426u);
  EXPECT_EQ(x, counts({43, 17, 32}));
  EXPECT_EQ(g.position(), 941u);
  EXPECT_NEAR(third, 0.094033705390359795, 1e-15);
}

// simulate_auto's rule (thresholds from benchmarks/jump/ssa_table.cpp): dense direct up to 16
// channels; above, PDM for mass-action channels with at most two reactant molecules (any number
// of them); otherwise sorting direct up to 64 channels, and above RSSA-CR for mass-action
// networks with a trimolecular channel, composition-rejection when a propensity is custom.
TEST(ChooseSsaMethod, FollowsTheDocumentedThresholds) {
  using jumpflow::ssa_method;
  EXPECT_EQ(jumpflow::choose_ssa_method(sir_network()), ssa_method::dense_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(jumpflow::random_mass_action_network(8, 16, 1)),
            ssa_method::dense_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(jumpflow::random_mass_action_network(8, 17, 1)),
            ssa_method::partial_propensity_direct);
  EXPECT_STREQ(jumpflow::to_string(ssa_method::dense_direct), "dense-direct");
  EXPECT_EQ(jumpflow::choose_ssa_method(jumpflow::random_mass_action_network(32, 64, 1)),
            ssa_method::partial_propensity_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(jumpflow::random_mass_action_network(100, 1000, 1)),
            ssa_method::partial_propensity_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(jumpflow::random_mass_action_network(1000, 10000, 1)),
            ssa_method::partial_propensity_direct);
  // A trimolecular channel (PDM takes at most two reactant molecules): sorting direct up to 64
  // channels, RSSA-CR above.
  const auto trimolecular = [](jumpflow::index channels) {
    std::vector<reaction_channel> tri;
    for (jumpflow::index i = 0; i + 1 < channels; ++i) {
      tri.push_back(reaction_channel::mass_action(1.0, {}, {term{i, 1}}));
    }
    tri.push_back(reaction_channel::mass_action(1.0, {term{0, 3}}, {}));
    return reaction_network(channels, std::move(tri));
  };
  EXPECT_EQ(jumpflow::choose_ssa_method(trimolecular(17)), ssa_method::sorting_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(trimolecular(64)), ssa_method::sorting_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(trimolecular(65)), ssa_method::rejection_composition);
  EXPECT_STREQ(jumpflow::to_string(ssa_method::sorting_direct), "sorting-direct");
  EXPECT_STREQ(jumpflow::to_string(ssa_method::partial_propensity_direct),
               "partial-propensity-direct");
  // A custom propensity (no bound for RSSA, no partial propensities for PDM): sorting direct up
  // to 64 channels, composition-rejection above.
  const auto custom = [](jumpflow::index channels) {
    std::vector<reaction_channel> c;
    for (jumpflow::index i = 0; i + 1 < channels; ++i) {
      c.push_back(reaction_channel::mass_action(1.0, {}, {term{i, 1}}));
    }
    c.push_back(reaction_channel::custom([](const count_vector&) { return 1.0; }, {term{0, -1}},
                                         {0}));
    return reaction_network(channels, std::move(c));
  };
  EXPECT_EQ(jumpflow::choose_ssa_method(custom(64)), ssa_method::sorting_direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(custom(65)), ssa_method::composition_rejection);
  EXPECT_STREQ(jumpflow::to_string(ssa_method::rejection_composition), "rejection-composition");
}

// A network with discrete events goes to a method that locates them (direct up to 64 channels,
// composition-rejection above); the methods that do not locate events refuse such a network.
TEST(ChooseSsaMethod, NetworksWithEventsGoToMethodsThatLocateThem) {
  using jumpflow::ssa_method;
  const auto with_event = [](jumpflow::index channels) {
    std::vector<reaction_channel> c;
    for (jumpflow::index i = 0; i < channels; ++i) {
      c.push_back(reaction_channel::mass_action(1.0, {}, {term{0, 1}}));
    }
    return reaction_network(
        1, std::move(c),
        {jumpflow::reaction_event::at_time(0.5, [](count_vector& x, double) { x[0] += 3; })});
  };
  EXPECT_EQ(jumpflow::choose_ssa_method(with_event(4)), ssa_method::direct);
  EXPECT_EQ(jumpflow::choose_ssa_method(with_event(65)), ssa_method::composition_rejection);
  EXPECT_STREQ(jumpflow::to_string(ssa_method::direct), "direct");

  const auto net = with_event(2);
  jumpflow::philox_engine g(7, 0);
  count_vector x = count_vector::Zero(1);
  EXPECT_THROW(jumpflow::simulate_sorting_direct(net, x, 0.0, 1.0, g), std::invalid_argument);
  EXPECT_THROW(jumpflow::simulate_dense_direct(net, x, 0.0, 1.0, g), std::invalid_argument);
  EXPECT_THROW(jumpflow::simulate_rejection(net, x, 0.0, 1.0, g), std::invalid_argument);
  EXPECT_THROW(jumpflow::simulate_rejection_composition(net, x, 0.0, 1.0, g),
               std::invalid_argument);
  // auto takes the direct method, which passes the event at t = 0.5: x(1) = births + 3 >= 3.
  x = count_vector::Zero(1);
  jumpflow::simulate_auto(net, x, 0.0, 1.0, g);
  EXPECT_GE(x[0], 3);
}

TYPED_TEST(ExactSimulator, RejectsBadArguments) {
  const auto net = sir_network();
  jumpflow::philox_engine g(1, 0);
  count_vector wrong = counts({1, 2});
  EXPECT_THROW(TypeParam{}(net, wrong, 0.0, 1.0, g, jumpflow::null_observer{}),
               std::invalid_argument);
  count_vector x = counts({10, 1, 0});
  EXPECT_THROW(TypeParam{}(net, x, 0.0, -1.0, g, jumpflow::null_observer{}), std::domain_error);
  EXPECT_THROW(TypeParam{}(net, x, 0.0, std::numeric_limits<double>::infinity(), g,
                           jumpflow::null_observer{}),
               std::domain_error);
}

TYPED_TEST(ExactSimulator, CallsTheObserverAtStartEveryEventAndEnd) {
  const auto net = sir_network();
  jumpflow::philox_engine g(7, 0);
  count_vector x = counts({200, 5, 0});
  std::vector<double> times;
  std::vector<count_vector> states;
  const auto events = TypeParam{}(net, x, 1.0, 4.0, g, [&](const count_vector& y, double t) {
    times.push_back(t);
    states.push_back(y);
  });
  ASSERT_GT(events, 10u);
  ASSERT_EQ(times.size(), events + 2);
  EXPECT_EQ(times.front(), 1.0);
  EXPECT_EQ(times.back(), 4.0);
  EXPECT_EQ(states.front(), counts({200, 5, 0}));
  EXPECT_EQ(states.back(), x);
  for (std::size_t k = 1; k + 1 < times.size(); ++k) {
    EXPECT_LT(times[k - 1], times[k]);
    EXPECT_LE(times[k], 4.0);
    // Every step is one event of the network: an infection or a recovery.
    const count_vector d = states[k] - states[k - 1];
    EXPECT_TRUE(d == counts({-1, 1, 0}) || d == counts({0, -1, 1})) << d.transpose();
    EXPECT_EQ(states[k].sum(), 205);
  }
}

TYPED_TEST(ExactSimulator, IsReproducibleFromTheSeed) {
  const auto net = sir_network();
  count_vector x = counts({300, 3, 0}), y = x;
  jumpflow::philox_engine g1(11, 4), g2(11, 4);
  const auto e1 = TypeParam{}(net, x, 0.0, 5.0, g1, jumpflow::null_observer{});
  const auto e2 = TypeParam{}(net, y, 0.0, 5.0, g2, jumpflow::null_observer{});
  EXPECT_EQ(e1, e2);
  EXPECT_EQ(x, y);
  EXPECT_EQ(g1, g2);
}

TYPED_TEST(ExactSimulator, StopsInAnAbsorbingState) {
  const auto net = sir_network();
  count_vector x = counts({0, 0, 5});
  jumpflow::philox_engine g(3, 0);
  std::vector<double> times;
  const auto events =
      TypeParam{}(net, x, 0.0, 2.0, g, [&](const count_vector&, double t) { times.push_back(t); });
  EXPECT_EQ(events, 0u);
  EXPECT_EQ(times, (std::vector<double>{0.0, 2.0}));
  EXPECT_EQ(x, counts({0, 0, 5}));
}

TYPED_TEST(ExactSimulator, HonoursTheStopCondition) {
  const auto net = sir_network();
  count_vector x = counts({500, 5, 0});
  jumpflow::philox_engine g(5, 0);
  double last = -1.0;
  const auto events = TypeParam{}(
      net, x, 0.0, 100.0, g, [&](const count_vector&, double t) { last = t; },
      [](const count_vector& y, double) { return y[2] >= 20; });
  EXPECT_EQ(x[2], 20);
  EXPECT_LT(last, 100.0);
  EXPECT_GT(last, 0.0);
  EXPECT_EQ(static_cast<long long>(events), (500 - x[0]) + 20);
  // Stopping at t0 simulates nothing.
  count_vector y = counts({500, 5, 0});
  EXPECT_EQ(TypeParam{}(net, y, 0.0, 1.0, g, jumpflow::null_observer{},
                        [](const count_vector&, double) { return true; }),
            0u);
  EXPECT_EQ(y, counts({500, 5, 0}));
}

TYPED_TEST(ExactSimulator, BadPropensityNamesChannelValueAndTime) {
  for (const double bad : {-1.5, std::numeric_limits<double>::quiet_NaN()}) {
    // Channel 0 produces A at rate 1; channel 1 (named) has a propensity that turns bad once
    // A reaches 3.
    const reaction_network net(
        1, {reaction_channel::mass_action(1.0, {}, {term{0, 1}}),
            reaction_channel::custom([bad](const count_vector& y) { return y[0] >= 3 ? bad : 0.0; },
                                     {term{0, -1}}, {0}, false, "sink")});
    count_vector x = counts({0});
    jumpflow::philox_engine g(9, 0);
    if constexpr (TypeParam::mass_action_only) {
      // No bound for a custom propensity: rejected up front, naming the channel.
      try {
        TypeParam{}(net, x, 0.0, 100.0, g, jumpflow::null_observer{});
        FAIL() << "no throw";
      } catch (const std::invalid_argument& e) {
        // The condition goes on to say why (bounds, or partial propensities).
        const std::string expected = std::string(TypeParam::name) +
                                     ": network is channel 1 (sink) (not mass action), but must "
                                     "be a mass-action network";
        EXPECT_EQ(std::string(e.what()).substr(0, expected.size()), expected) << e.what();
      }
      continue;
    }
    count_vector seen;
    double seen_t = 0.0;
    try {
      TypeParam{}(net, x, 0.0, 100.0, g, [&](const count_vector& y, double t) {
        seen = y;
        seen_t = t;
      });
      FAIL() << "no throw";
    } catch (const jumpflow::simulation_error& e) {
      const std::string expected = std::string(TypeParam::name) +
                                   ": propensity of channel 1 (sink) is " +
                                   jumpflow::format_value(bad) + " at time " +
                                   jumpflow::format_value(seen_t) + ", but must be finite and >= 0";
      EXPECT_EQ(std::string(e.what()), expected);
    }
    // The state is the last valid one: the state the observer saw, at which the bad value
    // was evaluated.
    EXPECT_EQ(x, counts({3}));
    EXPECT_EQ(seen, x);
    EXPECT_GT(seen_t, 0.0);
  }
}

TYPED_TEST(ExactSimulator, AllocatesNothingPerEvent) {
  const auto net = sir_network();
  const auto allocations_for = [&](double t1) {
    count_vector x = counts({100000, 50, 0});
    jumpflow::philox_engine g(21, 0);
    std::uint64_t events = 0;
    const auto before = jumpflow::test::allocations();
    events = TypeParam{}(net, x, 0.0, t1, g, jumpflow::null_observer{});
    return std::pair{jumpflow::test::allocations() - before, events};
  };
  // The counter sees Eigen's and the standard library's allocations.
  const auto b = jumpflow::test::allocations();
  count_vector probe = count_vector::Zero(1000);
  std::vector<double> probe2(1000, 1.0);
  EXPECT_EQ(probe.sum() + static_cast<long long>(probe2.size()), 1000);
  EXPECT_GE(jumpflow::test::allocations(), b + 2);
  const auto [few, e_few] = allocations_for(1e-4);
  const auto [many, e_many] = allocations_for(2.0);
  EXPECT_GT(e_many, 100 * (e_few + 1));
  EXPECT_EQ(few, many) << "allocations grow with the number of events";
}

// The rows of simulate_partial_propensity_direct that keep their channel's change (one channel,
// one or two terms of at most 2^15 molecules), with, per term, whether the species has readers,
// and whether the channel's partial propensity is its positive rate (no reader updates it); the
// rows summed again at refreshes are those with a slot a reader updates. Rows by hand: the
// source (A), A (two channels), B (B -> 0, B read by A + B), C (three terms), D (2D -> E, reads
// D), E (a term of 40000 molecules), F (rate 0).
TEST(PartialPropensityDirect, RowsKeepTheirChannelsChange) {
  using access = jumpflow::detail::partial_propensity_access;
  const reaction_network net(
      6, {reaction_channel::mass_action(50.0, {}, {term{0, 1}}),
          reaction_channel::mass_action(0.01, {term{0, 2}}, {term{1, 1}}),
          reaction_channel::mass_action(0.02, {term{0, 1}, term{1, 1}}, {term{2, 1}}),
          reaction_channel::mass_action(0.5, {term{1, 1}}, {}),
          reaction_channel::mass_action(0.3, {term{2, 1}}, {term{3, 1}, term{4, 1}}),
          reaction_channel::mass_action(0.1, {term{3, 2}}, {term{4, 1}}),
          reaction_channel::mass_action(0.2, {term{4, 1}}, {term{5, 40000}}),
          reaction_channel::mass_action(0.0, {term{5, 1}}, {})});
  jumpflow::partial_propensity_workspace work;
  jumpflow::philox_engine g(1);
  count_vector x = counts({5, 5, 5, 5, 5, 5});
  jumpflow::simulate_partial_propensity_direct(net, x, 0.0, 0.0, g, work);
  const auto& rc = access::row_changes(work);
  ASSERT_EQ(rc.size(), 7u);  // the sources and one row per species
  struct expected {
    std::size_t row;
    std::uint32_t s0, s1;
    int c0, c1, read0, read1, fixed;
  };
  for (const expected& e : {expected{0, 0, 0, 1, 0, 1, 0, 1}, expected{2, 1, 0, -1, 0, 1, 0, 1},
                            expected{4, 3, 4, -2, 1, 1, 0, 0}, expected{6, 5, 0, -1, 0, 0, 0, 0}}) {
    SCOPED_TRACE("row " + std::to_string(e.row));
    EXPECT_EQ(rc[e.row].species[0], e.s0);
    EXPECT_EQ(rc[e.row].count[0], e.c0);
    EXPECT_EQ(rc[e.row].read[0], e.read0);
    EXPECT_EQ(rc[e.row].count[1], e.c1);
    if (e.c1 != 0) {
      EXPECT_EQ(rc[e.row].species[1], e.s1);
      EXPECT_EQ(rc[e.row].read[1], e.read1);
    }
    EXPECT_EQ(rc[e.row].fixed, e.fixed);
  }
  for (const std::size_t row : {1u, 3u, 5u}) EXPECT_EQ(rc[row].count[0], 0) << "row " << row;
  // No row is simple (fixed, two terms, neither read): one term, a read term, no kept change,
  // or not fixed.
  for (std::size_t row = 0; row < rc.size(); ++row) EXPECT_EQ(rc[row].simple, 0) << "row " << row;
  EXPECT_EQ(access::dynamic_rows(work), (std::vector<std::uint32_t>{1, 4}));
}

// PDM files every channel under one reactant: it takes mass-action channels with at most two
// reactant molecules and no discrete events, and says which channel it cannot take.
TEST(PartialPropensityDirect, RefusesNetworksItCannotSimulate) {
  jumpflow::philox_engine g(17, 0);
  const auto message = [&](const reaction_network& net) -> std::string {
    count_vector x = count_vector::Constant(net.species(), 5);
    try {
      jumpflow::simulate_partial_propensity_direct(net, x, 0.0, 1.0, g);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "no throw";
  };
  const std::string condition =
      ", but must be a mass-action network with at most bimolecular reactions (partial "
      "propensities)";
  EXPECT_EQ(message(reaction_network(
                2, {reaction_channel::mass_action(1.0, {term{0, 1}}, {term{1, 1}}),
                    reaction_channel::mass_action(1.0, {term{0, 2}, term{1, 1}}, {}, "tri")})),
            "jumpflow::simulate_partial_propensity_direct: network is channel 1 (tri) (3 reactant "
            "molecules)" + condition);
  EXPECT_EQ(message(reaction_network(1, {reaction_channel::mass_action(1.0, {term{0, 3}}, {})})),
            "jumpflow::simulate_partial_propensity_direct: network is channel 0 (3 reactant "
            "molecules)" + condition);
  EXPECT_EQ(message(reaction_network(
                1, {reaction_channel::time_dependent([](const count_vector&, double t) { return t; },
                                                     {term{0, 1}}, {}, true)},
                {})),
            "jumpflow::simulate_partial_propensity_direct: network is channel 0 (not mass action)" +
                condition);
  const reaction_network with_event(
      1, {reaction_channel::mass_action(1.0, {}, {term{0, 1}})},
      {jumpflow::reaction_event::at_time(0.5, [](count_vector& x, double) { x[0] += 3; })});
  EXPECT_NE(message(with_event).find("the number of the network's events is 1"), std::string::npos)
      << message(with_event);
}

// The workspace overload draws the same path as the plain one, also after serving a network of
// another size, and allocates nothing once it has served the network.
TEST(PartialPropensityDirect, WorkspaceGivesTheSamePathAndAllocatesNothingOnReuse) {
  const reaction_network net = partial_propensity_network();
  jumpflow::partial_propensity_workspace work;
  const auto run = [&](bool with_workspace, count_vector& x) {
    jumpflow::philox_engine g(23, 1);
    const auto events = with_workspace
                            ? jumpflow::simulate_partial_propensity_direct(net, x, 0.0, 5.0, g, work)
                            : jumpflow::simulate_partial_propensity_direct(net, x, 0.0, 5.0, g);
    return std::pair{events, g};
  };
  count_vector plain = counts({40, 10, 0}), reused = plain, again = plain;
  const auto [e_plain, g_plain] = run(false, plain);
  {  // serve a larger network first
    count_vector y = count_vector::Constant(40, 100);
    jumpflow::philox_engine g(1, 0);
    jumpflow::simulate_partial_propensity_direct(jumpflow::random_mass_action_network(40, 200, 3), y,
                                                 0.0, 0.01, g, work);
  }
  const auto [e_reused, g_reused] = run(true, reused);
  EXPECT_GT(e_plain, 100u);
  EXPECT_EQ(e_plain, e_reused);
  EXPECT_EQ(plain, reused);
  EXPECT_EQ(g_plain, g_reused);
  const auto before = jumpflow::test::allocations();
  const auto [e_again, g_again] = run(true, again);
  EXPECT_EQ(jumpflow::test::allocations(), before) << "a reused workspace allocated";
  EXPECT_EQ(again, plain);
  EXPECT_EQ(e_again, e_plain);
  EXPECT_EQ(g_again, g_plain);
}

// A propensity that overflows (k x (x - 1) with k = 1e300, x = 1e5) is reported with its channel, its
// value and the time, as simulate_direct() reports a bad propensity.
TEST(PartialPropensityDirect, OverflowNamesChannelValueAndTime) {
  const reaction_network net(1, {reaction_channel::mass_action(1.0, {}, {term{0, 1}}),
                                 reaction_channel::mass_action(1e300, {term{0, 2}}, {}, "pair")});
  count_vector x = counts({100000});
  jumpflow::philox_engine g(29, 0);
  try {
    jumpflow::simulate_partial_propensity_direct(net, x, 0.5, 1.0, g);
    FAIL() << "no throw";
  } catch (const jumpflow::simulation_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "jumpflow::simulate_partial_propensity_direct: propensity of channel 1 (pair) is " +
                  jumpflow::format_value(std::numeric_limits<double>::infinity()) +
                  " at time 0.5, but must be finite and >= 0");
  }
}

// The guard against an endless loop of draws that find no channel (a row search that cannot
// draw some mass would otherwise refresh and draw again forever): 63 such draws after one
// event pass, an event in between starts the count again, and the 64th in a row throws the
// error naming the count and the time.
TEST(PartialPropensityDirect, EndlessRedrawsThrowInsteadOfLooping) {
  constexpr std::uint64_t cap = jumpflow::detail::partial_propensity_redraws;
  static_assert(cap == 64);
  const char* const fn = "jumpflow::simulate_partial_propensity_direct";
  jumpflow::detail::partial_propensity_redraw_guard guard;
  for (std::uint64_t i = 1; i < cap; ++i) guard.note(fn, 5, 0.25);
  guard.note(fn, 6, 0.5);  // after one more event: the first again
  for (std::uint64_t i = 2; i < cap; ++i) guard.note(fn, 6, 0.5);
  try {
    guard.note(fn, 6, 0.75);
    FAIL() << "no throw";
  } catch (const jumpflow::simulation_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "jumpflow::simulate_partial_propensity_direct: the number of draws in a row that "
              "found no channel is 64 at time 0.75, but must be < 64 (each is followed by sums "
              "afresh: an internal error of the row search)");
  }
}

// Mass only in the last row is drawn by either row search: chains X_0 -> ... -> X_{d-1} -> 0
// with the 10 molecules in X_{d-1}: d = 48 (scan: 4 blocks of 16 rows, the pair steps stop
// short of the last) and d = 500 (prefix count). Oracle: each molecule leaves at rate 1, so by
// t = 100 all ten have left (10 events, all counts 0) but with probability
// 1 - (1 - e^-100)^10 < 1e-42. A search that cannot reach the last row would throw the redraw
// guard's error (before the guard: loop forever).
TEST(PartialPropensityDirect, DrawsMassInTheLastRowOnly) {
  for (const index d : {index{48}, index{500}}) {
    const reaction_network chain(d, jumpflow::test::linear_chain_channels(d));
    count_vector x = count_vector::Zero(d);
    x(d - 1) = 10;
    jumpflow::philox_engine g(announce_seed(4261), static_cast<std::uint64_t>(d));
    jumpflow::partial_propensity_workspace work;
    EXPECT_EQ(jumpflow::simulate_partial_propensity_direct(chain, x, 0.0, 100.0, g, work), 10u)
        << "d = " << d;
    EXPECT_EQ(x, count_vector::Zero(d)) << "d = " << d;
    EXPECT_EQ(jumpflow::detail::partial_propensity_access::prefix(work), d == 500) << "d = " << d;
  }
}

TEST(SaveGridObserver, EmitsTheRightContinuousStateOnTheGrid) {
  const auto net = sir_network();
  count_vector x = counts({300, 10, 0});
  jumpflow::philox_engine g(13, 0);
  std::vector<std::pair<double, count_vector>> path;  // the whole path, to check against
  std::vector<std::pair<double, count_vector>> grid;
  auto grid_obs = jumpflow::save_grid<count_vector>(
      0.0, 0.25, 17, [&](const count_vector& y, double t) { grid.emplace_back(t, y); });
  jumpflow::simulate_direct(net, x, 0.0, 4.0, g, [&](const count_vector& y, double t) {
    path.emplace_back(t, y);
    grid_obs(y, t);
  });
  ASSERT_EQ(grid.size(), 17u);
  EXPECT_EQ(grid_obs.emitted(), 17u);
  for (std::size_t k = 0; k < grid.size(); ++k) {
    const double tk = 0.25 * static_cast<double>(k);
    EXPECT_EQ(grid[k].first, tk);
    // The state at tk is the last path state with time <= tk.
    std::size_t last = 0;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (path[i].first <= tk) last = i;
    }
    EXPECT_EQ(grid[k].second, path[last].second) << "at t = " << tk;
  }
  EXPECT_THROW(jumpflow::save_grid<count_vector>(0.0, 0.0, 3, jumpflow::null_observer{}),
               std::domain_error);
}

}  // namespace

namespace {

// ---- tau-leaping ----------------------------------------------------------------------------

TEST(TauLeaping, ObservesStartLeapsAndEndAndNeverGoesNegative) {
  // A + B -> C at rate 1e-5 from (200000, 150000, 0), plus decay of B: B runs out, so the
  // last leaps must switch to critical single firings and exact steps.
  const reaction_network net(
      3, {reaction_channel::mass_action(1e-5, {term{0, 1}, term{1, 1}}, {term{2, 1}}),
          reaction_channel::mass_action(0.5, {term{1, 1}}, {})});
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    count_vector x = counts({200000, 150000, 0});
    jumpflow::philox_engine g(31, seed);
    std::vector<double> times;
    long long lowest = 0;
    const auto events =
        jumpflow::simulate_tau_leaping(net, x, 0.0, 40.0, g, [&](const count_vector& y, double t) {
          times.push_back(t);
          lowest = std::min(lowest, y.minCoeff());
        });
    EXPECT_EQ(lowest, 0);
    EXPECT_EQ(times.front(), 0.0);
    EXPECT_EQ(times.back(), 40.0);
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
    EXPECT_LT(times.size(), events / 5) << "tau-leaping should leap over many events";
    EXPECT_EQ(x[0] + x[2], 200000);  // conservation
    EXPECT_EQ(x[1], 0);  // B is exhausted by t = 40 (decay alone leaves 150000 e^-20 of it)
  }
}

TEST(TauLeaping, IsReproducibleAndValidatesOptions) {
  const auto net = sir_network();
  count_vector x = counts({3000, 30, 0}), y = x;
  jumpflow::philox_engine g1(8, 1), g2(8, 1);
  EXPECT_EQ(jumpflow::simulate_tau_leaping(net, x, 0.0, 5.0, g1),
            jumpflow::simulate_tau_leaping(net, y, 0.0, 5.0, g2));
  EXPECT_EQ(x, y);
  jumpflow::tau_leaping_options bad;
  bad.epsilon = 0.0;
  EXPECT_THROW(jumpflow::simulate_tau_leaping(net, x, 0.0, 1.0, g1, jumpflow::null_observer{},
                                              jumpflow::never_stop{}, bad),
               std::domain_error);
}

TEST(TauLeaping, BadPropensityNamesChannelValueAndTime) {
  const reaction_network net(
      1, {reaction_channel::mass_action(50.0, {}, {term{0, 1}}),
          reaction_channel::custom([](const count_vector& y) { return y[0] >= 100 ? -3.0 : 0.0; },
                                   {term{0, -1}}, {0}, false, "sink")});
  count_vector x = counts({0});
  jumpflow::philox_engine g(2, 0);
  count_vector seen;
  double seen_t = 0.0;
  try {
    jumpflow::simulate_tau_leaping(net, x, 0.0, 100.0, g, [&](const count_vector& y, double t) {
      seen = y;
      seen_t = t;
    });
    FAIL() << "no throw";
  } catch (const jumpflow::simulation_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "jumpflow::simulate_tau_leaping: propensity of channel 1 (sink) is -3 at time " +
                  jumpflow::format_value(seen_t) + ", but must be finite and >= 0");
  }
  EXPECT_GE(x[0], 100);
  EXPECT_EQ(seen, x);
}

TEST(TauLeaping, AllocatesNothingPerLeap) {
  const reaction_network net(
      3, {reaction_channel::mass_action(2e-5, {term{0, 1}, term{1, 1}}, {term{1, 2}}),
          reaction_channel::mass_action(1.0, {term{1, 1}}, {term{2, 1}})});
  const auto allocations_for = [&](double t1) {
    count_vector x = counts({100000, 500, 0});
    jumpflow::philox_engine g(22, 0);
    std::uint64_t leaps = 0;
    const auto before = jumpflow::test::allocations();
    jumpflow::simulate_tau_leaping(net, x, 0.0, t1, g,
                                   [&](const count_vector&, double) { ++leaps; });
    return std::pair{jumpflow::test::allocations() - before, leaps};
  };
  const auto [few, l_few] = allocations_for(1e-3);
  const auto [many, l_many] = allocations_for(3.0);
  EXPECT_GT(l_many, 20 * l_few);
  EXPECT_EQ(few, many) << "allocations grow with the number of leaps";
}

// Declared orders (reaction_channel::with_orders()): aligned with the sorted reads, checked.
TEST(ReactionNetwork, DeclaredOrdersAreStoredAndChecked) {
  const auto one = [](const count_vector&) { return 1.0; };
  const reaction_network net(
      3, {reaction_channel::custom(one, {term{0, 1}}, {2, 0}).with_orders({3.0, 0.5}),
          reaction_channel::custom(one, {term{1, 1}}, {1}),
          reaction_channel::mass_action(1.0, {term{0, 1}}, {}).with_orders({7.0})});
  const auto [first, last] = net.orders(0);
  ASSERT_EQ(last - first, 2);
  EXPECT_EQ(first[0], 0.5);  // species 0
  EXPECT_EQ(first[1], 3.0);  // species 2
  EXPECT_EQ(net.orders(1).first, net.orders(1).second);
  EXPECT_EQ(net.orders(2).first, net.orders(2).second);  // mass action: known, not declared
  try {
    reaction_network(1, {reaction_channel::custom(one, {term{0, 1}}, {0}).with_orders({1, 2})});
    FAIL() << "no throw";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "jumpflow::reaction_network: channel 0 orders.size() is 2, but must be the number "
              "of species it reads (1)");
  }
  EXPECT_THROW(reaction_network(1, {reaction_channel::custom(one, {term{0, 1}}, {0})
                                        .with_orders({-1.0})}),
               std::domain_error);
  EXPECT_THROW(reaction_network(1, {reaction_channel::custom(one, {term{0, 1}}, {}, true)
                                        .with_orders({std::nan("")})}),
               std::domain_error);
}

// The lattice estimate of a channel's order is the secant log-derivative over the change a
// leap allows: exact for monomials (x^3 is of order 3 + O(epsilon)) and close to the analytic
// elasticity h r^h/(1 + r^h) for a Hill repression (1.6 at r = 2, h = 2; tolerance 5% for the
// secant over +-epsilon x). Deterministic.
TEST(TauLeaping, LatticeOrderEstimatesTheElasticity) {
  const reaction_network net(
      2, {reaction_channel::custom(
              [](const count_vector& x) {
                const double r = static_cast<double>(x[1]) / 500.0;
                return 1000.0 / (1.0 + r * r);
              },
              {term{0, 1}}, {1}),
          reaction_channel::mass_action(1e-6, {term{0, 3}}, {})});
  count_vector x = counts({1000, 1000});
  const double hill = jumpflow::detail::lattice_order(net, 0, 1, x, 0.0, net.propensity(0, x), 0.01);
  EXPECT_NEAR(hill, 1.6, 0.08);
  const double cubic = jumpflow::detail::lattice_order(net, 1, 0, x, 0.0, net.propensity(1, x), 0.01);
  EXPECT_NEAR(cubic, 3.0, 0.1);
  EXPECT_EQ(x, counts({1000, 1000}));  // restored
  x[1] = 0;  // x_i = 0: the bound is one molecule whatever the order
  EXPECT_EQ(jumpflow::detail::lattice_order(net, 0, 1, x, 0.0, net.propensity(0, x), 0.01), 0.0);
}

}  // namespace

namespace {

// A chain 0 -> 1 -> ... -> k-1 -> sink with spread rates: many exponent groups that open,
// empty and reopen as the counts move down the chain (channels also fall to propensity 0).
reaction_network chain_network(int k) {
  std::vector<reaction_channel> channels;
  for (int i = 0; i < k; ++i) {
    std::vector<term> products;
    if (i + 1 < k) products.push_back(term{i + 1, 1});
    channels.push_back(reaction_channel::mass_action(std::pow(3.0, i % 7), {term{i, 1}}, products));
  }
  return reaction_network(k, std::move(channels));
}

}  // namespace

// The caller-owned workspace changes nothing but the cost: a run with a workspace that served
// other networks before gives bitwise the path of a fresh call (same events, same state).
TEST(CompositionRejectionWorkspace, ReusedWorkspaceGivesTheSamePathAsAFreshCall) {
  jumpflow::composition_rejection_workspace work;
  const auto sir = sir_network();
  const auto chain = chain_network(40);
  count_vector chain0 = count_vector::Zero(40);
  chain0[0] = 2000;
  chain0[10] = 50;
  for (int round = 0; round < 3; ++round) {
    for (const auto* net : {&chain, &sir}) {
      const count_vector x0 = net == &sir ? counts({1000, 10, 0}) : chain0;
      count_vector fresh = x0, reused = x0;
      jumpflow::philox_engine g1(5, static_cast<std::uint64_t>(round)), g2(5, static_cast<std::uint64_t>(round));
      const auto e1 = jumpflow::simulate_composition_rejection(*net, fresh, 0.0, 3.0, g1);
      const auto e2 = jumpflow::simulate_composition_rejection(*net, reused, 0.0, 3.0, g2, work);
      EXPECT_GT(e1, 100u);
      EXPECT_EQ(e1, e2) << round;
      EXPECT_EQ(fresh, reused) << round;
      EXPECT_EQ(g1(), g2()) << round;  // the same number of draws
    }
  }
  // With a warmed workspace, a run builds no table: it allocates less than a fresh call (which
  // allocates the group tables), and as much for a long run as for a short one.
  const auto allocations_for = [&](double t1, bool with_workspace) {
    count_vector x = chain0;
    jumpflow::philox_engine g(9, 0);
    const auto before = jumpflow::test::allocations();
    if (with_workspace) {
      jumpflow::simulate_composition_rejection(chain, x, 0.0, t1, g, work);
    } else {
      jumpflow::simulate_composition_rejection(chain, x, 0.0, t1, g);
    }
    return jumpflow::test::allocations() - before;
  };
  const auto warm_short = allocations_for(0.01, true), warm_long = allocations_for(3.0, true);
  EXPECT_EQ(warm_short, warm_long);
  EXPECT_LT(warm_long, allocations_for(3.0, false));
}

namespace window_protocol {

// A windowed_observer whose window, after each call it receives at (x, t), holds the states
// within `half` (2) of x in every species, up to time t + `span` (0.05); with a `rate`, the box
// moves by `rate` counts per unit time in every species (a count_window with a drift). It
// records the calls it receives, the calls reported skipped before each, and the window it gave
// after each.
struct recording_observer {
  long long half = 2;
  double span = 0.05;
  double rate = 0.0;
  std::vector<std::pair<count_vector, double>> made;
  std::vector<std::uint64_t> skipped_before;  // skip() total when each call was made
  std::vector<double> untils;
  std::vector<long long> box;
  std::vector<double> drift;
  std::uint64_t skipped = 0;
  void operator()(const count_vector& x, double t) {
    made.emplace_back(x, t);
    skipped_before.push_back(skipped);
    box.resize(static_cast<std::size_t>(2 * x.size()));
    for (jumpflow::index i = 0; i < x.size(); ++i) {
      box[static_cast<std::size_t>(2 * i)] = x[i] - half;
      box[static_cast<std::size_t>(2 * i + 1)] = 2 * half;
    }
    drift.assign(static_cast<std::size_t>(x.size()), rate);
    untils.push_back(t + span);
  }
  jumpflow::count_window window() const noexcept {
    return {untils.back(), box.data(), rate != 0.0 ? drift.data() : nullptr, made.back().second};
  }
  void skip(std::uint64_t k) { skipped += k; }
  // Whether y lies at time s in the box given after the call made number m (as
  // count_window::contains computes it).
  bool holds(std::size_t m, const count_vector& y, double s) const {
    const auto& [centre, from] = made[m];
    for (jumpflow::index i = 0; i < y.size(); ++i) {
      const double offset = static_cast<double>(y[i]) - rate * (s - from);
      const auto lo = static_cast<double>(centre[i] - half);
      if (!(offset >= lo && offset <= lo + static_cast<double>(2 * half))) return false;
    }
    return true;
  }
};
static_assert(jumpflow::windowed_observer<recording_observer>);
static_assert(!jumpflow::windowed_observer<jumpflow::null_observer>);

// The simulator kept the contract of windowed_observer against `all`, the calls of the same
// path to an observer that sees every call: the calls made are those of `all` less the skipped
// ones (counted by skip() before the next call made), every skipped call lies in the window
// given after the last call made before it (at its time; and for a moving box the last one
// before a call made also at that call's time, as its left limit), a call after that window's
// end comes right after a call made (the last skipped one is made first), and the last call is
// made.
void expect_contract_kept(const std::vector<std::pair<count_vector, double>>& all,
                          const recording_observer& w) {
  ASSERT_EQ(w.made.size() + w.skipped, all.size());
  ASSERT_FALSE(w.made.empty());
  std::size_t previous = 0;
  for (std::size_t m = 0; m < w.made.size(); ++m) {
    const std::size_t at = m + static_cast<std::size_t>(w.skipped_before[m]);
    ASSERT_LT(at, all.size());
    EXPECT_EQ(w.made[m].first, all[at].first) << "call " << at;
    EXPECT_EQ(w.made[m].second, all[at].second) << "call " << at;
    if (m == 0) {
      EXPECT_EQ(at, 0u);  // the start is never skipped
    } else {
      const double until = w.untils[m - 1];
      for (std::size_t s = previous + 1; s < at; ++s) {
        EXPECT_LE(all[s].second, until) << "skipped call " << s << " after the window";
        EXPECT_TRUE(w.holds(m - 1, all[s].first, all[s].second)) << "skipped call " << s;
      }
      if (at > previous + 1) {
        EXPECT_TRUE(w.holds(m - 1, all[at - 1].first, all[at].second))
            << "skipped call " << at - 1 << " at the time of call " << at;
      }
      if (all[at].second > until) {
        EXPECT_EQ(at, previous + 1) << "call " << at;
      }
    }
    previous = at;
  }
  EXPECT_EQ(previous + 1, all.size()) << "the last call was skipped";
}

}  // namespace window_protocol

// `Simulate` (simulate_direct(), simulate_sorting_direct(), simulate_dense_direct()) skips the
// calls a windowed_observer's window does not need, and keeps the protocol's contract (see
// core/observer_window.hpp): on the SIR network (each jump changes two of the three species)
// over a whole run, a run ended by the stop condition, and a run ended by a propensity that
// turns NaN (seed 21).
template <class Simulate>
void expect_skips_only_what_the_window_allows(Simulate simulate) {
  using window_protocol::recording_observer;
  const auto net = sir_network();
  const auto all_calls = [](std::vector<std::pair<count_vector, double>>& all) {
    return [&all](const count_vector& x, double t) { all.emplace_back(x, t); };
  };
  for (std::uint64_t r = 0; r < 4; ++r) {
    std::vector<std::pair<count_vector, double>> all;
    recording_observer w;
    count_vector x = counts({500, 10, 0}), y = x;
    jumpflow::philox_engine g1(21, r), g2(21, r);
    const auto events = simulate(net, x, 0.0, 8.0, g1, all_calls(all));
    EXPECT_EQ(simulate(net, y, 0.0, 8.0, g2, w), events);
    EXPECT_EQ(x, y);
    window_protocol::expect_contract_kept(all, w);
    EXPECT_GT(w.skipped, all.size() / 2) << "the window was used";
    // Stopped when 100 have recovered: the stopping state is the last call.
    const auto stop = [](const count_vector& z, double) { return z[2] >= 100; };
    std::vector<std::pair<count_vector, double>> all_stopped;
    recording_observer ws;
    x = counts({500, 10, 0});
    y = x;
    jumpflow::philox_engine g3(21, r), g4(21, r);
    simulate(net, x, 0.0, 8.0, g3, all_calls(all_stopped), stop);
    simulate(net, y, 0.0, 8.0, g4, ws, stop);
    window_protocol::expect_contract_kept(all_stopped, ws);
    EXPECT_EQ(ws.made.back().first[2], 100);
  }
  // A propensity that turns NaN when 30 have recovered: the call of the state at which it was
  // evaluated is made before the simulation_error propagates.
  const reaction_network failing(
      3, {reaction_channel::mass_action(0.01, {term{0, 1}, term{1, 1}}, {term{1, 2}}),
          reaction_channel::custom(
              [](const count_vector& z) {
                return z[2] >= 30 ? std::numeric_limits<double>::quiet_NaN()
                                  : static_cast<double>(z[1]);
              },
              {term{1, -1}, term{2, 1}}, {1, 2})});
  std::vector<std::pair<count_vector, double>> all;
  recording_observer w;
  count_vector x = counts({500, 10, 0}), y = x;
  jumpflow::philox_engine g1(21, 9), g2(21, 9);
  EXPECT_THROW(simulate(failing, x, 0.0, 8.0, g1, all_calls(all)), jumpflow::simulation_error);
  EXPECT_THROW(simulate(failing, y, 0.0, 8.0, g2, w), jumpflow::simulation_error);
  window_protocol::expect_contract_kept(all, w);
  EXPECT_EQ(w.made.back().first[2], 30);
}

TEST(WindowedObserver, SimulateDirectSkipsOnlyWhatTheWindowAllows) {
  expect_skips_only_what_the_window_allows(jumpflow::test::direct_sim{});
}
TEST(WindowedObserver, SimulateSortingDirectSkipsOnlyWhatTheWindowAllows) {
  expect_skips_only_what_the_window_allows(jumpflow::test::sorting_direct_sim{});
}
TEST(WindowedObserver, SimulateDenseDirectSkipsOnlyWhatTheWindowAllows) {
  expect_skips_only_what_the_window_allows(jumpflow::test::dense_direct_sim{});
}

// A box that moves (`rate` counts per unit time in every species), through the three
// simulators: simulate_direct() and simulate_sorting_direct() give it a time budget,
// simulate_dense_direct()'s register kernels compare the state with it after every jump
// (window_skipper::fix(): in doubles for SIR's three species, as counts valid up to a time
// budget for immigration-death's one). The state before a call made must lie in the box at that
// call's time (its left limit), and so must the last state before the end call at t1 when t1
// comes before the window's end: runs to t1 = 8 and runs of 0.02 (shorter than the window's
// span), at rates 5 and 200 counts per unit time (the box leaves a state behind within a window
// at the second), and with a box that does not move (rate 0) (seed 22).
template <class Simulate>
void expect_moving_box_contract_kept(Simulate simulate, const reaction_network& net,
                                     const count_vector& x0) {
  using window_protocol::recording_observer;
  for (const double rate : {0.0, 5.0, 200.0}) {
    std::uint64_t made = 0, calls = 0;
    for (const double t1 : {8.0, 0.02}) {
      for (std::uint64_t r = 0; r < 8; ++r) {
        std::vector<std::pair<count_vector, double>> all;
        recording_observer w;
        w.rate = rate;
        count_vector x = x0, y = x0;
        jumpflow::philox_engine g1(22, r), g2(22, r);
        simulate(net, x, 0.0, t1, g1,
                 [&all](const count_vector& z, double t) { all.emplace_back(z, t); });
        simulate(net, y, 0.0, t1, g2, w);
        EXPECT_EQ(x, y);
        window_protocol::expect_contract_kept(all, w);
        made += w.made.size();
        calls += all.size();
      }
    }
    // The window was used: at the slow rates for most calls, at the fast one for some.
    EXPECT_LT(made, rate < 100.0 ? calls / 2 : calls) << made << " of " << calls << " made";
  }
}

TEST(WindowedObserver, MovingBoxesKeepTheContract) {
  const auto sir = sir_network();
  const auto immigration_death = jumpflow::immigration_death(2000.0, 10.0);
  const count_vector sir0 = counts({500, 10, 0}), immigration_death0 = counts({200});
  expect_moving_box_contract_kept(jumpflow::test::direct_sim{}, sir, sir0);
  expect_moving_box_contract_kept(jumpflow::test::sorting_direct_sim{}, sir, sir0);
  expect_moving_box_contract_kept(jumpflow::test::dense_direct_sim{}, sir, sir0);
  expect_moving_box_contract_kept(jumpflow::test::direct_sim{}, immigration_death,
                                  immigration_death0);
  expect_moving_box_contract_kept(jumpflow::test::dense_direct_sim{}, immigration_death,
                                  immigration_death0);
}

// simulate_sorting_direct() skips the jumps of a window's budget unchecked and checks the ones
// after it exactly; simulate_direct() compares each jump's count with the box (one species). A
// pure birth by `step` (one species) against a window of half-width 2 step that ends after t1
// (the end call, at t1 < until, is made all the same): from each call made, the second jump
// reaches the box's edge and the third leaves it, so that exactly every third jump's call is
// made (and the end's). The budget is the distance to the edge over 2^s >= step: 2 jumps for a
// step of 1 and 2 (exact), 1 for a step of 3 (6 / 4), whose second jump is then checked at the
// edge (seed 41).
template <class Simulate>
void expect_every_third_call_made(Simulate simulate) {
  using window_protocol::recording_observer;
  for (const long long step : {1LL, 2LL, 3LL}) {
    const reaction_network birth(
        1,
        {reaction_channel::custom([](const count_vector&) { return 20.0; }, {term{0, step}}, {0})});
    std::vector<std::pair<count_vector, double>> all;
    recording_observer w;
    w.half = 2 * step;
    w.span = 1e9;
    count_vector x = counts({0}), y = x;
    jumpflow::philox_engine g1(41, static_cast<std::uint64_t>(step)),
        g2(41, static_cast<std::uint64_t>(step));
    const auto events = simulate(birth, x, 0.0, 3.0, g1, [&all](const count_vector& z, double t) {
      all.emplace_back(z, t);
    });
    EXPECT_EQ(simulate(birth, y, 0.0, 3.0, g2, w), events);
    ASSERT_GT(events, 30u);
    window_protocol::expect_contract_kept(all, w);
    ASSERT_EQ(w.made.size(), events / 3 + 2) << "step " << step;
    for (std::size_t m = 0; m + 1 < w.made.size(); ++m) {
      EXPECT_EQ(w.made[m].first[0], 3 * step * static_cast<long long>(m)) << "step " << step;
    }
  }
}

TEST(WindowedObserver, BudgetEndsExactlyAtTheBoxEdge) {
  expect_every_third_call_made(jumpflow::test::sorting_direct_sim{});
}
TEST(WindowedObserver, ComparisonEndsExactlyAtTheBoxEdge) {
  expect_every_third_call_made(jumpflow::test::direct_sim{});
}

// The contract is kept by jumps that change several species by several units (|change| up to
// 3: simulate_sorting_direct()'s budgets divide by 1, 2 and 4, and the changed species are
// checked twice, the whole state every third check; simulate_direct() and
// simulate_dense_direct() compare each jump's state with the box narrowed by 1, 2 and 4), on
// three species, with windows that end by time (span 0.05) and after t1 (span 10^9), over
// whole runs and a run ended by its stop condition (seed 43).
template <class Simulate>
void expect_contract_kept_by_jumps_of_several_units(Simulate simulate) {
  using window_protocol::recording_observer;
  const reaction_network net(
      3,
      {reaction_channel::custom([](const count_vector& z) { return static_cast<double>(z[1]); },
                                {term{0, 2}, term{1, -1}}, {1}),
       reaction_channel::custom(
           [](const count_vector& z) { return z[0] >= 3 ? 0.2 * static_cast<double>(z[0]) : 0.0; },
           {term{0, -3}, term{1, 1}, term{2, 2}}, {0}),
       reaction_channel::custom(
           [](const count_vector& z) { return 0.5 * static_cast<double>(z[2]); }, {term{2, -1}},
           {2}),
       reaction_channel::custom([](const count_vector&) { return 40.0; }, {term{1, 1}}, {1})});
  for (const double span : {0.05, 1e9}) {
    for (std::uint64_t r = 0; r < 3; ++r) {
      const bool stopped = r == 2;
      // Stops when the third species first reaches 40.
      const auto stop = [stopped](const count_vector& z, double) { return stopped && z[2] >= 40; };
      std::vector<std::pair<count_vector, double>> all;
      recording_observer w;
      w.half = 6;
      w.span = span;
      count_vector x = counts({30, 20, 0}), y = x;
      jumpflow::philox_engine g1(43, r), g2(43, r);
      const auto events = simulate(
          net, x, 0.0, 5.0, g1, [&all](const count_vector& z, double t) { all.emplace_back(z, t); },
          stop);
      EXPECT_EQ(simulate(net, y, 0.0, 5.0, g2, w, stop), events);
      EXPECT_EQ(x, y);
      // Long enough for many windows (the stopped run ends when the third species reaches 40,
      // after about 200 jumps).
      ASSERT_GT(events, stopped ? 100u : 200u) << "span " << span << ", replicate " << r;
      window_protocol::expect_contract_kept(all, w);
      EXPECT_GT(w.skipped, all.size() / 2) << "the window was used";
      if (stopped) {
        EXPECT_GE(w.made.back().first[2], 40);
      }
    }
  }
}

TEST(WindowedObserver, JumpsOfSeveralUnitsOnSeveralSpecies) {
  expect_contract_kept_by_jumps_of_several_units(jumpflow::test::direct_sim{});
}
TEST(WindowedObserver, SortingDirectJumpsOfSeveralUnitsOnSeveralSpecies) {
  expect_contract_kept_by_jumps_of_several_units(jumpflow::test::sorting_direct_sim{});
}
TEST(WindowedObserver, DenseDirectJumpsOfSeveralUnitsOnSeveralSpecies) {
  expect_contract_kept_by_jumps_of_several_units(jumpflow::test::dense_direct_sim{});
}
