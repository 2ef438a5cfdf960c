#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <utility>
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

// An independent transcription of Philox4x64-10 from its specification (Salmon et al. 2011,
// section 3.2: two 64x64 -> 128 multiplications per round, Weyl key schedule, 10 rounds),
// written here without Random123 so that the engine's key/counter mapping is checked against
// a reference that is itself pinned by the published vectors below.
using block = std::array<std::uint64_t, 4>;

// The 128-bit product a*b as (high, low) words, from 32-bit halves.
std::pair<std::uint64_t, std::uint64_t> mulhilo(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t a0 = a & 0xffffffffULL, a1 = a >> 32, b0 = b & 0xffffffffULL, b1 = b >> 32;
  const std::uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const std::uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffULL) + (p10 & 0xffffffffULL);
  return {p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), a * b};
}

block philox4x64_10(block c, std::array<std::uint64_t, 2> k) {
  constexpr std::uint64_t m0 = 0xD2E7470EE14C6C93ULL, m1 = 0xCA5A826395121157ULL;
  constexpr std::uint64_t w0 = 0x9E3779B97F4A7C15ULL, w1 = 0xBB67AE8584CAA73BULL;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k[0] += w0;
      k[1] += w1;
    }
    const auto [hi0, lo0] = mulhilo(m0, c[0]);
    const auto [hi1, lo1] = mulhilo(m1, c[2]);
    c = {hi1 ^ c[1] ^ k[0], lo1, hi0 ^ c[3] ^ k[1], lo0};
  }
  return c;
}

// Random123's published known-answer vectors (its file kat_vectors, lines "philox4x64 10":
// counter words, key words, expected output), all three of them.
struct kat {
  block counter;
  std::array<std::uint64_t, 2> key;
  block expected;
};
const kat random123_vectors[] = {
    {{0, 0, 0, 0}, {0, 0},
     {0x16554d9eca36314cULL, 0xdb20fe9d672d0fdcULL, 0xd7e772cee186176bULL, 0x7e68b68aec7ba23bULL}},
    {{~0ULL, ~0ULL, ~0ULL, ~0ULL}, {~0ULL, ~0ULL},
     {0x87b092c3013fe90bULL, 0x438c3c67be8d0224ULL, 0x9cc7d7c69cd777b6ULL, 0xa09caebf594f0ba0ULL}},
    {{0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL},
     {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL},
     {0xa528f45403e61d95ULL, 0x38c72dbd566e9788ULL, 0xa5a1610e72fd18b5ULL, 0x57bd43b5e52b7fe6ULL}},
};

TEST(PhiloxEngine, ReferenceAndRandom123MatchThePublishedVectors) {
  for (const auto& v : random123_vectors) {
    EXPECT_EQ(philox4x64_10(v.counter, v.key), v.expected);
    r123::Philox4x64_R<10> cipher;
    const auto out = cipher({{v.counter[0], v.counter[1], v.counter[2], v.counter[3]}},
                            {{v.key[0], v.key[1]}});
    EXPECT_EQ((block{out.v[0], out.v[1], out.v[2], out.v[3]}), v.expected);
  }
}

// The mapping documented in philox_engine.hpp, with non-zero key and counter words: output i
// of stream s of seed k is word i mod 4 of Philox4x64-10_{(k, 0)}(floor(i/4), s, 0, 0). Every
// word is distinct and non-zero (digits of pi from the published vectors), so swapping the key
// words, or the block index with the stream id, changes every expected block.
TEST(PhiloxEngine, BlocksFollowTheDocumentedKeyAndCounterMapping) {
  const std::uint64_t seed = 0x452821e638d01377ULL, stream = 0x13198a2e03707344ULL;
  for (const std::uint64_t b : {0ULL, 1ULL, 0x0243f6a8885a308dULL}) {
    philox_engine g(seed, stream);
    g.discard(4 * b);
    const block got{g(), g(), g(), g()};
    EXPECT_EQ(got, philox4x64_10({b, stream, 0, 0}, {seed, 0})) << "block " << b;
    EXPECT_NE(got, philox4x64_10({b, stream, 0, 0}, {0, seed}));
    EXPECT_NE(got, philox4x64_10({stream, b, 0, 0}, {seed, 0}));
    EXPECT_NE(got, philox4x64_10({b, 0, stream, 0}, {seed, 0}));
  }
}

// Every block, in order, over 1000 consecutive blocks (the golden tests pin only the first
// outputs). Oracle: the independent transcription above, block b = Philox4x64-10 of
// (b, stream, 0, 0) under the key (seed, 0); any faster way of computing the engine (buffering,
// encrypting ahead) must hand out exactly these words.
TEST(PhiloxEngine, ConsecutiveBlocksMatchTheReference) {
  const std::uint64_t seed = 0xbe5466cf34e90c6cULL, stream = 0x082efa98ec4e6c89ULL;
  philox_engine g(seed, stream);
  for (std::uint64_t b = 0; b < 1000; ++b) {
    const block got{g(), g(), g(), g()};
    ASSERT_EQ(got, philox4x64_10({b, stream, 0, 0}, {seed, 0})) << "block " << b;
  }
}

// A copy taken at any point of a block, before and after a discard() over whole blocks,
// continues with the original's outputs, which are those of a fresh engine discarding as many.
TEST(PhiloxEngine, CopiesContinueTheSameStream) {
  for (int pre = 0; pre < 10; ++pre) {
    for (const unsigned long long skip : {0ULL, 4ULL, 9ULL}) {
      philox_engine g(3, 4);
      for (int i = 0; i < pre; ++i) g();
      g.discard(skip);
      const philox_engine copy = g;
      EXPECT_TRUE(copy == g);
      EXPECT_EQ(take(copy, 13), take(g, 13)) << "pre " << pre << " skip " << skip;
      philox_engine fresh(3, 4);
      fresh.discard(static_cast<unsigned long long>(pre) + skip);
      EXPECT_EQ(take(fresh, 13), take(g, 13)) << "pre " << pre << " skip " << skip;
    }
  }
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
