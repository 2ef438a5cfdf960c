// The random sparse mass-action network, built only from the public API.
#include "jumpflow/models/classic/random_network.hpp"

#include <string>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/random/philox_engine.hpp"
#include "jumpflow/random/uniform01.hpp"

namespace jumpflow {

reaction_network random_mass_action_network(index species, index reactions, std::uint64_t seed) {
  constexpr const char* fn = "jumpflow::random_mass_action_network";
  require_argument(species >= 2, fn, "species", static_cast<long long>(species), ">= 2");
  require_argument(reactions >= 2 * species, fn, "reactions", static_cast<long long>(reactions),
                   ">= 2 * species (" + std::to_string(2 * species) + ")");
  philox_engine g(seed, 0);
  const auto pick = [&] {
    return static_cast<index>(uniform01(g) * static_cast<double>(species)) % species;
  };
  using term = species_term;
  std::vector<reaction_channel> channels;
  channels.reserve(static_cast<std::size_t>(reactions));
  for (index i = 0; i < species; ++i)
    channels.push_back(reaction_channel::mass_action(10.0, {}, {term{i, 1}}));
  for (index i = 0; i < species; ++i)
    channels.push_back(reaction_channel::mass_action(0.1, {term{i, 1}}, {}));
  for (index r = 2 * species; r < reactions; ++r) {
    const bool conversion = uniform01(g) < 0.75;
    const index a = pick();
    index b = pick();
    while (b == a) b = pick();
    if (conversion) {
      const double rate = 0.1 + 0.9 * uniform01(g);
      channels.push_back(reaction_channel::mass_action(rate, {term{a, 1}}, {term{b, 1}}));
    } else {
      const index c = pick();
      const double rate = 1e-3 + 9e-3 * uniform01(g);
      channels.push_back(
          reaction_channel::mass_action(rate, {term{a, 1}, term{b, 1}}, {term{c, 1}}));
    }
  }
  return reaction_network(species, std::move(channels));
}

}  // namespace jumpflow
