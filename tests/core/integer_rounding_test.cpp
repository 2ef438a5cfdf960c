// detail::ceil_to_count / floor_to_count (the observer's windows round with them): the values
// of std::ceil / std::floor over their whole domain (|v| <= 2^62), at the edges where a
// truncating conversion goes wrong (negative fractions, -0, just below and above integers, the
// magnitudes from which every double is an integer) and on a sweep of random magnitudes.
#include "jumpflow/core/detail/integer_rounding.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

namespace {

void expect_as_libm(double v) {
  EXPECT_EQ(jumpflow::detail::ceil_to_count(v), static_cast<long long>(std::ceil(v))) << v;
  EXPECT_EQ(jumpflow::detail::floor_to_count(v), static_cast<long long>(std::floor(v))) << v;
}

TEST(IntegerRounding, EdgesAsLibm) {
  std::vector<double> edges = {0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 0x1p-1074, -0x1p-1074,
                               0x1p52, -0x1p52, 0x1p53, -0x1p53, 0x1p62, -0x1p62};
  for (double k : {0.0, 1.0, 2.0, 1e6, 0x1p51, 0x1p52 - 1.0}) {
    for (double s : {1.0, -1.0}) {
      const double base = s * k;
      edges.push_back(base);
      edges.push_back(std::nextafter(base, 1e300));
      edges.push_back(std::nextafter(base, -1e300));
      edges.push_back(base + 0.5);
      edges.push_back(base - 0.5);
    }
  }
  for (const double v : edges) expect_as_libm(v);
  // Sharp values: the truncation toward zero alone gets these wrong.
  EXPECT_EQ(jumpflow::detail::ceil_to_count(0.25), 1);
  EXPECT_EQ(jumpflow::detail::floor_to_count(-0.25), -1);
  EXPECT_EQ(jumpflow::detail::ceil_to_count(-0.75), 0);
  EXPECT_EQ(jumpflow::detail::floor_to_count(0x1p52 - 0.5), 4503599627370495LL);
  EXPECT_EQ(jumpflow::detail::ceil_to_count(-(0x1p52 - 0.5)), -4503599627370495LL);
}

TEST(IntegerRounding, RandomMagnitudesAsLibm) {
  const std::uint64_t seed = 20261203;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> exponent(-30.0, 62.0), unit(-1.0, 1.0);
  for (int k = 0; k < 200000; ++k) expect_as_libm(unit(g) * std::exp2(exponent(g)));
}

}  // namespace
