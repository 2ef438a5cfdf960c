// bounded_limit: a closed-form limit with bounds on its speed and curvature. Its chord horizon
// is sharp (oracles: the parabola and the tent reach the distance from their chords), its
// bounds are checked, and sup_distance_observer against it prunes with the sup, argsup and calls
// bit for bit those of evaluating the closed form at every call.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "../jump/exact_simulators.hpp"
#include "counting_observer.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::vector;

// The largest distance of f from its chord on [t, u], over 2^12 + 1 equally spaced times (the
// middle among them).
template <class F>
double chord_gap(const F& f, double t, double u) {
  constexpr int steps = 1 << 12;
  const double ft = f(t), fu = f(u);
  double gap = 0.0;
  for (int k = 0; k <= steps; ++k) {
    const double w = static_cast<double>(k) / steps, s = t + w * (u - t);
    gap = std::max(gap, std::abs(f(s) - (ft + w * (fu - ft))));
  }
  return gap;
}

// Oracles: the parabola K s^2 / 2 (|x''| = K everywhere) is exactly K (u - t)^2 / 8 from its
// chord at the middle, and the tent L |s - m| (m the middle of [t, u], |x'| = L) is
// L (u - t) / 2 there. The horizon each bound gives must reach the distance up to its rounding
// and not beyond it. Tolerances, from the roundings:
//  * the span u - t falls short of the exact one by a relative delta = 2^-50 (3 + |t| / span)
//    at most (the cuts by 2^-50 of the quotient, the square root and reach_at_speed()'s budget,
//    and its cut of 2^-50 |t| for the sum), so the parabola's gap by 2 delta and the tent's by
//    delta, relatively; the computed u - t is within 2^-48 (|t| + span) of the exact span;
//  * the sampled gap is off by at most 2^-48 M for the parabola, M the largest |f| on [t, u]
//    (about ten roundings of 2^-53 M each: f(s), the time s and the chord's value), and by at
//    most 2^-48 L (|t| + |u|) for the tent, whose values are differences of times (the roundings
//    of s and of the middle, 2^-53 |u| each, times L).
TEST(BoundedLimit, ChordHorizonIsSharp) {
  const double curvature = 3.0;
  for (const double t : {0.0, 0.7, 5.0}) {
    for (const double distance : {1e-3, 0.02, 0.5}) {
      // The curvature bound alone (speed 0).
      const jumpflow::bounded_limit parabola(
          [curvature](double s) { return 0.5 * curvature * s * s; }, 0.0, curvature);
      const double u = parabola.chord_horizon(t, distance);
      const double span = std::sqrt(8.0 * distance / curvature);
      EXPECT_NEAR(u - t, span, 0x1p-48 * (t + span));
      const auto f = [&](double s) {
        vector out;
        parabola(s, out);
        return out[0];
      };
      const double gap = chord_gap(f, t, u);
      double rounding = 0x1p-48 * std::max(std::abs(f(t)), std::abs(f(u)));
      double delta = 0x1p-50 * (3.0 + t / span);
      EXPECT_LE(gap, distance + rounding) << "t " << t << " distance " << distance;
      EXPECT_GE(gap, distance * (1.0 - 2.0 * delta) - rounding)
          << "t " << t << " distance " << distance;
      // The speed bound wins when the curvature bound is far larger (the tent has no second
      // derivative: this checks the speed rule alone, which holds for any derivative with
      // values in [-L, L]).
      const double speed = 2.0;
      const jumpflow::bounded_limit fast([](double) { return 0.0; }, speed, 1e12);
      const double v = fast.chord_horizon(t, distance);
      const double reach = 2.0 * distance / speed;
      EXPECT_NEAR(v - t, reach, 0x1p-48 * (t + reach));
      const double middle = 0.5 * (t + v);
      const double tent = chord_gap([&](double s) { return speed * std::abs(s - middle); }, t, v);
      rounding = 0x1p-48 * speed * (t + v);
      delta = 0x1p-50 * (3.0 + t / reach);
      EXPECT_LE(tent, distance + rounding);
      EXPECT_GE(tent, distance * (1.0 - delta) - rounding);
      // Both: the farther reaching one.
      const jumpflow::bounded_limit both([](double) { return 0.0; }, speed, curvature);
      EXPECT_EQ(both.chord_horizon(t, distance) - t, std::max(u - t, v - t));
    }
  }
  // No distance, or none that is valid: no guarantee beyond t.
  const jumpflow::bounded_limit line([](double s) { return s; }, 1.0, 1.0);
  EXPECT_EQ(line.chord_horizon(2.0, 0.0), 2.0);
  EXPECT_EQ(line.chord_horizon(2.0, -1.0), 2.0);
  EXPECT_EQ(line.chord_horizon(2.0, std::nan("")), 2.0);
  EXPECT_EQ(line.chord_horizon(2.0, std::numeric_limits<double>::infinity()), 2.0);
  EXPECT_TRUE(std::isnan(line.chord_horizon(std::nan(""), 1.0)));
}

TEST(BoundedLimit, BoundsAreChecked) {
  const auto f = [](double t) { return t; };
  const double inf = std::numeric_limits<double>::infinity();
  for (const double speed : {-1.0, std::nan(""), inf}) {
    try {
      jumpflow::bounded_limit limit(f, speed, 1.0);
      ADD_FAILURE() << "speed bound " << speed << " accepted";
    } catch (const std::domain_error& e) {
      EXPECT_NE(std::string(e.what()).find("jumpflow::bounded_limit"), std::string::npos);
      EXPECT_NE(std::string(e.what()).find("speed_bound"), std::string::npos) << e.what();
    }
  }
  for (const double curvature : {0.0, -1.0, std::nan(""), inf}) {
    try {
      jumpflow::bounded_limit limit(f, 1.0, curvature);
      ADD_FAILURE() << "curvature bound " << curvature << " accepted";
    } catch (const std::domain_error& e) {
      EXPECT_NE(std::string(e.what()).find("curvature_bound"), std::string::npos) << e.what();
    }
  }
  try {
    jumpflow::bounded_limit limit(f, 1.0, 1.0, std::nan(""));
    ADD_FAILURE() << "a NaN end accepted";
  } catch (const std::domain_error& e) {
    EXPECT_NE(std::string(e.what()).find("end"), std::string::npos) << e.what();
  }
  // A constant limit (speed 0) is valid, and so is an end before 0.
  EXPECT_NO_THROW(jumpflow::bounded_limit(f, 0.0, 1.0, -1.0));
}

// A limit defined up to a time T (end = T): its chord horizons stop at T, so the observer never
// evaluates it beyond. Immigration-death at n = 2000 to t = 1 against 1 - e^{-t}/2 that throws
// after t = 1 (seed 42, 3 paths): with end = 1 the sups are those of the closed form evaluated
// at every call; without it a window reaches past t = 1 and the run throws.
TEST(BoundedLimit, EndStopsTheChords) {
  const auto until_one = [](double t) {
    if (t > 1.0) throw std::out_of_range("evaluated after t = 1");
    return 1.0 - 0.5 * std::exp(-t);
  };
  const jumpflow::bounded_limit limit(until_one, 0.5, 0.5, 1.0);
  EXPECT_EQ(limit.end(), 1.0);
  EXPECT_EQ(limit.chord_horizon(0.9, 0.5), 1.0);  // 0.9 + sqrt(8) without the end
  EXPECT_EQ(limit.chord_horizon(1.0, 0.5), 1.0);  // no guarantee beyond the end
  EXPECT_EQ(limit.chord_horizon(1.5, 0.5), 1.5);
  EXPECT_LT(limit.chord_horizon(0.0, 1e-4), 0.1);  // far before the end: the bounds' own reach
  const double n = 2000;
  const jumpflow::immigration_death_family family(1.0, 1.0, 0.5);
  const auto net = family.model(n);
  for (std::uint64_t r = 0; r < 3; ++r) {
    jumpflow::sup_distance_observer pruned(limit, jumpflow::euclidean_norm{}, 1.0 / n);
    jumpflow::sup_distance_observer plain(until_one, jumpflow::euclidean_norm{}, 1.0 / n);
    auto x = family.initial_counts(n), y = x;
    philox_engine g(42, r), h(42, r);
    jumpflow::simulate_direct(net, x, 0.0, 1.0, g, pruned);
    jumpflow::simulate_direct(net, y, 0.0, 1.0, h, plain);
    EXPECT_EQ(pruned.sup(), plain.sup()) << "path " << r;
    EXPECT_EQ(pruned.argsup(), plain.argsup()) << "path " << r;
    EXPECT_LT(pruned.evaluations(), plain.evaluations() / 10) << "path " << r;
  }
  const jumpflow::bounded_limit unended(until_one, 0.5, 0.5);
  jumpflow::sup_distance_observer beyond(unended, jumpflow::euclidean_norm{}, 1.0 / n);
  auto x = family.initial_counts(n);
  philox_engine g(42, 0);
  EXPECT_THROW(jumpflow::simulate_direct(net, x, 0.0, 1.0, g, beyond), std::out_of_range);
}

TEST(BoundedLimit, ScalarAndVectorCallables) {
  const jumpflow::bounded_limit scalar([](double t) { return 2.0 * t; }, 2.0, 1.0);
  vector out(3);
  scalar(1.5, out);
  ASSERT_EQ(out.size(), 1);
  EXPECT_EQ(out[0], 3.0);
  EXPECT_EQ(scalar.speed_bound(), 2.0);
  EXPECT_EQ(scalar.curvature_bound(), 1.0);
  EXPECT_EQ(scalar.function()(2.0), 4.0);
  const jumpflow::bounded_limit pair(
      [](double t, vector& v) {
        v.resize(2);
        v << t, -t;
      },
      2.0, 1.0);
  pair(0.5, out);
  ASSERT_EQ(out.size(), 2);
  EXPECT_EQ(out[0], 0.5);
  EXPECT_EQ(out[1], -0.5);
  // The observer prunes against it, and simulators skip its calls.
  using observer = jumpflow::sup_distance_observer<decltype(pair)>;
  static_assert(jumpflow::windowed_observer<observer>);
}

using jumpflow::test::counting_observer;

// Two independent immigration-death species at scale n: immigration n and 2n, death 1 per
// molecule, from n/2 each; the limit is (1 - e^{-t}/2, 2 - 3 e^{-t}/2), with
// L = K = 1/2 + 3/2 = 2.
jumpflow::reaction_network two_species(double n) {
  using jumpflow::reaction_channel;
  return jumpflow::reaction_network(
      2, {reaction_channel::mass_action(n, {}, {{0, 1}}, "immigration A"),
          reaction_channel::mass_action(1.0, {{0, 1}}, {}, "death A"),
          reaction_channel::mass_action(2.0 * n, {}, {{1, 1}}, "immigration B"),
          reaction_channel::mass_action(1.0, {{1, 1}}, {}, "death B")});
}

// Against the closed form with its bounds, each simulator that honours the window protocol
// skips calls (at most `made_share` of them made, over the runs) and the observer evaluates few
// (at most `evaluated_share`), with the sup, argsup and calls bit for bit those of the same
// closed form evaluated at every call (a plain lambda), in the three norms. Seed 41, 3 paths
// per simulator and norm; a run in two parts (the second continues the first's observer).
template <class Limit, class Plain, class Simulate>
void expect_pruned_runs_exact(const jumpflow::reaction_network& net, const Limit& limit,
                              const Plain& plain_limit, const jumpflow::count_vector& x0, double n,
                              double t_end, double made_share, double evaluated_share,
                              Simulate simulate, const char* name) {
  std::uint64_t made = 0, calls = 0, evaluations = 0;
  const auto run = [&](auto norm, std::uint64_t r) {
    counting_observer<Limit, decltype(norm)> pruned(limit, norm, 1.0 / n);
    jumpflow::sup_distance_observer plain(plain_limit, norm, 1.0 / n);
    auto x = x0, y = x0;
    philox_engine g(41, r), h(41, r);
    for (const auto& [a, b] : {std::pair{0.0, 0.5 * t_end}, std::pair{0.5 * t_end, t_end}}) {
      simulate(net, x, a, b, g, pruned, jumpflow::never_stop{});
      simulate(
          net, y, a, b, h, [&](const auto& z, double t) { plain(z, t); }, jumpflow::never_stop{});
    }
    ASSERT_EQ(x, y);
    EXPECT_EQ(pruned.sup(), plain.sup()) << name << " path " << r;
    EXPECT_EQ(pruned.argsup(), plain.argsup()) << name << " path " << r;
    EXPECT_EQ(pruned.calls(), plain.calls()) << name << " path " << r;
    EXPECT_EQ(plain.evaluations(), plain.calls());
    made += pruned.made;
    calls += pruned.calls();
    evaluations += pruned.evaluations();
  };
  for (std::uint64_t r = 0; r < 3; ++r) {
    run(jumpflow::euclidean_norm{}, r);
    run(jumpflow::max_norm{}, r);
    run(jumpflow::l1_norm{}, r);
  }
  std::printf("%s (seed 41): %llu evaluations, %llu calls made of %llu\n", name,
              static_cast<unsigned long long>(evaluations), static_cast<unsigned long long>(made),
              static_cast<unsigned long long>(calls));
  EXPECT_LT(static_cast<double>(made), made_share * static_cast<double>(calls)) << name;
  EXPECT_LT(static_cast<double>(evaluations), evaluated_share * static_cast<double>(calls)) << name;
}

// Immigration-death at n = 2000 against 1 - e^{-t}/2 (L = K = 1/2) to t = 2, and the two
// species above at n = 1000; through simulate_direct(), simulate_sorting_direct() and
// simulate_dense_direct(). Measured (each simulator's nine runs together): immigration-death
// 2.6% to 4.1% of the calls evaluated and 3.0% to 4.5% made, the two species 3.9% to 4.7% and
// 4.4% to 5.1%;
// the bounds are 5% and 6%, 6% and 7%. With the speed bound alone (checked with a bounded_limit
// that has no chord_horizon(): windows around the midpoint of the limit's ends that do not move)
// 5.1% to 7.3% and 7.9% to 8.5% of the calls are evaluated and 7.3% to 10.3% and 11.6% to 12.2%
// made, which fails every bound; with no bound every call is evaluated.
// The comparison of sups is not sensitive to bounds off by a small factor: the observer leaves
// its windows slack (immigration-death through simulate_direct(), Euclidean norm: with L and K
// 10 times too small the three sups were unchanged, 100 times too small one of the three
// differed). The bounds' arithmetic is checked sharply by ChordHorizonIsSharp.
TEST(BoundedLimit, PrunedSupIsExact) {
  const double n1 = 2000;
  const jumpflow::immigration_death_family family(1.0, 1.0, 0.5);
  const auto one = [](double t) { return 1.0 - 0.5 * std::exp(-t); };
  const jumpflow::bounded_limit limit1(one, 0.5, 0.5);
  const auto plain1 = [&one](double t, vector& out) {
    out.resize(1);
    out[0] = one(t);
  };
  const double n2 = 1000;
  const auto two = [](double t, vector& out) {
    out.resize(2);
    const double e = std::exp(-t);
    out << 1.0 - 0.5 * e, 2.0 - 1.5 * e;
  };
  const jumpflow::bounded_limit limit2(two, 2.0, 2.0);
  const jumpflow::count_vector start2 = (jumpflow::count_vector(2) << 500, 500).finished();
  const auto both = [&](auto simulate, const char* name) {
    expect_pruned_runs_exact(family.model(n1), limit1, plain1, family.initial_counts(n1), n1, 2.0,
                             0.06, 0.05, simulate, name);
    expect_pruned_runs_exact(two_species(n2), limit2, two, start2, n2, 2.0, 0.07, 0.06, simulate,
                             name);
  };
  both(jumpflow::test::direct_sim{}, "simulate_direct");
  both(jumpflow::test::sorting_direct_sim{}, "simulate_sorting_direct");
  both(jumpflow::test::dense_direct_sim{}, "simulate_dense_direct");
}

}  // namespace
