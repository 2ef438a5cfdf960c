// Unit tests of the classic models: networks, Kurtz scaling of the families, limit drifts,
// initial conditions and parameter validation.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "jumpflow/models/classic.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::vector;

count_vector counts(std::initializer_list<long long> v) {
  count_vector x(static_cast<jumpflow::index>(v.size()));
  jumpflow::index i = 0;
  for (long long c : v) x[i++] = c;
  return x;
}

vector vec(std::initializer_list<double> v) {
  vector x(static_cast<jumpflow::index>(v.size()));
  jumpflow::index i = 0;
  for (double c : v) x[i++] = c;
  return x;
}

// n * beta(x/n) for every channel equals the count-network's propensities: the family's
// jump rates divided by n at the scaled state are the per-channel rates of the drift.
// Checked via: sum_j nu_j a_j(counts) / n == drift(counts / n).
template <class Family>
void expect_drift_matches_network(const Family& f, double n, const count_vector& c) {
  const auto net = f.model(n);
  vector mean_jump = vector::Zero(c.size());
  for (jumpflow::index j = 0; j < net.channels(); ++j) {
    const auto [first, last] = net.change(j);
    for (auto t = first; t != last; ++t) {
      mean_jump[t->species] += static_cast<double>(t->count) * net.propensity(j, c) / n;
    }
  }
  vector x, dxdt;
  jumpflow::to_density(c, n, x);
  f.drift(x, dxdt);
  ASSERT_EQ(dxdt.size(), c.size());
  // Mass action with falling factorials differs from the drift by O(1/n) only in channels
  // with a repeated reactant; none of the classic models has one, so the match is exact.
  for (jumpflow::index i = 0; i < c.size(); ++i) {
    EXPECT_NEAR(mean_jump[i], dxdt[i], 1e-12 * (1 + std::abs(dxdt[i]))) << "species " << i;
  }
}

TEST(ClassicModels, ImmigrationDeath) {
  const auto net = jumpflow::immigration_death(3.0, 0.5);
  EXPECT_EQ(net.species(), 1);
  EXPECT_EQ(net.channels(), 2);
  EXPECT_DOUBLE_EQ(net.propensity(0, counts({7})), 3.0);
  EXPECT_DOUBLE_EQ(net.propensity(1, counts({7})), 3.5);
  const jumpflow::immigration_death_family f(3.0, 0.5, 2.0);
  EXPECT_EQ(f.initial_counts(100.0), counts({200}));
  EXPECT_EQ(f.initial_state(), vec({2.0}));
  expect_drift_matches_network(f, 100.0, counts({137}));
  EXPECT_THROW(jumpflow::immigration_death(-1.0, 1.0), std::domain_error);
  EXPECT_THROW(f.model(0.0), std::domain_error);
  EXPECT_THROW(jumpflow::immigration_death_family(1.0, 1.0, -1.0), std::domain_error);
}

TEST(ClassicModels, Yule) {
  const auto net = jumpflow::yule(2.0);
  EXPECT_DOUBLE_EQ(net.propensity(0, counts({5})), 10.0);
  const jumpflow::yule_family f(2.0, 0.5);
  EXPECT_EQ(f.initial_counts(10.0), counts({5}));
  expect_drift_matches_network(f, 50.0, counts({77}));
  EXPECT_THROW(jumpflow::yule(std::numeric_limits<double>::quiet_NaN()), std::domain_error);
}

TEST(ClassicModels, Sir) {
  const auto net = jumpflow::sir(2.0, 1.0, 100.0);
  EXPECT_DOUBLE_EQ(net.propensity(0, counts({90, 10, 0})), 2.0 * 90 * 10 / 100.0);
  EXPECT_DOUBLE_EQ(net.propensity(1, counts({90, 10, 0})), 10.0);
  const jumpflow::sir_family f(2.0, 1.0, 0.99, 0.01);
  EXPECT_EQ(f.initial_counts(1000.0), counts({990, 10, 0}));
  EXPECT_EQ(f.initial_state(), vec({0.99, 0.01, 0.0}));
  expect_drift_matches_network(f, 1000.0, counts({600, 250, 150}));
  vector dxdt;
  f.drift(vec({0.5, 0.2, 0.3}), dxdt);
  EXPECT_DOUBLE_EQ(dxdt[0], -0.2);
  EXPECT_DOUBLE_EQ(dxdt[1], 0.0);
  EXPECT_DOUBLE_EQ(dxdt[2], 0.2);
  EXPECT_THROW(jumpflow::sir(1.0, 1.0, 0.0), std::domain_error);
  try {
    jumpflow::sir_family(1.0, -1.0, 1.0, 0.0);
    FAIL();
  } catch (const std::domain_error& e) {
    EXPECT_STREQ(e.what(), "jumpflow::sir_family: recovery is -1, but must be finite and >= 0");
  }
}

TEST(ClassicModels, LotkaVolterra) {
  const auto net = jumpflow::lotka_volterra(1.0, 0.01, 0.5);
  EXPECT_DOUBLE_EQ(net.propensity(1, counts({100, 20})), 20.0);
  const jumpflow::lotka_volterra_family f(1.0, 2.0, 0.5, 0.4, 0.3);
  EXPECT_EQ(f.initial_counts(100.0), counts({40, 30}));
  expect_drift_matches_network(f, 200.0, counts({90, 41}));
}

TEST(ClassicModels, GeneExpression) {
  const jumpflow::gene_expression_parameters p{};
  const auto net = jumpflow::gene_expression(p);
  EXPECT_DOUBLE_EQ(net.propensity(0, counts({3, 50})), p.transcription / 2.0);
  EXPECT_FALSE(net.is_mass_action(0));
  auto [first, last] = net.dependents(2);  // translation changes P: transcription reads it
  EXPECT_EQ(std::vector<jumpflow::index>(first, last), (std::vector<jumpflow::index>{0, 3}));
  jumpflow::gene_expression_parameters q;
  q.repression = 2.0;
  const jumpflow::gene_expression_family f(q, 1.5, 3.0);
  EXPECT_EQ(f.initial_counts(10.0), counts({15, 30}));
  expect_drift_matches_network(f, 10.0, counts({15, 30}));
  q.hill = 0.0;
  EXPECT_THROW(jumpflow::gene_expression(q), std::domain_error);
}

TEST(ClassicModels, DensityReading) {
  vector x;
  jumpflow::to_density(counts({5, 10}), 20.0, x);
  EXPECT_EQ(x, vec({0.25, 0.5}));
  EXPECT_EQ(jumpflow::to_counts(vec({0.26, 0.5}), 10.0), counts({3, 5}));
  EXPECT_THROW(jumpflow::to_counts(vec({-0.1}), 10.0), std::domain_error);
  EXPECT_THROW(jumpflow::to_counts(vec({0.1}), 0.0), std::domain_error);
}

}  // namespace

namespace {

TEST(ClassicModels, RandomNetworkIsSeededSparseAndValid) {
  const auto a = jumpflow::random_mass_action_network(100, 1000, 5);
  const auto b = jumpflow::random_mass_action_network(100, 1000, 5);
  const auto c = jumpflow::random_mass_action_network(100, 1000, 6);
  EXPECT_EQ(a.species(), 100);
  EXPECT_EQ(a.channels(), 1000);
  const count_vector x = count_vector::Constant(100, 100);
  bool differs = false;
  for (jumpflow::index j = 0; j < a.channels(); ++j) {
    EXPECT_EQ(a.propensity(j, x), b.propensity(j, x));  // same seed, same network
    differs = differs || a.propensity(j, x) != c.propensity(j, x);
    const auto [first, last] = a.dependents(j);
    EXPECT_LT(last - first, 100);  // sparse: an event touches few channels
  }
  EXPECT_TRUE(differs);
  EXPECT_DOUBLE_EQ(a.propensity(0, x), 10.0);   // sources
  EXPECT_DOUBLE_EQ(a.propensity(100, x), 10.0);  // decays: 0.1 * 100
  EXPECT_THROW(jumpflow::random_mass_action_network(10, 19, 1), std::invalid_argument);
}

}  // namespace
