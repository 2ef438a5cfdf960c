/// \file
/// \brief Integrals \f$\int\int f\,dN\f$ and compensated integrals \f$\int\int f\,d(N - \nu)\f$
/// against a marked_poisson_measure, and a Monte Carlo estimate of the compensator
/// \f$\nu(f)\f$.
#pragma once

#include <cmath>
#include <cstdint>
#include <type_traits>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/poisson/detail/span.hpp"
#include "jumpflow/poisson/marked_poisson_measure.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

/// \brief \f$\int_{(t_0, t_1]}\int_E f(s, u)\,N(ds, du) = \sum_k f(t_k, u_k)\f$ over the atoms
/// of one draw of `measure`.
/// \ingroup poisson
///
/// Campbell's formulas: \f$E \int\int f\,dN = \nu(f)\f$ and
/// \f$\mathrm{Var} \int\int f\,dN = \nu(f^2)\f$ with \f$\nu(f) = r \int_{t_0}^{t_1}\int_E f(s,u)
/// \,\pi(du)\,ds\f$. Order of draws: that of marked_poisson_measure::generate().
/// \tparam Law the measure's mark law.
/// \tparam URBG a uniform random bit generator.
/// \tparam F a callable `f(double s, const mark_type& u) -> double`.
/// \param measure the measure \f$N\f$.
/// \param g the engine.
/// \param t0 the start \f$t_0\f$, finite.
/// \param t1 the end \f$t_1 \ge t_0\f$, finite.
/// \param f the integrand.
/// \returns the integral.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
template <class Law, urbg URBG, class F>
double prm_integral(const marked_poisson_measure<Law>& measure, URBG& g, double t0, double t1,
                    F&& f) {
  using mark = typename marked_poisson_measure<Law>::mark_type;
  double sum = 0.0;
  measure.generate(g, t0, t1, [&](double t, const mark& u) { sum += f(t, u); });
  return sum;
}

/// \brief \f$\int\int f\,d(N - \nu) = \int\int f\,dN - \nu(f)\f$, given the compensator's value
/// \f$\nu(f)\f$. It has mean 0 (when \f$\nu(|f|) < \infty\f$).
/// \ingroup poisson
/// \tparam Law the measure's mark law.
/// \tparam URBG a uniform random bit generator.
/// \tparam F a callable `f(double s, const mark_type& u) -> double`.
/// \param measure the measure \f$N\f$.
/// \param g the engine.
/// \param t0 the start \f$t_0\f$, finite.
/// \param t1 the end \f$t_1 \ge t_0\f$, finite.
/// \param f the integrand.
/// \param compensator \f$\nu(f) = r \int_{t_0}^{t_1}\int_E f\,d\pi\,ds\f$, finite.
/// \returns the compensated integral.
/// \throws std::domain_error if `t0`, `t1` or `compensator` is not finite, or `t1 < t0`.
template <class Law, urbg URBG, class F>
double compensated_prm_integral(const marked_poisson_measure<Law>& measure, URBG& g, double t0,
                                double t1, F&& f, double compensator) {
  require_domain(std::isfinite(compensator), "jumpflow::compensated_prm_integral", "compensator",
                 compensator, "finite");
  return prm_integral(measure, g, t0, t1, f) - compensator;
}

/// \brief A Monte Carlo estimate of the compensator \f$\nu(f)\f$ with its standard error.
/// \ingroup poisson
struct compensator_estimate {
  double value;           ///< \brief The estimate of \f$\nu(f)\f$.
  double standard_error;  ///< \brief Its standard error (sample standard deviation over
                          ///< \f$\sqrt{n}\f$).
  std::uint64_t samples;  ///< \brief The number \f$n\f$ of samples \f$(S_i, U_i)\f$.
};

/// \brief Selects the Monte Carlo compensator in compensated_prm_integral().
/// \ingroup poisson
struct monte_carlo_compensator {
  std::uint64_t samples = 10000;  ///< \brief Samples of the estimate, \f$\ge 2\f$.
};

/// \brief Estimates \f$\nu(f) = r (t_1 - t_0)\,E f(S, U)\f$ with \f$S\f$ uniform on
/// \f$[t_0, t_1]\f$ and \f$U \sim \pi\f$ independent, by the mean of `samples` draws.
/// \ingroup poisson
///
/// Order of draws: per sample, one uniform01() \f$V\f$ (\f$S = t_0 + (t_1 - t_0) V\f$), then the
/// mark's draws.
/// \tparam Law the measure's mark law.
/// \tparam URBG a uniform random bit generator.
/// \tparam F a callable `f(double s, const mark_type& u) -> double`.
/// \param measure the measure \f$N\f$ (its rate and law define \f$\nu\f$).
/// \param g the engine.
/// \param t0 the start \f$t_0\f$, finite.
/// \param t1 the end \f$t_1 \ge t_0\f$, finite.
/// \param f the integrand.
/// \param samples the number of samples, \f$\ge 2\f$.
/// \returns the estimate with its standard error.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws std::invalid_argument if `samples < 2`.
template <class Law, urbg URBG, class F>
compensator_estimate estimate_compensator(const marked_poisson_measure<Law>& measure, URBG& g,
                                          double t0, double t1, F&& f, std::uint64_t samples) {
  constexpr const char* fn = "jumpflow::estimate_compensator";
  detail::require_span(fn, t0, t1);
  require_argument(samples >= 2, fn, "samples", samples, ">= 2");
  auto u = measure.make_mark();
  // Welford's running mean and variance: stable and O(1) memory.
  double mean = 0.0, m2 = 0.0;
  for (std::uint64_t i = 0; i < samples; ++i) {
    const double s = t0 + (t1 - t0) * uniform01(g);
    measure.draw_mark(g, u);
    const double value = f(s, std::as_const(u));
    const double delta = value - mean;
    mean += delta / static_cast<double>(i + 1);
    m2 += delta * (value - mean);
  }
  const double n = static_cast<double>(samples);
  const double scale = measure.rate() * (t1 - t0);
  return {scale * mean, scale * std::sqrt(m2 / (n - 1.0) / n), samples};
}

/// \brief \f$\int\int f\,dN - \hat\nu(f)\f$ with the compensator estimated by
/// estimate_compensator() (unbiased, so the result still has mean 0).
/// \ingroup poisson
///
/// Order of draws: first the measure's atoms (as prm_integral()), then the Monte Carlo
/// samples (as estimate_compensator()).
/// \tparam Law the measure's mark law.
/// \tparam URBG a uniform random bit generator.
/// \tparam F a callable `f(double s, const mark_type& u) -> double`.
/// \param measure the measure \f$N\f$.
/// \param g the engine.
/// \param t0 the start \f$t_0\f$, finite.
/// \param t1 the end \f$t_1 \ge t_0\f$, finite.
/// \param f the integrand.
/// \param mc the number of Monte Carlo samples for the compensator.
/// \returns the compensated integral.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws std::invalid_argument if `mc.samples < 2`.
template <class Law, urbg URBG, class F>
double compensated_prm_integral(const marked_poisson_measure<Law>& measure, URBG& g, double t0,
                                double t1, F&& f, monte_carlo_compensator mc) {
  require_argument(mc.samples >= 2, "jumpflow::compensated_prm_integral", "samples", mc.samples,
                   ">= 2");
  const double integral = prm_integral(measure, g, t0, t1, f);
  return integral - estimate_compensator(measure, g, t0, t1, f, mc.samples).value;
}

}  // namespace jumpflow
