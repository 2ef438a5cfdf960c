/// \file
/// \brief The mark_law concept: a law on \f$\mathbb{R}^d\f$ that fills a caller-owned vector.
#pragma once

#include <concepts>

#include "jumpflow/core/types.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow {

/// \brief A probability law on \f$\mathbb{R}^d\f$ of fixed dimension that draws into a
/// caller-owned vector (no allocation per draw).
/// \ingroup random
///
/// | expression | type | meaning |
/// |---|---|---|
/// | `law.dimension()` | `index` | \f$d \ge 1\f$ |
/// | `law(g, out)` | | fills `out` (a `vector` of size \f$d\f$) with one draw, using engine `g` |
/// | `law(g)` | `vector` | one draw in a new vector (convenience; allocates) |
/// | `law.second_moment()` | `double` | \f$E\,u_j^2\f$ (the same for every coordinate) |
///
/// The library's laws also give `law.fourth_moment()` \f$= E\,u_j^4\f$ (see
/// has_fourth_moment), which the linear-noise limit of the learning rule needs.
///
/// Laws are immutable after construction and validate their parameters there.
/// \tparam Law the law type.
/// \tparam URBG the engine it is used with (philox_engine by default).
template <class Law, class URBG = philox_engine>
concept mark_law = requires(const Law& law, URBG& g, vector& out) {
  { law.dimension() } -> std::convertible_to<index>;
  law(g, out);
  { law(g) } -> std::convertible_to<vector>;
  { law.second_moment() } -> std::convertible_to<double>;
};

/// \brief A law that also states the fourth moment \f$E\,u_j^4\f$ of its coordinates
/// (`law.fourth_moment()`, a `double`): uniform_cube_law, rademacher_law, gaussian_law,
/// stdp_law.
/// \ingroup random
/// \tparam Law the law type.
template <class Law>
concept has_fourth_moment = requires(const Law& law) {
  { law.fourth_moment() } -> std::convertible_to<double>;
};

}  // namespace jumpflow
