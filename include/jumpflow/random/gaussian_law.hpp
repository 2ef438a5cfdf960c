/// \file
/// \brief gaussian_law: i.i.d. centred normal coordinates.
#pragma once

#include <cmath>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/normal.hpp"

namespace jumpflow {

/// \brief The law \f$N(0, \sigma^2 I_d)\f$. Models mark_law.
/// \ingroup random
///
/// Draw order: coordinates \f$(0,1), (2,3), \dots\f$ take the two values of successive
/// standard_normal_pair() calls; an odd last coordinate takes the first value of one more
/// pair.
class gaussian_law {
 public:
  /// \brief The law \f$N(0, \sigma^2 I_d)\f$.
  /// \param dimension \f$d \ge 1\f$.
  /// \param sigma \f$\sigma\f$, finite and \f$> 0\f$.
  /// \throws std::invalid_argument if `dimension < 1`.
  /// \throws std::domain_error if `sigma` is not finite and positive.
  explicit gaussian_law(index dimension, double sigma = 1.0) : dimension_(dimension), sigma_(sigma) {
    require_argument(dimension >= 1, "jumpflow::gaussian_law", "dimension", dimension, ">= 1");
    require_domain(std::isfinite(sigma) && sigma > 0, "jumpflow::gaussian_law", "sigma", sigma,
                   "finite and > 0");
  }

  /// \brief The dimension \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return dimension_; }
  /// \brief The standard deviation \f$\sigma\f$ of each coordinate.
  /// \returns \f$\sigma\f$.
  double sigma() const noexcept { return sigma_; }
  /// \brief \f$E u_j^2 = \sigma^2\f$.
  /// \returns the second moment of one coordinate.
  double second_moment() const noexcept { return sigma_ * sigma_; }
  /// \brief \f$E u_j^4 = 3\sigma^4\f$.
  /// \returns the fourth moment of one coordinate.
  double fourth_moment() const noexcept { return 3.0 * sigma_ * sigma_ * sigma_ * sigma_; }

  /// \brief Fills `out` with one draw.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \param out a vector of size dimension().
  template <urbg URBG>
  void operator()(URBG& g, vector& out) const {
    eigen_assert(out.size() == dimension_);
    index j = 0;
    for (; j + 1 < dimension_; j += 2) {
      const auto [a, b] = standard_normal_pair(g);
      out[j] = sigma_ * a;
      out[j + 1] = sigma_ * b;
    }
    if (j < dimension_) out[j] = sigma_ * standard_normal_pair(g).first;
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
  double sigma_;
};

}  // namespace jumpflow
