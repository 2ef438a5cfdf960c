/// \file
/// \brief The output of a convergence study: its fitted rates (study_rates()) and writers of
/// its table as aligned text, CSV and JSON, with each rate's interval, goodness of fit and
/// pre-asymptotic handling.
#pragma once

#include <iosfwd>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/limit/rate_fit.hpp"

namespace jumpflow {

/// \brief The variable a rate is fitted in.
/// \ingroup limit
enum class rate_variable {
  n,  ///< \brief The rate in \f$n\f$ at a fixed \f$d\f$ (fit_rate_in_n()).
  d,  ///< \brief The rate in \f$d\f$ at a fixed \f$n\f$ (fit_rate_in_d()).
};

/// \brief One fitted rate of a study.
/// \ingroup limit
struct study_rate {
  rate_variable variable;  ///< \brief In \f$n\f$ or in \f$d\f$.
  double at;               ///< \brief The fixed other parameter (NaN for a 1-D study's rate).
  rate_fit fit;            ///< \brief The fit.
};

/// \brief Every rate a study's table supports: the rate in \f$n\f$ at each \f$d\f$ (over all
/// points of a 1-D study) and the rate in \f$d\f$ at each \f$n\f$, wherever the table has enough
/// distinct values with positive estimates (3, or 4 for a correction-term fit after
/// `drop_smallest`).
/// \ingroup limit
/// \param points the table of a study, e.g. study_result::points.
/// \param options how each rate is fitted.
/// \returns the rates in \f$n\f$ (by first appearance of \f$d\f$), then those in \f$d\f$.
/// \throws std::domain_error for bad options (see fit_rate()).
std::vector<study_rate> study_rates(std::span<const study_point> points,
                                    const rate_fit_options& options = {});

/// \brief One line describing a fit: slope, standard error, interval and its kind, the
/// goodness of fit and the pre-asymptotic handling with the range fitted, e.g.
/// `slope -0.5031 +- 0.0120 (SE), 95% CI [-0.5266, -0.4796] (known variance); chi2 = 2.31 on 4
/// dof, p = 0.679: a power law fits (alpha = 0.01); pre-asymptotic: none, x in [250, 8000], 6
/// points`.
/// \ingroup limit
/// \param fit the fit.
/// \param variable the name of the abscissa in the text (e.g. "n").
/// \returns the line, without a newline.
std::string describe_rate_fit(const rate_fit& fit, std::string_view variable = "x");

/// \brief One fit as a compact JSON object: `slope`, `slope_se`, `ci_low`, `ci_high`, `level`,
/// `interval`, `intercept`, `chi2`, `dof`, `p_value`, `fits`, `alpha`, `pre_asymptotic`,
/// `correction`, `correction_se`, `correction_exponent`, `x_min`, `x_max`, `points`, `dropped`
/// (NaN as `null`).
/// \ingroup limit
/// \param fit the fit.
/// \returns the JSON text.
std::string rate_fit_json(const rate_fit& fit);

/// \brief What the writers print besides the table.
/// \ingroup limit
struct study_report_options {
  rate_fit_options fit{};  ///< \brief How the rates are fitted (see study_rates()).
  /// \brief The rate in \f$n\f$ the theory predicts (e.g. -1/2), or NaN for none. With it, each
  /// rate in \f$n\f$ says whether its interval contains it, and each row gets the column
  /// `scaled` = \f$\hat s / (n^{p} d^{q})\f$, flat when the theory holds.
  double theory_n = std::numeric_limits<double>::quiet_NaN();
  /// \brief The rate in \f$d\f$ the theory predicts (e.g. +1/2), or NaN for none.
  double theory_d = std::numeric_limits<double>::quiet_NaN();
  std::string title;  ///< \brief First line of the text table (none when empty).
};

/// \brief Writes a study as an aligned text table: one row per grid point (\f$d\f$ when the
/// study has one, \f$n\f$, estimate, standard error, interval, `scaled`, replicates, events,
/// seconds), then one block per rate: slope, standard error, interval and its kind, the
/// goodness of fit (\f$\chi^2\f$, degrees of freedom, p-value, whether the power law fits at
/// alpha), the pre-asymptotic handling and the range of the fit, and the theory's rate.
/// \ingroup limit
/// \param out the stream.
/// \param result the study.
/// \param options fits, theory, title.
/// \throws as study_rates().
void write_study_table(std::ostream& out, const study_result& result,
                       const study_report_options& options = {});

/// \brief Writes a study's rows as CSV with a header line: `n,d,estimate,standard_error,ci_low,
/// ci_high,level,replicates,events,seconds` (and `scaled` when a theory rate is given); an
/// empty field for a NaN \f$d\f$. Ten significant digits.
/// \ingroup limit
/// \param out the stream.
/// \param result the study.
/// \param options only the theory rates are used (for `scaled`).
void write_study_csv(std::ostream& out, const study_result& result,
                     const study_report_options& options = {});

/// \brief Writes a study as one JSON object: `points` (one object per row, fields as in the
/// CSV) and `rates` (one object per study_rates() entry: the fields of rate_fit_json(), with
/// `variable` ("n" or "d"), `at`, and `theory` with `ci_contains_theory` when given). NaN is
/// written as `null`.
/// \ingroup limit
/// \param out the stream.
/// \param result the study.
/// \param options fits and theory.
/// \throws as study_rates().
void write_study_json(std::ostream& out, const study_result& result,
                      const study_report_options& options = {});

}  // namespace jumpflow
