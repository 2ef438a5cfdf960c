/// \file
/// \brief Internal: how a marked Poisson measure holds and draws the marks of a law.
#pragma once

#include <type_traits>
#include <utility>

#include "jumpflow/core/types.hpp"
#include "jumpflow/random/mark_law.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::detail {

/// A callable law `law(g) -> value` (scalar or any copyable value): the mark is the value.
template <class Law>
struct mark_traits {
  static_assert(std::is_invocable_v<const Law&, philox_engine&>,
                "jumpflow: a mark law must be a mark_law (law.dimension(), law(g, out), "
                "law(g), law.second_moment()) or a callable law(g) -> value");
  using type = std::decay_t<std::invoke_result_t<const Law&, philox_engine&>>;
  static type make_buffer(const Law& /*law*/) { return type{}; }
  template <class URBG>
  static void draw(const Law& law, URBG& g, type& out) {
    out = law(g);
  }
};

/// A mark_law: the mark is a jumpflow::vector of the law's dimension, filled in place.
template <class Law>
requires mark_law<Law>
struct mark_traits<Law> {
  using type = vector;
  static type make_buffer(const Law& law) { return type(static_cast<index>(law.dimension())); }
  template <class URBG>
  static void draw(const Law& law, URBG& g, type& out) {
    law(g, out);
  }
};

}  // namespace jumpflow::detail
