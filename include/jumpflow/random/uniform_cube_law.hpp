/// \file
/// \brief uniform_cube_law: i.i.d. uniform coordinates on \f$[a, b]^d\f$.
#pragma once

#include <cmath>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \brief The uniform law on the cube \f$[a, b]^d\f$ (default \f$[-1, 1]^d\f$, the
/// perturbation law of the STDP learning rule). Models mark_law.
/// \ingroup random
///
/// Draw order: coordinate \f$j = 0, \dots, d-1\f$ takes \f$a + (b - a) U_j\f$ with
/// \f$U_j\f$ the \f$j\f$-th successive uniform01() draw.
class uniform_cube_law {
 public:
  /// \brief The law on \f$[a, b]^d\f$.
  /// \param dimension \f$d \ge 1\f$.
  /// \param lower \f$a\f$, finite.
  /// \param upper \f$b\f$, finite and \f$> a\f$.
  /// \throws std::invalid_argument if `dimension < 1`.
  /// \throws std::domain_error if the bounds are not finite or `upper <= lower`.
  explicit uniform_cube_law(index dimension, double lower = -1.0, double upper = 1.0)
      : dimension_(dimension), lower_(lower), width_(upper - lower) {
    require_argument(dimension >= 1, "jumpflow::uniform_cube_law", "dimension", dimension, ">= 1");
    require_domain(std::isfinite(lower), "jumpflow::uniform_cube_law", "lower", lower, "finite");
    require_domain(std::isfinite(upper) && upper > lower, "jumpflow::uniform_cube_law", "upper",
                   upper, "finite and > lower");
  }

  /// \brief The dimension \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return dimension_; }
  /// \brief The lower bound \f$a\f$.
  /// \returns \f$a\f$.
  double lower() const noexcept { return lower_; }
  /// \brief The upper bound \f$b\f$.
  /// \returns \f$b\f$.
  double upper() const noexcept { return lower_ + width_; }
  /// \brief \f$E u_j^2 = (a^2 + ab + b^2)/3\f$ (\f$1/3\f$ on \f$[-1,1]\f$).
  /// \returns the second moment of one coordinate.
  double second_moment() const noexcept {
    const double a = lower_, b = upper();
    return (a * a + a * b + b * b) / 3.0;
  }
  /// \brief \f$E u_j^4 = (b^5 - a^5)/(5(b - a))\f$ (\f$1/5\f$ on \f$[-1,1]\f$).
  /// \returns the fourth moment of one coordinate.
  double fourth_moment() const noexcept {
    const double a = lower_, b = upper();
    // (b^5 - a^5)/(b - a) expanded, so that it holds for any a < b without cancellation.
    return (b * b * b * b + b * b * b * a + b * b * a * a + b * a * a * a + a * a * a * a) / 5.0;
  }

  /// \brief Fills `out` with one draw.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \param out a vector of size dimension() (checked by an assertion in debug builds).
  template <urbg URBG>
  void operator()(URBG& g, vector& out) const {
    eigen_assert(out.size() == dimension_);
    for (index j = 0; j < dimension_; ++j) out[j] = lower_ + width_ * uniform01(g);
  }

  /// \brief One draw in a new vector.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \returns the draw.
  template <urbg URBG>
  vector operator()(URBG& g) const {
    vector out(dimension_);
    (*this)(g, out);
    return out;
  }

 private:
  index dimension_;
  double lower_;
  double width_;
};

}  // namespace jumpflow
