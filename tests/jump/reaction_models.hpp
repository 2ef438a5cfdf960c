// Reaction networks shared by the reaction-network tests (test-only code).
#pragma once

#include <vector>

#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::test {

/// The channels of the linear chain X_0 -> X_1 -> ... -> X_{d-1} -> 0, every rate 1 (channel i
/// moves a molecule from X_i to X_{i+1}; the last one removes it).
inline std::vector<reaction_channel> linear_chain_channels(index d) {
  std::vector<reaction_channel> channels;
  for (index i = 0; i + 1 < d; ++i) {
    channels.push_back(
        reaction_channel::mass_action(1.0, {species_term{i, 1}}, {species_term{i + 1, 1}}));
  }
  channels.push_back(reaction_channel::mass_action(1.0, {species_term{d - 1, 1}}, {}));
  return channels;
}

}  // namespace jumpflow::test
