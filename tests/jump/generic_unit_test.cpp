// Unit tests of the generic jump processes: concepts, clocks, observer protocol, errors,
// no allocation per jump.
//
// Eigen's run-time malloc check is switched on in this file (and only here: it is the only
// source of this executable that includes Eigen), with an eigen_assert that throws, so a
// heap allocation by Eigen inside a simulation fails the test even in Release builds.
#define EIGEN_RUNTIME_NO_MALLOC
#include <stdexcept>
#define eigen_assert(x)                                    \
  do {                                                     \
    if (!(x)) throw std::logic_error("eigen_assert: " #x); \
  } while (false)

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "generic_models.hpp"
#include "jumpflow/jump.hpp"

// Counts operator new calls (Eigen's own mallocs are caught by EIGEN_RUNTIME_NO_MALLOC).
namespace {
std::atomic<long> new_calls{0};
}
// GCC flags free() on memory from (its view of) operator new; here both are ours.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
  ++new_calls;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace {

using jumpflow::philox_engine;
using jumpflow::vector;
using jumpflow::test::error_of;
using jumpflow::test::immigration_death_model;
using jumpflow::test::linear_prm_model;
using jumpflow::test::periodic_immigration_death_model;
using jumpflow::test::thinned_death_model;
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

static_assert(jumpflow::prm_driven_model<linear_prm_model>);
static_assert(!jumpflow::thinned_prm_driven_model<linear_prm_model>);
static_assert(jumpflow::thinned_prm_driven_model<thinned_death_model>);
static_assert(!jumpflow::prm_driven_model<immigration_death_model>);
static_assert(jumpflow::markov_jump_model<immigration_death_model>);
static_assert(!jumpflow::markov_jump_model<periodic_immigration_death_model>);
static_assert(jumpflow::time_dependent_markov_jump_model<periodic_immigration_death_model>);

// Jumps by +1 until x reaches 3, then returns NaN.
struct nan_model {
  using state_type = double;
  using mark_type = double;
  double rate() const { return 10.0; }
  jumpflow::test::no_mark mark_law() const { return {}; }
  void jump(double x, double, double, double& dx) const { dx = x >= 3.0 ? nan : 1.0; }
};

struct bad_rate_model : nan_model {
  double rate() const { return -1.0; }
};

struct negative_intensity_model : immigration_death_model {
  double intensity(const jumpflow::count_vector& x) const {
    return 3.5 - static_cast<double>(x[0]);  // negative from x = 4 on
  }
  template <class G>
  void sample_jump(const jumpflow::count_vector&, G&, jumpflow::count_vector& dx) const {
    dx[0] = 1;
  }
};

// A random walk on R^2 with N(0, I) increments, intensity 1 + |x_0| capped at 3, bound 3.
struct capped_walk_model {
  using state_type = vector;
  double intensity(const vector& x, double) const { return std::min(3.0, 1.0 + std::abs(x[0])); }
  double intensity_bound(const vector&, double, double) const { return 3.0; }
  template <class G>
  void sample_jump(const vector&, double, G& g, vector& dx) const {
    jumpflow::gaussian_law(2)(g, dx);
  }
};

// Records the observer calls.
struct recorder {
  std::vector<double> times;
  std::vector<double> first;
  void operator()(const vector& x, double t) {
    times.push_back(t);
    first.push_back(x[0]);
  }
};

TEST(PrmDriven, ObserverProtocolAndJumpCount) {
  const linear_prm_model m{5.0, 0.1, 2};
  vector x = vector::Constant(2, 1.0);
  philox_engine g(1);
  recorder rec;
  const auto jumps = jumpflow::simulate_prm_driven(m, x, 0.5, 4.0, g, rec);
  ASSERT_GT(jumps, 5u);
  ASSERT_EQ(rec.times.size(), jumps + 2);
  EXPECT_EQ(rec.times.front(), 0.5);
  EXPECT_EQ(rec.first.front(), 1.0);
  EXPECT_EQ(rec.times.back(), 4.0);
  EXPECT_EQ(rec.first.back(), x[0]);
  for (std::size_t i = 1; i + 1 < rec.times.size(); ++i) {
    EXPECT_GT(rec.times[i], rec.times[i - 1]);
    EXPECT_LE(rec.times[i], 4.0);
  }
  // The default observer, and a call without jumps.
  philox_engine h(1);
  vector y = vector::Constant(2, 1.0);
  EXPECT_EQ(jumpflow::simulate_prm_driven(m, y, 0.5, 4.0, h), jumps);
  EXPECT_EQ(y, x);
  EXPECT_EQ(jumpflow::simulate_prm_driven(m, y, 4.0, 4.0, h), 0u);
}

TEST(PrmDriven, GridClockMakesFloorOfSpanOverStepJumps) {
  const linear_prm_model m{5.0, 0.1, 1};
  struct span {
    double t0, t1, step;
    std::uint64_t expected;
  };
  const span cases[] = {{0.0, 1.0, 0.1, 10},  {0.0, 0.3, 0.1, 3},       {0.0, 1.0, 0.3, 3},
                        {2.0, 2.95, 0.25, 3}, {0.0, 1.0, 1.0 / 49, 49}, {-1.0, 1.0, 0.7, 2},
                        {0.0, 0.05, 0.1, 0},  {0.0, 1.0, 1e-3, 1000}};
  for (const auto& c : cases) {
    philox_engine g(2);
    vector x = vector::Zero(1);
    std::vector<double> times;
    const auto jumps = jumpflow::simulate_prm_driven(
        m, x, c.t0, c.t1, g, [&](const vector&, double t) { times.push_back(t); },
        jumpflow::grid_clock{c.step});
    EXPECT_EQ(jumps, c.expected) << c.t0 << " " << c.t1 << " " << c.step;
    EXPECT_EQ(jumpflow::grid_count(jumpflow::grid_clock{c.step}, c.t0, c.t1), c.expected);
    ASSERT_EQ(times.size(), c.expected + 2);
    for (std::uint64_t k = 1; k <= c.expected; ++k) {
      EXPECT_NEAR(times[k], c.t0 + static_cast<double>(k) * c.step, 1e-12);
      EXPECT_LE(times[k], c.t1);
    }
    EXPECT_EQ(g.position(), c.expected);  // one coordinate per mark, no clock draws
  }
  vector x = vector::Zero(1);
  philox_engine g(2);
  EXPECT_THROW(jumpflow::simulate_prm_driven(m, x, 0.0, 1.0, g, jumpflow::null_observer{},
                                             jumpflow::grid_clock{0.0}),
               std::domain_error);
  EXPECT_THROW(jumpflow::simulate_prm_driven(m, x, 0.0, 1.0, g, jumpflow::null_observer{},
                                             jumpflow::grid_clock{nan}),
               std::domain_error);
}

TEST(PrmDriven, NonFiniteJumpIsASimulationErrorAndKeepsTheLastValidState) {
  const nan_model m;
  double x = 0.0;
  philox_engine g(3);
  double last_observed = -1.0, last_time = -1.0;
  const std::string what = error_of([&] {
    jumpflow::simulate_prm_driven(m, x, 0.0, 100.0, g, [&](double y, double t) {
      last_observed = y;
      last_time = t;
    });
  });
  EXPECT_EQ(x, 3.0);
  EXPECT_EQ(last_observed, 3.0);
  EXPECT_EQ(what.find("jumpflow::simulate_prm_driven: jump is nan at time "), 0u) << what;
  EXPECT_NE(what.find(", but must be finite"), std::string::npos) << what;
  x = 0.0;
  EXPECT_THROW(jumpflow::simulate_prm_driven(m, x, 0.0, 100.0, g), jumpflow::simulation_error);
  // A vector state names the coordinate; an overflowing new state is caught too.
  struct overflow_model : linear_prm_model {
    void jump(const vector& x, const vector&, double, vector& dx) const {
      dx = vector::Zero(x.size());
      dx[1] = std::numeric_limits<double>::max();
    }
  };
  const overflow_model big{{5.0, 0.0, 2}};
  vector y = vector::Zero(2);
  const std::string what2 = error_of([&] { jumpflow::simulate_prm_driven(big, y, 0.0, 10.0, g); });
  EXPECT_NE(what2.find("coordinate 1 of the new state is inf at time "), std::string::npos)
      << what2;
  EXPECT_EQ(y[1], std::numeric_limits<double>::max());
}

TEST(PrmDriven, RejectsBadInput) {
  const linear_prm_model m{5.0, 0.1, 1};
  vector x = vector::Zero(1);
  philox_engine g(4);
  EXPECT_THROW(jumpflow::simulate_prm_driven(m, x, 1.0, 0.0, g), std::domain_error);
  EXPECT_THROW(jumpflow::simulate_prm_driven(m, x, nan, 1.0, g), std::domain_error);
  double y = 0.0;
  EXPECT_EQ(error_of([&] { jumpflow::simulate_prm_driven(bad_rate_model{}, y, 0.0, 1.0, g); }),
            "jumpflow::simulate_prm_driven: rate is -1, but must be finite and >= 0");
}

TEST(PrmDriven, ThinningRejectsAnIntensityAboveTheRate) {
  struct too_fast : thinned_death_model {
    double intensity(double x, double) const { return 2.0 * x; }
  };
  double x = 5.0;
  philox_engine g(5);
  const std::string what =
      error_of([&] { jumpflow::simulate_prm_driven(too_fast{{5.0}}, x, 0.0, 10.0, g); });
  EXPECT_NE(what.find("intensity is 10 at time "), std::string::npos) << what;
  EXPECT_NE(what.find("but must be >= 0 and <= the rate 5"), std::string::npos) << what;
  EXPECT_EQ(x, 5.0);
  // The thinned death process never goes below 0 and is absorbed there.
  double y = 5.0;
  jumpflow::simulate_prm_driven(thinned_death_model{5.0}, y, 0.0, 100.0, g);
  EXPECT_EQ(y, 0.0);
}

TEST(PrmDriven, NoAllocationPerJump) {
  const linear_prm_model m{1000.0, 0.01, 16};
  vector x = vector::Zero(16);
  philox_engine g(6);
  const long before = new_calls.load();
  std::uint64_t observed = 0;
  const auto jumps =
      jumpflow::simulate_prm_driven(m, x, 0.0, 10.0, g, [&](const vector&, double t) {
        // The buffers exist: forbid Eigen mallocs
        // from the first call to the last.
        Eigen::internal::set_is_malloc_allowed(t == 10.0);
        ++observed;
      });
  Eigen::internal::set_is_malloc_allowed(true);
  EXPECT_GT(jumps, 5000u);
  EXPECT_EQ(observed, jumps + 2);
  EXPECT_EQ(new_calls.load(), before);  // no operator new at all
}

TEST(MarkovJump, ExactSimulatorOnCounts) {
  const immigration_death_model m{2.0, 0.5};
  jumpflow::count_vector x = jumpflow::count_vector::Zero(1);
  philox_engine g(7);
  long long previous = 0;
  std::uint64_t calls = 0;
  const auto jumps = jumpflow::simulate_markov_jump(m, x, 0.0, 20.0, g,
                                                    [&](const jumpflow::count_vector& y, double) {
                                                      ++calls;
                                                      EXPECT_GE(y[0], 0);
                                                      EXPECT_LE(std::abs(y[0] - previous), 1);
                                                      previous = y[0];
                                                    });
  EXPECT_GT(jumps, 20u);
  EXPECT_EQ(calls, jumps + 2);
}

TEST(MarkovJump, AbsorbingStateEndsWithoutDrawing) {
  const immigration_death_model m{0.0, 1.0};  // pure death: 0 is absorbing
  jumpflow::count_vector x = jumpflow::count_vector::Zero(1);
  philox_engine g(8);
  EXPECT_EQ(jumpflow::simulate_markov_jump(m, x, 0.0, 5.0, g), 0u);
  EXPECT_EQ(g.position(), 0u);
  x[0] = 4;
  EXPECT_EQ(jumpflow::simulate_markov_jump(m, x, 0.0, 1000.0, g), 4u);
  EXPECT_EQ(x[0], 0);
}

TEST(MarkovJump, BadIntensityIsASimulationError) {
  jumpflow::count_vector x = jumpflow::count_vector::Zero(1);
  philox_engine g(9);
  const std::string what = error_of([&] {
    jumpflow::simulate_markov_jump(negative_intensity_model{{0.0, 0.0}}, x, 0.0, 1e9, g);
  });
  EXPECT_EQ(x[0], 4);
  EXPECT_NE(what.find("jumpflow::simulate_markov_jump: intensity is -0.5 at time "),
            std::string::npos)
      << what;
  EXPECT_THROW(jumpflow::simulate_markov_jump(immigration_death_model{1.0, 1.0}, x, 2.0, 1.0, g),
               std::domain_error);
}

TEST(MarkovJump, ThinningOnRealStatesAndAboveTheBound) {
  // A random walk on R^2 with N(0, I) increments, intensity 1 + |x_0| capped at 3, bound 3.
  vector x = vector::Zero(2);
  philox_engine g(10);
  const auto jumps = jumpflow::simulate_markov_jump(capped_walk_model{}, x, 0.0, 50.0, g);
  EXPECT_GT(jumps, 50u);
  EXPECT_TRUE(x.allFinite());
  struct over : capped_walk_model {
    double intensity(const vector&, double t) const { return t < 1.0 ? 1.0 : 4.0; }
  };
  const std::string what =
      error_of([&] { jumpflow::simulate_markov_jump(over{}, x, 0.0, 50.0, g); });
  EXPECT_NE(what.find("intensity is 4 at time "), std::string::npos) << what;
  EXPECT_NE(what.find("<= the bound 3"), std::string::npos) << what;
}

}  // namespace
