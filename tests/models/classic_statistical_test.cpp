// Statistical tests of the classic models, simulated with every exact simulator. Each test
// states its oracle and tolerance; seeds are fixed and printed.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "../jump/exact_simulators.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::test::announce_seed;
constexpr double alpha = 1e-6;

using jumpflow::test::composition_rejection_sim;
using jumpflow::test::direct_sim;
using jumpflow::test::next_reaction_sim;

template <class Sim>
class ClassicLaw : public ::testing::Test {};
using simulators = ::testing::Types<direct_sim, next_reaction_sim, composition_rejection_sim>;
TYPED_TEST_SUITE(ClassicLaw, simulators);

// Yule process with birth rate lambda = 1 from X_0 = 1: X_t is geometric on {1, 2, ...} with
// success probability p = e^{-lambda t}, P(X_t = k) = p (1 - p)^{k-1} (Yule 1925; Karlin and
// Taylor, A First Course in Stochastic Processes, 4.1). Oracle: that law; chi-square at
// alpha = 1e-6 over cells 1..K and a tail.
TYPED_TEST(ClassicLaw, YuleMarginalIsGeometric) {
  const double lambda = 1.0, t = 2.0, p = std::exp(-lambda * t);
  const auto net = jumpflow::yule(lambda);
  const jumpflow::stream_factory streams(announce_seed(5101));
  const std::size_t top = 120;
  std::vector<double> observed(top + 1, 0.0), prob(top + 1, 0.0);
  for (std::uint64_t r = 0; r < 20000; ++r) {
    auto g = streams(r);
    count_vector x = count_vector::Ones(1);
    TypeParam{}(net, x, 0.0, t, g);
    ASSERT_GE(x[0], 1);
    observed[std::min(static_cast<std::size_t>(x[0] - 1), top)] += 1.0;
  }
  for (std::size_t k = 0; k < top; ++k) prob[k] = p * std::pow(1 - p, static_cast<double>(k));
  prob[top] = std::pow(1 - p, static_cast<double>(top));  // P(X > top)
  const auto res = jumpflow::test::chi_square_test(observed, prob);
  EXPECT_GT(res.p_value, alpha) << "chi2 = " << res.statistic << " dof " << res.degrees_of_freedom;
}

// Exact law of the number of susceptibles left when an SIR epidemic dies out, from the
// embedded jump chain: from (s, i), i > 0, the next event is an infection with probability
// beta s / (beta s + gamma N) (rates beta s i / N and gamma i) and a recovery otherwise.
// Mass is pushed through the states in order of decreasing s, then decreasing i.
std::vector<double> sir_final_susceptibles_law(long long s0, long long i0, double beta,
                                               double gamma) {
  const double n = static_cast<double>(s0 + i0);
  const auto S = static_cast<std::size_t>(s0), I = static_cast<std::size_t>(s0 + i0);
  std::vector<std::vector<double>> mass(S + 1, std::vector<double>(I + 1, 0.0));
  mass[S][static_cast<std::size_t>(i0)] = 1.0;
  std::vector<double> final_law(S + 1, 0.0);
  for (std::size_t s = S + 1; s-- > 0;) {
    for (std::size_t i = I; i >= 1; --i) {
      const double m = mass[s][i];
      if (m == 0.0) continue;
      const double infect =
          beta * static_cast<double>(s) / (beta * static_cast<double>(s) + gamma * n);
      if (s > 0) mass[s - 1][i + 1 <= I ? i + 1 : I] += m * infect;
      mass[s][i - 1] += m * (1 - infect);
    }
    final_law[s] = mass[s][0];
  }
  return final_law;
}

// SIR with S_0 = 30, I_0 = 3 (N = 33), beta = 1.5, gamma = 1, run until extinction of I (the
// simulators stop when every propensity is 0). Oracle: the exact law of the final number of
// susceptibles from the embedded chain (above); chi-square at alpha = 1e-6.
TYPED_TEST(ClassicLaw, SirFinalSizeMatchesTheEmbeddedChain) {
  const long long s0 = 30, i0 = 3;
  const double beta = 1.5, gamma = 1.0;
  const auto law = sir_final_susceptibles_law(s0, i0, beta, gamma);
  double total = 0.0;
  for (double p : law) total += p;
  ASSERT_NEAR(total, 1.0, 1e-12);
  const auto net = jumpflow::sir(beta, gamma, static_cast<double>(s0 + i0));
  const jumpflow::stream_factory streams(announce_seed(5102));
  std::vector<double> observed(law.size(), 0.0);
  for (std::uint64_t r = 0; r < 20000; ++r) {
    auto g = streams(r);
    count_vector x(3);
    x << s0, i0, 0;
    TypeParam{}(net, x, 0.0, 1e6, g);
    ASSERT_EQ(x[1], 0);
    observed[static_cast<std::size_t>(x[0])] += 1.0;
  }
  const auto res = jumpflow::test::chi_square_test(observed, law);
  EXPECT_GT(res.p_value, alpha) << "chi2 = " << res.statistic << " dof " << res.degrees_of_freedom;
}

}  // namespace
