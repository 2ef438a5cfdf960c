// Exact moments of networks read from files: linear networks, whose moment equations close,
// simulated exactly; the mean and the variance on a time grid against the closed forms.
//
// Oracle and tolerance (at every grid time, every species, R replicates):
//   z_mean = sqrt(R) (mean - mu) / sigma        must lie in (-3, 3),
//   z_var  = sqrt(R/2) (var / sigma^2 - 1)      must lie in (-5, 5)
// (the second is the standardised sample variance for a near-Gaussian law; the laws here are
// Poisson or binomial plus Poisson with means >= 5, excess kurtosis <= 0.2). The thresholds are
// in standard errors, so a larger R detects a smaller bias at the same false-alarm rate. The CI
// runs R = 40000 (Ci/ExactMoments.*): about 6 s for all six tests in a Release build, so the
// larger sample, once only in a `slow` variant, runs every time. Seeds are fixed and printed.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/io.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/random.hpp"
#include "test_models.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::index;
namespace t = jumpflow::test;

// The tests, with the number of replicates R as their parameter.
class ExactMoments : public ::testing::TestWithParam<std::uint64_t> {};
INSTANTIATE_TEST_SUITE_P(Ci, ExactMoments, ::testing::Values(std::uint64_t{40000}));

// Runs R replicates of the direct method on [0, T] and checks mean and variance of every
// species at t_k = k h, k = 1..K, against mu(i, t) and var(i, t).
void check_moments(const jumpflow::imported_network& model, std::uint64_t replicates, double h,
                   std::size_t points, std::uint64_t seed,
                   const std::function<double(index, double)>& mu,
                   const std::function<double(index, double)>& var) {
  const auto& net = model.network();
  const auto d = static_cast<std::size_t>(net.species());
  std::vector<double> s1(d * points, 0.0), s2(d * points, 0.0);
  const jumpflow::stream_factory streams(t::announce_seed(seed));
  for (std::uint64_t r = 0; r < replicates; ++r) {
    auto g = streams(r);
    count_vector x = model.initial_state();
    std::size_t k = 0;
    auto record = [&](const count_vector& y, double) {
      for (std::size_t i = 0; i < d; ++i) {
        const double v = static_cast<double>(y[static_cast<index>(i)]);
        s1[k * d + i] += v;
        s2[k * d + i] += v * v;
      }
      ++k;
    };
    jumpflow::save_grid_observer<count_vector, decltype(record)> obs(h, h, points, record);
    jumpflow::simulate_direct(net, x, 0.0, h * static_cast<double>(points), g, obs);
    ASSERT_EQ(k, points);
  }
  const double R = static_cast<double>(replicates);
  for (std::size_t k = 0; k < points; ++k) {
    const double time = h * static_cast<double>(k + 1);
    for (std::size_t i = 0; i < d; ++i) {
      const double m = s1[k * d + i] / R;
      const double v = (s2[k * d + i] - R * m * m) / (R - 1.0);
      const double mu_i = mu(static_cast<index>(i), time), var_i = var(static_cast<index>(i), time);
      if (var_i == 0.0) {  // a deterministic species (switched by events only)
        EXPECT_EQ(m, mu_i) << "species " << i << " t = " << time;
        continue;
      }
      const double z_mean = std::sqrt(R) * (m - mu_i) / std::sqrt(var_i);
      const double z_var = std::sqrt(R / 2.0) * (v / var_i - 1.0);
      EXPECT_LT(std::fabs(z_mean), 3.0) << "species " << i << " t = " << time << " mean " << m
                                        << " vs " << mu_i;
      EXPECT_LT(std::fabs(z_var), 5.0) << "species " << i << " t = " << time << " var " << v
                                       << " vs " << var_i;
    }
  }
}

// Birth-death from x0: with p = e^{-g t}, E X_t = x0 p + (k/g)(1 - p) and
// Var X_t = x0 p (1 - p) + (k/g)(1 - p) (binomial survivors plus Poisson immigrants).
void check_birth_death(const jumpflow::imported_network& model, std::uint64_t replicates,
                       std::uint64_t seed) {
  const t::birth_death_values v;
  const double x0 = static_cast<double>(v.x0);
  check_moments(
      model, replicates, 1.0, 6, seed,
      [&](index, double time) {
        const double p = std::exp(-v.g * time);
        return x0 * p + v.k / v.g * (1.0 - p);
      },
      [&](index, double time) {
        const double p = std::exp(-v.g * time);
        return x0 * p * (1.0 - p) + v.k / v.g * (1.0 - p);
      });
}

// Open linear chain 0 -> A (k), A -> B (c1 A), B -> 0 (c2 B) from (0, 0): the law is a product
// of Poissons at every t (immigration into a linear network), so Var = E with
// E A = (k/c1)(1 - e^{-c1 t}), E B = (k/c2)[1 - (c2 e^{-c1 t} - c1 e^{-c2 t})/(c2 - c1)].
constexpr double chain_k = 20.0, chain_c1 = 1.0, chain_c2 = 0.5;
double chain_mean(index i, double time) {
  const double e1 = std::exp(-chain_c1 * time), e2 = std::exp(-chain_c2 * time);
  if (i == 0) return chain_k / chain_c1 * (1.0 - e1);
  return chain_k / chain_c2 * (1.0 - (chain_c2 * e1 - chain_c1 * e2) / (chain_c2 - chain_c1));
}

const char* chain_net =
    "begin parameters\n 1 k 20\n 2 c1 1\n 3 c2 0.5\nend parameters\n"
    "begin species\n 1 A() 0\n 2 B() 0\nend species\n"
    "begin reactions\n 1 0 1 k\n 2 1 2 c1\n 3 2 0 c2\nend reactions\n";

TEST_P(ExactMoments, BirthDeathFromBioNetGen) {
  check_birth_death(jumpflow::read_bionetgen_string(t::birth_death_net()), GetParam(), 11001);
}

TEST_P(ExactMoments, LinearChainFromBioNetGen) {
  check_moments(jumpflow::read_bionetgen_string(chain_net), GetParam(), 0.5, 8, 11002, chain_mean,
                chain_mean);
}

#ifdef JUMPFLOW_TEST_SBML
TEST_P(ExactMoments, BirthDeathFromSbml) {
  check_birth_death(jumpflow::read_sbml_string(t::write_sbml(t::birth_death_sbml())), GetParam(),
                    11003);
}

// The formula path: mass-action detection off, so every channel is a compiled custom law.
TEST_P(ExactMoments, LinearChainFromSbmlThroughCompiledFormulas) {
  t::sbml_model m;
  m.species = {{"A", 0}, {"B", 0}};
  m.parameters = {{"k", chain_k}, {"c1", chain_c1}, {"c2", chain_c2}};
  m.reactions = {{"in", {}, {{"A", 1}}, "k", {}},
                 {"convert", {{"A", 1}}, {{"B", 1}}, "c1 * A", {}},
                 {"out", {{"B", 1}}, {}, "c2 * B", {}}};
  const auto model = jumpflow::read_sbml_string(t::write_sbml(m), {.detect_mass_action = false});
  ASSERT_FALSE(model.is_mass_action(1));
  check_moments(model, GetParam(), 0.5, 8, 11004, chain_mean, chain_mean);
}

// A time-dependent input: immigration at rate a (1 + sin(w t)) (a kinetic law reading `time`,
// simulated exactly by integrating it along time), death mu X, from X = 0. X_t is Poisson
// (inhomogeneous immigration, independent deaths), so Var = E = m(t), with m' = a (1 + sin w t)
// - mu m, m(0) = 0: m = (a/mu)(1 - e^{-mu t}) + a (mu sin wt - w cos wt + w e^{-mu t}) /
// (mu^2 + w^2).
TEST_P(ExactMoments, TimeDependentInputFromSbml) {
  constexpr double a = 20.0, w = 3.0, mu = 1.0;
  t::sbml_model m;
  m.species = {{"X", 0}};
  m.parameters = {{"a", a}, {"w", w}, {"mu", mu}};
  m.reactions = {{"input", {}, {{"X", 1}}, "a * (1 + sin(w * time))", {}},
                 {"death", {{"X", 1}}, {}, "mu * X", {}}};
  const auto model = jumpflow::read_sbml_string(t::write_sbml(m));
  ASSERT_TRUE(model.network().is_time_dependent(0));
  const auto mean = [&](index, double time) {
    const double e = std::exp(-mu * time);
    return a / mu * (1.0 - e) +
           a * (mu * std::sin(w * time) - w * std::cos(w * time) + w * e) / (mu * mu + w * w);
  };
  check_moments(model, GetParam(), 0.5, 8, 11005, mean, mean);
}

// A switch by an SBML event: X is born at rate k G (G a boundary species) and dies at rate
// mu X; the event `time >= 1` sets G from 1 to 3. X_t is Poisson with mean m(t),
// m' = k G(t) - mu m, m(0) = 0, and G is deterministic.
TEST_P(ExactMoments, EventSwitchFromSbml) {
  constexpr double k = 10.0, mu = 1.0, T = 1.0;
  t::sbml_model m;
  m.species = {{"X", 0}, {"G", 1}};
  m.species[1].boundary = true;
  m.parameters = {{"k", k}, {"mu", mu}};
  m.reactions = {{"birth", {}, {{"X", 1}}, "k * G", {}, false, {"G"}},
                 {"death", {{"X", 1}}, {}, "mu * X", {}}};
  m.events = {{"switch_on", "time >= 1", {{"G", "3"}}}};
  const auto model = jumpflow::read_sbml_string(t::write_sbml(m));
  ASSERT_TRUE(model.has_events());
  const auto mean = [&](index i, double time) {
    if (i == 1) return time >= T ? 3.0 : 1.0;
    const double before = k / mu * (1.0 - std::exp(-mu * std::min(time, T)));
    if (time <= T) return before;
    const double e = std::exp(-mu * (time - T));
    return before * e + 3.0 * k / mu * (1.0 - e);
  };
  check_moments(model, GetParam(), 0.3, 8, 11006, mean,
                [&](index i, double time) { return i == 1 ? 0.0 : mean(i, time); });
}
#endif

}  // namespace
