// Statistical tests of the variate transforms.
// Oracle: the exact law, as Boost.Math's distribution (cdf). Test: one-sample
// Kolmogorov-Smirnov (or chi-square for discrete laws), rejecting at alpha = 1e-6, so a
// correct implementation fails about once in a million runs; the seed is fixed and printed.
#include <gtest/gtest.h>

#include <boost/math/distributions/exponential.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <random>

#include "goodness_of_fit.hpp"
#include "jumpflow/random.hpp"
#include "jumpflow/random/detail/half_word_bits.hpp"

namespace {

using jumpflow::test::announce_seed;
using jumpflow::test::ks_test;
constexpr double alpha = 1e-6;
constexpr int n = 200000;

template <class Draw>
std::vector<double> sample(Draw draw, int count = n) {
  std::vector<double> xs(static_cast<std::size_t>(count));
  for (auto& x : xs) x = draw();
  return xs;
}

template <class Dist>
std::function<double(double)> cdf_of(Dist dist) {
  return [dist](double x) { return boost::math::cdf(dist, x); };
}

TEST(Transforms, Uniform01IsUniform) {
  jumpflow::philox_engine g(announce_seed(101), 0);
  const auto r = ks_test(sample([&] { return jumpflow::uniform01(g); }),
                         cdf_of(boost::math::uniform_distribution<>(0.0, 1.0)));
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
}

TEST(Transforms, Uniform01IsUniformWithA32BitEngine) {
  std::mt19937 g(static_cast<std::uint32_t>(announce_seed(102)));
  const auto r = ks_test(sample([&] { return jumpflow::uniform01(g); }),
                         cdf_of(boost::math::uniform_distribution<>(0.0, 1.0)));
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
}

TEST(Transforms, ExponentialHasItsRate) {
  jumpflow::philox_engine g(announce_seed(103), 0);
  const auto r = ks_test(sample([&] { return jumpflow::exponential(g, 2.5); }),
                         cdf_of(boost::math::exponential_distribution<>(2.5)));
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
}

// ziggurat_exponential: oracle the Exp(1) law (Boost.Math cdf); KS at alpha = 1e-6 on 200000
// draws. The tail beyond the base layer (x > 7.7, probability 4.6e-4) and the wedges are rare, so
// a second KS test on the variates above 3 (conditionally Exp(1) shifted by 3, by
// memorylessness; about 10000 of 200000) checks the tail and wedge code paths.
TEST(Transforms, ZigguratExponentialIsStandardExponential) {
  jumpflow::philox_engine g(announce_seed(110), 0);
  const auto xs = sample([&] { return jumpflow::ziggurat_exponential(g); });
  const auto exp1 = cdf_of(boost::math::exponential_distribution<>(1.0));
  const auto r = ks_test(xs, exp1);
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
  std::vector<double> tail;
  for (double x : xs) {
    if (x > 3.0) tail.push_back(x - 3.0);
  }
  ASSERT_GT(tail.size(), 5000u);
  const auto rt = ks_test(tail, exp1);
  EXPECT_GT(rt.p_value, alpha) << "D = " << rt.statistic << " on " << tail.size() << " tail draws";
}

// half_word_bits (the 32-bit channel draws of simulate_dense_direct): oracle the uniform law on
// the 2^32 values, as U(0,1) for (k + 1/2) 2^-32 (the discretisation, 2^-32, is far below the KS
// resolution of 200000 draws); KS at alpha = 1e-6. The two halves of one output must also be
// independent: chi-square of the 16 x 16 cells (top 4 bits of consecutive draws, 100000 pairs)
// against the product law 1/256 each, at alpha = 1e-6.
TEST(Transforms, HalfWordBitsAreUniformAndIndependent) {
  jumpflow::philox_engine g(announce_seed(111), 0);
  jumpflow::detail::half_word_bits bits(g);
  const auto r = ks_test(sample([&] { return (static_cast<double>(bits()) + 0.5) * 0x1p-32; }),
                         cdf_of(boost::math::uniform_distribution<>(0.0, 1.0)));
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
  std::vector<double> cells(256, 0.0);
  for (int i = 0; i < n / 2; ++i) {
    const std::uint32_t low = bits(), high = bits();
    cells[(low >> 28) * 16 + (high >> 28)] += 1.0;
  }
  const auto c = jumpflow::test::chi_square_test(cells, std::vector<double>(256, 1.0 / 256));
  EXPECT_GT(c.p_value, alpha) << "chi2 = " << c.statistic;
}

TEST(Transforms, NormalIsStandardNormal) {
  jumpflow::philox_engine g(announce_seed(104), 0);
  const auto r = ks_test(sample([&] { return jumpflow::standard_normal(g); }),
                         cdf_of(boost::math::normal_distribution<>(0.0, 1.0)));
  EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
  // The second value of the pair is normal too, and uncorrelated with the first.
  std::vector<double> first, second;
  for (int i = 0; i < n; ++i) {
    const auto [a, b] = jumpflow::standard_normal_pair(g);
    first.push_back(a);
    second.push_back(b);
  }
  const auto r2 = ks_test(second, cdf_of(boost::math::normal_distribution<>(0.0, 1.0)));
  EXPECT_GT(r2.p_value, alpha) << "D = " << r2.statistic;
  double c = 0.0;
  for (int i = 0; i < n; ++i) c += first[static_cast<std::size_t>(i)] * second[static_cast<std::size_t>(i)];
  // E[ab] = 0 with SE 1/sqrt(n); tolerance 5 SE.
  EXPECT_LT(std::abs(c / n), 5.0 / std::sqrt(n));
}

TEST(Transforms, CubeCoordinatesAreUniformOnTheirInterval) {
  jumpflow::philox_engine g(announce_seed(105), 0);
  const jumpflow::uniform_cube_law cube(5, -1.0, 3.0);
  jumpflow::vector x(5);
  std::vector<std::vector<double>> coords(5);
  for (int i = 0; i < n / 5; ++i) {
    cube(g, x);
    for (int j = 0; j < 5; ++j) coords[static_cast<std::size_t>(j)].push_back(x[j]);
  }
  for (const auto& c : coords) {
    const auto r = ks_test(c, cdf_of(boost::math::uniform_distribution<>(-1.0, 3.0)));
    EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
  }
}

TEST(Transforms, GaussianLawCoordinatesAreNormal) {
  jumpflow::philox_engine g(announce_seed(106), 0);
  const jumpflow::gaussian_law law(3, 0.5);  // odd dimension: the last coordinate is special
  jumpflow::vector x(3);
  std::vector<std::vector<double>> coords(3);
  for (int i = 0; i < n / 3; ++i) {
    law(g, x);
    for (int j = 0; j < 3; ++j) coords[static_cast<std::size_t>(j)].push_back(x[j]);
  }
  for (const auto& c : coords) {
    const auto r = ks_test(c, cdf_of(boost::math::normal_distribution<>(0.0, 0.5)));
    EXPECT_GT(r.p_value, alpha) << "D = " << r.statistic;
  }
}

// Rademacher: chi-square on the joint law of 3 coordinates, one of them across a word
// boundary (8 equally likely cells), so bit reuse errors would show.
TEST(Transforms, RademacherSignsAreFairAndIndependent) {
  jumpflow::philox_engine g(announce_seed(107), 0);
  const jumpflow::rademacher_law law(130);
  jumpflow::vector x(130);
  std::vector<double> counts(8, 0.0);
  for (int i = 0; i < n; ++i) {
    law(g, x);
    const int cell = (x[0] > 0 ? 1 : 0) + (x[63] > 0 ? 2 : 0) + (x[64] > 0 ? 4 : 0);
    counts[static_cast<std::size_t>(cell)] += 1.0;
  }
  const auto r = jumpflow::test::chi_square_test(counts, std::vector<double>(8, 1.0 / 8.0));
  EXPECT_GT(r.p_value, alpha) << "chi2 = " << r.statistic;
  double plus = 0.0;
  for (int i = 0; i < n; ++i) plus += jumpflow::rademacher(g) > 0 ? 1.0 : 0.0;
  // Binomial(n, 1/2): SE sqrt(n)/2, tolerance 5 SE.
  EXPECT_LT(std::abs(plus - n / 2.0), 5.0 * std::sqrt(n) / 2.0);
}

// The KS test must reject a wrong law (guards against a test that cannot fail).
TEST(Transforms, KolmogorovSmirnovRejectsAWrongLaw) {
  jumpflow::philox_engine g(announce_seed(108), 0);
  const auto r = ks_test(sample([&] { return jumpflow::exponential(g, 2.5); }),
                         cdf_of(boost::math::exponential_distribution<>(2.3)));
  EXPECT_LT(r.p_value, alpha);
}

}  // namespace
