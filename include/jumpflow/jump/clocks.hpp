/// \file
/// \brief The clocks of a PRM-driven process: poisson_clock (random jump times) and
/// grid_clock (a deterministic grid).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

/// \brief Jump times are the atoms of the model's marked Poisson random measure: a Poisson
/// process of rate `m.rate()` (the default clock of simulate_prm_driven()).
/// \ingroup jump
struct poisson_clock {};

/// \brief Jump times on the deterministic grid \f$t_k = t_0 + k\,\mathrm{step}\f$,
/// \f$k = 1, \dots, K\f$, \f$K = \lfloor (t_1 - t_0)/\mathrm{step} \rfloor\f$; each jump draws a
/// mark from the model's law (the rate is not used).
/// \ingroup jump
///
/// A quotient \f$(t_1 - t_0)/\mathrm{step}\f$ within \f$10^{-9}\f$ (relative) of an integer
/// counts as that integer, so that a span that is a multiple of the step in exact
/// arithmetic (0.3 / 0.1, 1 / (1/49)) gets all its grid points whatever the rounding; the
/// last time is then clamped to \f$t_1\f$. See grid_count().
struct grid_clock {
  double step;  ///< \brief The grid step, finite and \f$> 0\f$.
};

/// \brief The number of grid jumps \f$K\f$ of grid_clock on \f$[t_0, t_1]\f$.
/// \ingroup jump
/// \param clock the grid.
/// \param t0 the start.
/// \param t1 the end, \f$\ge t_0\f$.
/// \returns \f$\lfloor (t_1 - t_0)/\mathrm{step} \rfloor\f$, with the rounding slack of grid_clock.
/// \throws std::domain_error if the step is not finite and positive.
inline std::uint64_t grid_count(grid_clock clock, double t0, double t1) {
  require_domain(std::isfinite(clock.step) && clock.step > 0, "jumpflow::grid_clock", "step",
                 clock.step, "finite and > 0");
  const double q = (t1 - t0) / clock.step;
  const double nearest = std::round(q);
  const double k = std::abs(q - nearest) <= 1e-9 * std::max(1.0, q) ? nearest : std::floor(q);
  return static_cast<std::uint64_t>(k);
}

}  // namespace jumpflow
