/// \file
/// \brief fit_rate(): the rate \f$p\f$ of \f$e(n) \approx C n^{p}\f$ by weighted least squares
/// of \f$\log e\f$ on \f$\log n\f$, with a Student-t confidence interval for the slope.
#pragma once

#include <span>

#include "jumpflow/limit/estimators.hpp"

namespace jumpflow {

/// \brief A fitted power law \f$e \approx e^{a} n^{p}\f$: slope \f$p\f$ with its standard error
/// and confidence interval, intercept \f$a\f$.
/// \ingroup limit
struct rate_fit {
  double slope;      ///< \brief The rate \f$p\f$ (e.g. -1/2 for Kurtz's theorem).
  double slope_se;   ///< \brief Standard error of the slope.
  double ci_low;     ///< \brief Lower end of the slope's confidence interval.
  double ci_high;    ///< \brief Upper end of the slope's confidence interval.
  double intercept;  ///< \brief \f$a\f$, the fitted \f$\log e\f$ at \f$n = 1\f$.
};

/// \brief Weighted least squares of \f$y_i = \log e_i\f$ on \f$x_i = \log n_i\f$.
/// \ingroup limit
///
/// Weights \f$w_i = 1/\sigma_i^2\f$ with \f$\sigma_i = SE(e_i)/e_i\f$, the delta-method
/// standard error of \f$\log e_i\f$. With \f$k\f$ points, \f$S_{xx} = \sum w_i (x_i -
/// \bar x_w)^2\f$ and the reduced chi-square \f$\chi^2_\nu = \sum w_i r_i^2 / (k-2)\f$ of the
/// residuals, the slope's standard error is \f$\sqrt{\max(1, \chi^2_\nu) / S_{xx}}\f$: the
/// sampling errors set a floor, and a misfit (scatter beyond them, e.g. a pre-asymptotic
/// curvature) widens it. The interval is slope \f$\pm\, t_{k-2,(1+\ell)/2}\f$ SE.
/// \param n the values of \f$n\f$ (finite, > 0, at least two distinct).
/// \param e the estimates at those \f$n\f$ (finite value > 0, finite standard error > 0).
/// \param level the confidence level \f$\ell \in (0, 1)\f$.
/// \returns the fit.
/// \throws std::invalid_argument when the sizes differ, fewer than 3 points are given, or all
///         \f$n\f$ are equal.
/// \throws std::domain_error for a bad \f$n\f$, value, standard error or level.
rate_fit fit_rate(std::span<const double> n, std::span<const estimate> e, double level = 0.95);

}  // namespace jumpflow
