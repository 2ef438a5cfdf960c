/// \file
/// \brief log_cosh_loss: \f$L(z) = \sum_j \log\cosh(z_j - z^*_j)\f$, a smooth non-quadratic
/// test loss with bounded gradient and Hessian.
#pragma once

#include <cmath>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief The log-cosh loss \f$L(z) = \sum_j \log\cosh(z_j - z^*_j)\f$. Models loss_function
/// and separable_loss.
/// \ingroup models_bnn
///
/// \f$\nabla L(z)_j = \tanh(z_j - z^*_j)\f$, so \f$|\nabla L(z)| \le |z - z^*|\f$; the Hessian is
/// \f$\mathrm{Diag}(\mathrm{sech}^2)\f$, with Lipschitz constant \f$K = 1\f$; the third derivative
/// of \f$\log\cosh\f$ is bounded by \f$4/(3\sqrt3)\f$. Not quadratic: the fixed-amplitude rule
/// converges to a smoothed flow for it.
class log_cosh_loss {
 public:
  /// \brief The loss centred at `minimiser`.
  /// \param minimiser \f$z^*\f$ (size \f$d \ge 1\f$, finite).
  /// \throws std::invalid_argument if \f$d < 1\f$.
  /// \throws std::domain_error if an entry is not finite.
  explicit log_cosh_loss(vector minimiser) : minimiser_(std::move(minimiser)) {
    require_argument(minimiser_.size() >= 1, "jumpflow::log_cosh_loss", "minimiser.size()",
                     minimiser_.size(), ">= 1");
    require_domain(minimiser_.allFinite(), "jumpflow::log_cosh_loss", "minimiser", "non-finite",
                   "finite");
  }

  /// \brief The dimension \f$d\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return minimiser_.size(); }
  /// \brief The minimiser \f$z^*\f$.
  /// \returns \f$z^*\f$.
  const vector& minimiser() const noexcept { return minimiser_; }

  /// \brief \f$\log\cosh x\f$ without overflow: \f$|x| + \log(1 + e^{-2|x|}) - \log 2\f$.
  /// \param x the argument.
  /// \returns \f$\log\cosh x\f$.
  static double log_cosh(double x) noexcept {
    const double a = std::abs(x);
    return a + std::log1p(std::exp(-2.0 * a)) - 0.6931471805599453;
  }

  /// \brief \f$L(z)\f$.
  /// \param z the weights (size \f$d\f$).
  /// \returns \f$\sum_j \log\cosh(z_j - z^*_j)\f$.
  double value(const vector& z) const {
    eigen_assert(z.size() == dimension());
    double acc = 0.0;
    for (index j = 0; j < dimension(); ++j) acc += log_cosh(z[j] - minimiser_[j]);
    return acc;
  }

  /// \brief The \f$j\f$-th term \f$\ell_j(x) = \log\cosh(x - z^*_j)\f$ of \f$L\f$
  /// (separable_loss).
  /// \param j the coordinate, \f$0 \le j < d\f$.
  /// \param x the value of \f$z_j\f$.
  /// \returns \f$\ell_j(x)\f$.
  double term(index j, double x) const {
    eigen_assert(j >= 0 && j < dimension());
    return log_cosh(x - minimiser_[j]);
  }

  /// \brief \f$\nabla L(z)_j = \tanh(z_j - z^*_j)\f$.
  /// \param z the weights (size \f$d\f$).
  /// \param g the output (size \f$d\f$).
  void gradient(const vector& z, vector& g) const {
    eigen_assert(z.size() == dimension() && g.size() == dimension());
    for (index j = 0; j < dimension(); ++j) g[j] = std::tanh(z[j] - minimiser_[j]);
  }

 private:
  vector minimiser_;
};

}  // namespace jumpflow
