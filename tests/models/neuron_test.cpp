// The stochastic Hodgkin-Huxley neuron: unit checks of the model (rates, resting state,
// channel counts, transitions) and its fluid limit (Pakdaman, Thieullen and Wainrib 2010):
// the voltage converges to the Hodgkin-Huxley ODE at rate N^{-1/2} (Theorem*), and the
// interspike intervals converge to the ODE's period with a spread shrinking like N^{-1/2}.
// Tests named Slow* are the large versions (CTest label slow). Seeds are fixed and printed.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <span>
#include <vector>

#include "error_text.hpp"
#include "goodness_of_fit.hpp"
#include "sharp_constant_check.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/neuron.hpp"
#include "jumpflow/ode.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::hodgkin_huxley_ode;
using jumpflow::hodgkin_huxley_parameters;
using jumpflow::pdmp_state;
using jumpflow::stochastic_hodgkin_huxley;
using jumpflow::vector;
using jumpflow::test::announce_seed;

hodgkin_huxley_parameters with_current(double current) {
  hodgkin_huxley_parameters p;
  p.current = current;
  return p;
}

stochastic_hodgkin_huxley neuron(double current, long long sodium) {
  return stochastic_hodgkin_huxley(with_current(current), sodium,
                                   jumpflow::hodgkin_huxley_potassium_channels(sodium));
}

TEST(HodgkinHuxley, RateFunctionsAndRestingState) {
  // Values of the standard rate functions (Dayan and Abbott 2001, eq. 5.22-5.24), including the
  // removable singularities of alpha_m at -40 mV and alpha_n at -55 mV.
  const auto r = jumpflow::hodgkin_huxley_rate_functions(-40.0);
  EXPECT_DOUBLE_EQ(r.alpha_m, 1.0);
  EXPECT_NEAR(jumpflow::hodgkin_huxley_rate_functions(-55.0).alpha_n, 0.1, 1e-12);
  EXPECT_NEAR(jumpflow::hodgkin_huxley_rate_functions(-40.0 + 1e-7).alpha_m, 1.0, 1e-8);
  const auto rest = jumpflow::hodgkin_huxley_rate_functions(-65.0);
  EXPECT_DOUBLE_EQ(rest.beta_m, 4.0);
  EXPECT_DOUBLE_EQ(rest.alpha_h, 0.07);
  EXPECT_DOUBLE_EQ(rest.beta_n, 0.125);
  // The resting potential of the standard membrane is about -65 mV, and it is a fixed point.
  const hodgkin_huxley_ode ode;
  const vector x = ode.resting_state();
  EXPECT_NEAR(x[0], -65.0, 0.1);
  vector dx(4);
  ode(x, dx, 0.0);
  EXPECT_LT(dx.cwiseAbs().maxCoeff(), 1e-9);
  EXPECT_THROW(hodgkin_huxley_ode(with_current(std::nan(""))), std::domain_error);
}

TEST(HodgkinHuxley, StochasticModelCountsAndTransitions) {
  const auto m = neuron(0.0, 1000);
  EXPECT_EQ(m.potassium_channels(), 300);
  const auto x = m.initial_state(hodgkin_huxley_ode().resting_state());
  EXPECT_EQ(x.k.head(8).sum(), 1000);
  EXPECT_EQ(x.k.tail(5).sum(), 300);
  // Each transition moves one channel between states of the same kind, with intensity
  // (count of the source) x (rate); the totals are conserved.
  std::vector<double> lambda(28);
  m.intensities(x.y, x.k, 0.0, lambda);
  const auto r = jumpflow::hodgkin_huxley_rate_functions(x.y[0]);
  EXPECT_DOUBLE_EQ(lambda[0], static_cast<double>(x.k[0]) * 3 * r.alpha_m);  // Na m0h0->m1h0
  EXPECT_EQ(m.channel_name(0), "Na m0h0->m1h0");
  EXPECT_EQ(m.channel_name(27), "K n4->n3");
  EXPECT_DOUBLE_EQ(lambda[27], static_cast<double>(x.k[12]) * 4 * r.beta_n);
  for (jumpflow::index j = 0; j < 28; ++j) {
    auto y = x;
    jumpflow::philox_engine g(1);
    m.jump(j, y.y, y.k, 0.0, g);
    EXPECT_EQ((y.k - x.k).cwiseAbs().sum(), 2) << j;
    EXPECT_EQ(y.k.head(8).sum(), 1000);
    EXPECT_EQ(y.k.tail(5).sum(), 300);
  }
  EXPECT_EQ(jumpflow::test::error_of([] { neuron(0.0, 0); }),
            "jumpflow::stochastic_hodgkin_huxley: sodium is 0, but must be >= 1");
  EXPECT_THROW(m.initial_state(-65.0, 1.5, 0.5, 0.5), std::domain_error);
}

TEST(HodgkinHuxley, LinearNoiseDriftIsTheOdeOnTheFractions) {
  // Oracle: on the product manifold z = limit_state(V, m, h, n) the drift of the 14-dimensional
  // linear-noise system is the Hodgkin-Huxley ODE: dV equal, and the open fractions move as
  // d(m^3 h)/dt = 3 m^2 h dm + m^3 dh, d(n^4)/dt = 4 n^3 dn (to rounding, 1e-10 relative).
  // Sigma is symmetric, conserves the channel totals (rows of each kind sum to 0) and has a zero
  // voltage row; K-transitions are weighted N_Na / N_K = 1 / 0.3.
  const auto m = neuron(10.0, 1000);
  const jumpflow::hodgkin_huxley_linear_noise noise(m);
  vector x(4);
  x << -50.0, 0.2, 0.5, 0.4;
  vector dx(4), z, dz;
  hodgkin_huxley_ode(with_current(10.0))(x, dx, 0.0);
  noise.limit_state(x, z);
  noise.drift(z, dz);
  EXPECT_NEAR(dz[0], dx[0], 1e-10 * std::abs(dx[0]));
  const double dna = 3 * x[1] * x[1] * x[2] * dx[1] + std::pow(x[1], 3) * dx[2];
  const double dk = 4 * std::pow(x[3], 3) * dx[3];
  EXPECT_NEAR(dz[1 + stochastic_hodgkin_huxley::open_sodium], dna, 1e-10 * std::abs(dna));
  EXPECT_NEAR(dz[1 + stochastic_hodgkin_huxley::open_potassium], dk, 1e-10 * std::abs(dk));
  jumpflow::matrix s;
  noise.jump_covariance(z, s);
  EXPECT_EQ(s.row(0).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_LE((s - s.transpose()).cwiseAbs().maxCoeff(), 0.0);
  EXPECT_LE(s.block(1, 1, 8, 8).rowwise().sum().cwiseAbs().maxCoeff(), 1e-14);
  EXPECT_LE(s.block(9, 9, 5, 5).rowwise().sum().cwiseAbs().maxCoeff(), 1e-14);
  // Variance of the open K count: its transitions n3 -> n4 (rate alpha_n) and n4 -> n3 (4 beta_n).
  const auto r = jumpflow::hodgkin_huxley_rate_functions(x[0]);
  const double w3 = z[1 + 11], w4 = z[1 + 12];
  EXPECT_NEAR(s(13, 13), (r.alpha_n * w3 + 4 * r.beta_n * w4) / 0.3, 1e-12);
  EXPECT_THROW(noise.limit_state(vector::Zero(3), z), std::invalid_argument);
}

// The deterministic limit: the ODE from rest with the current switched on at t = 0.
jumpflow::dense_solution limit_path(double current, double t1) {
  return jumpflow::dense_solution(hodgkin_huxley_ode(with_current(current)),
                                  hodgkin_huxley_ode().resting_state(), 0.0, t1);
}

// sup_{t <= T} |V^N_t - V_t| of one replicate, on the path sampled at the ODE steps and on both
// sides of every channel transition (path_kind::sampled).
jumpflow::replicate_outcome voltage_sup_distance(const stochastic_hodgkin_huxley& m,
                                                 const jumpflow::dense_solution& limit, double T,
                                                 jumpflow::philox_engine& g) {
  jumpflow::sup_distance_observer sup(jumpflow::hodgkin_huxley_voltage(limit),
                                      jumpflow::euclidean_norm{}, 1.0,
                                      jumpflow::path_kind::sampled);
  jumpflow::projected_observer obs(
      [](const pdmp_state<count_vector>& x, vector& v) { v = x.y; }, std::ref(sup));
  auto x = m.initial_state(hodgkin_huxley_ode().resting_state());
  const auto events = jumpflow::simulate_pdmp(m, x, 0.0, T, g, obs);
  return {sup.sup(), events};
}

// The fluid limit: s(N) = sqrt(E sup_{t <= T} |V^N_t - V_t|^2) ~ K_inf N^{-1/2}. Current 10
// from rest; T = 1 ms ends before the first spike (at 1.9 ms in the ODE), so spike-time jitter
// does not enter. Oracles: (1) the slope -1/2 of the theorem, within 5 standard errors of the
// fitted slope (fit_rate, known variance from the replicates' spread); (2) next to it, the
// sharp value: sqrt(N) s(N) -> K_inf, the constant of the linear-noise limit
// (hodgkin_huxley_linear_noise: the 14-dimensional Gaussian process of the voltage and the
// channel fractions, asymptotic_error_constant with the voltage norm). Tolerance of (2)
// (sharp_constant_check.hpp): at the largest N, |sqrt(N) s / K_inf - 1| <= 4 combined SE + K's
// stated discretisation error + the O(N^-1/2) allowance, and the gap does not grow with N.
void expect_voltage_rate(std::span<const double> grid, std::uint64_t replicates, double T,
                         std::uint64_t k_paths) {
  jumpflow::study_options options;
  options.replicates = replicates;
  options.seed = announce_seed(20261220);
  options.threads = 1;
  const auto limit = limit_path(10.0, T);
  const auto study = jumpflow::convergence_study(
      grid, options, [&](double n, jumpflow::philox_engine& g, std::uint64_t) {
        return voltage_sup_distance(neuron(10.0, static_cast<long long>(n)), limit, T, g);
      });
  for (const auto& p : study.points) {
    std::cout << "N = " << p.n << ": s = " << p.error.value << " +- " << p.error.standard_error
              << " mV, sqrt(N) s = " << std::sqrt(p.n) * p.error.value << ", events "
              << p.events / p.replicates << " per replicate\n";
  }
  std::cout << "slope " << study.rate.slope << " +- " << study.rate.slope_se << ", 95% CI ["
            << study.rate.ci_low << ", " << study.rate.ci_high << "]\n";
  EXPECT_NEAR(study.rate.slope, -0.5, 5 * study.rate.slope_se);
  EXPECT_LT(study.rate.slope_se, 0.1);  // the test has the power to see a wrong rate
  // The sharp constant, on streams disjoint from the study's (seed + 1).
  const jumpflow::hodgkin_huxley_linear_noise noise(neuron(10.0, 1000));
  const auto path = [&](double t, vector& z) {
    vector x(4);
    limit(t, x);
    noise.limit_state(x, z);
  };
  jumpflow::asymptotic_error_options k;
  k.paths = k_paths;
  k.steps = 256;
  k.seed = options.seed + 1;
  const auto K = jumpflow::asymptotic_error_constant(
      path, noise, T, k, jumpflow::hodgkin_huxley_linear_noise::voltage_norm{});
  jumpflow::test::expect_sharp_limit("Hodgkin-Huxley voltage", study.points, K, 4.0);
}

TEST(TheoremHodgkinHuxley, VoltageConvergesAtRateOneOverSqrtN) {
  const std::vector<double> grid{1000, 2000, 4000, 8000};
  expect_voltage_rate(grid, 100, 1.0, 4000);
}

TEST(SlowHodgkinHuxley, VoltageConvergesAtRateOneOverSqrtN) {
  const std::vector<double> grid{1000, 4000, 16000, 64000};
  expect_voltage_rate(grid, 400, 1.5, 16000);
}

// Spike times: upward crossings of 0 mV, linearly interpolated between observed points.
struct spike_detector {
  std::vector<double>* spikes;
  double last_v = -100.0, last_t = 0.0;
  void operator()(const pdmp_state<count_vector>& x, double t) {
    const double v = x.y[0];
    if (last_v < 0.0 && v >= 0.0) spikes->push_back(last_t + (t - last_t) * (-last_v) / (v - last_v));
    last_v = v;
    last_t = t;
  }
};

std::vector<double> ode_spike_times(double current, double T) {
  std::vector<double> spikes;
  double last_v = -100.0, last_t = 0.0;
  vector x = hodgkin_huxley_ode().resting_state();
  jumpflow::integrate(hodgkin_huxley_ode(with_current(current)), x, 0.0, T, {},
                      [&](const vector& s, double t) {
                        if (last_v < 0.0 && s[0] >= 0.0) {
                          spikes.push_back(last_t + (t - last_t) * (-last_v) / (s[0] - last_v));
                        }
                        last_v = s[0];
                        last_t = t;
                      });
  return spikes;
}

// Spike times of R replicates at N sodium channels (current `current`, from rest); each path
// stops at its spike number `spikes_needed` (or at T).
std::vector<std::vector<double>> spike_trains(double current, long long sodium, std::uint64_t seed,
                                              std::uint64_t replicates, double T,
                                              std::size_t spikes_needed) {
  const auto m = neuron(current, sodium);
  std::vector<std::vector<double>> trains;
  const jumpflow::stream_factory streams(seed);
  jumpflow::pdmp_options o;
  o.max_step = 0.05;  // resolution of the crossing times at small N
  for (std::uint64_t r = 0; r < replicates; ++r) {
    auto g = streams(r);
    std::vector<double> spikes;
    auto x = m.initial_state(hodgkin_huxley_ode().resting_state());
    jumpflow::simulate_pdmp(m, x, 0.0, T, g, spike_detector{&spikes},
                            [&](const pdmp_state<count_vector>&, double) {
                              return spikes.size() >= spikes_needed;
                            },
                            o);
    trains.push_back(std::move(spikes));
  }
  return trains;
}

// A standard deviation with its standard error sqrt(SD^2 / (2 (n - 1))) (Gaussian
// approximation), as a jumpflow::estimate for fit_rate().
jumpflow::estimate sd_estimate(const std::vector<double>& v) {
  const auto ms = jumpflow::test::mean_and_se(v);
  const double n = static_cast<double>(v.size());
  const double sd = ms.se * std::sqrt(n);
  const double se = sd / std::sqrt(2.0 * (n - 1.0));
  return {sd, se, sd - 2 * se, sd + 2 * se, v.size(), 0.95};
}

// Spike-time statistics over a grid of N, one value per replicate (so the values are
// independent): the latency (the first spike time, `interval` empty) or the interval between
// spikes k and k + 1 (`interval` = k). Oracles: the ODE's value of the same quantity (mean at
// the largest N within 5 SE) and the rate N^{-1/2} of the spread (slope of log SD by fit_rate
// within 5 SE, the power law not rejected at 1e-3). Every replicate must reach the spike (T is
// several periods beyond it) and none may skip a spike (an interval above 1.5 times the ODE's),
// which is the regime of the theorem.
void expect_spike_statistics(double current, std::span<const double> grid,
                             std::uint64_t replicates, double T,
                             std::optional<std::size_t> interval) {
  const auto ode_spikes = ode_spike_times(current, T + 30.0);
  ASSERT_GE(ode_spikes.size(), 3u);
  const double period = ode_spikes[ode_spikes.size() - 1] - ode_spikes[ode_spikes.size() - 2];
  const double oracle =
      interval ? ode_spikes[*interval + 1] - ode_spikes[*interval] : ode_spikes[0];
  std::cout << "ODE: first spike " << ode_spikes[0] << " ms, period " << period << " ms"
            << (interval ? ", oracle interval " + std::to_string(oracle) + " ms" : std::string())
            << "\n";
  const std::size_t needed = interval ? *interval + 2 : 1;
  const std::uint64_t seed = announce_seed(20261221);
  std::vector<jumpflow::estimate> spreads;
  jumpflow::test::mean_se last{};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const auto trains =
        spike_trains(current, static_cast<long long>(grid[i]), seed + i, replicates, T, needed);
    std::vector<double> values;
    std::size_t skipped = 0;
    for (const auto& spikes : trains) {
      ASSERT_GE(spikes.size(), needed) << "N = " << grid[i] << ": a path without spike " << needed;
      values.push_back(interval ? spikes[*interval + 1] - spikes[*interval] : spikes[0]);
      if (interval && values.back() > 1.5 * oracle) ++skipped;
    }
    last = jumpflow::test::mean_and_se(values);
    spreads.push_back(sd_estimate(values));
    std::cout << "N = " << grid[i] << ": " << (interval ? "interval" : "latency") << " " << last.mean
              << " +- " << last.se << " ms (ODE " << oracle << "), SD " << spreads.back().value
              << " +- " << spreads.back().standard_error << ", sqrt(N) SD "
              << std::sqrt(grid[i]) * spreads.back().value << " (" << values.size()
              << " values, " << skipped << " skipped spikes)\n";
    EXPECT_EQ(skipped, 0u) << "N = " << grid[i];
  }
  const auto fit = jumpflow::fit_rate(grid, spreads);
  std::cout << "spread slope " << fit.slope << " +- " << fit.slope_se << ", chi2 " << fit.chi2
            << " on " << fit.dof << " dof, p " << fit.p_value << "\n";
  EXPECT_NEAR(last.mean, oracle, 5 * last.se);
  EXPECT_NEAR(fit.slope, -0.5, 5 * fit.slope_se);
  EXPECT_LT(fit.slope_se, 0.1);  // the test has the power to see a spread that does not shrink
  if (grid.size() > 2) {
    EXPECT_GT(fit.p_value, 1e-3);
  }
}

// Above threshold (current 20) the first spike comes at the ODE's latency (1.25 ms): its mean
// converges and its spread shrinks like N^{-1/2} (the voltage's fluctuations, divided by the
// slope of the voltage at the crossing). Measured sqrt(N) SD: 8.4 ms at N = 500, 5.7 at 2000,
// 5.1 at 8000, so the grid starts at 2000. (At current 10, closer to the onset of firing, the
// spread is still pre-asymptotic there: slope -0.30 +- 0.05 over N = 500..8000.)
TEST(HodgkinHuxleySpikes, LatencyConvergesWithSpreadShrinkingLikeOneOverSqrtN) {
  const std::vector<double> grid{2000, 4000, 8000, 16000};
  expect_spike_statistics(20.0, grid, 40, 4.0, std::nullopt);
}

// Periodic firing: the interval between the first and the second spike converges to the ODE's
// (12.06 ms from rest at current 20; the later ones settle to the period, 11.56 ms, within 0.3%
// from the second on), and its spread shrinks like N^{-1/2}. One interval per path (intervals of
// one path are correlated, so pooling them would understate the standard errors), each path
// stopped at its second spike. Current 20 is far above the onset of repetitive firing (about
// 6.3), in the hope that no spike is skipped (checked: an interval above 1.5 x 12.06 ms fails).
// Measured (40 paths per N): skipped spikes 1, 0, 1 at N = 2000, 4000, 8000, sqrt(N) SD =
// 75.8, 74.7, 113.4 (the one skip at 8000 doubles the variance). So spike skipping
// persists to N = 8000 at least, and this test is expected to fail on it until the grid (or the
// current) is moved to where it stops: not yet established. No CI variant: a slope with SE
// below 0.1 needs N over a factor 4 at 60 paths (about 80 s of CPU from N = 4000 on).
TEST(SlowHodgkinHuxleySpikes, IntervalsConvergeToThePeriodWithSpreadShrinkingLikeOneOverSqrtN) {
  const std::vector<double> grid{4000, 8000, 16000, 32000};
  expect_spike_statistics(20.0, grid, 40, 60.0, 0);
}

}  // namespace
