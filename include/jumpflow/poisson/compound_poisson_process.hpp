/// \file
/// \brief compound_poisson_process: \f$Y_t = \sum_{k \le N_t} \xi_k\f$ with i.i.d. jumps.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/poisson/marked_poisson_measure.hpp"

namespace jumpflow {

/// \brief The compound Poisson process \f$Y_t - Y_{t_0} = \sum_{t_0 < t_k \le t} \xi_k\f$, with
/// jump times from a rate-\f$r\f$ Poisson process and i.i.d. jumps \f$\xi_k\f$ from any law:
/// the integral of the mark, \f$\int\int u\,N(ds, du)\f$, of a marked_poisson_measure.
/// \ingroup poisson
///
/// \f$E\,Y_t = r t\,E\xi\f$ and \f$\mathrm{Var}\,Y_t = r t\,E\xi^2\f$ (coordinatewise).
/// Order of draws: that of marked_poisson_measure (gap, then the jump's draws, per jump).
/// \tparam JumpLaw a mark_law (vector jumps) or a callable `law(URBG&) -> value` whose value
/// supports `+=` and value-initializes to zero (scalar jumps).
template <class JumpLaw>
class compound_poisson_process {
 public:
  /// \brief The type of a jump and of the process' value.
  using value_type = typename marked_poisson_measure<JumpLaw>::mark_type;

  /// \brief The process with jump rate `rate` and jump law `law`.
  /// \param rate \f$r\f$, finite and \f$\ge 0\f$.
  /// \param law the law of the jumps.
  /// \throws std::domain_error if `rate` is negative, infinite or NaN.
  compound_poisson_process(double rate, JumpLaw law) : measure_(rate, std::move(law)) {}

  /// \brief The jump rate \f$r\f$.
  /// \returns \f$r\f$.
  double rate() const noexcept { return measure_.rate(); }
  /// \brief The jump law.
  /// \returns the law.
  const JumpLaw& law() const noexcept { return measure_.law(); }
  /// \brief The underlying marked Poisson measure (atoms = (jump time, jump)).
  /// \returns the measure.
  const marked_poisson_measure<JumpLaw>& measure() const noexcept { return measure_; }

  /// \brief Streams the path: calls `on_jump(t, y)` after each jump, with
  /// \f$y = Y_t - Y_{t_0}\f$ (a buffer reused between calls).
  /// \tparam URBG a uniform random bit generator.
  /// \tparam F a callable `on_jump(double t, const value_type& y)`.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \param on_jump the callback.
  /// \returns \f$Y_{t_1} - Y_{t_0}\f$.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  template <urbg URBG, class F>
  value_type generate(URBG& g, double t0, double t1, F&& on_jump) const {
    value_type y = zero();
    measure_.generate(g, t0, t1, [&](double t, const value_type& xi) {
      y += xi;
      on_jump(t, std::as_const(y));
    });
    return y;
  }

  /// \brief The increment \f$Y_{t_1} - Y_{t_0}\f$ alone.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \returns the increment.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  template <urbg URBG>
  value_type increment(URBG& g, double t0, double t1) const {
    return generate(g, t0, t1, [](double, const value_type&) {});
  }

 private:
  value_type zero() const {
    value_type y = measure_.make_mark();
    if constexpr (requires { y.setZero(); }) {
      y.setZero();
    } else {
      y = value_type{};
    }
    return y;
  }

  marked_poisson_measure<JumpLaw> measure_;
};

}  // namespace jumpflow
