/// \file
/// \brief Monte Carlo estimates with standard errors and Student-t confidence intervals:
/// mean_estimate() and rms_estimate() (\f$\sqrt{E X^2}\f$ by the delta method).
#pragma once

#include <cstddef>
#include <span>

namespace jumpflow {

/// \brief A Monte Carlo estimate with its standard error and a confidence interval.
/// \ingroup limit
struct estimate {
  double value;           ///< \brief The point estimate.
  double standard_error;  ///< \brief Its estimated standard error.
  double ci_low;          ///< \brief Lower end of the confidence interval.
  double ci_high;         ///< \brief Upper end of the confidence interval.
  std::size_t samples;    ///< \brief Number of replicates it is built from.
  double level;           ///< \brief Confidence level of the interval, e.g. 0.95.
};

/// \brief The sample mean of `xs` with the Student-t confidence interval
/// \f$\bar x \pm t_{R-1, (1+\ell)/2}\, s/\sqrt R\f$ (exact for normal data, asymptotically
/// valid for any finite variance).
/// \ingroup limit
/// \param xs the replicates, \f$R \ge 2\f$, all finite.
/// \param level the confidence level \f$\ell \in (0, 1)\f$.
/// \returns the estimate; `standard_error` is \f$s/\sqrt R\f$ (\f$s\f$ the sample standard
///          deviation with divisor \f$R-1\f$).
/// \throws std::invalid_argument when \f$R < 2\f$.
/// \throws std::domain_error for a non-finite value or a level outside (0, 1).
estimate mean_estimate(std::span<const double> xs, double level = 0.95);

/// \brief The root mean square \f$\hat s = \sqrt{\overline{X^2}}\f$ of `sup_errors`, an
/// estimate of \f$\sqrt{E X^2}\f$ (e.g. \f$\sqrt{E \sup_t |X^n_t - x_t|^2}\f$).
/// \ingroup limit
///
/// Standard error by the delta method, \f$SE(\hat s) = SE(\overline{X^2}) / (2 \hat s)\f$.
/// The interval is the Student-t interval of \f$E X^2\f$ (mean_estimate() of the squares)
/// mapped through the square root (its lower end clamped at 0): it has the coverage of that
/// interval and never contains negative values; to first order it is
/// \f$\hat s \pm t\, SE(\hat s)\f$.
/// \param sup_errors the replicates, \f$R \ge 2\f$, all finite.
/// \param level the confidence level \f$\ell \in (0, 1)\f$.
/// \returns the estimate (all zero when every value is 0).
/// \throws std::invalid_argument when \f$R < 2\f$.
/// \throws std::domain_error for a non-finite value or a level outside (0, 1).
estimate rms_estimate(std::span<const double> sup_errors, double level = 0.95);

/// \brief The two-sided Student-t quantile \f$t_{\nu, (1+\ell)/2}\f$ (Boost.Math).
/// \ingroup limit
/// \param degrees_of_freedom \f$\nu > 0\f$.
/// \param level \f$\ell \in (0, 1)\f$.
/// \returns the quantile.
/// \throws std::domain_error for \f$\nu \le 0\f$ or a level outside (0, 1).
double student_t_quantile(double degrees_of_freedom, double level);

}  // namespace jumpflow
