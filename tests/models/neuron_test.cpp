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

// hodgkin_huxley_voltage declares its solution's horizon (the speed of each step), so the
// observer prunes more than with the global speed bound alone (the spike's speed), with the
// same sup bit for bit: one path at N = 1000 over 3 ms (through the first spike at 1.9 ms),
// observed with the horizon, with the speed bound only, and with every call evaluated.
TEST(HodgkinHuxley, VoltageLimitDeclaresItsHorizon) {
  const double T = 3.0;
  const auto limit = limit_path(10.0, T);
  struct speed_only {  // the voltage without its horizon
    jumpflow::hodgkin_huxley_voltage v;
    void operator()(double t, vector& out) const { v(t, out); }
    double speed_bound() const noexcept { return v.speed_bound(); }
  };
  const auto norm = jumpflow::euclidean_norm{};
  const auto sampled = jumpflow::path_kind::sampled;
  jumpflow::sup_distance_observer horizon(jumpflow::hodgkin_huxley_voltage(limit), norm, 1.0,
                                          sampled);
  jumpflow::sup_distance_observer speed(speed_only{jumpflow::hodgkin_huxley_voltage(limit)}, norm,
                                        1.0, sampled);
  const jumpflow::hodgkin_huxley_voltage voltage(limit);
  jumpflow::sup_distance_observer plain([&voltage](double t, vector& out) { voltage(t, out); },
                                        norm, 1.0, sampled);
  const auto m = neuron(10.0, 1000);
  auto x = m.initial_state(hodgkin_huxley_ode().resting_state());
  jumpflow::philox_engine g(announce_seed(41), 0);
  jumpflow::simulate_pdmp(m, x, 0.0, T, g, [&](const pdmp_state<count_vector>& s, double t) {
    horizon(s.y, t);
    speed(s.y, t);
    plain(s.y, t);
  });
  std::cout << plain.calls() << " calls; evaluations: " << horizon.evaluations()
            << " with the horizon, " << speed.evaluations() << " with the speed bound only\n";
  EXPECT_EQ(horizon.sup(), plain.sup());
  EXPECT_EQ(horizon.argsup(), plain.argsup());
  EXPECT_EQ(speed.sup(), plain.sup());
  EXPECT_EQ(speed.argsup(), plain.argsup());
  EXPECT_LT(horizon.evaluations(), speed.evaluations());
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
  if (grid.size() >= 3) {  // a one-point grid checks the sharp value alone
    std::cout << "slope " << study.rate.slope << " +- " << study.rate.slope_se << ", 95% CI ["
              << study.rate.ci_low << ", " << study.rate.ci_high << "]\n";
    EXPECT_NEAR(study.rate.slope, -0.5, 5 * study.rate.slope_se);
    EXPECT_LT(study.rate.slope_se, 0.1);  // the test has the power to see a wrong rate
  }
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

// The sharp value alone, at a resolution that catches a 10% error in K_inf (e.g. the potassium
// noise not weighted by N_Na / N_K): at N = 4000 (ratio 0.996 +- 0.076 at 100 replicates, so
// no visible O(N^{-1/2}) bias) 3200 replicates and K_inf from 16000 paths. Run once (38 s of
// CPU): ratio 1.005 +- 0.017, tolerance 0.066; with K_inf x 1.1 or x 0.9 the gap is 0.086 or
// 0.117 against 0.060 and 0.075, so both fail. (The CI test above has SE 0.076 at N = 8000,
// tolerance 0.31: it checks the constant only roughly.)
TEST(SlowHodgkinHuxley, VoltageSharpConstantCatchesATenPercentError) {
  const std::vector<double> grid{4000};
  expect_voltage_rate(grid, 3200, 1.0, 16000);
}

// The rate again, closer to the first spike (T = 1.5 ms, 0.4 ms before it). There the
// approach to the limit is slow: on the grid 1000, 4000, 16000, 64000 the sharp ratios
// sqrt(N) s_N / K_inf were 1.87, 1.47, 1.08 and 0.99 (+7.1, +3.9, +1.1, -0.3 SE), and the slope
// fitted across them -0.65 +- 0.017: the test failed on the pre-asymptotic N, not on the rate.
// The grid starts where the ratio is within about 2 SE of 1. Run once (445 s of CPU): slope
// -0.507 +- 0.027; ratios 1.10, 1.03, 1.04, 1.08 (+2.2, +0.7, +1.2, +1.8 SE).
TEST(SlowHodgkinHuxley, VoltageConvergesAtRateOneOverSqrtN) {
  const std::vector<double> grid{16000, 32000, 64000, 128000};
  expect_voltage_rate(grid, 400, 1.5, 16000);
}

// Spike times, of the stochastic paths and of the ODE alike: upward crossings of 0 mV, each time
// interpolated linearly between the two observed points around it. The detector re-arms only
// once the voltage has fallen below -20 mV again (hysteresis: noise near 0 mV cannot count one
// spike twice; every spike of the model overshoots to about +40 mV and repolarises to -70).
struct spike_detector {
  static constexpr double threshold = 0.0, rearm = -20.0;
  std::vector<double>* spikes;
  bool armed = true;
  double last_v = -100.0, last_t = 0.0;
  void operator()(double v, double t) {
    if (armed && last_v < threshold && v >= threshold) {
      spikes->push_back(last_t + (t - last_t) * (threshold - last_v) / (v - last_v));
      armed = false;
    } else if (!armed && v < rearm) {
      armed = true;
    }
    last_v = v;
    last_t = t;
  }
  void operator()(const pdmp_state<count_vector>& x, double t) { (*this)(x.y[0], t); }
};

// The ODE's spike times on [0, T], by the same detector on its dense solution sampled every
// 10^-3 ms (interpolation error below 10^-5 ms: the upstroke at 0 mV is nearly linear).
std::vector<double> ode_spike_times(const jumpflow::dense_solution& limit) {
  std::vector<double> spikes;
  spike_detector detect{&spikes};
  vector x(4);
  const auto steps = static_cast<long>(std::floor((limit.t1() - limit.t0()) / 1e-3));
  for (long i = 0; i <= steps; ++i) {
    const double t = limit.t0() + 1e-3 * static_cast<double>(i);
    limit(t, x);
    detect(x[0], t);
  }
  return spikes;
}

// The linear-noise oracle of the spike-time spread (first order in N^{-1/2}). With
// sqrt(N) (X^N - x) => G, the linear-noise limit of hodgkin_huxley_linear_noise started at 0,
// spike k of the stochastic neuron comes at tau_k + d_k / sqrt(N) + o(N^{-1/2}) with
// d_k = -G^V(tau_k) / V'(tau_k): the voltage error at the ODE's spike time tau_k over the slope
// of the upstroke there. So sqrt(N) SD(first spike time) -> SD(d_1) and
// sqrt(N) SD(tau_{k+1} - tau_k) -> SD(d_{k+1} - d_k), from P_k = Cov G(tau_k) and
// Cov(G(tau_{k+1}), G(tau_k)) = Phi_k P_k, Phi_k the transfer matrix over [tau_k, tau_{k+1}]
// (gaussian_transitions with one step per inter-spike interval: exact up to the ODE
// tolerances, 1e-10). This is the phase diffusion of the spike train in the linear-noise
// limit. Returns SD(d_1), then SD(d_{k+1} - d_k) for k = 1, 2, ...
std::vector<double> linear_noise_spike_spread(double current, const jumpflow::dense_solution& limit,
                                              std::span<const double> spikes) {
  const hodgkin_huxley_ode ode(with_current(current));
  const jumpflow::hodgkin_huxley_linear_noise noise(neuron(current, 1000));
  const auto slope = [&](double t) {
    vector x(4), dx(4);
    limit(t, x);
    ode(x, dx, t);
    return dx[0];
  };
  const auto jacobian = [&](const vector& z, jumpflow::matrix& a) { noise.drift_jacobian(z, a); };
  const auto sigma = [&](const vector& z, jumpflow::matrix& s) { noise.jump_covariance(z, s); };
  const auto d = jumpflow::hodgkin_huxley_linear_noise::state_dimension;
  jumpflow::matrix p = jumpflow::matrix::Zero(d, d), p_previous;
  std::vector<double> spread;
  double start = 0.0;
  for (std::size_t k = 0; k < spikes.size(); ++k) {
    const auto shifted = [&](double t, vector& z) {
      vector x(4);
      limit(start + t, x);
      noise.limit_state(x, z);
    };
    const jumpflow::gaussian_transitions step(shifted, jacobian, sigma, spikes[k] - start, 1, {}, 1);
    const jumpflow::matrix& phi = step.transfer(0);
    p_previous = p;
    p = phi * p * phi.transpose() + step.noise_factor(0) * step.noise_factor(0).transpose();
    const double b = 1.0 / slope(spikes[k]);
    if (k == 0) {
      spread.push_back(b * std::sqrt(p(0, 0)));
    } else {
      const double a = 1.0 / slope(spikes[k - 1]);
      const double cross = (phi * p_previous)(0, 0);  // Cov(G^V(tau_k), G^V(tau_{k-1}))
      spread.push_back(std::sqrt(b * b * p(0, 0) + a * a * p_previous(0, 0) - 2 * a * b * cross));
    }
    start = spikes[k];
  }
  return spread;
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

// The sample standard deviation with its standard error by the delta method,
// SE(s) = SE(mean of (x - xbar)^2) / (2 s), valid for any finite fourth moment (the spike times
// are skewed at moderate N, so the Gaussian formula s / sqrt(2 (n - 1)) would understate it):
// rms_estimate() of the deviations, times sqrt(n / (n - 1)).
jumpflow::estimate sd_estimate(const std::vector<double>& v) {
  const double mean = jumpflow::test::mean_and_se(v).mean;
  std::vector<double> deviations;
  for (const double x : v) deviations.push_back(x - mean);
  auto e = jumpflow::rms_estimate(deviations);
  const double n = static_cast<double>(v.size());
  const double c = std::sqrt(n / (n - 1.0));
  e.value *= c;
  e.standard_error *= c;
  e.ci_low *= c;
  e.ci_high *= c;
  return e;
}

// P(X >= k) for X ~ Binomial(n, 1/2).
double binomial_half_upper_tail(std::size_t n, std::size_t k) {
  const auto dn = static_cast<double>(n);
  double p = 0.0;
  for (std::size_t i = k; i <= n; ++i) {
    const auto di = static_cast<double>(i);
    p += std::exp(std::lgamma(dn + 1.0) - std::lgamma(di + 1.0) - std::lgamma(dn - di + 1.0) -
                  dn * std::log(2.0));
  }
  return p;
}

// Spike-time statistics over a grid of N, one value per replicate (so the values are
// independent): the latency (the first spike time, `interval` empty) or the interval between
// spikes k and k + 1 (`interval` = k), from rest with the current switched on at t = 0.
//
// A value above 1.5 times the ODE's counts as a skipped spike: the path lingered near the
// membrane's unstable fixed point (see the test below) instead of following the limit cycle.
// That is a large deviation, whose probability must vanish as N grows but is not of order
// N^{-1/2}; the spread law concerns the values that follow the cycle, so skips are counted
// apart. Oracles and tolerances:
// * skips: their frequency does not grow with N: the skips of the upper half of the grid,
//   given the total, are Binomial(total, 1/2) if the probability were the same on both halves
//   (equal replicates), and the test fails if that upper tail is below 1e-3;
// * mean of the other values at the largest N: the ODE's value, within 5 SE;
// * their SD: the rate N^{-1/2} (slope of log SD by fit_rate within 5 SE, its SE below 0.1,
//   the power law not rejected at 1e-3), and the sharp value
//   sqrt(N) SD -> K = linear_noise_spike_spread() (expect_sharp_limit: at the largest N within
//   4 SE, K itself being exact up to ODE tolerances, and the gap not growing with N).
// `max_slope_se` is the power demanded of the slope; a small CI sample leaves the power to the
// sharp value.
void expect_spike_statistics(double current, std::span<const double> grid,
                             std::uint64_t replicates, double T,
                             std::optional<std::size_t> interval, double max_slope_se = 0.1) {
  const jumpflow::dense_solution limit = limit_path(current, T + 30.0);
  const auto ode_spikes = ode_spike_times(limit);
  ASSERT_GE(ode_spikes.size(), 3u);
  const std::size_t needed = interval ? *interval + 2 : 1;
  const double oracle =
      interval ? ode_spikes[*interval + 1] - ode_spikes[*interval] : ode_spikes[0];
  const auto spreads_oracle =
      linear_noise_spike_spread(current, limit, std::span(ode_spikes).first(needed));
  const double k_oracle = spreads_oracle.back();
  std::cout << "ODE: first spike " << ode_spikes[0] << " ms, period "
            << ode_spikes.back() - ode_spikes[ode_spikes.size() - 2] << " ms; "
            << (interval ? "interval " + std::to_string(*interval) : std::string("latency"))
            << " " << oracle << " ms, linear-noise sqrt(N) SD " << k_oracle << " ms\n";
  const std::uint64_t seed = announce_seed(20261221);
  std::vector<jumpflow::estimate> spreads;
  std::vector<jumpflow::study_point> points;
  std::vector<std::size_t> skips;
  jumpflow::test::mean_se last{};
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const auto trains =
        spike_trains(current, static_cast<long long>(grid[i]), seed + i, replicates, T, needed);
    std::vector<double> values;
    std::size_t skipped = 0;
    for (const auto& spikes : trains) {
      ASSERT_GE(spikes.size(), needed) << "N = " << grid[i] << ": a path without spike " << needed;
      const double value = interval ? spikes[*interval + 1] - spikes[*interval] : spikes[0];
      if (value > 1.5 * oracle) {
        ++skipped;
      } else {
        values.push_back(value);
      }
    }
    skips.push_back(skipped);
    last = jumpflow::test::mean_and_se(values);
    spreads.push_back(sd_estimate(values));
    points.push_back({grid[i], std::nan(""), spreads.back(), replicates, 0, 0.0});
    std::cout << "N = " << grid[i] << ": " << skipped << " skipped of " << replicates << "; "
              << (interval ? "interval " : "latency ") << last.mean << " +- " << last.se
              << " ms (ODE " << oracle << "), SD " << spreads.back().value << " +- "
              << spreads.back().standard_error << ", sqrt(N) SD "
              << std::sqrt(grid[i]) * spreads.back().value << " (linear noise " << k_oracle
              << ")\n";
  }
  const std::size_t half = grid.size() / 2;
  std::size_t lower = 0, upper = 0;
  for (std::size_t i = 0; i < grid.size(); ++i) (i < half ? lower : upper) += skips[i];
  if (grid.size() % 2 == 0) {  // equal replicates on both halves
    const double p = binomial_half_upper_tail(lower + upper, upper);
    std::cout << "skips: " << lower << " on the lower half of the grid, " << upper
              << " on the upper half, P(upper >= " << upper << " | equal rates) = " << p << "\n";
    EXPECT_GT(p, 1e-3) << "spike skipping grows with N";
  }
  const auto fit = jumpflow::fit_rate(grid, spreads);
  std::cout << "spread slope " << fit.slope << " +- " << fit.slope_se << ", chi2 " << fit.chi2
            << " on " << fit.dof << " dof, p " << fit.p_value << "\n";
  EXPECT_NEAR(last.mean, oracle, 5 * last.se);
  EXPECT_NEAR(fit.slope, -0.5, 5 * fit.slope_se);
  EXPECT_LT(fit.slope_se, max_slope_se);  // the power to see a spread that does not shrink
  if (grid.size() > 2) {
    EXPECT_GT(fit.p_value, 1e-3);
  }
  jumpflow::asymptotic_error_result k;
  k.constant = {k_oracle, 0.0, k_oracle, k_oracle, 0, 0.95};
  k.fine = k.coarse = k.constant;
  k.steps = 1;
  k.horizon = oracle;
  jumpflow::test::expect_sharp_limit("spike-time spread", points, k, 4.0);
}

// Above threshold (current 20) the first spike comes at the ODE's latency (1.27 ms): its mean
// converges, and its spread shrinks like N^{-1/2} to the linear-noise value 5.06 ms / sqrt(N).
// (At current 10, closer to the onset of firing, the spread is still pre-asymptotic over
// N = 500..8000: slope -0.30 +- 0.05.)
TEST(HodgkinHuxleySpikes, LatencyConvergesWithSpreadShrinkingLikeOneOverSqrtN) {
  const std::vector<double> grid{2000, 4000, 8000, 16000};
  expect_spike_statistics(20.0, grid, 40, 4.0, std::nullopt);
}

// Periodic firing: the interval between the first and the second spike converges to the ODE's
// (12.06 ms from rest at current 20; the later ones settle to the period, 11.57 ms), and its
// spread shrinks like N^{-1/2} to the linear-noise value 82.4 ms / sqrt(N). One interval per
// path (intervals of one path are correlated, so pooling them would understate the standard
// errors), each path stopped at its second spike.
//
// Skipped spikes are real dynamics, not an artifact of the detector: at current 20 the resting
// state is an unstable focus (V = -56.6 mV, eigenvalues 0.155 +- 0.642i per ms: the
// oscillation around it grows by only e per 6.5 ms), and the limit cycle passes within 0.2 mV
// of it (and 0.016 in n) during recovery. Channel noise can put the path close to the focus,
// where it circles below -54 mV for a further half period or more before it fires (seen on a
// voltage trace at N = 2000: interval 18.6 ms, the voltage between -62 and -55 mV from 9 to
// 18.5 ms). That is a large deviation: its probability falls with N but not like N^{-1/2}.
TEST(HodgkinHuxleySpikes, IntervalsConvergeToThePeriodWithSpreadShrinkingLikeOneOverSqrtN) {
  const std::vector<double> grid{2000, 4000, 8000};
  expect_spike_statistics(20.0, grid, 40, 60.0, 0, 0.2);
}

// The CI variant above (40 paths, N = 2000..8000, about 25 s of CPU) has a slope SE near 0.12;
// the sharp value carries its power. The slow one, run once (273 s of CPU): skips 1, 2, 0, 0;
// sqrt(N) SD = 91.8, 87.4, 99.3, 87.2 (SE 8.2, 12.1, 10.5, 6.4) against 82.4; slope
// -0.517 +- 0.054; interval 12.062 +- 0.049 ms at N = 32000 (ODE 12.062).
TEST(SlowHodgkinHuxleySpikes, IntervalsConvergeToThePeriodWithSpreadShrinkingLikeOneOverSqrtN) {
  const std::vector<double> grid{4000, 8000, 16000, 32000};
  expect_spike_statistics(20.0, grid, 100, 60.0, 0);
}

}  // namespace
