/// \file
/// \brief Internal: the propensity groups of the composition-rejection method.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace jumpflow::detail {

/// Channels grouped by the binary exponent of their propensity (Slepoy, Thompson and Plimpton
/// 2008): group e holds the channels with a in [2^(e-1), 2^e) (std::frexp's exponent), so a
/// uniform member accepted with probability a / 2^e is accepted with probability >= 1/2.
///
/// Layout, allocation-free after reset(): all channels sit in one array `order_`, partitioned
/// into contiguous segments, one per non-empty group, in decreasing order of exponent (the
/// heaviest groups first, where the linear group search usually stops), then the segment of
/// the zero propensities. The tables over exponents (group sums, bounds, a group's place in
/// the list) are indexed by exponent. Moving a channel between groups walks the segment
/// boundaries in between, one swap each; since the segments are ordered by exponent, that is
/// the number of occupied exponents between the old and the new one: 1 for the usual change
/// of a propensity by less than a factor 2. A group that empties leaves the list at once, so
/// the search only meets non-empty groups. Object reused across runs (the caller-owned
/// composition_rejection_workspace): the tables over exponents are built once, and reset()
/// clears only the groups the last run used.
class composition_groups {
 public:
  static constexpr int min_exponent = -1100;  // below any double's frexp exponent (-1073)
  static constexpr int max_exponent = 1100;   // above any finite double's exponent (1024)
  static constexpr std::uint32_t none = 0xffffffffu;  // the group of a zero propensity

  void reset(const std::vector<double>& a) {
    constexpr auto groups = static_cast<std::size_t>(max_exponent - min_exponent + 1);
    if (sum_.size() != groups) {  // once per object
      sum_.assign(groups, 0.0);
      bound_.resize(groups);
      for (std::size_t k = 0; k < groups; ++k) bound_[k] = std::ldexp(1.0, static_cast<int>(k) + min_exponent);
      slot_of_.assign(groups, none);
      active_.reserve(groups);
      begin_.reserve(groups + 1);
      cursor_.reserve(groups + 1);
    }
    for (std::uint32_t k : active_) {  // clear only the groups the last run used
      sum_[k] = 0.0;
      slot_of_[k] = none;
    }
    active_.clear();
    const std::size_t m = a.size();
    group_.resize(m);
    where_.resize(m);
    order_.resize(m);
    // The occupied groups in decreasing exponent order, then a counting sort of the channels.
    for (std::size_t j = 0; j < m; ++j) {
      group_[j] = group_of(a[j]);
      if (group_[j] != none && slot_of_[group_[j]] == none) {
        slot_of_[group_[j]] = 0;
        active_.push_back(group_[j]);
      }
    }
    std::sort(active_.begin(), active_.end(), [](std::uint32_t p, std::uint32_t q) { return p > q; });
    begin_.assign(active_.size() + 1, 0);
    for (std::size_t s = 0; s < active_.size(); ++s) slot_of_[active_[s]] = static_cast<std::uint32_t>(s);
    for (std::size_t j = 0; j < m; ++j) {
      if (group_[j] != none) ++begin_[slot_of_[group_[j]] + 1];
    }
    for (std::size_t s = 1; s < begin_.size(); ++s) begin_[s] += begin_[s - 1];
    // Channels keep their index order inside a group, so the layout (and the path) depends
    // only on the propensities, not on what the object held before.
    cursor_.assign(begin_.begin(), begin_.end());
    for (std::size_t j = 0; j < m; ++j) {
      const std::size_t p = cursor_[slot_index(group_[j])]++;
      where_[j] = p;
      order_[p] = j;
    }
    refresh(a);
  }

  double total() const noexcept { return total_; }

  /// Channel j's propensity changes from `old_a` to `new_a`.
  void set(std::size_t j, double old_a, double new_a) noexcept {
    const std::uint32_t from = group_[j], to = group_of(new_a);
    total_ += new_a - old_a;
    if (from == to) {
      if (to != none) sum_[to] += new_a - old_a;
      return;
    }
    if (to != none && slot_of_[to] == none) open(to);
    if (from != none) sum_[from] -= old_a;
    if (to != none) sum_[to] += new_a;
    move(j, slot_index(from), slot_index(to));
    group_[j] = to;
    if (from != none) {
      const std::size_t s = slot_of_[from];
      if (begin_[s] == begin_[s + 1]) close(s);
    }
  }

  /// Recomputes the group sums and the total from the propensities (bounds rounding drift).
  void refresh(const std::vector<double>& a) noexcept {
    for (std::uint32_t k : active_) sum_[k] = 0.0;
    for (std::size_t j = 0; j < a.size(); ++j) {
      if (group_[j] != none) sum_[group_[j]] += a[j];
    }
    total_ = 0.0;
    for (std::uint32_t k : active_) total_ += sum_[k];
  }

  /// Composition-rejection selection: a group with probability sum/total (linear search over
  /// the non-empty groups), then a member by rejection against the group's bound 2^e. `u01`
  /// draws a uniform in (0, 1). Returns M (= no channel) if no group has a member.
  template <class Uniform>
  std::size_t select(const std::vector<double>& a, Uniform&& u01) const {
    if (active_.empty()) return order_.size();
    const std::size_t chosen = group_below(u01() * total_);
    const std::size_t first = begin_[chosen];
    const double size = static_cast<double>(begin_[chosen + 1] - first);
    const double bound = bound_[active_[chosen]];
    for (;;) {
      // One uniform gives both the member (integer part) and the acceptance test (fraction),
      // as in Slepoy, Thompson and Plimpton (2008).
      const std::size_t j = try_member(a, first, size, bound, u01());
      if (j != none_chosen) return j;
    }
  }

  /// The same law as select(), drawing 32 bits at a time: `bits()` returns 32 random bits,
  /// `u01()` a uniform in (0, 1). The group takes no draw when only one group is non-empty,
  /// else 32 bits \f$k\f$; each rejection trial takes 32 bits \f$k\f$. Each stands for the
  /// uniform \f$u = (k + V)\,2^{-32}\f$ of select(): \f$V\f$ = u01() is drawn only when the
  /// interval \f$[k, k + 1)\,2^{-32}\f$ does not decide the outcome alone (it straddles a
  /// group's or a member's cell, or the acceptance threshold; probability about \f$n\,2^{-32}\f$
  /// for \f$n\f$ groups or members), so the law is that of the 53-bit draw.
  template <class Bits, class Uniform>
  std::size_t select_bits(const std::vector<double>& a, Bits& bits, Uniform&& u01) const {
    if (active_.empty()) return order_.size();
    std::size_t chosen = 0;
    if (active_.size() > 1) {
      const double k = static_cast<double>(bits());
      const double lo = k * 0x1p-32 * total_, hi = (k + 1.0) * 0x1p-32 * total_;
      chosen = group_below(lo);
      if (cumulative_through(chosen) < hi) [[unlikely]] {
        chosen = group_below(lo + u01() * 0x1p-32 * total_);
      }
    }
    const std::size_t first = begin_[chosen];
    const double size = static_cast<double>(begin_[chosen + 1] - first);
    const double bound = bound_[active_[chosen]];
    for (;;) {
      const double k = static_cast<double>(bits());
      const double lo = k * 0x1p-32 * size, hi = (k + 1.0) * 0x1p-32 * size;
      const double whole = std::floor(lo);
      if (hi <= whole + 1.0 && whole < size) [[likely]] {  // one member's cell
        const std::size_t j = order_[first + static_cast<std::size_t>(whole)];
        if ((hi - whole) * bound <= a[j]) return j;  // every u in the interval accepts
        if ((lo - whole) * bound >= a[j]) continue;  // every u in the interval rejects
      }
      const std::size_t j = try_member(a, first, size, bound, (k + u01()) * 0x1p-32);
      if (j != none_chosen) return j;
    }
  }

 private:
  static constexpr std::size_t none_chosen = static_cast<std::size_t>(-1);

  // The segment of the first cumulative group sum above `target` (the last one if rounding
  // leaves the target above every sum).
  std::size_t group_below(double target) const noexcept {
    double cumulative = 0.0;
    for (std::size_t s = 0; s < active_.size(); ++s) {
      cumulative += sum_[active_[s]];
      if (target < cumulative) return s;
    }
    return active_.size() - 1;
  }

  // The cumulative group sum through segment `chosen` (as group_below() adds it up).
  double cumulative_through(std::size_t chosen) const noexcept {
    double cumulative = 0.0;
    for (std::size_t s = 0; s <= chosen; ++s) cumulative += sum_[active_[s]];
    return cumulative;
  }

  // One rejection trial in the segment [first, first + size) with bound `bound` and uniform u:
  // the member floor(u size), accepted if the fraction times the bound is below its
  // propensity; none_chosen if rejected.
  std::size_t try_member(const std::vector<double>& a, std::size_t first, double size,
                         double bound, double u) const noexcept {
    const double v = u * size;
    const double whole = std::floor(v);
    if (whole >= size) return none_chosen;  // u * size rounded up to size
    const std::size_t j = order_[first + static_cast<std::size_t>(whole)];
    return (v - whole) * bound < a[j] ? j : none_chosen;
  }

  static std::uint32_t group_of(double value) noexcept {
    if (!(value > 0.0)) return none;
    // std::frexp's exponent, read from the bits for a normal number (biased exponent - 1022).
    const auto biased = static_cast<int>((std::bit_cast<std::uint64_t>(value) >> 52) & 0x7ff);
    int e = biased - 1022;
    if (biased == 0) [[unlikely]] (void)std::frexp(value, &e);  // subnormal
    return static_cast<std::uint32_t>(e - min_exponent);
  }

  // The segment index of a group (none: the zero segment, after the occupied groups).
  std::size_t slot_index(std::uint32_t k) const noexcept {
    return k == none ? active_.size() : static_cast<std::size_t>(slot_of_[k]);
  }

  // Inserts the empty segment of group k at its place in decreasing exponent order: O(groups).
  void open(std::uint32_t k) noexcept {
    std::size_t s = 0;
    while (s < active_.size() && active_[s] > k) ++s;
    active_.insert(active_.begin() + static_cast<std::ptrdiff_t>(s), k);
    begin_.insert(begin_.begin() + static_cast<std::ptrdiff_t>(s), begin_[s]);
    for (std::size_t i = s; i < active_.size(); ++i) slot_of_[active_[i]] = static_cast<std::uint32_t>(i);
    sum_[k] = 0.0;
  }

  // Removes the (empty) segment s: O(groups).
  void close(std::size_t s) noexcept {
    const std::uint32_t k = active_[s];
    active_.erase(active_.begin() + static_cast<std::ptrdiff_t>(s));
    begin_.erase(begin_.begin() + static_cast<std::ptrdiff_t>(s));
    for (std::size_t i = s; i < active_.size(); ++i) slot_of_[active_[i]] = static_cast<std::uint32_t>(i);
    slot_of_[k] = none;
    sum_[k] = 0.0;  // exactly: no rounding residue survives an emptied group
  }

  void swap_positions(std::size_t p, std::size_t q) noexcept {
    const std::size_t i = order_[p], k = order_[q];
    order_[p] = k;
    order_[q] = i;
    where_[k] = p;
    where_[i] = q;
  }

  // Segment s is [begin_[s], begin_[s + 1]); the zero segment (s = active_.size()) ends at M.
  void move(std::size_t j, std::size_t s, std::size_t to) noexcept {
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
  }

  // Per exponent (index e - min_exponent): group sum, bound 2^e, segment index (none: empty).
  std::vector<double> sum_, bound_;
  std::vector<std::uint32_t> slot_of_;
  // Per segment: its group (decreasing exponent) and its first position; begin_ has one more
  // entry, the start of the zero segment.
  std::vector<std::uint32_t> active_;
  std::vector<std::size_t> begin_, cursor_;  // cursor_: reset()'s fill positions
  // Per channel: its group (none for a zero propensity) and its position in order_.
  std::vector<std::uint32_t> group_;
  std::vector<std::size_t> where_, order_;
  double total_ = 0.0;
};

}  // namespace jumpflow::detail
