/// \file
/// \brief ziggurat_exponential(): standard exponential variates by the ziggurat algorithm
/// (Boost.Random's fixed implementation), about one engine output per variate and no logarithm.
#pragma once

#include <boost/random/detail/int_float_pair.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <cmath>
#include <utility>

#include "jumpflow/core/concepts.hpp"

namespace jumpflow {

namespace detail {

// Boost.Random's unit_exponential_distribution<double>::operator() after its first draw (layer
// i, abscissa x) was not accepted by the fast path: the same statements in the same order, so
// the same draws and the same value (tests/random/ziggurat_test.cpp compares them). Out of
// line: about 2.2% of the variates come here.
template <class URBG>
[[gnu::noinline]] double ziggurat_exponential_rest(URBG& g, int i, double x) {
  const double* const table_x = boost::random::detail::exponential_table<double>::table_x;
  const double* const table_y = boost::random::detail::exponential_table<double>::table_y;
  double shift = 0.0;
  for (;;) {
    if (x < table_x[i + 1]) return shift + x;
    // For i = 0 the tail: the exponential law is memoryless, so repeat with a shift.
    if (i == 0) {
      shift += table_x[1];
    } else {
      const double y01 = boost::random::uniform_01<double>()(g);
      const double y = table_y[i] + y01 * (table_y[i + 1] - table_y[i]);
      const double y_above_ubound = (table_x[i] - table_x[i + 1]) * y01 - (table_x[i] - x),
                   y_above_lbound = y - (table_y[i + 1] + (table_x[i + 1] - x) * table_y[i + 1]);
      if (y_above_ubound < 0 && (y_above_lbound < 0 || y < std::exp(-x))) return x + shift;
    }
    const std::pair<double, int> vals =
        boost::random::detail::generate_int_float_pair<double, 8>(g);
    i = vals.second;
    x = vals.first * table_x[i];
  }
}

// The common path of ziggurat_exponential(): Boost's first iteration, with shift = 0 (0 + x is
// x, as x >= 0). Always inlined (a simulator's loop calls it directly).
template <class URBG>
[[gnu::always_inline]] inline double ziggurat_exponential_inline(URBG& g) {
  const double* const table_x = boost::random::detail::exponential_table<double>::table_x;
  const std::pair<double, int> vals = boost::random::detail::generate_int_float_pair<double, 8>(g);
  const double x = vals.first * table_x[vals.second];
  if (x < table_x[vals.second + 1]) [[likely]]
    return x;
  return ziggurat_exponential_rest(g, vals.second, x);
}

}  // namespace detail

/// \brief Standard exponential variate (rate 1) by the ziggurat algorithm of Marsaglia and
/// Tsang (2000), as implemented by Boost.Random's `exponential_distribution`.
/// \ingroup random
///
/// Algorithm (part of the reproducibility contract): Boost.Random's
/// `detail::unit_exponential_distribution` (fixed since Boost 1.56, 256 layers). With a 64-bit
/// engine such as philox_engine, one output gives both the layer (its low 8 bits) and the
/// abscissa (its high 56 bits); 97.8% of variates are accepted on that single output, the
/// others take one more uniform (Boost's `uniform_01`) and the tail repeats with a shift, which
/// is exact because the exponential law is memoryless. The law is exactly Exp(1) (up to the
/// 56-bit resolution of the abscissa), with no logarithm on the common path: about three times
/// cheaper than standard_exponential(), which draws \f$-\log U\f$.
///
/// The common path (one engine output, a product and a comparison) is written here, small
/// enough for the compiler to inline into a simulator's event loop; the rest of Boost's
/// algorithm is a call. The values and the outputs consumed are Boost's, bit for bit.
///
/// It consumes a different number of outputs than standard_exponential(), so a simulator that
/// switches from one to the other draws a different path for the same seed (the same law).
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \returns a variate with density \f$e^{-x}\f$ on \f$[0, \infty)\f$.
template <urbg URBG>
inline double ziggurat_exponential(URBG& g) {
  // J. A. Doornik, "An improved ziggurat method to generate normal random samples" (2005) and
  // G. Marsaglia and W. W. Tsang, "The ziggurat method for generating random variables",
  // J. Stat. Softw. 5 (2000); the tables and the tail handling are Boost.Random's.
  return detail::ziggurat_exponential_inline(g);
}

}  // namespace jumpflow
