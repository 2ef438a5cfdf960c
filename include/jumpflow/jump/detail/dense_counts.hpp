/// \file
/// \brief Internal: the working state of simulate_dense_direct()'s event loop: the counts as
/// doubles for the propensities and as integers for the observer, for networks of any size
/// (in memory) or of at most 4 channels and 3 species (in registers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/detail/dense_table.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

// Both policies give dense_direct_loop():
//  * channels(): M;
//  * cumulate(fn, net, x, t): every propensity at the current state, cumulated in channel order
//    into cumulative() (cumulative()[j] = a_0 + ... + a_j, summed left to right from 0.0), and
//    returns the total a_0 + ... + a_{M-1};
//  * fire(j, x): applies channel j's change to the working copy and to the counts x.
// Their propensities and sums are bit for bit the same, so that the path of a seed does not
// depend on which one runs. fixed_dense_counts also gives `species` (D), and value(s) and
// count(s), the count of species s as a double and as an integer, which the loop compares with a
// windowed observer's box at every jump (window_skipper::box()).

// Any network: the working copy y (counts as doubles, exact below 2^53, with y[d] = 1: see
// dense_table) in memory, changed with x by the channel's change slots. `HasGeneral`: whether
// some channel is evaluated through the network (a separate instantiation keeps that call and
// its register spills out of the all-mass-action loop).
template <bool HasGeneral>
class dense_counts {
 public:
  dense_counts(const dense_table& table, const count_vector& x)
      : table_(table),
        rows_(table.rows()),
        m_(table.channels()),
        width_(table.width()),
        y_(table.species() + 1),
        cumulative_(table.channels()) {
    const std::size_t d = table.species();
    for (std::size_t s = 0; s < d; ++s) y_[s] = static_cast<double>(x[static_cast<index>(s)]);
    y_[d] = 1.0;
  }

  std::size_t channels() const noexcept { return m_; }
  const double* cumulative() const noexcept { return cumulative_.data(); }

  __attribute__((always_inline)) double cumulate(const char* fn, const reaction_network& net,
                                                 const count_vector& x,
                                                 double t) noexcept(!HasGeneral) {
    const double* const y = y_.data();
    double* const cumulative = cumulative_.data();
    double a0 = 0.0;
    for (std::size_t j = 0; j < m_; ++j) {
      if constexpr (HasGeneral) {
        a0 += rows_[j].what == dense_table::general
                  ? dense_table::general_propensity(fn, net, static_cast<index>(j), x, t)
                  : dense_table::mass_action(rows_[j], y);
      } else {
        (void)fn;
        (void)net;
        (void)x;
        (void)t;
        a0 += dense_table::mass_action(rows_[j], y);
      }
      cumulative[j] = a0;
    }
    return a0;
  }

  __attribute__((always_inline)) void fire(std::size_t j, count_vector& x) noexcept {
    double* const y = y_.data();
    const dense_table::change_slot* c = table_.changes(j);
    for (std::size_t i = 0; i < width_; ++i) {
      const auto s = c[i].species;
      y[s] += c[i].change;
      x[s] += c[i].count;
    }
  }

 private:
  const dense_table& table_;
  const dense_table::channel_row* rows_;
  std::size_t m_, width_;
  std::vector<double> y_, cumulative_;
};

// A network of exactly M channels and D species, all mass action of order at most 3: the
// counts live in D doubles and D integers that the compiler keeps in registers (every index
// into them is a constant once the loops over M and D are unrolled), so that a jump's change
// reaches the next propensities without a store and a load. A factor's species is read by
// comparing its number with each of 0, ..., D - 1 (pick(); the number D is an unused factor, 1,
// as y[d] = 1 in dense_table), and a jump adds a dense row of D changes (0 for the species it
// does not change: exact) to both copies, then stores the D counts into x for the observer.
// Measured against dense_counts<false> on the three small models of jump_ssa_table: about
// 0.8x the time per event with 1 species, 0.9x with 3.
template <int M, int D>
class fixed_dense_counts {
  static_assert(M >= 1 && D >= 1);

 public:
  fixed_dense_counts(const dense_table& table, const count_vector& x) noexcept {
    for (int j = 0; j < M; ++j) {
      const dense_table::channel_row& r = table.rows()[j];
      rate_[j] = r.rate;
      what_[j] = r.what;
      for (int f = 0; f < 3; ++f) {
        species_[j][f] = r.species[f];  // D = table.species(): an unused factor
        offset_[j][f] = r.offset[f];
      }
      for (int s = 0; s < D; ++s) {
        change_[j][s] = 0.0;
        count_change_[j][s] = 0;
      }
      const dense_table::change_slot* c = table.changes(static_cast<std::size_t>(j));
      for (std::size_t i = 0; i < table.width(); ++i) {
        // A pad slot (species 0, change 0) adds 0.
        change_[j][c[i].species] += c[i].change;
        count_change_[j][c[i].species] += c[i].count;
      }
    }
    for (int s = 0; s < D; ++s) {
      counts_[s] = x[s];
      y_[s] = static_cast<double>(counts_[s]);
    }
  }

  static constexpr int species = D;
  static constexpr std::size_t channels() noexcept { return M; }
  const double* cumulative() const noexcept { return cumulative_; }
  // The count of species s, as a double (exact below 2^53) and as an integer.
  double value(int s) const noexcept { return y_[s]; }
  long long count(int s) const noexcept { return counts_[s]; }

  __attribute__((always_inline)) double cumulate(const char*, const reaction_network&,
                                                 const count_vector&, double) noexcept {
    double a0 = 0.0;
    for (int j = 0; j < M; ++j) {
      a0 += propensity(j);
      cumulative_[j] = a0;
    }
    return a0;
  }

  __attribute__((always_inline)) void fire(std::size_t j, count_vector& x) noexcept {
    long long* const out = x.data();
    for (int s = 0; s < D; ++s) {
      y_[s] += change_[j][s];
      counts_[s] += count_change_[j][s];
      out[s] = counts_[s];
    }
  }

 private:
  // y[s] for a factor's species s < D, 1 for s = D (an unused factor).
  __attribute__((always_inline)) double pick(std::int32_t s) const noexcept {
    double v = 1.0;
    for (int i = 0; i < D; ++i) v = s == i ? y_[i] : v;
    return v;
  }
  // dense_table::mass_action() with pick() for y[s]: the same products in the same order.
  __attribute__((always_inline)) double propensity(int j) const noexcept {
    const auto clamp = [](double f) { return f > 0.0 ? f : 0.0; };
    const double k = rate_[j];
    switch (what_[j]) {
      case dense_table::constant:
        return k;
      case dense_table::linear:
        return k * pick(species_[j][0]);
      case dense_table::square: {
        const double v = pick(species_[j][0]);
        return k * v * clamp(v - 1.0);
      }
      case dense_table::product:
        return k * pick(species_[j][0]) * pick(species_[j][1]);
      default:
        return k * clamp(pick(species_[j][0]) - offset_[j][0]) *
               clamp(pick(species_[j][1]) - offset_[j][1]) *
               clamp(pick(species_[j][2]) - offset_[j][2]);
    }
  }

  double y_[D];
  long long counts_[D];
  double cumulative_[M];
  double rate_[M];
  dense_table::kind what_[M];
  std::int32_t species_[M][3];
  double offset_[M][3];
  double change_[M][D];
  long long count_change_[M][D];
};

}  // namespace jumpflow::detail
