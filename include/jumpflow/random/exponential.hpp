/// \file
/// \brief Exponential variates by inversion.
#pragma once

#include <cmath>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \brief Standard exponential variate (rate 1) by inversion: \f$-\log U\f$ with
/// \f$U\f$ = uniform01(g). One uniform per variate; the result is finite and \f$> 0\f$.
/// \ingroup random
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \returns a variate with density \f$e^{-x}\f$ on \f$(0, \infty)\f$.
template <urbg URBG>
double standard_exponential(URBG& g) {
  return -std::log(uniform01(g));
}

/// \brief Exponential variate with rate `rate` (mean `1/rate`): standard_exponential(g) / rate.
/// \ingroup random
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \param rate the rate \f$r\f$, finite and \f$> 0\f$.
/// \returns a variate with density \f$r e^{-r x}\f$.
/// \throws std::domain_error if `rate` is not finite and positive.
template <urbg URBG>
double exponential(URBG& g, double rate) {
  require_domain(std::isfinite(rate) && rate > 0, "jumpflow::exponential", "rate", rate,
                 "finite and > 0");
  return standard_exponential(g) / rate;
}

}  // namespace jumpflow
