/// \file
/// \brief The generic Markov jump model concepts: a total intensity \f$\lambda(x)\f$ (or
/// \f$\lambda(x, t)\f$) and a kernel that samples the increment of a jump.
#pragma once

#include <concepts>

#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow {

/// \brief A time-homogeneous Markov jump process on \f$\mathbb{R}^d\f$, on integer counts or
/// on the line: from state \f$x\f$ it jumps at rate \f$\lambda(x)\f$ to \f$x + \Delta\f$, with
/// \f$\Delta\f$ drawn from the kernel \f$\mu(x, d\Delta)\f$. Its generator is
/// \f$Gf(x) = \lambda(x) \int [f(x + \Delta) - f(x)]\,\mu(x, d\Delta)\f$.
/// \ingroup jump
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `M::state_type` | | `jumpflow::vector`, `count_vector`, `double`, `long long`, ... (supports `x += dx`) |
/// | `m.intensity(x)` | `double` | the total jump rate \f$\lambda(x) \ge 0\f$ (0: absorbing) |
/// | `m.sample_jump(x, g, dx)` | | draws \f$\Delta \sim \mu(x, \cdot)\f$ with engine `g` into `dx` (same shape as `x`, a reused buffer) |
///
/// A model is immutable, validated in its constructor, and holds no engine.
/// Simulated exactly by simulate_markov_jump().
/// \tparam M the model type.
/// \tparam URBG the engine type the kernel is called with.
template <class M, class URBG = philox_engine>
concept markov_jump_model = requires(const M& m, const typename M::state_type& x,
                                     typename M::state_type& dx, URBG& g) {
  typename M::state_type;
  { m.intensity(x) } -> std::convertible_to<double>;
  m.sample_jump(x, g, dx);
};

/// \brief A Markov jump process with a time-dependent total intensity \f$\lambda(x, t)\f$ and
/// kernel \f$\mu(x, t, d\Delta)\f$, with a bound for thinning.
/// \ingroup jump
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `M::state_type` | | as in markov_jump_model |
/// | `m.intensity(x, t)` | `double` | the total jump rate \f$\lambda(x, t) \ge 0\f$ |
/// | `m.intensity_bound(x, t, t1)` | `double` | a finite \f$B \ge \sup_{s \in [t, t_1]} \lambda(x, s)\f$ (for the state `x` held fixed) |
/// | `m.sample_jump(x, t, g, dx)` | | draws \f$\Delta \sim \mu(x, t, \cdot)\f$ into `dx` |
///
/// Simulated exactly by thinning in simulate_markov_jump(); tight bounds waste fewer draws.
/// \tparam M the model type.
/// \tparam URBG the engine type the kernel is called with.
template <class M, class URBG = philox_engine>
concept time_dependent_markov_jump_model = requires(const M& m, const typename M::state_type& x,
                                                    typename M::state_type& dx, URBG& g, double t) {
  typename M::state_type;
  { m.intensity(x, t) } -> std::convertible_to<double>;
  { m.intensity_bound(x, t, t) } -> std::convertible_to<double>;
  m.sample_jump(x, t, g, dx);
};

}  // namespace jumpflow
