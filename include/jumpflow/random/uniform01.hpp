/// \file
/// \brief uniform01(): a uniform variate on the open interval (0, 1) with 53 random bits.
#pragma once

#include <cstdint>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/random/detail/random_bits.hpp"

namespace jumpflow {

/// \brief Uniform variate on \f$(0,1)\f$ with 53 random bits.
/// \ingroup random
///
/// Algorithm (portable, part of the reproducibility contract): take the top 53 bits
/// \f$k\f$ of 64 random bits (see detail::random_bits64) and return \f$k\,2^{-53}\f$; the
/// value \f$k = 0\f$ (probability \f$2^{-53}\f$) is rejected and redrawn, so the result is
/// never 0 (its logarithm is finite) and never 1. Every value is exact in double precision.
/// \tparam URBG a uniform random bit generator (any range).
/// \param g the engine.
/// \returns a value in \f$(0, 1)\f$.
template <urbg URBG>
double uniform01(URBG& g) {
  for (;;) {
    const std::uint64_t k = detail::random_bits64(g) >> 11;
    if (k != 0) return static_cast<double>(k) * 0x1.0p-53;
  }
}

}  // namespace jumpflow
