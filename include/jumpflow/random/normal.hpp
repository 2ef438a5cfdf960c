/// \file
/// \brief Standard normal variates by the Box-Muller transform.
#pragma once

#include <cmath>
#include <numbers>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \brief Two independent standard normal variates by the Box-Muller transform (Box and
/// Muller 1958): with \f$U_1, U_2\f$ = two successive uniform01(g) draws and
/// \f$R = \sqrt{-2 \log U_1}\f$, returns \f$(R \cos 2\pi U_2,\ R \sin 2\pi U_2)\f$.
/// \ingroup random
///
/// The order of draws is part of the reproducibility contract; values agree across
/// platforms up to the last-bit accuracy of `log`, `cos`, `sin` of the C library.
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \returns a pair of independent \f$N(0,1)\f$ variates.
template <urbg URBG>
std::pair<double, double> standard_normal_pair(URBG& g) {
  const double u1 = uniform01(g);
  const double u2 = uniform01(g);
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  return {r * std::cos(angle), r * std::sin(angle)};
}

/// \brief One standard normal variate: the first of standard_normal_pair(g) (the second
/// is discarded, so that the function holds no state). Two uniforms per call; to fill many
/// values use gaussian_law, which uses both.
/// \ingroup random
/// \tparam URBG a uniform random bit generator.
/// \param g the engine.
/// \returns an \f$N(0,1)\f$ variate.
template <urbg URBG>
double standard_normal(URBG& g) {
  return standard_normal_pair(g).first;
}

}  // namespace jumpflow
