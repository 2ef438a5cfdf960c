// Golden outputs: the first values of one stream, raw and through each transform. A change
// of the engine, the stream layout, a transform or the order of draws breaks these.
// Values were produced by this implementation and are pinned bit for bit (integers) or to
// 1e-15 relative (values that pass through libm's log/cos/sin).
#include <gtest/gtest.h>

#include "jumpflow/random.hpp"
#include "jumpflow/random/detail/half_word_bits.hpp"

namespace {

constexpr std::uint64_t seed = 20261129;
constexpr std::uint64_t stream = 3;

TEST(Golden, RawBits) {
  jumpflow::philox_engine g(seed, stream);
  const std::uint64_t expected[] = {0x7c890a8d96c8b448ULL, 0xf5957ff530e9fefaULL, 0x70d6370a4a0fc7bdULL,
                                     0xe6984b7f68023c8fULL, 0x7b6c1112f1bc1ff8ULL, 0x343c85626604ce71ULL};
  for (std::uint64_t e : expected) EXPECT_EQ(g(), e);
}

TEST(Golden, Transforms) {
  jumpflow::philox_engine g(seed, stream);
  const double expected[] = {
      0.4864660831142682,   0.95931243644819364, 0.81923511824767115, 0.026128736105174064,
      0.3439352369226244,   -0.63642529727100383, 2.1970057883175635, -1,
      -0.6869467549458057,  0.20290359605451869,  0.17383325986829923, -1,
      1,                    1,                    -0.88437092304948772, -0.44858274352197836,
      -0.6111343397619855,  17};
  std::vector<double> got;
  got.push_back(jumpflow::uniform01(g));
  got.push_back(jumpflow::uniform01(g));
  got.push_back(jumpflow::standard_exponential(g));
  got.push_back(jumpflow::exponential(g, 4.0));
  got.push_back(jumpflow::standard_normal(g));
  const auto [a, b] = jumpflow::standard_normal_pair(g);
  got.push_back(a);
  got.push_back(b);
  got.push_back(jumpflow::rademacher(g));
  const jumpflow::vector cube = jumpflow::uniform_cube_law(3)(g);
  const jumpflow::vector signs = jumpflow::rademacher_law(3)(g);
  const jumpflow::vector gauss = jumpflow::gaussian_law(3)(g);
  for (const auto* v : {&cube, &signs, &gauss}) {
    for (jumpflow::index j = 0; j < v->size(); ++j) got.push_back((*v)[j]);
  }
  got.push_back(static_cast<double>(g.position()));
  ASSERT_EQ(got.size(), std::size(expected));
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], expected[i], 1e-15 * std::abs(expected[i])) << "value " << i;
  }
}

// The ziggurat exponential's first values and the number of outputs they took (pins Boost's
// algorithm and tables: a change of either changes the paths of the simulators that use it).
TEST(Golden, ZigguratExponential) {
  jumpflow::philox_engine g(seed, stream);
  std::vector<double> got;
  for (int i = 0; i < 6; ++i) got.push_back(jumpflow::ziggurat_exponential(g));
  got.push_back(static_cast<double>(g.position()));
  // Six variates took eight outputs: two went to the wedge test of a rejected layer.
  const double expected[] = {1.2284749352929685, 1.3411956220703622, 0.12229319103036783,
                             0.3807584439313742, 0.068656541625700312, 0.4425172930347705, 8};
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(got[i], expected[i], 1e-15 * std::abs(expected[i])) << "value " << i;
  }
}

// half_word_bits hands out the low half of an output, then its high half (the order in which
// simulate_dense_direct chooses channels): the halves of RawBits' first three outputs.
TEST(Golden, HalfWordBits) {
  jumpflow::philox_engine g(seed, stream);
  jumpflow::detail::half_word_bits bits(g);
  const std::uint32_t expected[] = {0x96c8b448u, 0x7c890a8du, 0x30e9fefau,
                                    0xf5957ff5u, 0x4a0fc7bdu, 0x70d6370au};
  for (std::uint32_t e : expected) EXPECT_EQ(bits(), e);
  EXPECT_EQ(g.position(), 3u);
}

}  // namespace
