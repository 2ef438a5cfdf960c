// Internal: the one place that includes Boost.Odeint with its Eigen adaptor.
//
// Order matters: the Eigen adaptor of Boost 1.74 is not self-contained and must come after
// the odeint headers it builds on. With the adaptor, odeint treats Eigen::VectorXd as a vector
// space (vector_space_algebra, element-wise ops via Eigen expressions) and resizes it itself.
#pragma once

// Only the parts jumpflow uses (Dormand-Prince with its controller and dense output, the
// classic Runge-Kutta 4 of simulate_pdmp_fixed_step, integrate_adaptive for user steppers),
// not <boost/numeric/odeint.hpp>: the whole of odeint (uBLAS, Bulirsch-Stoer, Adams...)
// doubles the compile time of every file that includes an ODE header. A user who passes
// another odeint stepper to integrate() includes it.
// clang-format off
#include <boost/numeric/odeint/algebra/vector_space_algebra.hpp>
#include <boost/numeric/odeint/stepper/generation/generation_controlled_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation/generation_dense_output_runge_kutta.hpp>
#include <boost/numeric/odeint/stepper/generation/generation_runge_kutta_dopri5.hpp>
#include <boost/numeric/odeint/integrate/integrate_adaptive.hpp>
#include <boost/numeric/odeint/stepper/runge_kutta4.hpp>
#include <boost/numeric/odeint/external/eigen/eigen.hpp>
// clang-format on

#include <cmath>
#include <functional>
#include <type_traits>

#include "jumpflow/core/types.hpp"

namespace boost::numeric::odeint::detail {

// odeint's error checker reads every state through get_unit_value(), which returns a copy for
// a non-unit type: three heap allocations per adaptive step on Eigen vectors. A reference is
// enough (the checker's operations are coefficient-wise), so that steps allocate nothing.
template <>
struct get_unit_value_impl<jumpflow::vector> {
  static const jumpflow::vector& value(const jumpflow::vector& t) { return t; }
  typedef const jumpflow::vector& result_type;
};

}  // namespace boost::numeric::odeint::detail

namespace jumpflow::detail {

namespace odeint = boost::numeric::odeint;

// Dormand-Prince 5(4) on Eigen vectors (Dormand and Prince 1980).
using dopri5_stepper =
    odeint::runge_kutta_dopri5<vector, double, vector, double, odeint::vector_space_algebra>;

// The stepper object behind a std::reference_wrapper (or the stepper itself).
template <class Stepper>
using unwrapped_stepper_t =
    std::remove_cvref_t<std::unwrap_reference_t<std::remove_cvref_t<Stepper>>>;

template <class Stepper>
using stepper_category_t = typename unwrapped_stepper_t<Stepper>::stepper_category;

inline bool all_finite(const vector& x) noexcept {
  return x.allFinite();
}

}  // namespace jumpflow::detail
