/// \file
/// \brief Internal: 64 uniformly random bits from any URBG.
#pragma once

#include <bit>
#include <boost/random/uniform_int_distribution.hpp>
#include <cstdint>
#include <limits>

#include "jumpflow/core/concepts.hpp"

namespace jumpflow::detail {

/// 64 uniformly random bits from any URBG. Engines with the full 64-bit range (the
/// library's philox_engine) take one call; ranges of 2^k values are concatenated (most
/// significant first); any other range goes through Boost.Random's uniform_int_distribution,
/// whose algorithm is fixed (unlike std::uniform_int_distribution).
template <urbg URBG>
std::uint64_t random_bits64(URBG& g) {
  using R = typename std::remove_reference_t<URBG>::result_type;
  constexpr R lo = std::remove_reference_t<URBG>::min();
  constexpr R hi = std::remove_reference_t<URBG>::max();
  constexpr auto span = static_cast<std::uint64_t>(hi - lo);
  if constexpr (span == std::numeric_limits<std::uint64_t>::max()) {
    return static_cast<std::uint64_t>(g() - lo);
  } else if constexpr (std::has_single_bit(span + 1)) {
    constexpr int bits = std::countr_zero(span + 1);
    std::uint64_t out = 0;
    for (int have = 0; have < 64; have += bits) {
      out = (out << bits) | static_cast<std::uint64_t>(g() - lo);
    }
    return out;
  } else {
    boost::random::uniform_int_distribution<std::uint64_t> all(
        0, std::numeric_limits<std::uint64_t>::max());
    return all(g);
  }
}

}  // namespace jumpflow::detail
