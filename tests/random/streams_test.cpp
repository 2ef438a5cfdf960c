// Streams of one seed (and the same stream id of different seeds) are uncorrelated.
// Oracle: for independent uniforms, the sample correlation of N pairs has mean 0 and
// standard error 1/sqrt(N); tolerance 5 standard errors for each of the pairs tested.
// Lagged pairs (draw i of one stream against draw i+1 of the other) are checked too.
#include <gtest/gtest.h>

#include <cmath>

#include "goodness_of_fit.hpp"
#include "jumpflow/random.hpp"

namespace {

double correlation(jumpflow::philox_engine a, jumpflow::philox_engine b, int lag, int n) {
  for (int i = 0; i < lag; ++i) b();
  double sa = 0, sb = 0, sab = 0, saa = 0, sbb = 0;
  for (int i = 0; i < n; ++i) {
    const double x = jumpflow::uniform01(a), y = jumpflow::uniform01(b);
    sa += x;
    sb += y;
    sab += x * y;
    saa += x * x;
    sbb += y * y;
  }
  const double m = n;
  const double cov = sab / m - (sa / m) * (sb / m);
  return cov / std::sqrt((saa / m - sa * sa / (m * m)) * (sbb / m - sb * sb / (m * m)));
}

TEST(Streams, DifferentIdsAreUncorrelated) {
  const std::uint64_t seed = jumpflow::test::announce_seed(2026);
  const jumpflow::stream_factory streams(seed);
  constexpr int n = 200000;
  const double tolerance = 5.0 / std::sqrt(n);
  const std::pair<std::uint64_t, std::uint64_t> pairs[] = {{0, 1}, {1, 2}, {0, 1ULL << 32}, {5, 6}};
  for (auto [i, j] : pairs) {
    for (int lag : {0, 1, 3}) {
      const double rho = correlation(streams(i), streams(j), lag, n);
      EXPECT_LT(std::abs(rho), tolerance) << "streams " << i << "," << j << " lag " << lag;
    }
  }
  // Same id, neighbouring seeds.
  EXPECT_LT(std::abs(correlation(jumpflow::make_stream(seed, 0), jumpflow::make_stream(seed + 1, 0),
                                 0, n)),
            tolerance);
}

// The check can fail: a stream against itself is perfectly correlated.
TEST(Streams, CorrelationDetectsIdenticalStreams) {
  const jumpflow::stream_factory streams(jumpflow::test::announce_seed(2027));
  EXPECT_GT(correlation(streams(4), streams(4), 0, 10000), 0.99);
}

}  // namespace
