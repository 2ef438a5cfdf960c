/// \file
/// \brief Internal: the propensity groups of the composition-rejection method.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace jumpflow::detail {

/// Channels grouped by the binary exponent of their propensity (Slepoy, Thompson and Plimpton
/// 2008): group e holds the channels with a in [2^(e-1), 2^e) (std::frexp's exponent), so a
/// uniform member accepted with probability a / 2^e is accepted with probability >= 1/2.
///
/// Layout, allocation-free after construction: all channels sit in one array `order_`,
/// partitioned into contiguous segments, one per *slot*. Slot 0 holds the channels with
/// propensity 0; the other slots are given to exponents in order of first appearance (at most
/// one slot per possible double exponent, so the tables are sized once). Moving a channel from
/// slot s to slot s' walks the segment boundaries in between, one swap each: O(|s - s'|), and
/// the slots of the exponents a channel visits are usually adjacent or few.
class composition_groups {
 public:
  static constexpr int min_exponent = -1100;  // below any double's frexp exponent (-1073)
  static constexpr int max_exponent = 1100;   // above any finite double's exponent (1024)

  void reset(const std::vector<double>& a) {
    const std::size_t m = a.size();
    const auto exponents = static_cast<std::size_t>(max_exponent - min_exponent + 1);
    slot_of_exponent_.assign(exponents, -1);
    exponent_of_slot_.assign(exponents + 1, 0);
    begin_.assign(exponents + 2, 0);
    sum_.assign(exponents + 1, 0.0);
    bound_.assign(exponents + 1, 0.0);
    slots_ = 1;
    order_.resize(m);
    where_.resize(m);
    slot_.assign(m, 0);
    for (std::size_t j = 0; j < m; ++j) order_[j] = where_[j] = j;
    begin_[1] = m;  // slot 0 (zero propensity) holds everything
    // Open the slots of the initial exponents in decreasing order: moves between nearby
    // exponents then cross few slot boundaries, and the group search meets the heaviest
    // groups first.
    std::vector<int> initial;
    for (double v : a) {
      if (v > 0.0) initial.push_back(exponent(v));
    }
    std::sort(initial.begin(), initial.end(), std::greater<>());
    initial.erase(std::unique(initial.begin(), initial.end()), initial.end());
    for (int e : initial) open_slot(e);
    total_ = 0.0;
    for (std::size_t j = 0; j < m; ++j) set(j, 0.0, a[j]);
    refresh(a);
  }

  double total() const noexcept { return total_; }

  /// Channel j's propensity changes from `old_a` to `new_a`.
  void set(std::size_t j, double old_a, double new_a) noexcept {
    const std::size_t from = slot_[j];
    const std::size_t to = slot_for(new_a);
    move(j, to);
    sum_[from] -= old_a;
    sum_[to] += new_a;
    total_ += new_a - old_a;
  }

  /// Recomputes the slot sums and the total from the propensities (bounds rounding drift).
  void refresh(const std::vector<double>& a) noexcept {
    for (std::size_t s = 0; s < slots_; ++s) sum_[s] = 0.0;
    for (std::size_t j = 0; j < a.size(); ++j) sum_[slot_[j]] += a[j];
    total_ = 0.0;
    for (std::size_t s = 1; s < slots_; ++s) total_ += sum_[s];
  }

  /// Composition-rejection selection: a slot with probability sum/total (linear search), then
  /// a member by rejection against the slot's bound 2^e. `u01` draws a uniform in (0, 1).
  /// Returns M (= no channel) if no slot has positive mass.
  template <class Uniform>
  std::size_t select(const std::vector<double>& a, Uniform&& u01) const {
    const double target = u01() * total_;
    double cumulative = 0.0;
    std::size_t chosen = 0;
    for (std::size_t s = 1; s < slots_; ++s) {
      if (begin_[s + 1] == begin_[s]) continue;
      chosen = s;
      cumulative += sum_[s];
      if (target < cumulative) break;
    }
    if (chosen == 0) return order_.size();
    const std::size_t first = begin_[chosen];
    const double size = static_cast<double>(begin_[chosen + 1] - first);
    const double bound = bound_[chosen];
    for (;;) {
      // One uniform gives both the member (integer part) and the acceptance test (fraction),
      // as in Slepoy, Thompson and Plimpton (2008).
      const double v = u01() * size;
      const double whole = std::floor(v);
      if (whole >= size) continue;  // u * size rounded up to size
      const std::size_t j = order_[first + static_cast<std::size_t>(whole)];
      if ((v - whole) * bound < a[j]) return j;
    }
  }

 private:
  static int exponent(double value) noexcept {
    int e = 0;
    (void)std::frexp(value, &e);
    return e;
  }

  std::int32_t open_slot(int e) noexcept {  // a new, empty slot at the end, for exponent e
    const auto slot = static_cast<std::int32_t>(slots_);
    slot_of_exponent_[static_cast<std::size_t>(e - min_exponent)] = slot;
    exponent_of_slot_[slots_] = e;
    bound_[slots_] = std::ldexp(1.0, e);
    sum_[slots_] = 0.0;
    begin_[slots_ + 1] = begin_[slots_];
    ++slots_;
    return slot;
  }

  std::size_t slot_for(double value) noexcept {
    if (!(value > 0.0)) return 0;
    const int e = exponent(value);
    const std::int32_t slot = slot_of_exponent_[static_cast<std::size_t>(e - min_exponent)];
    return static_cast<std::size_t>(slot >= 0 ? slot : open_slot(e));
  }

  void swap_positions(std::size_t p, std::size_t q) noexcept {
    const std::size_t i = order_[p], k = order_[q];
    order_[p] = k;
    order_[q] = i;
    where_[k] = p;
    where_[i] = q;
  }

  void move(std::size_t j, std::size_t to) noexcept {
    std::size_t s = slot_[j];
    while (s < to) {  // to the end of segment s, then hand it to segment s + 1
      swap_positions(where_[j], begin_[s + 1] - 1);
      --begin_[s + 1];
      ++s;
    }
    while (s > to) {  // to the front of segment s, then hand it to segment s - 1
      swap_positions(where_[j], begin_[s]);
      ++begin_[s];
      --s;
    }
    slot_[j] = to;
  }

  std::vector<std::int32_t> slot_of_exponent_;
  std::vector<int> exponent_of_slot_;
  std::vector<std::size_t> begin_;  // segment of slot s: [begin_[s], begin_[s + 1])
  std::vector<double> sum_, bound_;
  std::vector<std::size_t> order_, where_, slot_;
  std::size_t slots_ = 1;
  double total_ = 0.0;
};

}  // namespace jumpflow::detail
