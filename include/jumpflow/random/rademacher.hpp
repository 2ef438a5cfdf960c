/// \file
/// \brief rademacher(): a fair random sign.
#pragma once

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/random/detail/random_bits.hpp"

namespace jumpflow {

/// \brief A fair random sign: +1 if the most significant of 64 random bits is set, else -1.
/// \ingroup random
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \returns +1.0 or -1.0 with probability 1/2 each.
template <urbg URBG>
double rademacher(URBG& g) {
  return (detail::random_bits64(g) >> 63) != 0 ? 1.0 : -1.0;
}

}  // namespace jumpflow
