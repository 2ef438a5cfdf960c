/// \file
/// \brief thinned_poisson_process: an inhomogeneous Poisson process by thinning
/// (Lewis and Shedler 1979).
#pragma once

#include <cmath>
#include <concepts>
#include <cstdint>
#include <string>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/poisson/detail/points.hpp"
#include "jumpflow/poisson/detail/span.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \brief The Poisson process with intensity \f$\lambda(t)\f$, \f$0 \le \lambda \le B\f$, by
/// thinning (Lewis and Shedler 1979): candidates from a rate-\f$B\f$ homogeneous process,
/// each kept with probability \f$\lambda(t)/B\f$.
/// \ingroup poisson
///
/// The expected work is \f$B (t_1 - t_0)\f$ candidates for \f$\int_{t_0}^{t_1}\lambda\f$ points:
/// keep the bound tight.
///
/// **Order of draws** (reproducibility contract, pinned by a golden test): for each candidate,
/// its standard_exponential() gap (divided by \f$B\f$, as in poisson_process), then one
/// uniform01() \f$V\f$; the candidate is kept when \f$V B < \lambda(t)\f$. The exponential that
/// overshoots \f$t_1\f$ ends the call.
/// \tparam Intensity a callable `lambda(double t) -> double`.
template <class Intensity>
class thinned_poisson_process {
  static_assert(std::is_invocable_r_v<double, const Intensity&, double>,
                "jumpflow::thinned_poisson_process: Intensity must be callable as "
                "lambda(double t) -> double");

 public:
  /// \brief The process with intensity `intensity`, thinned from rate `bound`.
  /// \param intensity \f$\lambda\f$, evaluated only at candidate times.
  /// \param bound \f$B\f$, finite and \f$\ge 0\f$, with \f$\lambda(t) \le B\f$ wherever it is
  ///        evaluated (checked at every candidate).
  /// \throws std::domain_error if `bound` is negative, infinite or NaN.
  thinned_poisson_process(Intensity intensity, double bound)
      : intensity_(std::move(intensity)), bound_(bound) {
    detail::require_rate("jumpflow::thinned_poisson_process", "bound", bound);
  }

  /// \brief The bound \f$B\f$ (the rate of the candidates).
  /// \returns \f$B\f$.
  double bound() const noexcept { return bound_; }
  /// \brief The intensity \f$\lambda\f$.
  /// \returns the callable.
  const Intensity& intensity() const noexcept { return intensity_; }

  /// \brief Calls `on_point(t)` for every point in \f$(t_0, t_1]\f$, in increasing order.
  /// \tparam URBG a uniform random bit generator.
  /// \tparam F a callable `on_point(double t)`.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \param on_point the callback.
  /// \returns the number of points kept.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  /// \throws simulation_error if \f$\lambda(t)\f$ at a candidate \f$t\f$ is NaN, negative or
  ///         above the bound; the message names the time, the value and the bound.
  template <urbg URBG, class F>
  std::uint64_t generate(URBG& g, double t0, double t1, F&& on_point) const {
    detail::require_span("jumpflow::thinned_poisson_process::generate", t0, t1);
    std::uint64_t kept = 0;
    auto on_candidate = [&](double t) {
      const double v = uniform01(g);
      const double lambda = intensity_(t);
      if (!(lambda >= 0.0 && lambda <= bound_)) {
        throw simulation_error(simulation_message("jumpflow::thinned_poisson_process::generate",
                                                  "intensity", lambda, t,
                                                  ">= 0 and <= the bound " + format_value(bound_)));
      }
      if (v * bound_ < lambda) {
        ++kept;
        on_point(t);
      }
    };
    detail::poisson_points(g, bound_, t0, t1, on_candidate);
    return kept;
  }

 private:
  Intensity intensity_;
  double bound_;
};

}  // namespace jumpflow
