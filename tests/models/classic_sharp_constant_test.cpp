// The sharp constant of the classic density-dependent families: sqrt(n) s_n -> K_inf, the
// linear-noise limit (density_linear_noise + asymptotic_error_constant), for immigration-death
// and SIR, with the error measured exactly as the tool does (X^n = counts / n against the
// limit from the family's x0, Euclidean norm, both sides of every event).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/models/classic/density_linear_noise.hpp"
#include "sharp_constant_check.hpp"

namespace {

using jumpflow::matrix;
using jumpflow::vector;

template <class Family>
void sharp_check(const char* name, const Family& family, double T, const std::vector<double>& ns,
                 std::uint64_t replicates, std::uint64_t seed) {
  const jumpflow::dense_solution limit =
      jumpflow::limit_solution(family, family.initial_state(), 0.0, T);
  jumpflow::asymptotic_error_options ko;
  ko.paths = replicates;
  ko.seed = seed;
  const auto k = jumpflow::asymptotic_error_constant(limit, jumpflow::density_linear_noise(family), T, ko);
  jumpflow::study_options o;
  o.replicates = replicates;
  o.seed = seed + 1;
  std::printf("seed %llu, %llu replicates per n\n", static_cast<unsigned long long>(o.seed),
              static_cast<unsigned long long>(replicates));
  const auto points =
      jumpflow::convergence_study(
          std::span<const double>(ns), o,
          [&](double n, jumpflow::philox_engine& g, std::uint64_t) {
            const auto network = family.model(n);
            jumpflow::count_vector x = family.initial_counts(n);
            jumpflow::sup_distance_observer obs(jumpflow::dense_cursor(limit),
                                                jumpflow::euclidean_norm{}, 1.0 / n);
            const auto events = jumpflow::simulate_direct(network, x, 0.0, T, g, obs);
            return jumpflow::replicate_outcome{obs.sup(), events};
          })
          .points;
  jumpflow::test::expect_sharp_limit(name, points, k, 4.0);
}

TEST(DensityLinearNoise, RatesReproduceTheFamilysDrift) {
  // F(x) = sum_j beta_j(x) l_j, with beta from the network, must equal the family's own drift
  // (typed separately): a check that Sigma is built from the same channels as the limit.
  const jumpflow::sir_family sir(2.0, 1.0, 0.95, 0.05);
  const jumpflow::density_linear_noise noise(sir);
  const vector x = (vector(3) << 0.6, 0.3, 0.1).finished();
  matrix s;
  noise.jump_covariance(x, s);
  // Sigma = beta s i (-1, 1, 0)(-1, 1, 0)^T + gamma i (0, -1, 1)(0, -1, 1)^T.
  const double inf = 2.0 * 0.6 * 0.3, rec = 1.0 * 0.3;
  matrix expected(3, 3);
  expected << inf, -inf, 0.0, -inf, inf + rec, -rec, 0.0, -rec, rec;
  EXPECT_LE((s - expected).cwiseAbs().maxCoeff(), 1e-8);
  vector beta, f;
  noise.channel_rates(x, beta);
  sir.drift(x, f);
  EXPECT_NEAR(-beta[0], f[0], 1e-8);
  EXPECT_NEAR(beta[0] - beta[1], f[1], 1e-8);
  matrix a;
  noise.drift_jacobian(x, a);
  matrix ja(3, 3);
  ja << -0.6, -1.2, 0.0, 0.6, 1.2 - 1.0, 0.0, 0.0, 1.0, 0.0;
  EXPECT_LE((a - ja).cwiseAbs().maxCoeff(), 1e-8);
}

TEST(DensityLinearNoise, ImmigrationDeathVarianceMatchesItsClosedForm) {
  // Oracle: at scale n the count at T is Poisson(n (k/g)(1 - e^{-gT})) (immigrants alive)
  // plus Binomial(n x0, e^{-gT}) (survivors of the start), so n Var(X^n_T) = (k/g)(1 - e^{-gT})
  // + x0 e^{-gT}(1 - e^{-gT}) exactly; the transitions' Cov(G_T) must match it to 1e-7.
  const double k = 1.0, g = 1.0, x0 = 0.5, T = 2.0;
  const jumpflow::immigration_death_family fam(k, g, x0);
  const jumpflow::dense_solution limit = jumpflow::limit_solution(fam, fam.initial_state(), 0.0, T);
  const jumpflow::density_linear_noise noise(fam);
  const jumpflow::gaussian_transitions tr(
      limit, [&](const vector& x, matrix& a) { noise.drift_jacobian(x, a); },
      [&](const vector& x, matrix& s) { noise.jump_covariance(x, s); }, T, 10);
  const double e = std::exp(-g * T);
  const double exact = (k / g) * (1.0 - e) + x0 * e * (1.0 - e);
  EXPECT_NEAR(tr.terminal_covariance()(0, 0), exact, 1e-7 * exact);
}

TEST(SharpConstant, ImmigrationDeath) {
  // The tool's defaults: k = g = 1, x0 = 0.5, T = 2.
  sharp_check("immigration-death", jumpflow::immigration_death_family(1.0, 1.0, 0.5), 2.0,
              {100, 400}, 6000, 41);
}

TEST(SharpConstant, Sir) {
  // The tool's defaults: beta = 2, gamma = 1, (s0, i0) = (0.95, 0.05), T = 5.
  sharp_check("SIR", jumpflow::sir_family(2.0, 1.0, 0.95, 0.05), 5.0, {200, 800}, 3000, 51);
}

TEST(SlowSharpConstant, ImmigrationDeath) {
  sharp_check("immigration-death", jumpflow::immigration_death_family(1.0, 1.0, 0.5), 2.0,
              {400, 6400}, 40000, 141);
}

TEST(SlowSharpConstant, Sir) {
  sharp_check("SIR", jumpflow::sir_family(2.0, 1.0, 0.95, 0.05), 5.0, {400, 6400}, 20000, 151);
}

}  // namespace
