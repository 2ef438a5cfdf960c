/// \file
/// \brief rademacher_law: i.i.d. random signs \f$\pm s\f$ in \f$d\f$ coordinates.
#pragma once

#include <cmath>
#include <cstdint>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/detail/random_bits.hpp"

namespace jumpflow {

/// \brief The law of \f$d\f$ i.i.d. signs \f$\pm s\f$ with probability 1/2 each. Models
/// mark_law.
/// \ingroup random
///
/// Draw order: one 64-bit word serves 64 coordinates; coordinate \f$j\f$ is \f$+s\f$ when
/// bit \f$j \bmod 64\f$ (least significant first) of word \f$\lfloor j/64 \rfloor\f$ is set.
class rademacher_law {
 public:
  /// \brief The law of \f$d\f$ signs of size `scale`.
  /// \param dimension \f$d \ge 1\f$.
  /// \param scale \f$s\f$, finite and \f$> 0\f$.
  /// \throws std::invalid_argument if `dimension < 1`.
  /// \throws std::domain_error if `scale` is not finite and positive.
  explicit rademacher_law(index dimension, double scale = 1.0)
      : dimension_(dimension), scale_(scale) {
    require_argument(dimension >= 1, "jumpflow::rademacher_law", "dimension", dimension, ">= 1");
    require_domain(std::isfinite(scale) && scale > 0, "jumpflow::rademacher_law", "scale", scale,
                   "finite and > 0");
  }

  /// \brief The dimension \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return dimension_; }
  /// \brief The size \f$s\f$ of each sign.
  /// \returns \f$s\f$.
  double scale() const noexcept { return scale_; }
  /// \brief \f$E u_j^2 = s^2\f$.
  /// \returns the second moment of one coordinate.
  double second_moment() const noexcept { return scale_ * scale_; }
  /// \brief \f$E u_j^4 = s^4\f$.
  /// \returns the fourth moment of one coordinate.
  double fourth_moment() const noexcept { return scale_ * scale_ * scale_ * scale_; }

  /// \brief Fills `out` with one draw.
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \param out a vector of size dimension().
  template <urbg URBG>
  void operator()(URBG& g, vector& out) const {
    eigen_assert(out.size() == dimension_);
    std::uint64_t word = 0;
    for (index j = 0; j < dimension_; ++j) {
      if (j % 64 == 0) word = detail::random_bits64(g);
      out[j] = (word & 1u) != 0 ? scale_ : -scale_;
      word >>= 1;
    }
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
  double scale_;
};

}  // namespace jumpflow
