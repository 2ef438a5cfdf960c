// ziggurat_exponential() against Boost.Random's unit_exponential_distribution, the algorithm it
// inlines the common path of: the same values bit for bit and the same engine outputs consumed,
// over enough draws that every path of Boost's algorithm is taken many times (the tail, the
// rejections in a layer, the wedge tests).
#include <gtest/gtest.h>

#include <bit>
#include <boost/random/exponential_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "jumpflow/random/philox_engine.hpp"
#include "jumpflow/random/ziggurat_exponential.hpp"

namespace {

TEST(ZigguratExponential, EqualsBoostBitForBitWithTheSameDraws) {
  constexpr std::uint64_t seed = 20261202;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  jumpflow::philox_engine ours(seed, 3), boosts(seed, 3);
  boost::random::detail::unit_exponential_distribution<double> reference;
  // Paths taken, told apart by the outputs a variate consumed and its value: one output, more
  // outputs without the tail, the tail (value above the base layer's x, table_x[1]).
  std::uint64_t one_output = 0, more_outputs = 0, tail = 0;
  const double base = boost::random::detail::exponential_table<double>::table_x[1];
  constexpr int n = 4'000'000;
  for (int k = 0; k < n; ++k) {
    const std::uint64_t before = ours.position();
    const double got = jumpflow::ziggurat_exponential(ours);
    const double want = reference(boosts);
    ASSERT_EQ(std::bit_cast<std::uint64_t>(got), std::bit_cast<std::uint64_t>(want))
        << "variate " << k << ": " << got << " vs " << want;
    ASSERT_EQ(ours.position(), boosts.position()) << "variate " << k;
    (ours.position() - before == 1 ? one_output : more_outputs) += 1;
    if (got > base) ++tail;
  }
  // Oracles: the first output is accepted when its abscissa u x_i (u uniform, layer i uniform
  // on 0..255) is below x_{i+1}, so P(one output) = sum_i (x_{i+1} / x_i) / 256 = 0.9778 from
  // Boost's tables; a variate exceeds x_1 only through the tail, P = exp(-x_1) = 4.5e-4.
  // Tolerance: 5 binomial standard deviations.
  const double* x = boost::random::detail::exponential_table<double>::table_x;
  double p_one = 0.0;
  for (int i = 0; i < 256; ++i) p_one += x[i + 1] / x[i] / 256.0;
  const double p_tail = std::exp(-base);
  std::printf("one output %llu (expected %.0f), tail %llu (expected %.0f)\n",
              static_cast<unsigned long long>(one_output), n * p_one,
              static_cast<unsigned long long>(tail), n * p_tail);
  EXPECT_NEAR(static_cast<double>(one_output), n * p_one,
              5.0 * std::sqrt(n * p_one * (1.0 - p_one)));
  EXPECT_NEAR(static_cast<double>(tail), n * p_tail, 5.0 * std::sqrt(n * p_tail * (1.0 - p_tail)));
  EXPECT_EQ(one_output + more_outputs, static_cast<std::uint64_t>(n));
}

}  // namespace
