/// \file
/// \brief The piecewise-deterministic Markov process (PDMP) concepts: a continuous state that
/// follows an ODE between jumps, a discrete state, and channels whose intensities change
/// along the flow.
#pragma once

#include <concepts>
#include <span>

#include "jumpflow/core/types.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow {

/// \brief The state of a PDMP: a continuous part \f$y \in \mathbb{R}^m\f$ and a discrete part
/// \f$k\f$ (a count vector, an integer, any copyable type).
/// \ingroup jump
/// \tparam Discrete the type of the discrete part (the model's `discrete_type`).
template <class Discrete>
struct pdmp_state {
  vector y;    ///< \brief The continuous part \f$y\f$ (size \f$m\f$; empty when \f$m = 0\f$).
  Discrete k;  ///< \brief The discrete part \f$k\f$.
};

/// \brief A piecewise-deterministic Markov process (Davis 1984): between jumps
/// \f$\dot y = f(y, k, t)\f$ with \f$k\f$ fixed; channel \f$j\f$ fires at intensity
/// \f$\lambda_j(y, k, t) \ge 0\f$ and then maps \f$(y, k)\f$ by its kernel.
/// \ingroup jump
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `M::discrete_type` | | the type of \f$k\f$ (copyable) |
/// | `m.dimension()` | `index` | \f$m \ge 0\f$, the size of \f$y\f$ (0: a pure jump process with time-dependent intensities) |
/// | `m.channels()` | `index` | the number of channels \f$J \ge 1\f$ |
/// | `m.flow(y, k, t, dydt)` | | writes \f$f(y, k, t)\f$ into `dydt` (a `vector&` of size \f$m\f$) |
/// | `m.intensities(y, k, t, lambda)` | | writes \f$\lambda_j(y, k, t)\f$, \f$j < J\f$, into `lambda` (a `std::span<double>` of size \f$J\f$) |
/// | `m.jump(j, y, k, t, g)` | | channel `j` fires at time `t`: updates `y` (`vector&`) and `k` (`discrete_type&`) in place, drawing from the engine `g` if the kernel is random |
///
/// Optional: `m.channel_name(j)` (convertible to `std::string`) names channel `j` in error
/// messages; `m.intensity_bound(y, k, t, t1)` makes it a pdmp_thinning_model.
///
/// A model is immutable, validated in its constructor and holds no engine, so threads may
/// share it. Simulated by simulate_pdmp() (exact event location, the default),
/// simulate_pdmp_thinning() and simulate_pdmp_fixed_step() (an approximation).
/// \tparam M the model type.
/// \tparam URBG the engine type the kernel is called with.
template <class M, class URBG = philox_engine>
concept pdmp_model = requires(const M& m, const vector& y, const typename M::discrete_type& k,
                              double t, vector& dydt, std::span<double> lambda, index j,
                              vector& y_out, typename M::discrete_type& k_out, URBG& g) {
  typename M::discrete_type;
  { m.dimension() } -> std::convertible_to<index>;
  { m.channels() } -> std::convertible_to<index>;
  m.flow(y, k, t, dydt);
  m.intensities(y, k, t, lambda);
  m.jump(j, y_out, k_out, t, g);
};

/// \brief A pdmp_model with a bound on its total intensity along the flow, for
/// simulate_pdmp_thinning().
/// \ingroup jump
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `m.intensity_bound(y, k, t, t1)` | `double` | a finite \f$B \ge \sum_j \lambda_j(\phi_s, k, s)\f$ for all \f$s \in [t, t_1]\f$, where \f$\phi\f$ is the flow from \f$(y, k)\f$ at \f$t\f$ without jumps |
/// \tparam M the model type.
/// \tparam URBG the engine type the kernel is called with.
template <class M, class URBG = philox_engine>
concept pdmp_thinning_model =
    pdmp_model<M, URBG> &&
    requires(const M& m, const vector& y, const typename M::discrete_type& k, double t) {
      { m.intensity_bound(y, k, t, t) } -> std::convertible_to<double>;
    };

}  // namespace jumpflow
