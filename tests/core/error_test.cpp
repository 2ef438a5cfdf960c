#include "jumpflow/core/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

TEST(ErrorMessage, HasTheHouseFormat) {
  EXPECT_EQ(jumpflow::error_message("jumpflow::f", "rate", "-1", "finite and >= 0"),
            "jumpflow::f: rate is -1, but must be finite and >= 0");
}

TEST(FormatValue, ShortestRoundTripAndSpecials) {
  EXPECT_EQ(jumpflow::format_value(0.1), "0.1");
  EXPECT_EQ(jumpflow::format_value(-2.5), "-2.5");
  EXPECT_EQ(jumpflow::format_value(std::nan("")), "nan");
  EXPECT_EQ(jumpflow::format_value(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(jumpflow::format_value(42), "42");
  EXPECT_EQ(jumpflow::format_value(std::size_t{7}), "7");
  EXPECT_EQ(jumpflow::format_value(1.5f), "1.5");
  EXPECT_EQ(jumpflow::format_value(true), "true");
  EXPECT_EQ(jumpflow::format_value("abc"), "abc");
}

TEST(Require, DomainAndArgumentThrowTheirTypes) {
  EXPECT_NO_THROW(jumpflow::require_domain(true, "f", "x", 1.0, "> 0"));
  try {
    jumpflow::require_domain(false, "jumpflow::g", "T", -1.0, "> 0");
    FAIL() << "no throw";
  } catch (const std::domain_error& e) {
    EXPECT_STREQ(e.what(), "jumpflow::g: T is -1, but must be > 0");
  }
  EXPECT_THROW(jumpflow::require_argument(false, "f", "n", 0, ">= 1"), std::invalid_argument);
}

TEST(Require, SimulationErrorNamesWhatValueAndTime) {
  try {
    jumpflow::require_simulation(false, "jumpflow::simulate_direct", "propensity of channel 2",
                                 -0.5, 1.25, "finite and >= 0");
    FAIL() << "no throw";
  } catch (const jumpflow::simulation_error& e) {
    EXPECT_STREQ(e.what(),
                 "jumpflow::simulate_direct: propensity of channel 2 is -0.5 at time 1.25, but "
                 "must be finite and >= 0");
  }
}

}  // namespace
