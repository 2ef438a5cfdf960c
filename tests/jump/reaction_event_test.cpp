// Discrete events of reaction networks (reaction_event), honoured by every exact simulator:
// a switch at a fixed time against the exact mean (statistical), a trigger on the counts that
// caps a birth process (exact, path by path), initial values, mixed triggers, cascades, the
// observer and stop contract, and bad input. Every statistical test prints its seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "exact_simulators.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::reaction_channel;
using jumpflow::reaction_event;
using jumpflow::reaction_network;
using jumpflow::test::announce_seed;
using term = jumpflow::species_term;

template <class Sim>
class ReactionEvents : public ::testing::Test {};
using simulators = ::testing::Types<jumpflow::test::direct_sim, jumpflow::test::next_reaction_sim,
                                    jumpflow::test::composition_rejection_sim>;
TYPED_TEST_SUITE(ReactionEvents, simulators);

// X is born at rate k G and dies at rate mu X; the gene G (species 1, no channel changes it)
// is switched from 1 to 3 at time T by an event. `timed` makes the birth a time-dependent
// channel (same rate), so that the event-location path is exercised too.
constexpr double k = 10.0, mu = 1.0, T_switch = 1.0;
reaction_network switched_birth_death(bool timed) {
  std::vector<reaction_channel> channels;
  if (timed) {
    channels.push_back(reaction_channel::time_dependent(
        [](const count_vector& x, double) { return k * static_cast<double>(x[1]); }, {term{0, 1}},
        {1}, false, "birth"));
  } else {
    channels.push_back(
        reaction_channel::mass_action(k, {term{1, 1}}, {term{0, 1}, term{1, 1}}, "birth"));
  }
  channels.push_back(reaction_channel::mass_action(mu, {term{0, 1}}, {}, "death"));
  return reaction_network(2, std::move(channels),
                          {reaction_event::at_time(
                              T_switch, [](count_vector& x, double) { x[1] = 3; }, "switch")});
}

// The exact mean from X_0 = 0: m' = k G(t) - mu m, G = 1 before T and 3 after.
double switched_mean(double t) {
  const double before = k / mu * (1.0 - std::exp(-mu * std::min(t, T_switch)));
  if (t <= T_switch) return before;
  const double s = t - T_switch;
  return before * std::exp(-mu * s) + 3.0 * k / mu * (1.0 - std::exp(-mu * s));
}

// Oracle: X_t is Poisson with mean m(t) (immigrants at a deterministic rate die
// independently), so Var X_t = m(t). At t = 0.5 (before the switch) and t = 2 (after), the
// sample mean of R = 1000 replicates must lie within 5 standard errors sqrt(m/R).
TYPED_TEST(ReactionEvents, SwitchAtAFixedTimeGivesTheExactMean) {
  for (const bool timed : {false, true}) {
    const auto net = switched_birth_death(timed);
    const jumpflow::stream_factory streams(announce_seed(20261201));
    constexpr int R = 1000;
    const std::vector<double> grid{0.5, 2.0};
    std::vector<double> sum(grid.size(), 0.0);
    for (std::uint64_t r = 0; r < R; ++r) {
      auto g = streams(r);
      count_vector x(2);
      x << 0, 1;
      std::size_t next = 0;
      double last_t = 0.0;
      count_vector last = x;
      TypeParam{}(net, x, 0.0, grid.back(), g, [&](const count_vector& y, double t) {
        while (next < grid.size() && grid[next] < t) sum[next++] += static_cast<double>(last[0]);
        last = y;
        last_t = t;
      });
      while (next < grid.size()) sum[next++] += static_cast<double>(last[0]);
      ASSERT_EQ(x[1], 3);
      ASSERT_EQ(last_t, grid.back());
    }
    for (std::size_t i = 0; i < grid.size(); ++i) {
      const double m = switched_mean(grid[i]), mean = sum[i] / R, se = std::sqrt(m / R);
      std::cout << TypeParam::name << (timed ? " (timed)" : "") << ": t = " << grid[i] << ", mean "
                << mean << ", exact " << m << ", z = " << (mean - m) / se << "\n";
      EXPECT_LT(std::fabs(mean - m), 5.0 * se) << "t = " << grid[i];
    }
  }
}

// A trigger on the counts: when X reaches 20 the gene is switched off. Exact on every path:
// X never exceeds 20, the observer sees (20, 1) then (20, 0) at the same time, and the event
// fires once.
TYPED_TEST(ReactionEvents, StateTriggerFiresAtTheJump) {
  int fired = 0;
  const reaction_network net(
      2,
      {reaction_channel::mass_action(5.0, {term{1, 1}}, {term{0, 1}, term{1, 1}}, "birth"),
       reaction_channel::mass_action(0.1, {term{0, 1}}, {}, "death")},
      {reaction_event::when([](const count_vector& x, double) { return x[0] >= 20; },
                            [&fired](count_vector& x, double) {
                              x[1] = 0;
                              ++fired;
                            })});
  const jumpflow::stream_factory streams(announce_seed(20261202));
  for (std::uint64_t r = 0; r < 20; ++r) {
    auto g = streams(r);
    count_vector x(2);
    x << 0, 1;
    fired = 0;
    long long top = 0;
    double t_hit = -1.0, t_off = -2.0, t_prev = 0.0;
    TypeParam{}(net, x, 0.0, 50.0, g, [&](const count_vector& y, double t) {
      EXPECT_GE(t, t_prev);
      t_prev = t;
      top = std::max(top, y[0]);
      if (y[0] == 20 && y[1] == 1) t_hit = t;
      if (y[1] == 0 && t_off < 0.0) t_off = t;
    });
    EXPECT_EQ(top, 20);
    EXPECT_EQ(fired, 1);
    EXPECT_EQ(t_hit, t_off);
    EXPECT_EQ(x[1], 0);
  }
}

// Mixed trigger t >= 1 and X >= 5 (switch time 1): it fires at the first instant both hold,
// at t = 1 if X >= 5 already, else at the jump that brings X to 5. Also initial values: with
// initial_value false a trigger true at the start fires there, with true it does not.
TYPED_TEST(ReactionEvents, MixedTriggerAndInitialValue) {
  double fired_at = -1.0;
  long long x_then = -1;
  const reaction_network net(
      2, {reaction_channel::mass_action(3.0, {}, {term{0, 1}}, "birth")},
      {reaction_event::when([](const count_vector& x, double t) { return t >= 1.0 && x[0] >= 5; },
                            [&](count_vector& x, double t) {
                              fired_at = t;
                              x_then = x[0];
                              x[1] += 1;
                            },
                            true, {1.0}),
       reaction_event::when([](const count_vector& x, double) { return x[0] >= 0; },
                            [](count_vector& x, double) { x[1] += 100; }, true, {}, false)});
  jumpflow::philox_engine g(announce_seed(20261203));
  for (int r = 0; r < 50; ++r) {
    count_vector x = count_vector::Zero(2);
    long long at_one = -1;
    fired_at = -1.0;
    TypeParam{}(net, x, 0.0, 10.0, g, [&](const count_vector& y, double t) {
      if (t <= 1.0) at_one = y[0];
    });
    EXPECT_EQ(x[1], 101);  // each event fired once
    ASSERT_GE(fired_at, 1.0);
    if (at_one >= 5) {
      EXPECT_EQ(fired_at, 1.0);
    } else {
      EXPECT_EQ(x_then, 5);
    }
  }
  // initial_value true: a trigger true at the start does not fire.
  const reaction_network quiet(
      2, {reaction_channel::mass_action(1.0, {}, {term{0, 1}})},
      {reaction_event::when([](const count_vector&, double) { return true; },
                            [](count_vector& x, double) { x[1] += 1; })});
  count_vector x = count_vector::Zero(2);
  TypeParam{}(quiet, x, 0.0, 1.0, g);
  EXPECT_EQ(x[1], 0);
}

// Stop conditions still end the run, events at the end time are applied before the last
// observation, and the run does not start before t0 (an event time at or before t0 fires at
// the start).
TYPED_TEST(ReactionEvents, StopAndEndTime) {
  const reaction_network net(
      2, {reaction_channel::mass_action(50.0, {}, {term{0, 1}})},
      {reaction_event::at_time(2.0, [](count_vector& x, double) { x[1] += 1; }),
       reaction_event::at_time(-1.0, [](count_vector& x, double) { x[1] += 10; })});
  jumpflow::philox_engine g(7);
  count_vector x = count_vector::Zero(2);
  std::vector<double> times;
  TypeParam{}(net, x, 0.0, 2.0, g, [&](const count_vector&, double t) { times.push_back(t); });
  EXPECT_EQ(x[1], 11);
  EXPECT_EQ(times.front(), 0.0);
  EXPECT_EQ(times.back(), 2.0);
  EXPECT_EQ(std::count(times.begin(), times.end(), 2.0), 1);
  x.setZero();
  double end = 0.0;
  const auto n = TypeParam{}(
      net, x, 0.0, 5.0, g, [&](const count_vector&, double t) { end = t; },
      [](const count_vector& y, double) { return y[0] >= 10; });
  EXPECT_EQ(n, 10u);
  EXPECT_EQ(x[0], 10);
  EXPECT_LT(end, 2.0);
}

TYPED_TEST(ReactionEvents, BadAssignmentsAreSimulationErrors) {
  const auto birth = reaction_channel::mass_action(1.0, {}, {term{0, 1}});
  const reaction_network negative(1, {birth},
                                  {reaction_event::at_time(
                                      0.5, [](count_vector& x, double) { x[0] = -3; }, "drain")});
  jumpflow::philox_engine g(1);
  count_vector x = count_vector::Zero(1);
  const std::string message =
      jumpflow::test::error_of([&] { TypeParam{}(negative, x, 0.0, 1.0, g); });
  EXPECT_EQ(message, std::string(TypeParam::name) +
                         ": the count of species 0 after event 0 (drain) is -3 at time 0.5, but "
                         "must be >= 0");
  // Two events that turn each other's trigger on and off without end.
  const reaction_network ping_pong(
      2, {birth},
      {reaction_event::when([](const count_vector& y, double) { return y[1] == 0; },
                            [](count_vector& y, double) { y[1] = 1; }, true, {}, false),
       reaction_event::when([](const count_vector& y, double) { return y[1] == 1; },
                            [](count_vector& y, double) { y[1] = 0; })});
  x = count_vector::Zero(2);
  EXPECT_THROW(TypeParam{}(ping_pong, x, 0.0, 1.0, g), jumpflow::simulation_error);
}

TEST(ReactionEventNetwork, ValidatesAndTauLeapingRefuses) {
  const auto birth = reaction_channel::mass_action(1.0, {}, {term{0, 1}});
  EXPECT_THROW(
      reaction_network(1, {birth}, {reaction_event::when(nullptr, [](count_vector&, double) {})}),
      std::invalid_argument);
  EXPECT_THROW(reaction_network(1, {birth}, {reaction_event::at_time(0.0, nullptr)}),
               std::invalid_argument);
  EXPECT_THROW(
      reaction_network(1, {birth}, {reaction_event::at_time(NAN, [](count_vector&, double) {})}),
      std::invalid_argument);
  const reaction_network net(
      1, {birth},
      {reaction_event::at_time(
           2.0, [](count_vector&, double) {}, "a"),
       reaction_event::when([](const count_vector&, double t) { return t >= 1.0; },
                            [](count_vector&, double) {}, false, {2.0, 1.0})});
  EXPECT_TRUE(net.has_events());
  EXPECT_EQ(net.event_times(), (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(net.describe_event(0), "event 0 (a)");
  EXPECT_EQ(net.describe_event(1), "event 1");
  jumpflow::philox_engine g(1);
  count_vector x = count_vector::Zero(1);
  EXPECT_EQ(jumpflow::test::error_of([&] { jumpflow::simulate_tau_leaping(net, x, 0.0, 1.0, g); }),
            "jumpflow::simulate_tau_leaping: the number of the network's events is 2, but must be "
            "0 (a leap does not locate discrete events: use an exact simulator)");
}

}  // namespace
