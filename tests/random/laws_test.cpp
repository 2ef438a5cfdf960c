#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "jumpflow/random.hpp"

namespace {

using jumpflow::philox_engine;

static_assert(jumpflow::mark_law<jumpflow::uniform_cube_law>);
static_assert(jumpflow::mark_law<jumpflow::rademacher_law>);
static_assert(jumpflow::mark_law<jumpflow::gaussian_law>);
static_assert(jumpflow::mark_law<jumpflow::uniform_cube_law, std::mt19937>);

template <class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "no exception";
}

TEST(Laws, BadParametersThrowWithTheHouseMessage) {
  EXPECT_THROW(jumpflow::uniform_cube_law(0), std::invalid_argument);
  EXPECT_EQ(message_of([] { jumpflow::uniform_cube_law(0); }),
            "jumpflow::uniform_cube_law: dimension is 0, but must be >= 1");
  EXPECT_EQ(message_of([] { jumpflow::uniform_cube_law(3, 1.0, 1.0); }),
            "jumpflow::uniform_cube_law: upper is 1, but must be finite and > lower");
  EXPECT_THROW(jumpflow::uniform_cube_law(3, std::nan(""), 1.0), std::domain_error);
  EXPECT_EQ(message_of([] { jumpflow::rademacher_law(-2); }),
            "jumpflow::rademacher_law: dimension is -2, but must be >= 1");
  EXPECT_THROW(jumpflow::rademacher_law(2, 0.0), std::domain_error);
  EXPECT_EQ(message_of([] { jumpflow::gaussian_law(4, -1.0); }),
            "jumpflow::gaussian_law: sigma is -1, but must be finite and > 0");
  philox_engine g(1, 0);
  EXPECT_EQ(message_of([&] { jumpflow::exponential(g, std::nan("")); }),
            "jumpflow::exponential: rate is nan, but must be finite and > 0");
  EXPECT_THROW(jumpflow::exponential(g, 0.0), std::domain_error);
}

TEST(Laws, ValuesStayInTheirSupport) {
  philox_engine g(3, 0);
  const jumpflow::uniform_cube_law cube(130, -2.0, 0.5);
  const jumpflow::rademacher_law signs(130, 0.25);
  jumpflow::vector x(130);
  for (int rep = 0; rep < 200; ++rep) {
    cube(g, x);
    EXPECT_GE(x.minCoeff(), -2.0);
    EXPECT_LT(x.maxCoeff(), 0.5);
    signs(g, x);
    EXPECT_TRUE(((x.array() == 0.25) || (x.array() == -0.25)).all());
    const double u = jumpflow::uniform01(g);
    EXPECT_GT(u, 0.0);
    EXPECT_LT(u, 1.0);
    EXPECT_GT(jumpflow::standard_exponential(g), 0.0);
    EXPECT_TRUE(std::isfinite(jumpflow::standard_normal(g)));
  }
  EXPECT_EQ(cube.dimension(), 130);
  EXPECT_DOUBLE_EQ(cube.lower(), -2.0);
  EXPECT_DOUBLE_EQ(cube.upper(), 0.5);
}

TEST(Laws, SecondMoments) {
  EXPECT_DOUBLE_EQ(jumpflow::uniform_cube_law(2).second_moment(), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(jumpflow::uniform_cube_law(2, 0.0, 3.0).second_moment(), 3.0);
  EXPECT_DOUBLE_EQ(jumpflow::rademacher_law(2, 0.5).second_moment(), 0.25);
  EXPECT_DOUBLE_EQ(jumpflow::gaussian_law(2, 2.0).second_moment(), 4.0);
}

// A URBG whose range is 2^32 values (std::mt19937, whose algorithm the standard fixes)
// takes two calls per 64 bits, most significant first.
TEST(Laws, NarrowEnginesAreConcatenated) {
  std::mt19937 a(5), b(5);
  const std::uint64_t hi = b(), lo = b();
  EXPECT_EQ(jumpflow::detail::random_bits64(a), (hi << 32) | lo);
}

}  // namespace
