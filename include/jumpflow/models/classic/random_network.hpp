/// \file
/// \brief A seeded random sparse mass-action network, for benchmarks and tests at scale.
#pragma once

#include <cstdint>

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief A random sparse mass-action network on `species` species with `reactions`
/// channels, fully determined by `seed` (drawn from philox_engine(seed, 0) with uniform01()).
/// \ingroup models_classic
///
/// Structure: every species \f$S_i\f$ has a source \f$\emptyset \to S_i\f$ (rate 10, channel
/// \f$i\f$) and a decay \f$S_i \to \emptyset\f$ (rate 0.1, channel \f$d + i\f$). Each further
/// channel is, with probability 3/4, a conversion \f$S_a \to S_b\f$ (rate uniform in
/// \f$[0.1, 1)\f$) and otherwise a binding \f$S_a + S_b \to S_c\f$ (rate uniform in
/// \f$[10^{-3}, 10^{-2})\f$), with \f$a \ne b\f$ (and \f$c\f$) uniform among the species. No
/// channel creates molecules except the sources, so counts stay of order 100 per species:
/// start it from `count_vector::Constant(species, 100)`.
/// \param species the number of species \f$d \ge 2\f$.
/// \param reactions the number of channels, \f$\ge 2d\f$.
/// \param seed the seed.
/// \returns the network.
/// \throws std::invalid_argument if `species < 2` or `reactions < 2 * species`.
reaction_network random_mass_action_network(index species, index reactions, std::uint64_t seed);

}  // namespace jumpflow
