// Unit tests of the PDMP simulators: input validation, error messages naming the channel, the
// observer protocol (flow points and both sides of every jump), stop conditions, the sampled
// sup distance, reproducibility and the absence of allocation per event. Deterministic.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "allocation_counter.hpp"
#include "error_text.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/random.hpp"
#include "pdmp_models.hpp"

namespace {

using jumpflow::index;
using jumpflow::pdmp_options;
using jumpflow::pdmp_state;
using jumpflow::vector;
using jumpflow::test::error_of;
using jumpflow::test::exponential_growth_pdmp;
using jumpflow::test::telegraph_pdmp;

// A model whose channel 1 returns a configurable bad intensity once y(t) = t exceeds 0.5.
struct bad_intensity_pdmp {
  using discrete_type = int;
  double bad = -1.0;
  index dimension() const { return 1; }
  index channels() const { return 2; }
  void flow(const vector&, int, double, vector& dydt) const { dydt[0] = 1.0; }
  void intensities(const vector& y, int, double, std::span<double> lambda) const {
    lambda[0] = 0.0;
    lambda[1] = y[0] > 0.5 ? bad : 0.0;
  }
  template <class URBG>
  void jump(index, vector&, int&, double, URBG&) const {}
  std::string channel_name(index j) const { return j == 1 ? "leak" : ""; }
};

TEST(Pdmp, RejectsBadInput) {
  const telegraph_pdmp model;
  jumpflow::philox_engine g(1);
  pdmp_state<int> x{vector::Zero(2), 0};
  EXPECT_EQ(error_of([&] { jumpflow::simulate_pdmp(model, x, 0.0, 1.0, g); }),
            "jumpflow::simulate_pdmp: x.y.size() is 2, but must be the model's dimension 1");
  x.y = vector::Zero(1);
  EXPECT_THROW(jumpflow::simulate_pdmp(model, x, 1.0, 0.0, g), std::domain_error);
  EXPECT_THROW(jumpflow::simulate_pdmp(model, x, 0.0, std::nan(""), g), std::domain_error);
  x.y[0] = std::numeric_limits<double>::infinity();
  EXPECT_THROW(jumpflow::simulate_pdmp(model, x, 0.0, 1.0, g), std::domain_error);
  x.y[0] = 0.0;
  pdmp_options o;
  o.location_tol = 0.0;
  EXPECT_EQ(error_of([&] {
              jumpflow::simulate_pdmp(model, x, 0.0, 1.0, g, jumpflow::null_observer{},
                                      jumpflow::never_stop{}, o);
            }),
            "jumpflow::simulate_pdmp: options.location_tol is 0, but must be in (0, 1)");
  EXPECT_THROW(jumpflow::simulate_pdmp_fixed_step(model, x, 0.0, 1.0, 0.0, g), std::domain_error);
}

TEST(Pdmp, BadIntensityNamesChannelValueAndTime) {
  jumpflow::philox_engine g(2);
  for (const double bad : {-1.0, std::nan("")}) {
    bad_intensity_pdmp model;
    model.bad = bad;
    pdmp_state<int> x{vector::Zero(1), 0};
    const std::string message = error_of([&] { jumpflow::simulate_pdmp(model, x, 0.0, 1.0, g); });
    EXPECT_NE(message.find("jumpflow::simulate_pdmp: intensity of channel 1 (leak) is " +
                           jumpflow::format_value(bad) + " at time "),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("but must be finite and >= 0"), std::string::npos) << message;
    // The state is the last one the observer saw: a flow point before the bad region.
    EXPECT_LE(x.y[0], 0.5 + 1e-12);
    const std::string thinning =
        error_of([&] { jumpflow::simulate_pdmp_fixed_step(model, x, 0.0, 1.0, 0.1, g); });
    EXPECT_NE(thinning.find("intensity of channel 1 (leak) is"), std::string::npos) << thinning;
  }
}

// Observer protocol: flow points in between, and at each event two calls at the same time,
// the left limit (old k, y continuous) first; stop ends the path at once.
TEST(Pdmp, ObserverSeesTheFlowAndBothSidesOfEveryJump) {
  const telegraph_pdmp model;
  jumpflow::philox_engine g(3);
  pdmp_state<int> x{vector::Zero(1), 0};
  struct call {
    double t, y;
    int s;
  };
  std::vector<call> calls;
  const auto events = jumpflow::simulate_pdmp(model, x, 0.0, 3.0, g,
                                              [&](const pdmp_state<int>& s, double t) {
                                                calls.push_back({t, s.y[0], s.k});
                                              });
  ASSERT_GE(events, 2u);
  EXPECT_EQ(calls.front().t, 0.0);
  EXPECT_EQ(calls.back().t, 3.0);
  std::uint64_t jumps = 0;
  for (std::size_t i = 1; i < calls.size(); ++i) {
    ASSERT_LE(calls[i - 1].t, calls[i].t);
    if (calls[i].s != calls[i - 1].s) {  // a jump: same time and same y as the left limit
      ++jumps;
      EXPECT_EQ(calls[i].t, calls[i - 1].t);
      EXPECT_EQ(calls[i].y, calls[i - 1].y);
    } else {
      // Along the flow y follows beta s - gamma y exactly (to the ODE tolerance).
      const double dt = calls[i].t - calls[i - 1].t;
      const double target = calls[i].s * model.beta / model.gamma;
      const double expected = target + (calls[i - 1].y - target) * std::exp(-model.gamma * dt);
      EXPECT_NEAR(calls[i].y, expected, 1e-7);
    }
  }
  EXPECT_EQ(jumps, events);

  // Stop at the first switch-off: the path ends at that event.
  jumpflow::philox_engine g2(3);
  pdmp_state<int> y{vector::Zero(1), 0};
  int seen_on = 0;
  const auto stopped = jumpflow::simulate_pdmp(
      model, y, 0.0, 100.0, g2, jumpflow::null_observer{},
      [&](const pdmp_state<int>& s, double) {
        seen_on += s.k;
        return seen_on > 0 && s.k == 0;
      });
  EXPECT_EQ(y.k, 0);
  EXPECT_EQ(stopped, 2u);
}

TEST(Pdmp, SameSeedSamePathAndTheMethodsAgreeInLaw) {
  const telegraph_pdmp model;
  pdmp_state<int> a{vector::Zero(1), 0}, b{vector::Zero(1), 0};
  jumpflow::philox_engine ga(7), gb(7);
  EXPECT_EQ(jumpflow::simulate_pdmp(model, a, 0.0, 5.0, ga),
            jumpflow::simulate_pdmp(model, b, 0.0, 5.0, gb));
  EXPECT_EQ(a.y[0], b.y[0]);
  EXPECT_EQ(a.k, b.k);
}

// A path with no event follows its flow; the sampled sup distance sees the flow between the
// calls at the ODE steps (the piecewise-constant protocol would compare only t0 and t1, where
// y(t) = t and the limit t^2 agree, and report 0).
// y' = 1 and no event (a zero intensity).
struct drift_only {
  using discrete_type = int;
  index dimension() const { return 1; }
  index channels() const { return 1; }
  void flow(const vector&, int, double, vector& dydt) const { dydt[0] = 1.0; }
  void intensities(const vector&, int, double, std::span<double> l) const { l[0] = 0.0; }
  template <class URBG>
  void jump(index, vector&, int&, double, URBG&) const {}
};

TEST(Pdmp, SampledSupDistanceSeesTheContinuousPath) {
  const auto limit = [](double t, vector& out) {
    out.resize(1);
    out[0] = t * t;
  };
  jumpflow::sup_distance_observer sampled(limit, jumpflow::euclidean_norm{}, 1.0,
                                          jumpflow::path_kind::sampled);
  jumpflow::projected_observer obs([](const pdmp_state<int>& x, vector& out) { out = x.y; },
                                   std::ref(sampled));
  pdmp_options o;
  o.max_step = 0.01;
  pdmp_state<int> x{vector::Zero(1), 0};
  jumpflow::philox_engine g(1);
  jumpflow::simulate_pdmp(drift_only{}, x, 0.0, 1.0, g, obs, jumpflow::never_stop{}, o);
  EXPECT_NEAR(x.y[0], 1.0, 1e-12);
  EXPECT_NEAR(sampled.sup(), 0.25, 1e-4);  // max of t - t^2 at t = 1/2
  EXPECT_NEAR(sampled.argsup(), 0.5, 0.011);
}

// The buffers are sized once per call: a path with many more events allocates no more.
TEST(Pdmp, NoAllocationPerEvent) {
  telegraph_pdmp model;
  model.k_on = model.k_off = 50.0;
  const auto allocations_for = [&](double t1, auto simulate) {
    pdmp_state<int> x{vector::Zero(1), 0};
    jumpflow::philox_engine g(11);
    const auto before = jumpflow::test::allocations();
    const auto events = simulate(x, t1, g);
    const auto used = jumpflow::test::allocations() - before;
    return std::pair{events, used};
  };
  const auto exact = [&](pdmp_state<int>& x, double t1, jumpflow::philox_engine& g) {
    return jumpflow::simulate_pdmp(model, x, 0.0, t1, g);
  };
  const auto thinning = [&](pdmp_state<int>& x, double t1, jumpflow::philox_engine& g) {
    return jumpflow::simulate_pdmp_thinning(model, x, 0.0, t1, g);
  };
  const auto fixed = [&](pdmp_state<int>& x, double t1, jumpflow::philox_engine& g) {
    return jumpflow::simulate_pdmp_fixed_step(model, x, 0.0, t1, 1e-3, g);
  };
  for (const auto& [short_run, long_run] :
       {std::pair{allocations_for(1.0, exact), allocations_for(20.0, exact)},
        std::pair{allocations_for(1.0, thinning), allocations_for(20.0, thinning)},
        std::pair{allocations_for(1.0, fixed), allocations_for(20.0, fixed)}}) {
    EXPECT_GT(long_run.first, 10 * short_run.first / 2);
    EXPECT_EQ(long_run.second, short_run.second);
  }
}

TEST(Pdmp, ThinningRejectsAViolatedBound) {
  struct lying_bound : exponential_growth_pdmp {
    double intensity_bound(const vector&, long long, double, double) const { return 1.0; }
  };
  pdmp_state<long long> x{vector::Ones(1), 0};
  jumpflow::philox_engine g(5);
  const std::string message =
      error_of([&] { jumpflow::simulate_pdmp_thinning(lying_bound{}, x, 0.0, 3.0, g); });
  EXPECT_NE(message.find("jumpflow::simulate_pdmp_thinning: total intensity is"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("but must be <= the intensity bound 1"), std::string::npos) << message;
}

TEST(Pdmp, CountersCountTheWork) {
  const telegraph_pdmp model;
  jumpflow::pdmp_counters counters;
  pdmp_options o;
  o.counters = &counters;
  pdmp_state<int> x{vector::Zero(1), 0};
  jumpflow::philox_engine g(9);
  const auto events = jumpflow::simulate_pdmp(model, x, 0.0, 10.0, g, jumpflow::null_observer{},
                                              jumpflow::never_stop{}, o);
  EXPECT_EQ(counters.events, events);
  EXPECT_GE(counters.flow_steps, events);
  EXPECT_GE(counters.rhs_evaluations, 6 * counters.flow_steps);
  EXPECT_GT(counters.locator_evaluations, 0u);
}

}  // namespace
