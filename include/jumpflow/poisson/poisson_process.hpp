/// \file
/// \brief poisson_process: the homogeneous Poisson process, streamed in time order.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/poisson/detail/points.hpp"
#include "jumpflow/poisson/detail/span.hpp"

namespace jumpflow {

/// \brief The homogeneous Poisson process of rate \f$r \ge 0\f$ on the line.
/// \ingroup poisson
///
/// generate() streams the points of \f$(t_0, t_1]\f$ in increasing order to a callback and
/// stores nothing.
///
/// **Order of draws** (part of the reproducibility contract, pinned by a golden test):
/// \f$t_k = t_{k-1} + E_k / r\f$ with \f$t_0\f$ the start and \f$E_1, E_2, \dots\f$ successive
/// standard_exponential() draws; the first \f$E_k\f$ that takes \f$t_k\f$ past \f$t_1\f$ is
/// drawn too and discarded. So a call with \f$K\f$ points uses exactly \f$K + 1\f$
/// exponentials. When \f$r = 0\f$ or \f$t_1 = t_0\f$ nothing is drawn.
class poisson_process {
 public:
  /// \brief The process of rate `rate`.
  /// \param rate \f$r\f$, finite and \f$\ge 0\f$.
  /// \throws std::domain_error if `rate` is negative, infinite or NaN.
  explicit poisson_process(double rate) : rate_(rate) {
    detail::require_rate("jumpflow::poisson_process", "rate", rate);
  }

  /// \brief The rate \f$r\f$.
  /// \returns \f$r\f$.
  double rate() const noexcept { return rate_; }

  /// \brief Calls `on_point(t)` for every point \f$t \in (t_0, t_1]\f$, in increasing order.
  /// \tparam URBG a uniform random bit generator.
  /// \tparam F a callable `on_point(double t)`.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \param on_point the callback.
  /// \returns the number of points.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  /// \throws simulation_error if the rate is so large that a gap vanishes against the
  ///         magnitude of \f$t\f$ in double precision (time does not advance).
  template <urbg URBG, class F>
  std::uint64_t generate(URBG& g, double t0, double t1, F&& on_point) const {
    detail::require_span("jumpflow::poisson_process::generate", t0, t1);
    return detail::poisson_points(g, rate_, t0, t1, on_point);
  }

 private:
  double rate_;
};

}  // namespace jumpflow
