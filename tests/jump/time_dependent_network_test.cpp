// Reaction networks with time-dependent propensities: every exact simulator takes the
// event-location path of simulate_pdmp(). Exact laws (a Poisson law at T, the first event time
// of a time-dependent birth) and the contract (errors naming the channel, the observer, stop,
// the state left after an error). Every statistical test prints its seed.
#include <gtest/gtest.h>

#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "exact_simulators.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/ode.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::index;
using jumpflow::reaction_channel;
using jumpflow::reaction_network;
using jumpflow::test::announce_seed;
using term = jumpflow::species_term;

constexpr double alpha = 1e-6;

// Immigration at the periodic rate c (1 + sin(w t)) and death at rate mu per molecule.
constexpr double c = 20.0, w = 3.0, mu = 1.0;
reaction_network forced_immigration_death() {
  return reaction_network(
      1, {reaction_channel::time_dependent(
              [](const count_vector&, double t) { return c * (1.0 + std::sin(w * t)); },
              {term{0, 1}}, {}, true, "forced immigration"),
          reaction_channel::mass_action(mu, {term{0, 1}}, {}, "death")});
}

template <class Sim>
class TimeDependentNetwork : public ::testing::Test {};
using simulators = ::testing::Types<jumpflow::test::direct_sim, jumpflow::test::next_reaction_sim,
                                    jumpflow::test::composition_rejection_sim>;
TYPED_TEST_SUITE(TimeDependentNetwork, simulators);

// Oracle: from X_0 = 0, X_T is Poisson with mean m(T), m' = c (1 + sin(w t)) - mu m, m(0) = 0
// (immigrants arrive as an inhomogeneous Poisson process and die independently). Chi-square
// test at alpha = 1e-6 on 4000 draws.
TYPED_TEST(TimeDependentNetwork, ForcedImmigrationDeathIsPoissonAtT) {
  constexpr double T = 2.0;
  jumpflow::vector m = jumpflow::vector::Zero(1);
  jumpflow::integrate(
      [](const jumpflow::vector& v, jumpflow::vector& dv, double t) {
        dv[0] = c * (1.0 + std::sin(w * t)) - mu * v[0];
      },
      m, 0.0, T);
  const auto net = forced_immigration_death();
  const jumpflow::stream_factory streams(announce_seed(20261210));
  std::vector<double> observed(80, 0.0);
  for (std::uint64_t r = 0; r < 4000; ++r) {
    auto g = streams(r);
    count_vector x = count_vector::Zero(1);
    TypeParam{}(net, x, 0.0, T, g);
    observed[static_cast<std::size_t>(std::min<long long>(x[0], 79))] += 1.0;
  }
  const boost::math::poisson_distribution<double> law(m[0]);
  std::vector<double> p(80);
  for (std::size_t k = 0; k < 79; ++k) p[k] = boost::math::pdf(law, static_cast<double>(k));
  p[79] = boost::math::cdf(boost::math::complement(law, 78.0));
  const auto res = jumpflow::test::chi_square_test(observed, p);
  std::cout << TypeParam::name << ": mean m(T) = " << m[0] << ", chi2 = " << res.statistic
            << " (dof " << res.degrees_of_freedom << "), p = " << res.p_value << "\n";
  EXPECT_GT(res.p_value, alpha);
}

// Oracle: a birth at rate e^t from t = 0 has its first event after t with probability
// exp(-(e^t - 1)). KS test on 4000 draws at alpha = 1e-6, stopping at the first event.
TYPED_TEST(TimeDependentNetwork, FirstEventOfAnExponentialRateIsExact) {
  const reaction_network net(
      1, {reaction_channel::time_dependent(
             [](const count_vector&, double t) { return std::exp(t); }, {term{0, 1}}, {0})});
  const jumpflow::stream_factory streams(announce_seed(20261211));
  std::vector<double> times;
  for (std::uint64_t r = 0; r < 4000; ++r) {
    auto g = streams(r);
    count_vector x = count_vector::Zero(1);
    double when = -1.0;
    TypeParam{}(
        net, x, 0.0, 4.0, g, [&](const count_vector& y, double t) { if (y[0] == 1) when = t; },
        [](const count_vector& y, double) { return y[0] >= 1; });
    ASSERT_EQ(x[0], 1);
    times.push_back(when);
  }
  const auto ks = jumpflow::test::ks_test(
      times, [](double t) { return t <= 0 ? 0.0 : 1.0 - std::exp(-std::expm1(t)); });
  std::cout << TypeParam::name << ": D = " << ks.statistic << ", p = " << ks.p_value << "\n";
  EXPECT_GT(ks.p_value, alpha);
}

TYPED_TEST(TimeDependentNetwork, BadPropensityNamesChannelValueAndTime) {
  const reaction_network net(
      1, {reaction_channel::mass_action(1.0, {}, {term{0, 1}}, "birth"),
          reaction_channel::time_dependent(
              [](const count_vector&, double t) { return t < 0.5 ? 0.0 : -2.0; }, {term{0, -1}},
              {0}, false, "drain")});
  jumpflow::philox_engine g(3);
  count_vector x = count_vector::Zero(1);
  long long last_seen = -1;
  const std::string message = jumpflow::test::error_of([&] {
    TypeParam{}(net, x, 0.0, 2.0, g, [&](const count_vector& y, double) { last_seen = y[0]; });
  });
  EXPECT_NE(message.find(std::string(TypeParam::name) +
                         ": propensity of channel 1 (drain) is -2 at time "),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("but must be finite and >= 0"), std::string::npos) << message;
  EXPECT_EQ(x[0], last_seen);  // the counts of the last observed state, handed back
}

TEST(TimeDependentNetworkChannel, PropensityNeedsTheTime) {
  const auto net = forced_immigration_death();
  EXPECT_TRUE(net.is_time_dependent());
  EXPECT_TRUE(net.is_time_dependent(0));
  EXPECT_FALSE(net.is_time_dependent(1));
  const count_vector x = count_vector::Constant(1, 4);
  EXPECT_DOUBLE_EQ(net.propensity(0, x, 0.5), c * (1.0 + std::sin(w * 0.5)));
  EXPECT_DOUBLE_EQ(net.propensity(1, x), 4.0);
  EXPECT_EQ(jumpflow::test::error_of([&] { (void)net.propensity(0, x); }),
            "jumpflow::reaction_network::propensity: channel is channel 0 (forced immigration), "
            "but must be time-independent (call propensity(j, x, t))");
  EXPECT_THROW(reaction_network(1, {reaction_channel::time_dependent(nullptr, {term{0, 1}}, {0})}),
               std::invalid_argument);
}

}  // namespace
