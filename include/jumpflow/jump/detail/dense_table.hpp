/// \file
/// \brief Internal: the fixed-shape tables of simulate_dense_direct(): every mass-action
/// propensity of total order at most 3 as a product of three clamped factors, every state change
/// as a fixed number of (species, change) slots.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

/// The tables work on a private copy `y` of the counts with one extra entry, `y[d] = 1`: an
/// unused factor reads that entry, so every mass-action propensity of total order at most 3 is
/// \f$k \cdot f_1 f_2 f_3\f$ with \f$f_i = \max(y_{s_i} - o_i, 0)\f$; orders 0 to 2 have
/// shorter cases. The factors come in the order in which reaction_network::propensity
/// multiplies them (reactant terms in order, \f$x, x - 1, \dots\f$ within a term), so values are
/// bitwise the same (a count below its multiplicity gives a factor 0 where the network returns
/// 0; the pads multiply by 1 exactly). Other channels (custom, time-dependent, order above 3)
/// are `general`: their propensity comes from reaction_network::propensity. Every channel gets
/// the same number of change slots, the largest number of terms of any channel, padded with
/// (species 0, change 0).
class dense_table {
 public:
  /// How a channel's propensity is computed: \f$k\f$, \f$k x\f$, \f$k x (x - 1)\f$,
  /// \f$k x y\f$, the three clamped factors, or through the network.
  enum kind : std::int32_t { constant, linear, square, product, cubic, general };
  /// One propensity record, 48 bytes.
  struct channel_row {
    double rate = 0.0;
    std::int32_t species[3] = {0, 0, 0};
    kind what = general;
    double offset[3] = {0.0, 0.0, 0.0};
  };
  /// One change slot: the change as an integer (for the counts) and as a double (for `y`).
  struct change_slot {
    std::int64_t species = 0;
    long long count = 0;
    double change = 0.0;
  };

  explicit dense_table(const reaction_network& net)
      : channels_(static_cast<std::size_t>(net.channels())),
        species_(static_cast<std::size_t>(net.species())) {
    rows_.resize(channels_);
    for (std::size_t j = 0; j < channels_; ++j) {
      const auto jj = static_cast<index>(j);
      channel_row& r = rows_[j];
      const auto one = static_cast<std::int32_t>(species_);
      for (auto& s : r.species) s = one;  // unused factors read y[d] = 1
      const auto [first, last] = net.reactants(jj);
      long long order = 0;
      for (auto t = first; t != last; ++t) order += t->count;
      if (!net.is_mass_action(jj) || order > 3) {
        has_general_ = true;
        continue;
      }
      r.rate = net.rate(jj);
      int slot = 0;
      for (auto t = first; t != last; ++t) {
        for (long long m = 0; m < t->count; ++m, ++slot) {
          r.species[slot] = static_cast<std::int32_t>(t->species);
          r.offset[slot] = static_cast<double>(m);
        }
      }
      const auto terms = last - first;
      r.what = order == 0                 ? constant
               : order == 1               ? linear
               : order == 2 && terms == 1 ? square
               : order == 2               ? product
                                          : cubic;
    }
    std::size_t width = 1;
    for (std::size_t j = 0; j < channels_; ++j) {
      const auto [first, last] = net.change(static_cast<index>(j));
      width = std::max(width, static_cast<std::size_t>(last - first));
    }
    width_ = width;
    changes_.resize(channels_ * width_);
    for (std::size_t j = 0; j < channels_; ++j) {
      const auto [first, last] = net.change(static_cast<index>(j));
      change_slot* out = changes_.data() + j * width_;
      for (auto t = first; t != last; ++t, ++out) {
        out->species = t->species;
        out->count = t->count;
        out->change = static_cast<double>(t->count);
      }
    }
  }

  /// Number of channels \f$M\f$.
  std::size_t channels() const noexcept { return channels_; }
  /// Number of species \f$d\f$ (the working copy has \f$d + 1\f$ entries).
  std::size_t species() const noexcept { return species_; }
  /// Whether some channel is `general`.
  bool has_general() const noexcept { return has_general_; }
  /// The propensity records.
  const channel_row* rows() const noexcept { return rows_.data(); }
  /// Number of change slots per channel.
  std::size_t width() const noexcept { return width_; }
  /// The change slots of channel `j`: `width()` of them.
  const change_slot* changes(std::size_t j) const noexcept { return changes_.data() + j * width_; }

  /// The propensity of a `general` channel, checked (out of line: it keeps the loop small).
  [[gnu::noinline]] static double general_propensity(const char* function,
                                                     const reaction_network& net, index j,
                                                     const count_vector& x, double t) {
    return checked_propensity(function, net, j, x, t);
  }

  /// The propensity of a mass-action record (not `general`) on the working copy `y` (counts
  /// as doubles, exact below \f$2^{53}\f$, so the factors are those of the network). The
  /// switch follows the same channel sequence at every event, which branch predictors learn.
  static double mass_action(const channel_row& r, const double* y) noexcept {
    const auto clamp = [](double f) { return f > 0.0 ? f : 0.0; };
    switch (r.what) {
      case constant:
        return r.rate;
      case linear:
        return r.rate * y[r.species[0]];
      case square: {
        const double v = y[r.species[0]];
        return r.rate * v * clamp(v - 1.0);
      }
      case product:
        return r.rate * y[r.species[0]] * y[r.species[1]];
      default:
        return r.rate * clamp(y[r.species[0]] - r.offset[0]) *
               clamp(y[r.species[1]] - r.offset[1]) * clamp(y[r.species[2]] - r.offset[2]);
    }
  }

 private:
  std::size_t channels_, species_, width_ = 1;
  std::vector<channel_row> rows_;
  std::vector<change_slot> changes_;
  bool has_general_ = false;
};

}  // namespace jumpflow::detail
