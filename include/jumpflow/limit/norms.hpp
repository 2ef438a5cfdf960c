/// \file
/// \brief Norms for path distances: euclidean_norm, max_norm, l1_norm.
#pragma once

#include <Eigen/Core>

namespace jumpflow {

/// \brief The Euclidean norm \f$|v|_2\f$ (the default of sup_distance_observer).
/// \ingroup limit
struct euclidean_norm {
  /// \brief \f$\sqrt{\sum_i v_i^2}\f$.
  /// \tparam Derived an Eigen vector expression.
  /// \param v the vector.
  /// \returns its norm.
  template <class Derived>
  double operator()(const Eigen::MatrixBase<Derived>& v) const {
    return v.norm();
  }
};

/// \brief The maximum norm \f$|v|_\infty = \max_i |v_i|\f$.
/// \ingroup limit
struct max_norm {
  /// \brief \f$\max_i |v_i|\f$ (0 for an empty vector).
  /// \tparam Derived an Eigen vector expression.
  /// \param v the vector.
  /// \returns its norm.
  template <class Derived>
  double operator()(const Eigen::MatrixBase<Derived>& v) const {
    return v.size() == 0 ? 0.0 : v.template lpNorm<Eigen::Infinity>();
  }
};

/// \brief The \f$\ell^1\f$ norm \f$\sum_i |v_i|\f$.
/// \ingroup limit
struct l1_norm {
  /// \brief \f$\sum_i |v_i|\f$.
  /// \tparam Derived an Eigen vector expression.
  /// \param v the vector.
  /// \returns its norm.
  template <class Derived>
  double operator()(const Eigen::MatrixBase<Derived>& v) const {
    return v.template lpNorm<1>();
  }
};

}  // namespace jumpflow
