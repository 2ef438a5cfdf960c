// Unit tests of the poisson module: bad input, edge cases, the streaming contract.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "jumpflow/poisson.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::philox_engine;
using jumpflow::test::error_of;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

TEST(PoissonProcess, RejectsBadRates) {
  EXPECT_THROW(jumpflow::poisson_process{-1.0}, std::domain_error);
  EXPECT_THROW(jumpflow::poisson_process{nan}, std::domain_error);
  EXPECT_THROW(jumpflow::poisson_process{inf}, std::domain_error);
  EXPECT_EQ(error_of([] { jumpflow::poisson_process p(-1.0); }),
            "jumpflow::poisson_process: rate is -1, but must be finite and >= 0");
}

TEST(PoissonProcess, RejectsBadSpans) {
  const jumpflow::poisson_process p(1.0);
  philox_engine g(1);
  auto ignore = [](double) {};
  EXPECT_THROW(p.generate(g, 2.0, 1.0, ignore), std::domain_error);
  EXPECT_THROW(p.generate(g, nan, 1.0, ignore), std::domain_error);
  EXPECT_THROW(p.generate(g, 0.0, inf, ignore), std::domain_error);
  EXPECT_EQ(error_of([&] { p.generate(g, 2.0, 1.0, ignore); }),
            "jumpflow::poisson_process::generate: t1 is 1, but must be finite and >= t0");
}

TEST(PoissonProcess, ZeroRateOrEmptySpanDrawsNothing) {
  philox_engine g(1);
  int calls = 0;
  auto count = [&](double) { ++calls; };
  EXPECT_EQ(jumpflow::poisson_process(0.0).generate(g, 0.0, 100.0, count), 0u);
  EXPECT_EQ(jumpflow::poisson_process(5.0).generate(g, 3.0, 3.0, count), 0u);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(g.position(), 0u);
}

TEST(PoissonProcess, PointsIncreaseInsideTheSpanAndUseCountPlusOneDraws) {
  philox_engine g(7);
  std::vector<double> ts;
  const auto n =
      jumpflow::poisson_process(3.0).generate(g, -1.0, 9.0, [&](double t) { ts.push_back(t); });
  ASSERT_EQ(n, ts.size());
  ASSERT_GT(n, 10u);
  EXPECT_GT(ts.front(), -1.0);
  EXPECT_LE(ts.back(), 9.0);
  for (std::size_t i = 1; i < ts.size(); ++i) EXPECT_LT(ts[i - 1], ts[i]);
  EXPECT_EQ(g.position(), n + 1);  // one exponential (one 64-bit word) per gap
}

TEST(PoissonProcess, StalledClockIsASimulationError) {
  philox_engine g(1);
  const jumpflow::poisson_process p(1e300);
  EXPECT_THROW(p.generate(g, 1e10, 2e10, [](double) {}), jumpflow::simulation_error);
}

TEST(MarkedPoissonMeasure, RejectsBadInput) {
  EXPECT_THROW(jumpflow::marked_poisson_measure(-2.0, jumpflow::uniform_cube_law(2)),
               std::domain_error);
  EXPECT_THROW(jumpflow::marked_poisson_measure(nan, jumpflow::uniform_cube_law(2)),
               std::domain_error);
  const jumpflow::marked_poisson_measure m(1.0, jumpflow::uniform_cube_law(2));
  philox_engine g(1);
  EXPECT_THROW(m.generate(g, 1.0, 0.0, [](double, const jumpflow::vector&) {}), std::domain_error);
}

TEST(MarkedPoissonMeasure, ReusesOneMarkBufferOfTheLawsDimension) {
  const jumpflow::marked_poisson_measure m(4.0, jumpflow::uniform_cube_law(5));
  static_assert(std::is_same_v<decltype(m)::mark_type, jumpflow::vector>);
  philox_engine g(3);
  const double* address = nullptr;
  double last = 0.0;
  const auto n = m.generate(g, 0.0, 10.0, [&](double t, const jumpflow::vector& u) {
    ASSERT_EQ(u.size(), 5);
    if (address == nullptr) address = u.data();
    EXPECT_EQ(u.data(), address);
    EXPECT_LE(u.cwiseAbs().maxCoeff(), 1.0);
    EXPECT_GT(t, last);
    last = t;
  });
  EXPECT_GT(n, 10u);
  EXPECT_EQ(g.position(), n * 6 + 1);  // per atom: one gap + five coordinates
}

TEST(MarkedPoissonMeasure, AcceptsACallableScalarLaw) {
  auto law = [](auto& g) { return jumpflow::standard_exponential(g); };
  const jumpflow::marked_poisson_measure m(2.0, law);
  static_assert(std::is_same_v<decltype(m)::mark_type, double>);
  philox_engine g(3);
  double sum = 0.0;
  m.generate(g, 0.0, 5.0, [&](double, double u) { sum += u; });
  EXPECT_GT(sum, 0.0);
}

TEST(ThinnedPoissonProcess, RejectsBadBoundAndAnIntensityAboveIt) {
  auto lambda = [](double t) { return 1.0 + t; };
  EXPECT_THROW(jumpflow::thinned_poisson_process(lambda, -1.0), std::domain_error);
  EXPECT_THROW(jumpflow::thinned_poisson_process(lambda, nan), std::domain_error);
  const jumpflow::thinned_poisson_process p(lambda, 2.0);
  philox_engine g(1);
  // 1 + t exceeds 2 after t = 1: the error names the function, the value, the time, the bound.
  const std::string what = error_of([&] { p.generate(g, 0.0, 10.0, [](double) {}); });
  EXPECT_NE(what.find("jumpflow::thinned_poisson_process::generate: intensity is "),
            std::string::npos)
      << what;
  EXPECT_NE(what.find(" at time "), std::string::npos) << what;
  EXPECT_NE(what.find("<= the bound 2"), std::string::npos) << what;
  EXPECT_THROW(p.generate(g, 0.0, 10.0, [](double) {}), jumpflow::simulation_error);
  const jumpflow::thinned_poisson_process bad([](double) { return nan; }, 1.0);
  EXPECT_THROW(bad.generate(g, 0.0, 10.0, [](double) {}), jumpflow::simulation_error);
  const jumpflow::thinned_poisson_process negative([](double) { return -0.5; }, 1.0);
  EXPECT_THROW(negative.generate(g, 0.0, 10.0, [](double) {}), jumpflow::simulation_error);
}

TEST(ThinnedPoissonProcess, KeepsEveryCandidateWhenTheIntensityIsTheBound) {
  const jumpflow::thinned_poisson_process p([](double) { return 3.0; }, 3.0);
  philox_engine g(5);
  const auto n = p.generate(g, 0.0, 10.0, [](double) {});
  EXPECT_EQ(g.position(), 2 * n + 1);  // gap + acceptance uniform per candidate
}

TEST(TimeChangedPoissonProcess, GivenAndNumericInversesAgree) {
  // Intensity 2t: cumulative t^2, inverse sqrt(s).
  auto cumulative = [](double t) { return t * t; };
  auto inverse = [](double s) { return std::sqrt(s); };
  const jumpflow::time_changed_poisson_process given(cumulative, inverse);
  const jumpflow::time_changed_poisson_process numeric(cumulative);
  philox_engine g1(11), g2(11);
  std::vector<double> a, b;
  const auto na = given.generate(g1, 0.5, 6.0, [&](double t) { a.push_back(t); });
  const auto nb = numeric.generate(g2, 0.5, 6.0, [&](double t) { b.push_back(t); });
  ASSERT_EQ(na, nb);
  ASSERT_GT(na, 5u);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-10);
}

TEST(TimeChangedPoissonProcess, NumericInversionHandlesFlatStretchesAndStops) {
  // Intensity 0 on [0, 1), then 2: no point before 1.
  auto cumulative = [](double t) { return t < 1.0 ? 0.0 : 2.0 * (t - 1.0); };
  const jumpflow::time_changed_poisson_process p(cumulative, jumpflow::numeric_inversion{1e-14});
  philox_engine g(2);
  std::vector<double> ts;
  p.generate(g, 0.0, 6.0, [&](double t) { ts.push_back(t); });
  ASSERT_FALSE(ts.empty());
  EXPECT_GE(ts.front(), 1.0);
  for (std::size_t i = 1; i < ts.size(); ++i) EXPECT_LE(ts[i - 1], ts[i]);
}

TEST(TimeChangedPoissonProcess, RejectsBadInput) {
  auto decreasing = [](double t) { return -t; };
  EXPECT_THROW(jumpflow::time_changed_poisson_process(decreasing, jumpflow::numeric_inversion{0.0}),
               std::domain_error);
  EXPECT_THROW(jumpflow::time_changed_poisson_process(decreasing, jumpflow::numeric_inversion{nan}),
               std::domain_error);
  const jumpflow::time_changed_poisson_process p(decreasing);
  philox_engine g(1);
  EXPECT_THROW(p.generate(g, 0.0, 1.0, [](double) {}), jumpflow::simulation_error);
  EXPECT_THROW(p.generate(g, 1.0, 0.0, [](double) {}), std::domain_error);
  // A wrong inverse (returns times outside the span) is caught.
  const jumpflow::time_changed_poisson_process wrong([](double t) { return 5.0 * t; },
                                                     [](double s) { return s; });
  EXPECT_THROW(wrong.generate(g, 0.0, 10.0, [](double) {}), jumpflow::simulation_error);
}

TEST(CompoundPoissonProcess, StreamsTheRunningSum) {
  const jumpflow::compound_poisson_process y(3.0, jumpflow::gaussian_law(2));
  philox_engine g1(4), g2(4);
  jumpflow::vector last = jumpflow::vector::Zero(2);
  const jumpflow::vector total =
      y.generate(g1, 0.0, 5.0, [&](double, const jumpflow::vector& v) { last = v; });
  EXPECT_EQ(total, last);
  EXPECT_EQ(y.increment(g2, 0.0, 5.0), total);
  const jumpflow::compound_poisson_process scalar(2.0,
                                                  [](auto& g) { return jumpflow::uniform01(g); });
  philox_engine g3(4);
  EXPECT_GT(scalar.increment(g3, 0.0, 5.0), 0.0);
  EXPECT_THROW(jumpflow::compound_poisson_process(-1.0, jumpflow::gaussian_law(2)),
               std::domain_error);
}

TEST(PrmIntegral, CountsAndCompensates) {
  const jumpflow::marked_poisson_measure m(2.0, jumpflow::uniform_cube_law(1));
  philox_engine g1(9), g2(9), g3(9);
  const double count =
      jumpflow::prm_integral(m, g1, 0.0, 4.0, [](double, const auto&) { return 1.0; });
  const auto n = m.generate(g2, 0.0, 4.0, [](double, const auto&) {});
  EXPECT_EQ(count, static_cast<double>(n));
  const double compensated = jumpflow::compensated_prm_integral(
      m, g3, 0.0, 4.0, [](double, const auto&) { return 1.0; }, 8.0);
  EXPECT_EQ(compensated, count - 8.0);
  philox_engine g4(9);
  EXPECT_THROW(jumpflow::compensated_prm_integral(
                   m, g4, 0.0, 4.0, [](double, const auto&) { return 1.0; }, nan),
               std::domain_error);
  EXPECT_THROW(jumpflow::estimate_compensator(
                   m, g4, 0.0, 4.0, [](double, const auto&) { return 1.0; }, 1),
               std::invalid_argument);
  // A constant integrand: the estimate is exact and its standard error 0.
  const auto c = jumpflow::estimate_compensator(
      m, g4, 0.0, 4.0, [](double, const auto&) { return 1.0; }, 100);
  EXPECT_DOUBLE_EQ(c.value, 8.0);
  EXPECT_EQ(c.standard_error, 0.0);
}

}  // namespace
