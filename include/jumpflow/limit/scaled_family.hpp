/// \file
/// \brief The scaled_family concept (a model for each \f$n\f$ plus the limit drift) and the
/// limit's ODE solution.
#pragma once

#include <concepts>
#include <functional>

#include "jumpflow/core/types.hpp"
#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/ode/integrate.hpp"

namespace jumpflow {

/// \brief A family of jump processes \f$X^n\f$ indexed by a scale \f$n > 0\f$ with a
/// deterministic limit \f$\dot x = b(x)\f$ (Kurtz 1970: density-dependent families).
/// \ingroup limit
///
/// | expression | meaning |
/// |---|---|
/// | `f.model(n)` | the model of scale `n` (any simulable model; e.g. a reaction network with rates
/// \f$\propto n\f$) | | `f.drift(x, dxdt)` | writes \f$b(x)\f$ into `dxdt` (same size as `x`) |
///
/// The classic families (`immigration_death_family`, `sir_family`, ...) in
/// `jumpflow/models/classic/` model it; limit_solution() turns the drift into a
/// dense_solution to compare paths against.
/// \tparam F the family type.
template <class F>
concept scaled_family = requires(const F& f, double n, const vector& x, vector& dxdt) {
  f.model(n);
  f.drift(x, dxdt);
};

/// \brief The limit of a scaled family, \f$\dot x = b(x)\f$, \f$x(t_0) = x_0\f$, solved once on
/// \f$[t_0, t_1]\f$ as a dense_solution (adaptive Dormand-Prince).
/// \ingroup limit
/// \tparam Family a scaled_family.
/// \param family the family (only its drift is used; it must outlive the call only).
/// \param x0 the initial state of the limit (in the limit's units, e.g. concentrations).
/// \param t0,t1 the span.
/// \param options tolerances (the defaults, 1e-10, are far below any Monte Carlo error).
/// \returns the solution.
/// \throws as dense_solution's constructor.
template <scaled_family Family>
dense_solution limit_solution(const Family& family, const vector& x0, double t0, double t1,
                              const ode_options& options = {}) {
  return dense_solution(
      [&family](const vector& x, vector& dxdt, double /*t*/) { family.drift(x, dxdt); }, x0, t0, t1,
      options);
}

}  // namespace jumpflow
