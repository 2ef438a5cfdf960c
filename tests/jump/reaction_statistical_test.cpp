// Statistical tests of the reaction-network simulators. Each test states its oracle and
// tolerance; seeds are fixed and printed.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <iostream>
#include <map>
#include <vector>

#include "exact_simulators.hpp"
#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/jump/detail/poisson_variate.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"
#include "reaction_models.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::test::announce_seed;
constexpr double alpha = 1e-6;

using jumpflow::test::composition_rejection_sim;
using jumpflow::test::direct_sim;
using jumpflow::test::next_reaction_sim;
using jumpflow::test::partial_propensity_direct_sim;
using jumpflow::test::rejection_composition_sim;
using jumpflow::test::rejection_sim;
using jumpflow::test::dense_direct_sim;
using jumpflow::test::sorting_direct_sim;

template <class Sim>
class ExactLaw : public ::testing::Test {};
using simulators = ::testing::Types<direct_sim, next_reaction_sim, composition_rejection_sim,
                                    sorting_direct_sim, dense_direct_sim, rejection_sim,
                                    rejection_composition_sim, partial_propensity_direct_sim>;
TYPED_TEST_SUITE(ExactLaw, simulators);

// Chi-square of a sample of counts against a Poisson(mean) law (cells 0..K and a tail).
jumpflow::test::chi_square_result poisson_chi_square(const std::vector<long long>& sample,
                                                     double mean) {
  const boost::math::poisson_distribution<> law(mean);
  const auto top = static_cast<std::size_t>(mean + 10.0 * std::sqrt(mean) + 10.0);
  std::vector<double> observed(top + 2, 0.0), p(top + 2, 0.0);
  for (long long v : sample) observed[std::min(static_cast<std::size_t>(v), top + 1)] += 1.0;
  double total = 0.0;
  for (std::size_t k = 0; k <= top; ++k)
    total += p[k] = boost::math::pdf(law, static_cast<double>(k));
  p[top + 1] = 1.0 - total;
  return jumpflow::test::chi_square_test(observed, p);
}

// Immigration-death (k = 8, g = 0.5) started at 0: X_t ~ Poisson(m(t)), m(t) = (k/g)(1 - e^{-g t})
// (the law is Poisson at every t). Stationary law: Poisson(k/g) = Poisson(16), reached to
// within e^{-g t} = e^{-15} at t = 30.
// Oracle: the Poisson law (Boost.Math); chi-square at alpha = 1e-6.
TYPED_TEST(ExactLaw, ImmigrationDeathStationaryLawIsPoisson) {
  const double k = 8.0, g = 0.5;
  const auto net = jumpflow::immigration_death(k, g);
  const jumpflow::stream_factory streams(announce_seed(4101));
  std::vector<long long> sample;
  for (std::uint64_t r = 0; r < 20000; ++r) {
    auto eng = streams(r);
    count_vector x = count_vector::Zero(1);
    TypeParam{}(net, x, 0.0, 30.0, eng);
    sample.push_back(x[0]);
  }
  const auto res = poisson_chi_square(sample, k / g);
  EXPECT_GT(res.p_value, alpha) << "chi2 = " << res.statistic << " dof " << res.degrees_of_freedom;
}

// Transient moments at several times from X_0 = x0 = 30: with p = e^{-g t},
// E X_t = x0 p + (k/g)(1 - p), Var X_t = x0 p (1 - p) + (k/g)(1 - p)  (binomial survivors plus
// an independent Poisson of immigrants). Oracle: these closed forms; tolerance 5 standard
// errors (SE of the mean sqrt(Var/R); SE of the sample variance from the sample fourth
// central moment, sqrt((m4 - s^4)/R)). Times are read off one path per replicate by a
// save-grid observer.
TYPED_TEST(ExactLaw, ImmigrationDeathTransientMeanAndVariance) {
  const double k = 8.0, g = 0.5, x0 = 30.0;
  const std::vector<double> times{0.25, 0.5, 1.0, 2.0, 4.0};
  const auto net = jumpflow::immigration_death(k, g);
  const jumpflow::stream_factory streams(announce_seed(4102));
  const std::size_t reps = 20000;
  std::vector<std::vector<double>> at(times.size());
  for (std::uint64_t r = 0; r < reps; ++r) {
    auto eng = streams(r);
    count_vector x = count_vector::Constant(1, 30);
    std::size_t slot = 0;
    auto grid =
        jumpflow::save_grid<count_vector>(0.25, 0.25, 16, [&](const count_vector& y, double t) {
          if (slot < times.size() && t == times[slot])
            at[slot++].push_back(static_cast<double>(y[0]));
        });
    TypeParam{}(net, x, 0.0, 4.0, eng, grid);
    ASSERT_EQ(slot, times.size());
  }
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double p = std::exp(-g * times[i]);
    const double mean = x0 * p + (k / g) * (1 - p);
    const double var = x0 * p * (1 - p) + (k / g) * (1 - p);
    const auto ms = jumpflow::test::mean_and_se(at[i]);
    double m2 = 0, m4 = 0;
    for (double v : at[i]) {
      m2 += (v - ms.mean) * (v - ms.mean);
      m4 += std::pow(v - ms.mean, 4);
    }
    const double n = static_cast<double>(at[i].size());
    m2 /= n - 1;
    m4 /= n;
    EXPECT_NEAR(ms.mean, mean, 5 * ms.se) << "t = " << times[i];
    EXPECT_NEAR(m2, var, 5 * std::sqrt((m4 - m2 * m2) / n)) << "t = " << times[i];
  }
}

// The first jump from x0 = (A, B) = (30, 20) in a five-channel network (a source, 2A -> B with a
// repeated reactant, B -> 2A, two decays): its time is Exp(a_0(x0)) and its channel is j with
// probability a_j(x0) / a_0(x0) (every channel has its own state change, so the jump tells the
// channel). a(x0) = (20, 0.05 * 30 * 29, 0.5 * 20, 0.3 * 30, 0.1 * 20) = (20, 43.5, 10, 9, 2).
// Oracle: these exact laws. Tests: KS of the first-jump time against Exp(84.5) and chi-square of
// the channel frequencies, each at alpha = 1e-6, 20000 paths. The rejection methods see
// candidates that are thinned, so this checks that rejected candidates advance the clock.
TYPED_TEST(ExactLaw, FirstJumpTimeAndChannelHaveTheirExactLaws) {
  using jumpflow::reaction_channel;
  using term = jumpflow::species_term;
  const jumpflow::reaction_network net(
      2, {reaction_channel::mass_action(20.0, {}, {term{0, 1}}),
          reaction_channel::mass_action(0.05, {term{0, 2}}, {term{1, 1}}),
          reaction_channel::mass_action(0.5, {term{1, 1}}, {term{0, 2}}),
          reaction_channel::mass_action(0.3, {term{0, 1}}, {}),
          reaction_channel::mass_action(0.1, {term{1, 1}}, {})});
  const std::vector<double> a{20.0, 43.5, 10.0, 9.0, 2.0};
  const double a0 = 84.5;
  const std::vector<std::pair<long long, long long>> change{{1, 0}, {-2, 1}, {2, -1}, {-1, 0},
                                                            {0, -1}};
  const jumpflow::stream_factory streams(announce_seed(4103));
  std::vector<double> times, observed(a.size(), 0.0), p(a.size());
  for (std::size_t j = 0; j < a.size(); ++j) p[j] = a[j] / a0;
  for (std::uint64_t r = 0; r < 20000; ++r) {
    auto eng = streams(r);
    count_vector x(2);
    x << 30, 20;
    double when = -1.0;
    TypeParam{}(
        net, x, 0.0, 10.0, eng, [&](const count_vector&, double t) { when = t; },
        [&](const count_vector&, double t) { return t > 0.0; });  // stop after the first event
    ASSERT_GT(when, 0.0);
    times.push_back(when);
    const std::pair<long long, long long> d{x[0] - 30, x[1] - 20};
    const auto it = std::find(change.begin(), change.end(), d);
    ASSERT_NE(it, change.end());
    observed[static_cast<std::size_t>(it - change.begin())] += 1.0;
  }
  const auto ks = jumpflow::test::ks_test(times, [a0](double t) { return 1.0 - std::exp(-a0 * t); });
  EXPECT_GT(ks.p_value, alpha) << "D = " << ks.statistic;
  const auto chi = jumpflow::test::chi_square_test(observed, p);
  EXPECT_GT(chi.p_value, alpha) << "chi2 = " << chi.statistic;
}

// Two-sample chi-square test of homogeneity for integer samples: a 2 x K contingency table,
// adjacent values pooled (left to right) until each pooled cell holds >= 10 of the combined
// sample, so every expected count is >= 5 for samples of equal size. Chi-square law with
// K - 1 degrees of freedom.
double two_sample_chi_square_p(const std::vector<long long>& a, const std::vector<long long>& b) {
  std::map<long long, std::pair<double, double>> table;
  for (long long v : a) table[v].first += 1.0;
  for (long long v : b) table[v].second += 1.0;
  std::vector<std::pair<double, double>> cells;
  std::pair<double, double> acc{0.0, 0.0};
  for (const auto& [v, c] : table) {
    acc.first += c.first;
    acc.second += c.second;
    if (acc.first + acc.second >= 10.0) {
      cells.push_back(acc);
      acc = {0.0, 0.0};
    }
  }
  if (cells.empty()) return 1.0;
  cells.back().first += acc.first;
  cells.back().second += acc.second;
  if (cells.size() < 2) return 1.0;
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  double stat = 0.0;
  for (const auto& [ca, cb] : cells) {
    const double ea = (ca + cb) * na / (na + nb), eb = (ca + cb) * nb / (na + nb);
    stat += (ca - ea) * (ca - ea) / ea + (cb - eb) * (cb - eb) / eb;
  }
  const boost::math::chi_squared_distribution<> law(static_cast<double>(cells.size() - 1));
  return boost::math::cdf(boost::math::complement(law, stat));
}

// Observables of one path: the final counts, the number of events and the time integral of
// species 0 (a continuous observable).
struct observables {
  std::vector<std::vector<long long>> final_counts;
  std::vector<long long> events;
  std::vector<double> integral;
};

template <class Sim>
observables sample_observables(Sim sim, const jumpflow::reaction_network& net,
                               const count_vector& x0, double t1, std::uint64_t seed,
                               std::size_t reps) {
  observables out;
  const auto observed = std::min<jumpflow::index>(net.species(), 3);  // the first species
  out.final_counts.resize(static_cast<std::size_t>(observed));
  const jumpflow::stream_factory streams(seed);
  for (std::uint64_t r = 0; r < reps; ++r) {
    auto g = streams(r);
    count_vector x = x0;
    double integral = 0.0, last_t = 0.0, last_x = static_cast<double>(x0[0]);
    const auto events = sim(net, x, 0.0, t1, g, [&](const count_vector& y, double t) {
      integral += last_x * (t - last_t);
      last_t = t;
      last_x = static_cast<double>(y[0]);
    });
    for (jumpflow::index i = 0; i < observed; ++i) {
      out.final_counts[static_cast<std::size_t>(i)].push_back(x[i]);
    }
    out.events.push_back(static_cast<long long>(events));
    out.integral.push_back(integral);
  }
  return out;
}

// Networks for the agreement tests: gene expression with negative feedback (a custom
// propensity), a dimerisation network with a repeated reactant (2A -> B) and a random sparse
// network (50 species, 500 channels).
struct agreement_case {
  const char* name;
  jumpflow::reaction_network net;
  count_vector x0;
  double t1;
  std::size_t paths;
  bool mass_action = true;  // false: a custom channel (the rejection methods need bounds)
};

std::vector<agreement_case> agreement_cases() {
  using jumpflow::reaction_channel;
  using term = jumpflow::species_term;
  std::vector<agreement_case> cases;
  jumpflow::gene_expression_parameters p;
  p.repression = 20.0;
  cases.push_back(
      {"gene expression", jumpflow::gene_expression(p), count_vector::Zero(2), 8.0, 4000, false});
  jumpflow::reaction_network dimer(2,
                                   {reaction_channel::mass_action(20.0, {}, {term{0, 1}}),
                                    reaction_channel::mass_action(0.05, {term{0, 2}}, {term{1, 1}}),
                                    reaction_channel::mass_action(0.5, {term{1, 1}}, {term{0, 2}}),
                                    reaction_channel::mass_action(0.3, {term{0, 1}}, {}),
                                    reaction_channel::mass_action(0.1, {term{1, 1}}, {})});
  cases.push_back({"dimerisation", std::move(dimer), count_vector::Zero(2), 5.0, 4000});
  // Many channels spread over many propensity groups (composition-rejection's slots).
  cases.push_back({"random network", jumpflow::random_mass_action_network(50, 500, 7),
                   count_vector::Constant(50, 100), 0.01, 1500});
  return cases;
}

// Direct, next reaction and composition-rejection simulate the same law. Oracle: the direct
// method (itself checked against exact laws above); for each network and each observable (the
// final counts of the first three species, the number of events, the time integral of species 0) a
// two-sample test between direct and the other method (4000 paths each, 1500 for the random
// network), independent streams:
// chi-square homogeneity for the integer observables (final counts, number of events),
// two-sample KS for the time integral; every p-value must exceed alpha = 1e-6.
template <class Sim>
void expect_agrees_with_direct(Sim sim, std::uint64_t seed) {
  for (const auto& c : agreement_cases()) {
    if (Sim::mass_action_only && !c.mass_action) continue;
    const auto ref = sample_observables(direct_sim{}, c.net, c.x0, c.t1, seed, c.paths);
    const auto got = sample_observables(sim, c.net, c.x0, c.t1, seed + 1, c.paths);
    for (std::size_t i = 0; i < ref.final_counts.size(); ++i) {
      EXPECT_GT(two_sample_chi_square_p(ref.final_counts[i], got.final_counts[i]), alpha)
          << c.name << ": final count of species " << i;
    }
    EXPECT_GT(two_sample_chi_square_p(ref.events, got.events), alpha) << c.name << ": events";
    EXPECT_GT(jumpflow::test::ks_test_2(ref.integral, got.integral).p_value, alpha)
        << c.name << ": time integral of species 0";
  }
}

TEST(ExactSimulatorsAgree, NextReactionMatchesDirect) {
  expect_agrees_with_direct(next_reaction_sim{}, announce_seed(4201));
}

TEST(ExactSimulatorsAgree, CompositionRejectionMatchesDirect) {
  expect_agrees_with_direct(composition_rejection_sim{}, announce_seed(4203));
}

TEST(ExactSimulatorsAgree, SortingDirectMatchesDirect) {
  expect_agrees_with_direct(sorting_direct_sim{}, announce_seed(4205));
}

TEST(ExactSimulatorsAgree, DenseDirectMatchesDirect) {
  expect_agrees_with_direct(dense_direct_sim{}, announce_seed(4211));
}

TEST(ExactSimulatorsAgree, RejectionMatchesDirect) {
  expect_agrees_with_direct(rejection_sim{}, announce_seed(4207));
}

TEST(ExactSimulatorsAgree, RejectionCompositionMatchesDirect) {
  expect_agrees_with_direct(rejection_composition_sim{}, announce_seed(4209));
}

TEST(ExactSimulatorsAgree, PartialPropensityDirectMatchesDirect) {
  expect_agrees_with_direct(partial_propensity_direct_sim{}, announce_seed(4211));
}

// PDM on a network of many blocks of rows (the agreement cases above have at most 4, and their
// oracle is the direct method's sample): the chain X_0 -> X_1 -> ... -> X_499 -> 0, every rate
// 1 (501 rows: 16 blocks of 32), all n = 3000 molecules in X_0 at time 0.
// Oracle: the molecules move independently, one step per Exp(1) time, so at time t each is at
// min(Poisson(t), 500) (500: past the sink), and the final counts are multinomial. At t = 490
// they have crossed every block: 35% end in the last one (rows 480-500) and 33% past the sink.
// Chi-square (cells pooled to expected >= 5) at alpha = 1e-6; 1.5 million events.
TEST(PartialPropensityDirect, LongChainMatchesPoissonShift) {
  using jumpflow::index;
  constexpr index d = 500;
  const jumpflow::reaction_network net(d, jumpflow::test::linear_chain_channels(d));
  constexpr long long n = 3000;
  constexpr double t = 490.0;
  jumpflow::philox_engine g(announce_seed(4247));
  jumpflow::partial_propensity_workspace work;
  count_vector x = count_vector::Zero(d);
  x(0) = n;
  jumpflow::simulate_partial_propensity_direct(net, x, 0.0, t, g, work);
  // The prefix-count row search (501 rows, 2 row updates per event); the scan's path is
  // checked against it exactly in reaction_unit_test.cpp.
  ASSERT_TRUE(jumpflow::detail::partial_propensity_access::prefix(work));
  const boost::math::poisson_distribution<double> steps(t);
  std::vector<double> observed, p;
  double inside = 0.0;
  for (index i = 0; i < d; ++i) {
    observed.push_back(static_cast<double>(x(i)));
    p.push_back(boost::math::pdf(steps, static_cast<double>(i)));
    inside += observed.back();
  }
  observed.push_back(static_cast<double>(n) - inside);
  p.push_back(boost::math::cdf(boost::math::complement(steps, static_cast<double>(d - 1))));
  const auto chi = jumpflow::test::chi_square_test(observed, p);
  EXPECT_GT(chi.p_value, 1e-6) << "chi2 = " << chi.statistic << " on " << chi.degrees_of_freedom
                               << " degrees of freedom";
}

// ---- tau-leaping -------------------------------------------------------------------------

// The Poisson variates of tau-leaping (inversion below mean 10, PTRS from 10 on). Oracle:
// the Poisson law (Boost.Math); chi-square at alpha = 1e-6, 100000 draws per mean, means on
// both sides of the switch.
TEST(TauLeaping, PoissonVariatesHaveThePoissonLaw) {
  jumpflow::philox_engine g(announce_seed(4301), 0);
  for (const double mean : {0.3, 3.0, 9.99, 10.0, 37.5, 1000.0, 123456.0}) {
    std::vector<long long> sample(100000);
    for (auto& v : sample) v = jumpflow::detail::poisson_variate(g, mean);
    if (mean > 1000.0) {  // chi-square cells over mean +- 6 sd, the rest pooled in the tails
      const double sd = std::sqrt(mean);
      const boost::math::poisson_distribution<> law(mean);
      const auto lo = static_cast<long long>(mean - 6 * sd),
                 hi = static_cast<long long>(mean + 6 * sd);
      std::vector<double> observed(static_cast<std::size_t>(hi - lo + 2), 0.0),
          prob(observed.size());
      for (long long v : sample) {
        const long long c = std::clamp(v, lo - 1, hi) - (lo - 1);
        observed[static_cast<std::size_t>(c)] += 1.0;
      }
      prob[0] = boost::math::cdf(law, static_cast<double>(lo - 1));
      for (long long k = lo; k <= hi; ++k) {
        prob[static_cast<std::size_t>(k - lo + 1)] = boost::math::pdf(law, static_cast<double>(k));
      }
      prob.back() += boost::math::cdf(boost::math::complement(law, static_cast<double>(hi)));
      const auto res = jumpflow::test::chi_square_test(observed, prob);
      EXPECT_GT(res.p_value, alpha) << "mean " << mean;
    } else {
      const auto res = poisson_chi_square(sample, mean);
      EXPECT_GT(res.p_value, alpha) << "mean " << mean << " chi2 = " << res.statistic;
    }
  }
}

// Tau-leaping's bias shrinks with the step. Immigration-death k = 1000, g = 1 from
// X_0 = 1000: exactly E X_5 = 1000 and Var X_5 = 1000 (1 - e^{-10}). Explicit tau-leaping keeps
// the mean of this linear model (Euler's scheme on the mean ODE has the same fixed point) but
// inflates the variance by about (k/g)(g tau/2)/(1 - g tau/2). Oracle: the exact moments;
// for epsilon = 0.05, 0.03, 0.01 (leaps ~1.25, 0.45, 0.05) the variance bias must decrease,
// each step by more than 5 standard errors of the difference (SE of a sample variance from
// the sample fourth moment), and the mean stay within 5 standard errors of 1000. 10000 paths
// per epsilon; the populations never go negative.
TEST(TauLeaping, BiasShrinksWithTheStep) {
  const auto net = jumpflow::immigration_death(1000.0, 1.0);
  const double exact_var = 1000.0 * (1.0 - std::exp(-10.0));
  const jumpflow::stream_factory streams(announce_seed(4302));
  std::vector<double> bias, bias_se;
  for (const double eps : {0.05, 0.03, 0.01}) {
    jumpflow::tau_leaping_options opt;
    opt.epsilon = eps;
    std::vector<double> finals;
    long long lowest = 0;
    for (std::uint64_t r = 0; r < 10000; ++r) {
      auto g = streams(r);
      count_vector x = count_vector::Constant(1, 1000);
      jumpflow::simulate_tau_leaping(
          net, x, 0.0, 5.0, g,
          [&](const count_vector& y, double) { lowest = std::min(lowest, y[0]); },
          jumpflow::never_stop{}, opt);
      finals.push_back(static_cast<double>(x[0]));
    }
    EXPECT_EQ(lowest, 0);
    const auto ms = jumpflow::test::mean_and_se(finals);
    double m2 = 0, m4 = 0;
    for (double v : finals) {
      m2 += (v - ms.mean) * (v - ms.mean);
      m4 += std::pow(v - ms.mean, 4);
    }
    const double n = static_cast<double>(finals.size());
    m2 /= n - 1;
    m4 /= n;
    EXPECT_NEAR(ms.mean, 1000.0, 5 * ms.se) << "epsilon " << eps;
    bias.push_back(m2 - exact_var);
    bias_se.push_back(std::sqrt((m4 - m2 * m2) / n));
    std::cout << "epsilon " << eps << ": variance bias " << bias.back() << " +- " << bias_se.back()
              << "\n";
  }
  for (std::size_t i = 1; i < bias.size(); ++i) {
    EXPECT_GT(bias[i - 1] - bias[i], 5 * std::hypot(bias_se[i - 1], bias_se[i]));
  }
  EXPECT_GT(bias.back(), -5 * bias_se.back());  // the bias is an inflation, not a deflation
}

// Never negative, even with a step control loose enough that leaps overdraw small counts
// (epsilon = 0.9, leaping down to one mean SSA step): immigration-death k = 20, g = 1 from 20,
// where a leap of ~0.9 fires Poisson(~18) deaths against ~20 molecules, and a dimerisation
// (2A -> B consumes two at a time). The critical-reaction scheme and the rejection of
// negative leaps must keep every observed count >= 0 over 2000 paths each (a deterministic
// check); the test also checks that it exercised leaps, not only exact steps.
TEST(TauLeaping, NeverNegativeWithSmallCounts) {
  using jumpflow::reaction_channel;
  using term = jumpflow::species_term;
  const jumpflow::reaction_network dimer(
      2, {reaction_channel::mass_action(200.0, {}, {term{0, 1}}),
          reaction_channel::mass_action(2.0, {term{0, 2}}, {term{1, 1}}),
          reaction_channel::mass_action(5.0, {term{1, 1}}, {})});
  const auto birth_death = jumpflow::immigration_death(20.0, 1.0);
  jumpflow::tau_leaping_options opt;
  opt.epsilon = 0.9;
  opt.exact_threshold = 1.0;
  const jumpflow::stream_factory streams(announce_seed(4303));
  for (const auto* net : {&birth_death, &dimer}) {
    long long lowest = 0;
    std::uint64_t events = 0, leaps = 0;
    for (std::uint64_t r = 0; r < 2000; ++r) {
      auto g = streams(r);
      count_vector x = count_vector::Constant(net->species(), 20);
      events += jumpflow::simulate_tau_leaping(
          *net, x, 0.0, 2.0, g,
          [&](const count_vector& y, double) {
            lowest = std::min(lowest, y.minCoeff());
            ++leaps;
          },
          jumpflow::never_stop{}, opt);
    }
    EXPECT_EQ(lowest, 0);
    EXPECT_GT(events, 2 * leaps) << "the test must exercise leaps, not only exact steps";
  }
}

// A non-critical channel feeding a species that only critical channels read: 0 -> A (10),
// A -> 0 (1), 2A -> B (0.01), B -> 0 (0.5) from (A, B) = (5, 0). With A < n_c = 10 both
// channels reading A are critical, and only the leap bound over all reactant species (CGP 2006,
// eqs. 32-33) stops the immigration from running for a whole inter-critical-firing time with the
// critical rates frozen (the old rule, over the non-critical channels' reactants only, put
// E A(1) at 8.34 against the direct method's 7.58 here, about 28 combined SE).
// Oracle: the direct method (exact), on streams of seed + 1 (tau-leaping: seed); E A(t) and E B(t)
// at t = 0.5, 1, 2 must agree within 5 combined standard errors (20000 paths each).
TEST(TauLeaping, SpeciesReadOnlyByCriticalChannelsBoundsTheLeap) {
  using jumpflow::reaction_channel;
  using term = jumpflow::species_term;
  const jumpflow::reaction_network net(
      2, {reaction_channel::mass_action(10.0, {}, {term{0, 1}}),
          reaction_channel::mass_action(1.0, {term{0, 1}}, {}),
          reaction_channel::mass_action(0.01, {term{0, 2}}, {term{1, 1}}),
          reaction_channel::mass_action(0.5, {term{1, 1}}, {})});
  const std::vector<double> times{0.0, 0.5, 1.0, 2.0};
  constexpr std::uint64_t paths = 20000;
  const std::uint64_t seed = announce_seed(4304);
  // samples[method][k][species]: the counts at times[k + 1] over the paths.
  std::vector<std::vector<std::vector<std::vector<double>>>> samples(
      2, std::vector<std::vector<std::vector<double>>>(times.size() - 1,
                                                       std::vector<std::vector<double>>(2)));
  for (int method = 0; method < 2; ++method) {
    const jumpflow::stream_factory streams(seed + static_cast<std::uint64_t>(method == 0));
    for (std::uint64_t r = 0; r < paths; ++r) {
      auto g = streams(r);
      count_vector x(2);
      x << 5, 0;
      for (std::size_t k = 0; k + 1 < times.size(); ++k) {
        if (method == 0) {
          jumpflow::simulate_direct(net, x, times[k], times[k + 1], g);
        } else {
          jumpflow::simulate_tau_leaping(net, x, times[k], times[k + 1], g);
        }
        for (int i = 0; i < 2; ++i) samples[method][k][i].push_back(static_cast<double>(x[i]));
      }
    }
  }
  for (std::size_t k = 0; k + 1 < times.size(); ++k) {
    for (int i = 0; i < 2; ++i) {
      const auto exact = jumpflow::test::mean_and_se(samples[0][k][i]);
      const auto leap = jumpflow::test::mean_and_se(samples[1][k][i]);
      EXPECT_NEAR(leap.mean, exact.mean, 5 * std::hypot(exact.se, leap.se))
          << (i == 0 ? "E A(" : "E B(") << times[k + 1] << "): direct " << exact.mean << " +- "
          << exact.se << ", tau-leaping " << leap.mean << " +- " << leap.se;
    }
  }
}

}  // namespace
