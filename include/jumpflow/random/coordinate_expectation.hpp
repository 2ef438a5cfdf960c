/// \file
/// \brief coordinate_expectation(): \f$E f(u_j)\f$ over one coordinate of a mark law with
/// i.i.d. coordinates, by quadrature (Boost.Math), with an error estimate.
#pragma once

#include <cmath>
#include <concepts>
#include <limits>

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include "jumpflow/core/error.hpp"
#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace jumpflow {

/// \brief A value computed by quadrature and the quadrature's estimate of its absolute error.
/// \ingroup random
struct quadrature_estimate {
  double value;  ///< \brief The integral.
  double error;  ///< \brief Estimated absolute error (0 for an exact finite sum).
};

namespace detail {

// Adaptive 31-point Gauss-Kronrod on [a, b] (a, b may be infinite: Boost maps them to a finite
// range); stops when the Gauss-Kronrod difference is below `tolerance` times the integral.
template <class F>
quadrature_estimate gauss_kronrod_31(F&& f, double a, double b, double tolerance) {
  double error = 0.0;
  const double value = boost::math::quadrature::gauss_kronrod<double, 31>::integrate(
      f, a, b, 15, tolerance, &error);
  return {value, error};
}

inline void check_tolerance(const char* fn, double tolerance) {
  require_domain(std::isfinite(tolerance) && tolerance > 0, fn, "tolerance", tolerance,
                 "finite and > 0");
}

}  // namespace detail

/// \brief \f$E f(u_j)\f$ for the uniform law on \f$[a, b]\f$: adaptive Gauss-Kronrod (31
/// points) of \f$f/(b - a)\f$ on \f$[a, b]\f$.
/// \ingroup random
/// \tparam F a callable `f(double) -> double`, smooth on \f$[a, b]\f$ for fast convergence.
/// \param law the law (only one coordinate's law is used: the coordinates are i.i.d.).
/// \param f the function.
/// \param tolerance relative tolerance of the adaptive rule.
/// \returns the expectation and its estimated error.
/// \throws std::domain_error for a tolerance that is not finite and positive.
template <class F>
requires std::invocable<F&, double> quadrature_estimate
coordinate_expectation(const uniform_cube_law& law, F f, double tolerance = 1e-12) {
  detail::check_tolerance("jumpflow::coordinate_expectation", tolerance);
  const double width = law.upper() - law.lower();
  const quadrature_estimate r = detail::gauss_kronrod_31(f, law.lower(), law.upper(), tolerance);
  return {r.value / width, r.error / width};
}

/// \brief \f$E f(u_j) = \tfrac12 (f(s) + f(-s))\f$ for the Rademacher law \f$\pm s\f$ (exact).
/// \ingroup random
/// \tparam F a callable `f(double) -> double`.
/// \param law the law.
/// \param f the function.
/// \param tolerance unused (the two-point sum is exact); checked as for the other laws.
/// \returns the expectation (error 0).
/// \throws std::domain_error for a tolerance that is not finite and positive.
template <class F>
requires std::invocable<F&, double> quadrature_estimate
coordinate_expectation(const rademacher_law& law, F f, double tolerance = 1e-12) {
  detail::check_tolerance("jumpflow::coordinate_expectation", tolerance);
  return {0.5 * (f(law.scale()) + f(-law.scale())), 0.0};
}

/// \brief \f$E f(u_j)\f$ for \f$N(0, \sigma^2)\f$: adaptive Gauss-Kronrod of
/// \f$f(\sigma x)\varphi(x)\f$ on \f$(-\infty, \infty)\f$ (Boost maps the line to a finite
/// interval).
/// \ingroup random
/// \tparam F a callable `f(double) -> double` of at most polynomial growth.
/// \param law the law.
/// \param f the function.
/// \param tolerance relative tolerance of the adaptive rule.
/// \returns the expectation and its estimated error.
/// \throws std::domain_error for a tolerance that is not finite and positive.
template <class F>
requires std::invocable<F&, double> quadrature_estimate
coordinate_expectation(const gaussian_law& law, F f, double tolerance = 1e-12) {
  detail::check_tolerance("jumpflow::coordinate_expectation", tolerance);
  const double sigma = law.sigma();
  constexpr double inv_sqrt_2pi = 0.3989422804014327;
  const double inf = std::numeric_limits<double>::infinity();
  return detail::gauss_kronrod_31(
      [&](double x) {
        const double w = inv_sqrt_2pi * std::exp(-0.5 * x * x);
        return w == 0.0 ? 0.0 : f(sigma * x) * w;  // f is never evaluated where the weight is 0
      },
      -inf, inf, tolerance);
}

/// \brief \f$E f(\xi_j)\f$ for the STDP law: \f$\xi = \pm A B\f$ with a fair sign and
/// \f$B \sim \mathrm{Beta}(a, 1)\f$, \f$a = \lambda/\mu\f$ (see stdp_law), so
/// \f$E f(\xi) = \int_0^1 \tfrac12 (f(Ab) + f(-Ab))\, a b^{a-1}\, db\f$.
/// \ingroup random
///
/// For \f$a \ge 1\f$ that integral is taken as written; for \f$a < 1\f$ (density singular at
/// 0) after the substitution \f$b = v^{1/a}\f$ (the quantile of \f$B\f$), whose integrand
/// \f$\tfrac12 (f(Av^{1/a}) + f(-Av^{1/a}))\f$ is bounded. Both by adaptive Gauss-Kronrod on
/// \f$[0, 1]\f$.
/// \tparam F a callable `f(double) -> double`.
/// \param law the law.
/// \param f the function.
/// \param tolerance relative tolerance of the adaptive rule.
/// \returns the expectation and its estimated error.
/// \throws std::domain_error for a tolerance that is not finite and positive.
template <class F>
requires std::invocable<F&, double> quadrature_estimate
coordinate_expectation(const stdp_law& law, F f, double tolerance = 1e-12) {
  detail::check_tolerance("jumpflow::coordinate_expectation", tolerance);
  const double a = law.spike_rate() / law.window_decay();
  const double amp = law.amplitude();
  auto symmetric = [&](double b) { return 0.5 * (f(amp * b) + f(-amp * b)); };
  if (a >= 1.0) {
    return detail::gauss_kronrod_31(
        [&](double b) { return symmetric(b) * a * std::pow(b, a - 1.0); }, 0.0, 1.0, tolerance);
  }
  return detail::gauss_kronrod_31([&](double v) { return symmetric(std::pow(v, 1.0 / a)); }, 0.0,
                                  1.0, tolerance);
}

/// \brief A mark law for which coordinate_expectation() computes \f$E f(u_j)\f$ by quadrature
/// (uniform_cube_law, rademacher_law, gaussian_law, stdp_law; add an overload of
/// coordinate_expectation() in the law's namespace for another law).
/// \ingroup random
/// \tparam Law the law type.
template <class Law>
concept has_coordinate_quadrature = requires(const Law& law, double (*f)(double)) {
  { coordinate_expectation(law, f) } -> std::convertible_to<quadrature_estimate>;
};

}  // namespace jumpflow
