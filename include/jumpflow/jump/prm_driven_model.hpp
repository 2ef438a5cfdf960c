/// \file
/// \brief The prm_driven_model concept: \f$X_t = X_0 + \int_0^t\int_E J(X_{s-}, u)\,N(ds, du)\f$.
#pragma once

#include <concepts>

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief A jump process driven by a marked Poisson random measure \f$N\f$ with intensity
/// `m.rate()` \f$ds \otimes\f$ `m.mark_law()`:
/// \f$X_t = X_0 + \int_0^t\int_E J(X_{s-}, u, s)\,N(ds, du)\f$.
/// \ingroup jump
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `M::state_type` | | the state: `jumpflow::vector`, `count_vector`, `double`, ... (supports `x += dx`) |
/// | `M::mark_type` | | the mark: `marked_poisson_measure<Law>::mark_type` (`vector` for a mark_law) |
/// | `m.rate()` | `double` | the time intensity \f$r \ge 0\f$ of \f$N\f$ |
/// | `m.mark_law()` | `Law` or `const Law&` | the mark law \f$\pi\f$ (a mark_law or a callable `law(g)`) |
/// | `m.jump(x, u, t, dx)` | | writes \f$J(x, u, t)\f$ into `dx` (same shape as `x`, a reused buffer) |
///
/// Optional: `m.intensity(x, t) -> double` with \f$0 \le \lambda(x, t) \le r\f$ makes the
/// jump rate state-dependent: each atom \f$(t, u)\f$ of \f$N\f$ triggers the jump only with
/// probability \f$\lambda(X_{t-}, t)/r\f$ (thinning, Lewis and Shedler 1979), i.e. \f$N\f$ is
/// read as a PRM on \f$[0,T] \times E \times [0,1]\f$ and the jump is
/// \f$J\,1\{v\,r < \lambda(X_{t-}, t)\}\f$. See simulate_prm_driven().
///
/// A model is immutable, validated in its constructor, and holds no engine.
/// \tparam M the model type.
template <class M>
concept prm_driven_model = requires(const M& m, const typename M::state_type& x,
                                    typename M::state_type& dx, const typename M::mark_type& u,
                                    double t) {
  typename M::state_type;
  typename M::mark_type;
  { m.rate() } -> std::convertible_to<double>;
  m.mark_law();
  m.jump(x, u, t, dx);
};

/// \brief A prm_driven_model whose jumps are thinned by a state-dependent intensity
/// `m.intensity(x, t)` \f$\in [0, r]\f$.
/// \ingroup jump
/// \tparam M the model type.
template <class M>
concept thinned_prm_driven_model = prm_driven_model<M> &&
    requires(const M& m, const typename M::state_type& x, double t) {
  { m.intensity(x, t) } -> std::convertible_to<double>;
};

}  // namespace jumpflow
