#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "jumpflow/random/philox_engine.hpp"
#include "jumpflow/random/stream_factory.hpp"

namespace {

using jumpflow::philox_engine;

static_assert(std::uniform_random_bit_generator<philox_engine>);
static_assert(philox_engine::min() == 0 && philox_engine::max() == ~0ULL);

std::vector<std::uint64_t> take(philox_engine g, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(g());
  return out;
}

// Known-answer test published with Random123 (kat_vectors: "philox4x64 10", counter and
// key all zero): our stream 0 of seed 0 encrypts exactly that block first.
TEST(PhiloxEngine, MatchesRandom123KnownAnswer) {
  philox_engine g(0, 0);
  EXPECT_EQ(g(), 0x16554d9eca36314cULL);
  EXPECT_EQ(g(), 0xdb20fe9d672d0fdcULL);
  EXPECT_EQ(g(), 0xd7e772cee186176bULL);
  EXPECT_EQ(g(), 0x7e68b68aec7ba23bULL);
}

TEST(PhiloxEngine, SameSeedAndStreamGiveIdenticalDraws) {
  jumpflow::stream_factory streams(12345);
  EXPECT_EQ(take(streams(7), 1000), take(streams(7), 1000));
  EXPECT_EQ(take(streams(7), 10), take(jumpflow::make_stream(12345, 7), 10));
  EXPECT_NE(take(streams(7), 10), take(streams(8), 10));
  EXPECT_NE(take(philox_engine(1, 7), 10), take(philox_engine(2, 7), 10));
}

TEST(PhiloxEngine, DiscardEqualsDrawing) {
  for (unsigned long long skip : {0ULL, 1ULL, 3ULL, 4ULL, 5ULL, 17ULL, 1000ULL}) {
    for (int pre = 0; pre < 5; ++pre) {
      philox_engine a(9, 2), b(9, 2);
      for (int i = 0; i < pre; ++i) {
        a();
        b();
      }
      for (unsigned long long i = 0; i < skip; ++i) a();
      b.discard(skip);
      EXPECT_EQ(a.position(), b.position()) << "skip " << skip << " pre " << pre;
      EXPECT_TRUE(a == b);
      EXPECT_EQ(take(a, 9), take(b, 9)) << "skip " << skip << " pre " << pre;
    }
  }
}

TEST(PhiloxEngine, ReportsSeedStreamPosition) {
  philox_engine g(5, 6);
  EXPECT_EQ(g.seed(), 5u);
  EXPECT_EQ(g.stream(), 6u);
  EXPECT_EQ(g.position(), 0u);
  for (int i = 0; i < 6; ++i) g();
  EXPECT_EQ(g.position(), 6u);
  jumpflow::stream_factory f(77);
  EXPECT_EQ(f.seed(), 77u);
  EXPECT_EQ(f(3).stream(), 3u);
}

// The engine is usable where the standard library wants a URBG.
TEST(PhiloxEngine, WorksWithStandardAlgorithms) {
  philox_engine g(1, 1);
  std::vector<int> v{1, 2, 3, 4, 5};
  std::shuffle(v.begin(), v.end(), g);
  std::sort(v.begin(), v.end());
  EXPECT_EQ(v, (std::vector<int>{1, 2, 3, 4, 5}));
}

}  // namespace
