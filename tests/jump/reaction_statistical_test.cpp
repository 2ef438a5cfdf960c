// Statistical tests of the reaction-network simulators. Each test states its oracle and
// tolerance; seeds are fixed and printed.
#include <gtest/gtest.h>

#include <boost/math/distributions/poisson.hpp>
#include <cmath>
#include <vector>

#include "goodness_of_fit.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::test::announce_seed;
constexpr double alpha = 1e-6;

struct direct_sim {
  template <class Obs = jumpflow::null_observer>
  std::uint64_t operator()(const jumpflow::reaction_network& n, count_vector& x, double t0,
                           double t1, jumpflow::philox_engine& g, Obs&& obs = {}) const {
    return jumpflow::simulate_direct(n, x, t0, t1, g, std::forward<Obs>(obs));
  }
};

template <class Sim>
class ExactLaw : public ::testing::Test {};
using simulators = ::testing::Types<direct_sim>;
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

}  // namespace
