/// \file
/// \brief Internal: flat, branch-light propensities of the mass-action channels of a
/// reaction_network (at most two reactant terms), for the fast simulators.
#pragma once

#include <cstdint>
#include <vector>

#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

/// One record per channel, 24 bytes: the propensity of a channel with at most two reactant
/// terms is computed from the record alone (no walk through the network's compressed rows, no
/// std::function); anything else (custom channels, three or more reactant terms) goes through
/// reaction_network::propensity. Values are bitwise those of reaction_network::propensity: the
/// same products in the same order, and 0 when a count is below its multiplicity.
class propensity_table {
 public:
  enum kind : std::uint8_t { source, first, second, pair, general };

  propensity_table() = default;

  explicit propensity_table(const reaction_network& net) { assign(net); }

  /// Rebuilds the records for `net` (no allocation when the object already held as many
  /// channels: a caller-owned workspace reuses it across runs).
  void assign(const reaction_network& net) {
    net_ = &net;
    const auto m = static_cast<std::size_t>(net.channels());
    rows_.resize(m);
    all_mass_action_ = true;
    for (std::size_t j = 0; j < m; ++j) {
      const auto jj = static_cast<index>(j);
      row& r = rows_[j];
      r = row{};
      r.rate = net.rate(jj);
      const auto [first_term, last_term] = net.reactants(jj);
      const auto terms = last_term - first_term;
      if (!net.is_mass_action(jj)) {
        r.what = general;
        all_mass_action_ = false;
      } else if (terms == 0) {
        r.what = source;
      } else if (terms == 1 && first_term->count == 1) {
        r.what = first;
        r.s1 = static_cast<std::int32_t>(first_term->species);
      } else if (terms == 1 && first_term->count == 2) {
        r.what = second;
        r.s1 = static_cast<std::int32_t>(first_term->species);
      } else if (terms == 2 && first_term[0].count == 1 && first_term[1].count == 1) {
        r.what = pair;
        r.s1 = static_cast<std::int32_t>(first_term[0].species);
        r.s2 = static_cast<std::int32_t>(first_term[1].species);
      } else {
        r.what = general;
      }
    }
  }

  /// Whether every channel is mass action.
  bool all_mass_action() const noexcept { return all_mass_action_; }

  /// a_j(x), checked like checked_propensity (only custom channels can fail the check).
  template <class Counts>
  double operator()(const char* function, index j, const Counts& x, double t) const {
    const row& r = rows_[static_cast<std::size_t>(j)];
    switch (r.what) {
      case source:
        return r.rate;
      case first: {
        const long long a = x[r.s1];
        return a < 1 ? 0.0 : r.rate * static_cast<double>(a);
      }
      case second: {
        const long long a = x[r.s1];
        return a < 2 ? 0.0 : r.rate * static_cast<double>(a) * static_cast<double>(a - 1);
      }
      case pair: {
        const long long a = x[r.s1], b = x[r.s2];
        return (a < 1 || b < 1) ? 0.0 : r.rate * static_cast<double>(a) * static_cast<double>(b);
      }
      default:
        return checked_propensity(function, *net_, j, x, t);
    }
  }

 private:
  struct row {
    double rate = 0.0;
    std::int32_t s1 = 0, s2 = 0;
    kind what = general;
  };
  const reaction_network* net_ = nullptr;
  std::vector<row> rows_;
  bool all_mass_action_ = true;
};

}  // namespace jumpflow::detail
