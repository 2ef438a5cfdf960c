/// \file
/// \brief quadratic_loss: \f$L(z) = \tfrac12 (z - z^*)^T H (z - z^*)\f$ (isotropic, diagonal
/// or general symmetric \f$H\f$), the exactly solvable test loss of the BNN learning rule.
#pragma once

#include <cmath>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief The quadratic loss \f$L(z) = \tfrac12 (z - z^*)^T H (z - z^*)\f$, \f$H\f$ symmetric.
/// Models loss_function and has_fast_differences.
/// \ingroup models_bnn
///
/// \f$H\f$ is stored either as its diagonal (isotropic and diagonal losses: every operation
/// costs \f$O(d)\f$) or as a dense matrix (\f$O(d^2)\f$). The change of loss along \f$u\f$ is
/// exact and cheap: \f$L(z + su) - L(z - su) = 2 s\, u^T H (z - z^*)\f$ (one pass instead of
/// two evaluations).
class quadratic_loss {
 public:
  /// \brief Marks the loss as quadratic (see is_quadratic_loss).
  static constexpr bool is_quadratic = true;

  /// \brief The loss with a general symmetric \f$H\f$.
  /// \param minimiser \f$z^*\f$ (size \f$d \ge 1\f$, finite).
  /// \param hessian \f$H\f$, \f$d \times d\f$, symmetric, finite.
  /// \throws std::invalid_argument if the sizes disagree, \f$d < 1\f$ or \f$H\f$ is not symmetric.
  /// \throws std::domain_error if an entry is not finite.
  quadratic_loss(vector minimiser, matrix hessian)
      : minimiser_(std::move(minimiser)), dense_(std::move(hessian)), diagonal_(), is_dense_(true) {
    const char* f = "jumpflow::quadratic_loss";
    require_argument(minimiser_.size() >= 1, f, "minimiser.size()", minimiser_.size(), ">= 1");
    require_argument(dense_.rows() == minimiser_.size() && dense_.cols() == minimiser_.size(), f,
                     "hessian.rows()", dense_.rows(), "equal to minimiser.size() (square)");
    require_domain(minimiser_.allFinite(), f, "minimiser", "non-finite", "finite");
    require_domain(dense_.allFinite(), f, "hessian", "non-finite", "finite");
    const double asym = (dense_ - dense_.transpose()).cwiseAbs().maxCoeff();
    require_argument(asym <= 1e-12 * (1.0 + dense_.cwiseAbs().maxCoeff()), f, "max |H - H^T|", asym,
                     "0 (symmetric)");
  }

  /// \brief The loss with a diagonal \f$H = \mathrm{Diag}(h)\f$.
  /// \param minimiser \f$z^*\f$ (size \f$d \ge 1\f$, finite).
  /// \param spectrum the diagonal \f$h\f$ (size \f$d\f$, finite).
  /// \returns the loss.
  /// \throws std::invalid_argument if the sizes disagree or \f$d < 1\f$.
  /// \throws std::domain_error if an entry is not finite.
  static quadratic_loss diagonal(vector minimiser, vector spectrum) {
    const char* f = "jumpflow::quadratic_loss::diagonal";
    require_argument(minimiser.size() >= 1, f, "minimiser.size()", minimiser.size(), ">= 1");
    require_argument(spectrum.size() == minimiser.size(), f, "spectrum.size()", spectrum.size(),
                     "equal to minimiser.size()");
    require_domain(minimiser.allFinite(), f, "minimiser", "non-finite", "finite");
    require_domain(spectrum.allFinite(), f, "spectrum", "non-finite", "finite");
    return quadratic_loss(std::move(minimiser), std::move(spectrum), tag{});
  }

  /// \brief The isotropic loss \f$H = h I\f$.
  /// \param minimiser \f$z^*\f$ (size \f$d \ge 1\f$, finite).
  /// \param curvature \f$h\f$, finite.
  /// \returns the loss.
  /// \throws std::invalid_argument if \f$d < 1\f$.
  /// \throws std::domain_error if `curvature` or an entry of `minimiser` is not finite.
  static quadratic_loss isotropic(vector minimiser, double curvature) {
    require_domain(std::isfinite(curvature), "jumpflow::quadratic_loss::isotropic", "curvature",
                   curvature, "finite");
    const index d = minimiser.size();
    return diagonal(std::move(minimiser), vector::Constant(d, curvature));
  }

  /// \brief The dimension \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return minimiser_.size(); }
  /// \brief The minimiser \f$z^*\f$.
  /// \returns \f$z^*\f$.
  const vector& minimiser() const noexcept { return minimiser_; }
  /// \brief Whether \f$H\f$ is stored as a diagonal.
  /// \returns true for isotropic and diagonal losses.
  bool is_diagonal() const noexcept { return !is_dense_; }
  /// \brief \f$H\f$ as a dense matrix (built on each call).
  /// \returns \f$H\f$.
  matrix hessian() const {
    if (is_dense_) return dense_;
    return diagonal_.asDiagonal();
  }

  /// \brief \f$L(z)\f$.
  /// \param z the weights (size \f$d\f$).
  /// \returns \f$\tfrac12 (z - z^*)^T H (z - z^*)\f$.
  double value(const vector& z) const {
    eigen_assert(z.size() == dimension());
    if (!is_dense_) {
      return 0.5 * (diagonal_.array() * (z - minimiser_).array().square()).sum();
    }
    double acc = 0.0;
    for (index j = 0; j < dimension(); ++j) {
      acc += (z[j] - minimiser_[j]) * dense_.col(j).dot(z - minimiser_);
    }
    return 0.5 * acc;
  }

  /// \brief \f$\nabla L(z) = H (z - z^*)\f$.
  /// \param z the weights (size \f$d\f$).
  /// \param g the output (size \f$d\f$).
  void gradient(const vector& z, vector& g) const {
    eigen_assert(z.size() == dimension() && g.size() == dimension());
    if (!is_dense_) {
      g.array() = diagonal_.array() * (z - minimiser_).array();
    } else {
      g.noalias() = dense_ * (z - minimiser_);
    }
  }

  /// \brief \f$L(z + s u) - L(z - s u) = 2 s\, u^T H (z - z^*)\f$, exactly, in one pass.
  /// \param z the weights.
  /// \param u the direction.
  /// \param s the step.
  /// \returns the central change of loss.
  double central_difference(const vector& z, const vector& u, double s) const {
    return 2.0 * s * directional(z, u);
  }

  /// \brief \f$L(z + s u) - L(z) = s\, u^T H (z - z^*) + \tfrac12 s^2 u^T H u\f$, exactly.
  /// \param z the weights.
  /// \param u the direction.
  /// \param s the step.
  /// \returns the forward change of loss.
  double forward_difference(const vector& z, const vector& u, double s) const {
    eigen_assert(z.size() == dimension() && u.size() == dimension());
    if (!is_dense_) {
      return s * (diagonal_.array() * u.array() * ((z - minimiser_).array() + 0.5 * s * u.array()))
                     .sum();
    }
    double acc = 0.0;
    for (index j = 0; j < dimension(); ++j) {
      acc += u[j] * dense_.col(j).dot(z - minimiser_ + 0.5 * s * u);
    }
    return s * acc;
  }

 private:
  struct tag {};
  quadratic_loss(vector minimiser, vector spectrum, tag)
      : minimiser_(std::move(minimiser)),
        dense_(),
        diagonal_(std::move(spectrum)),
        is_dense_(false) {}

  double directional(const vector& z, const vector& u) const {
    eigen_assert(z.size() == dimension() && u.size() == dimension());
    if (!is_dense_) return (diagonal_.array() * u.array() * (z - minimiser_).array()).sum();
    double acc = 0.0;
    for (index j = 0; j < dimension(); ++j) acc += u[j] * dense_.col(j).dot(z - minimiser_);
    return acc;
  }

  vector minimiser_;
  matrix dense_;
  vector diagonal_;
  bool is_dense_;
};

}  // namespace jumpflow
