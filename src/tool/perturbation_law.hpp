// The perturbation law of `jumpflow study bnn` / `simulate bnn`, chosen at run time by --law:
// one of the library's four laws in a variant, forwarding every member a rule uses to the law
// it holds. The rule, the simulator, the observers and the limits are then compiled once per
// loss instead of once per loss and law (four times fewer instantiations in
// bnn_model_entry.cpp). A draw costs one (predictable) switch on the variant's index before the
// law's own loop of d draws: the same draws in the same order, so the same paths bit for bit as
// stdp_rule<Loss, Law> with the law itself (benchmarks/models/bnn_bench.cpp: BM_RuleLaw with
// perturbation_law against BM_RuleLaw with the law as a type).
#pragma once

#include <concepts>
#include <utility>
#include <variant>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/random/coordinate_expectation.hpp"
#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"

namespace jumpflow::tool {

class perturbation_law {
 public:
  using variant_type = std::variant<uniform_cube_law, stdp_law, rademacher_law, gaussian_law>;

 private:
  // f(law) with the law held: a switch that the compiler inlines (each case a direct call),
  // where std::visit may call through a table of function pointers.
  template <class F>
  decltype(auto) visit(F&& f) const {
    static_assert(std::variant_size_v<variant_type> == 4, "one case per law");
    switch (law_.index()) {
      case 0: return f(*std::get_if<0>(&law_));
      case 1: return f(*std::get_if<1>(&law_));
      case 2: return f(*std::get_if<2>(&law_));
      default: return f(*std::get_if<3>(&law_));
    }
  }

 public:
  template <class Law>
  requires std::constructible_from<variant_type, Law>
  explicit perturbation_law(Law law) : law_(std::move(law)) {}

  index dimension() const noexcept {
    return visit([](const auto& l) -> index { return l.dimension(); });
  }
  double second_moment() const noexcept {
    return visit([](const auto& l) { return l.second_moment(); });
  }
  double fourth_moment() const noexcept {
    return visit([](const auto& l) { return l.fourth_moment(); });
  }

  template <urbg URBG>
  void operator()(URBG& g, vector& out) const {
    visit([&](const auto& l) { l(g, out); });
  }
  template <urbg URBG>
  vector operator()(URBG& g) const {
    vector out(dimension());
    (*this)(g, out);
    return out;
  }

  // The law's own quadrature (found by argument-dependent lookup, as has_coordinate_quadrature
  // and stdp_rule::mean_drift_coordinate call it).
  template <class F>
  requires std::invocable<F&, double>
  friend quadrature_estimate coordinate_expectation(const perturbation_law& law, F f,
                                                    double tolerance = 1e-12) {
    return law.visit(
        [&](const auto& l) { return jumpflow::coordinate_expectation(l, std::move(f), tolerance); });
  }

 private:
  variant_type law_;
};

}  // namespace jumpflow::tool
