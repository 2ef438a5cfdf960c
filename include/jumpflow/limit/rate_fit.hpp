/// \file
/// \brief fit_rate(): the rate \f$p\f$ of \f$e(x) \approx C x^{p}\f$ by weighted least squares
/// of \f$\log e\f$ on \f$\log x\f$, with the known-variance (normal) confidence interval for the
/// slope, a chi-square goodness of fit, and a choice of how pre-asymptotic terms are handled.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string_view>

#include "jumpflow/limit/estimators.hpp"

namespace jumpflow {

/// \brief Which interval fit_rate() puts around the slope.
/// \ingroup limit
enum class rate_interval {
  /// \brief slope \f$\pm z_{(1+\ell)/2}\, \mathrm{SE}\f$ with \f$\mathrm{SE} = \sqrt{(X^\top W
  /// X)^{-1}_{pp}}\f$ from the known per-point standard errors: exact coverage when the model
  /// holds and the per-point errors are normal. A misfit never widens it; it shows in the
  /// goodness of fit instead. The default.
  known_variance,
  /// \brief The Birge-ratio interval: the known-variance standard error times
  /// \f$\sqrt{\max(1, \chi^2/\nu)}\f$. Conservative by design (its coverage exceeds the level
  /// when the model holds); only on request.
  birge_inflated,
};

/// \brief How fit_rate() handles pre-asymptotic terms (a curve that is a power law only for
/// large \f$x\f$).
/// \ingroup limit
enum class pre_asymptotic {
  /// \brief Fit \f$\log e = a + p \log x\f$ on every point given.
  none,
  /// \brief Fit \f$\log e = a + p \log x + b\, x^{q}\f$ (\f$q\f$ =
  /// rate_fit_options::correction_exponent, \f$-1/2\f$ by default) by weighted least squares:
  /// 3 parameters, at least 4 points with 3 distinct \f$x\f$; the goodness of fit has
  /// \f$k - 3\f$ degrees of freedom.
  correction_term,
  /// \brief Fit \f$\log e = a + p \log x\f$; while the goodness of fit rejects it (p-value
  /// below rate_fit_options::alpha) and more than 3 points (2 distinct \f$x\f$) would remain,
  /// drop the points at the smallest \f$x\f$ and refit. The result reports the range used.
  asymptotic_range,
};

/// \brief A short name of the handling: "none", "correction term", "asymptotic range".
/// \ingroup limit
/// \param handling the handling.
/// \returns its name (for tables and JSON).
std::string_view to_string(pre_asymptotic handling);

/// \brief A short name of the interval: "known variance", "Birge-inflated".
/// \ingroup limit
/// \param interval the interval.
/// \returns its name.
std::string_view to_string(rate_interval interval);

/// \brief Options of fit_rate().
/// \ingroup limit
struct rate_fit_options {
  double level = 0.95;  ///< \brief Confidence level \f$\ell \in (0, 1)\f$ of the slope's interval.
  /// \brief Significance level of the goodness of fit: the power law `fits` when the p-value is
  /// \f$\ge\f$ alpha (so a correct model is flagged with probability alpha).
  double alpha = 0.01;
  rate_interval interval = rate_interval::known_variance;  ///< \brief The slope's interval.
  pre_asymptotic handling = pre_asymptotic::none;          ///< \brief Pre-asymptotic terms.
  /// \brief The exponent \f$q < 0\f$ of the correction term \f$b\, x^{q}\f$
  /// (pre_asymptotic::correction_term only).
  double correction_exponent = -0.5;
  /// \brief Drop the points at the `drop_smallest` smallest distinct \f$x\f$ before anything
  /// else (e.g. 1 refits a study without its smallest \f$n\f$).
  std::size_t drop_smallest = 0;
};

/// \brief A fitted power law \f$e \approx e^{a} x^{p}\f$ (times \f$e^{b x^q}\f$ with a correction
/// term): slope \f$p\f$ with its standard error and confidence interval, intercept \f$a\f$, the
/// goodness of fit and how it was obtained.
/// \ingroup limit
struct rate_fit {
  double slope;      ///< \brief The rate \f$p\f$ (e.g. -1/2 for Kurtz's theorem).
  double slope_se;   ///< \brief Standard error of the slope (see `interval`).
  double ci_low;     ///< \brief Lower end of the slope's confidence interval.
  double ci_high;    ///< \brief Upper end of the slope's confidence interval.
  double intercept;  ///< \brief \f$a\f$, the fitted \f$\log e\f$ at \f$x = 1\f$.
  /// \brief \f$\chi^2 = \sum_i ((\log e_i - \text{fit}_i)/\sigma_i)^2\f$ of the residuals.
  double chi2 = std::numeric_limits<double>::quiet_NaN();
  /// \brief Its degrees of freedom \f$\nu\f$: points used minus fitted parameters.
  double dof = std::numeric_limits<double>::quiet_NaN();
  /// \brief \f$P(\chi^2_\nu \ge \chi^2)\f$: uniform on (0, 1) when the model holds.
  double p_value = std::numeric_limits<double>::quiet_NaN();
  bool fits = false;  ///< \brief `p_value >= alpha`: the data do not reject the model.
  double alpha = std::numeric_limits<double>::quiet_NaN();  ///< \brief The alpha of `fits`.
  double level = std::numeric_limits<double>::quiet_NaN();  ///< \brief Level of the interval.
  rate_interval interval = rate_interval::known_variance;   ///< \brief The interval used.
  pre_asymptotic handling = pre_asymptotic::none;           ///< \brief The handling used.
  /// \brief \f$b\f$ of the correction term (NaN without one).
  double correction = std::numeric_limits<double>::quiet_NaN();
  /// \brief Standard error of \f$b\f$ (NaN without a correction term).
  double correction_se = std::numeric_limits<double>::quiet_NaN();
  /// \brief \f$q\f$ of the correction term (NaN without one).
  double correction_exponent = std::numeric_limits<double>::quiet_NaN();
  double x_min = std::numeric_limits<double>::quiet_NaN();  ///< \brief Smallest \f$x\f$ used.
  double x_max = std::numeric_limits<double>::quiet_NaN();  ///< \brief Largest \f$x\f$ used.
  std::size_t points = 0;                                   ///< \brief Number of points used.
  /// \brief Distinct smallest \f$x\f$ left out (`drop_smallest` plus those dropped by
  /// pre_asymptotic::asymptotic_range).
  std::size_t dropped = 0;
};

/// \brief Weighted least squares of \f$y_i = \log e_i\f$ on \f$\log x_i\f$: the rate of a
/// power law with its known-variance interval and goodness of fit.
/// \ingroup limit
///
/// Weights \f$w_i = 1/\sigma_i^2\f$ with \f$\sigma_i = SE(e_i)/e_i\f$, the delta-method standard
/// error of \f$\log e_i\f$, taken as known. The slope's standard error is
/// \f$\sqrt{(X^\top W X)^{-1}_{pp}}\f$ (for two parameters \f$1/\sqrt{S_{xx}}\f$, \f$S_{xx} =
/// \sum w_i (\log x_i - \overline{\log x}_w)^2\f$) and the interval slope \f$\pm z\f$ SE, \f$z\f$
/// the normal quantile: its coverage is the level, whatever the number of points, when the
/// model holds and the \f$\log e_i\f$ are normal with those standard errors. Whether the model
/// holds is a separate question, answered by \f$\chi^2\f$ with \f$\nu = k - m\f$ degrees of
/// freedom (\f$m\f$ = 2, or 3 with a correction term) and its p-value (Boost.Math
/// `chi_squared`). A misfit lowers the p-value and clears `fits`; it widens the interval only
/// under rate_interval::birge_inflated. See rate_fit_options for the correction term and the
/// asymptotic range.
/// \param x the abscissae, e.g. the values of \f$n\f$ (finite, > 0).
/// \param e the estimates at those \f$x\f$ (finite value > 0, finite standard error > 0).
/// \param options level, alpha, interval, pre-asymptotic handling, points to drop.
/// \returns the fit.
/// \throws std::invalid_argument when the sizes differ, or fewer than 3 points with 2 distinct
///         \f$x\f$ (4 points with 3 distinct \f$x\f$ for a correction term) remain after
///         `drop_smallest`.
/// \throws std::domain_error for a bad \f$x\f$, value, standard error, level, alpha or
///         correction exponent.
rate_fit fit_rate(std::span<const double> x, std::span<const estimate> e,
                  const rate_fit_options& options);

/// \brief fit_rate() with default options at confidence level `level`: known-variance
/// interval, no pre-asymptotic handling.
/// \ingroup limit
/// \param x the abscissae (finite, > 0).
/// \param e the estimates (finite value > 0, finite standard error > 0).
/// \param level the confidence level \f$\ell \in (0, 1)\f$.
/// \returns the fit.
/// \throws as the overload with options.
rate_fit fit_rate(std::span<const double> x, std::span<const estimate> e, double level = 0.95);

}  // namespace jumpflow
