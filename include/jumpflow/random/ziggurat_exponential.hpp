/// \file
/// \brief ziggurat_exponential(): standard exponential variates by the ziggurat algorithm
/// (Boost.Random's fixed implementation), about one engine output per variate and no logarithm.
#pragma once

#include <boost/random/exponential_distribution.hpp>

#include "jumpflow/core/concepts.hpp"

namespace jumpflow {

/// \brief Standard exponential variate (rate 1) by the ziggurat algorithm of Marsaglia and
/// Tsang (2000), as implemented by Boost.Random's `exponential_distribution`.
/// \ingroup random
///
/// Algorithm (part of the reproducibility contract): Boost.Random's
/// `detail::unit_exponential_distribution` (fixed since Boost 1.56, 256 layers). With a 64-bit
/// engine such as philox_engine, one output gives both the layer (its low 8 bits) and the
/// abscissa (its high 56 bits); 98.9% of variates are accepted on that single output, the
/// others take one more uniform (Boost's `uniform_01`) and the tail repeats with a shift, which
/// is exact because the exponential law is memoryless. The law is exactly Exp(1) (up to the
/// 56-bit resolution of the abscissa), with no logarithm on the common path: about three times
/// cheaper than standard_exponential(), which draws \f$-\log U\f$.
///
/// It consumes a different number of outputs than standard_exponential(), so a simulator that
/// switches from one to the other draws a different path for the same seed (the same law).
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \returns a variate with density \f$e^{-x}\f$ on \f$[0, \infty)\f$.
template <urbg URBG>
double ziggurat_exponential(URBG& g) {
  // J. A. Doornik, "An improved ziggurat method to generate normal random samples" (2005) and
  // G. Marsaglia and W. W. Tsang, "The ziggurat method for generating random variables",
  // J. Stat. Softw. 5 (2000); the tables and the tail handling are Boost.Random's.
  return boost::random::detail::unit_exponential_distribution<double>{}(g);
}

}  // namespace jumpflow
