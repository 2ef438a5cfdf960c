/// \file
/// \brief marked_poisson_measure: the Poisson random measure \f$N(ds, du)\f$ on
/// \f$[t_0, t_1] \times E\f$ with intensity \f$r\,ds \otimes \pi(du)\f$.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/poisson/detail/mark_traits.hpp"
#include "jumpflow/poisson/detail/points.hpp"
#include "jumpflow/poisson/detail/span.hpp"

namespace jumpflow {

/// \brief The marked Poisson random measure with intensity \f$r\,ds \otimes \pi(du)\f$: atoms
/// \f$(t_k, u_k)\f$ with times from a rate-\f$r\f$ Poisson process and i.i.d. marks
/// \f$u_k \sim \pi\f$, independent of the times.
/// \ingroup poisson
///
/// The mark law \f$\pi\f$ is either a mark_law (the mark is a jumpflow::vector of its
/// dimension, filled in place: no allocation per atom) or any callable `law(g) -> value`
/// (scalar marks, or any copyable value). The measure holds no engine and is immutable.
///
/// **Order of draws** (part of the reproducibility contract, pinned by a golden test): for
/// each atom, first the standard_exponential() gap of its time (as in poisson_process),
/// then the draws of its mark (as documented by the law); finally the one exponential
/// that overshoots \f$t_1\f$. Nothing is drawn when \f$r = 0\f$ or \f$t_1 = t_0\f$.
/// \tparam Law a mark_law, or a callable `law(URBG&) -> value`.
template <class Law>
class marked_poisson_measure {
  using traits = detail::mark_traits<Law>;

 public:
  /// \brief The type of one mark: jumpflow::vector for a mark_law, else the value the
  /// callable returns.
  using mark_type = typename traits::type;
  /// \brief The mark law's type.
  using law_type = Law;

  /// \brief The measure with intensity `rate` \f$ds \otimes\f$ `law`.
  /// \param rate \f$r\f$, finite and \f$\ge 0\f$ (the mean number of atoms per unit time).
  /// \param law the mark law \f$\pi\f$ (a probability law: the atoms' marks are i.i.d.
  ///        draws from it).
  /// \throws std::domain_error if `rate` is negative, infinite or NaN.
  marked_poisson_measure(double rate, Law law) : rate_(rate), law_(std::move(law)) {
    detail::require_rate("jumpflow::marked_poisson_measure", "rate", rate);
  }

  /// \brief The time intensity \f$r\f$.
  /// \returns \f$r\f$.
  double rate() const noexcept { return rate_; }
  /// \brief The mark law \f$\pi\f$.
  /// \returns the law.
  const Law& law() const noexcept { return law_; }

  /// \brief A mark buffer of the right shape (a vector of the law's dimension, or a
  /// value-initialized value), for callers that draw marks themselves.
  /// \returns the buffer.
  mark_type make_mark() const { return traits::make_buffer(law_); }

  /// \brief Calls `on_atom(t, u)` for every atom \f$(t, u)\f$ with \f$t \in (t_0, t_1]\f$, in
  /// increasing time.
  ///
  /// `u` refers to one buffer reused for every atom (allocated once per call): copy it if
  /// you need to keep it.
  /// \tparam URBG a uniform random bit generator.
  /// \tparam F a callable `on_atom(double t, const mark_type& u)`.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \param on_atom the callback.
  /// \returns the number of atoms, \f$N((t_0, t_1] \times E)\f$.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  /// \throws simulation_error if the time does not advance (see poisson_process::generate()).
  template <urbg URBG, class F>
  std::uint64_t generate(URBG& g, double t0, double t1, F&& on_atom) const {
    detail::require_span("jumpflow::marked_poisson_measure::generate", t0, t1);
    mark_type u = make_mark();
    return generate(g, t0, t1, on_atom, u);
  }

  /// \brief As generate(g, t0, t1, on_atom), drawing the marks into the caller's buffer
  /// `u` (no allocation at all; `u` holds the last mark afterwards).
  /// \tparam URBG a uniform random bit generator.
  /// \tparam F a callable `on_atom(double t, const mark_type& u)`.
  /// \param g the engine.
  /// \param t0 the start \f$t_0\f$, finite.
  /// \param t1 the end \f$t_1 \ge t_0\f$, finite.
  /// \param on_atom the callback.
  /// \param u the mark buffer, e.g. from make_mark().
  /// \returns the number of atoms.
  /// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
  /// \throws simulation_error if the time does not advance (see poisson_process::generate()).
  template <urbg URBG, class F>
  std::uint64_t generate(URBG& g, double t0, double t1, F&& on_atom, mark_type& u) const {
    detail::require_span("jumpflow::marked_poisson_measure::generate", t0, t1);
    auto on_point = [&](double t) {
      traits::draw(law_, g, u);
      on_atom(t, std::as_const(u));
    };
    return detail::poisson_points(g, rate_, t0, t1, on_point);
  }

  /// \brief Draws one mark from \f$\pi\f$ into `u` (the draws of one atom's mark).
  /// \tparam URBG a uniform random bit generator.
  /// \param g the engine.
  /// \param u the buffer, e.g. from make_mark().
  template <urbg URBG>
  void draw_mark(URBG& g, mark_type& u) const {
    traits::draw(law_, g, u);
  }

 private:
  double rate_;
  Law law_;
};

}  // namespace jumpflow
