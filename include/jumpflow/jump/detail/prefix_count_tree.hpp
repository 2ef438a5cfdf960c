/// \file
/// \brief Internal: prefix_count_tree, a tree of prefix sums of nonnegative weights whose
/// search counts entries instead of branching on them (used by the partial-propensity direct
/// method).
#pragma once

#include <algorithm>
#include <array>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jumpflow::detail {

/// The number of entries of p[0, n) that are <= t, without SIMD (the reference of
/// count_at_most; NaN entries never count).
inline std::size_t count_at_most_scalar(const double* p, std::size_t n, double t) noexcept {
  std::size_t c = 0;
  for (std::size_t i = 0; i < n; ++i) c += p[i] <= t ? 1 : 0;
  return c;
}

/// The number of entries of p[0, n) that are <= t, n a multiple of 4: the same result as
/// count_at_most_scalar, with SSE2 where the target has it (64-bit lane masks, no branch on the
/// data, no dependency between the comparisons).
inline std::size_t count_at_most(const double* p, std::size_t n, double t) noexcept {
#if defined(__SSE2__)
  const __m128d tv = _mm_set1_pd(t);
  // A lane that passes is all ones (-1): subtracting it counts one.
  const auto passed = [&](std::size_t i) {
    return _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(p + i), tv));
  };
  __m128i c0 = _mm_setzero_si128(), c1 = _mm_setzero_si128(), c2 = _mm_setzero_si128(),
          c3 = _mm_setzero_si128();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    c0 = _mm_sub_epi64(c0, passed(i));
    c1 = _mm_sub_epi64(c1, passed(i + 2));
    c2 = _mm_sub_epi64(c2, passed(i + 4));
    c3 = _mm_sub_epi64(c3, passed(i + 6));
#if defined(__GNUC__)
    // Four running sums stay four running sums: without this GCC reassociates them into a
    // tree that loads the whole group first, 16 registers live at once, and spills the
    // caller's state around the search (PDM's a0 and t). PDM on the chain of 1000, in a
    // driver: the tree 1.07x its time per event with four sums kept, two sums kept 1.05x.
    asm("" : "+x"(c0), "+x"(c1), "+x"(c2), "+x"(c3));
#endif
  }
  if (i < n) {  // n = 8k + 4
    c0 = _mm_sub_epi64(c0, passed(i));
    c1 = _mm_sub_epi64(c1, passed(i + 2));
  }
  const __m128i c = _mm_add_epi64(_mm_add_epi64(c0, c2), _mm_add_epi64(c1, c3));
  return static_cast<std::size_t>(_mm_cvtsi128_si64(c) +
                                  _mm_cvtsi128_si64(_mm_unpackhi_epi64(c, c)));
#else
  return count_at_most_scalar(p, n, t);
#endif
}

/// group[i] += delta * mask[i] for i < n (n a multiple of 4; mask entries 0 or 1, so +inf
/// entries stay +inf), with SSE2 where the target has it (gcc does not vectorize the plain loop:
/// it cannot rule out that the two ranges overlap).
template <std::size_t N>
inline void add_masked(double* group, const double* mask, double delta) noexcept {
  static_assert(N % 4 == 0);
#if defined(__SSE2__)
  const __m128d d = _mm_set1_pd(delta);
  for (std::size_t i = 0; i < N; i += 2) {
    _mm_storeu_pd(group + i,
                  _mm_add_pd(_mm_loadu_pd(group + i), _mm_mul_pd(d, _mm_loadu_pd(mask + i))));
  }
#else
  for (std::size_t i = 0; i < N; ++i) group[i] += delta * mask[i];
#endif
}

/// step[n - k + i] is 1 for i >= k, else 0 (0 <= k <= n, 0 <= i < n): the mask of the entries
/// at and after k.
template <std::size_t N>
inline constexpr std::array<double, 2 * N> prefix_step = [] {
  std::array<double, 2 * N> s{};
  for (std::size_t i = N; i < 2 * N; ++i) s[i] = 1.0;
  return s;
}();

/// Nonnegative weights w_0, ..., w_{n-1} as a tree of prefix sums with `fanout` children per
/// node: level 0 holds, for each group of `fanout` consecutive weights, the exclusive prefix
/// sums of the group (0, w_0, w_0 + w_1, ...); level l + 1 does the same for the groups'
/// totals, up to a level of at most `fanout` entries. find() descends by counting, in each
/// group, the prefixes <= the target (no branch on the data, no chain of dependent
/// subtractions); commit() adds a staged delta to the prefixes after the weight's position in
/// its group, on each level (a fixed number of independent, masked adds: no loop whose length
/// depends on the position), but for two changes of one group close together (a short loop
/// over the prefixes between them). Unused entries hold +inf (never counted). Deltas accumulate
/// rounding: assign() again from time to time.
class prefix_count_tree {
 public:
  /// Children per node (a power of two, a multiple of 4): a search counts over this many
  /// entries per level, an update adds to this many per level.
  static constexpr std::size_t fanout = 32;

  /// Two changes of one group at most this far apart update the prefixes between them one by
  /// one (a short scalar loop) rather than by a masked add each.
  static constexpr std::size_t short_span = 8;

  /// Sizes the tree for n >= 1 weights (all zero) and up to `staged` staged changes.
  void resize(std::size_t n, std::size_t staged) {
    stage_.assign(staged, {0, 0.0});
    staged_ = 0;
    levels_ = 0;
    std::size_t size = 0;
    for (std::size_t nodes = n;; nodes = (nodes + fanout - 1) / fanout) {
      nodes_[levels_] = nodes;
      offset_[levels_++] = size;
      size += (nodes + fanout - 1) / fanout * fanout;
      if (nodes <= fanout) break;
    }
    value_.assign(size, 0.0);
    scratch_.assign(n, 0.0);
    pad();
  }

  /// Sets the weights to w[0, n), summed afresh; returns their total.
  double assign(const double* w) noexcept {
    pad();  // an overflow may have left NaN there
    const double* in = w;
    for (std::size_t l = 0; l < levels_; ++l) {
      double* const out = value_.data() + offset_[l];
      const std::size_t nodes = nodes_[l];
      // Group g's prefixes, and its total into scratch_[g] (g <= its first child: in place).
      for (std::size_t g = 0; g * fanout < nodes; ++g) {
        double sum = 0.0;
        const std::size_t end = std::min(nodes, (g + 1) * fanout);
        for (std::size_t i = g * fanout; i < end; ++i) {
          const double w_i = in[i];  // read before the write: in may be scratch_
          out[i] = sum;
          sum += w_i;
        }
        scratch_[g] = sum;
      }
      in = scratch_.data();
    }
    total_ = scratch_[0];
    return total_;
  }

  /// Stages delta for weight r (at most the `staged` of resize() before commit()); find()
  /// does not see it before commit().
  void stage(std::size_t r, double delta) noexcept {
    stage_[staged_++] = {r, delta};
    total_ += delta;
  }

  /// Applies the staged changes, level by level: on each level, consecutive changes of the
  /// same node are merged first; two consecutive changes of one group at most short_span
  /// apart (a molecule moving between two nearby weights) add to the prefixes between them one
  /// by one and their sum to the prefixes after both; a change (or such a sum) that is exactly
  /// zero stops there, the others go on to the group's node one level up.
  void commit() noexcept {
    if (staged_ == 2 &&
        commit_near_pair(stage_[0].first, stage_[0].second, stage_[1].first, stage_[1].second)) {
      staged_ = 0;
      return;
    }
    std::size_t count = staged_;
    staged_ = 0;
    for (std::size_t l = 0; l < levels_ && count > 0; ++l) {
      std::size_t kept = 0;
      for (std::size_t i = 0; i < count; ++i) {
        if (kept > 0 && stage_[kept - 1].first == stage_[i].first) {
          stage_[kept - 1].second += stage_[i].second;
        } else {
          stage_[kept++] = stage_[i];
        }
      }
      count = 0;
      for (std::size_t i = 0; i < kept; ++i) {
        const auto [node, delta] = stage_[i];
        double* const group = value_.data() + offset_[l] + (node & ~(fanout - 1));
        const std::size_t at = node & (fanout - 1);
        if (i + 1 < kept && (stage_[i + 1].first ^ node) < fanout) {
          // Two changes of one group (a molecule moving between two of its weights): the
          // prefixes between them take the first delta, those after both the sum (nothing
          // more if it cancels), instead of a masked add over the group for each.
          const std::size_t next = stage_[i + 1].first & (fanout - 1);
          const double next_delta = stage_[i + 1].second;
          const std::size_t lo = std::min(at, next), hi = std::max(at, next);
          if (hi - lo <= short_span) {
            const double first = at < next ? delta : next_delta;
            for (std::size_t p = lo + 1; p <= hi; ++p) group[p] += first;
            const double sum = delta + next_delta;
            if (sum != 0.0) {
              add_masked<fanout>(group, prefix_step<fanout>.data() + fanout - 1 - hi, sum);
              stage_[count++] = {node / fanout, sum};
            }
            ++i;
            continue;
          }
        }
        if (delta == 0.0) continue;
        add_masked<fanout>(group, prefix_step<fanout>.data() + fanout - 1 - at, delta);
        stage_[count++] = {node / fanout, delta};
      }
    }
  }

  /// The same as stage(a, da), stage(b, db), commit() (the same operations in the same order,
  /// so the same bits) with nothing staged before: a molecule moving between two weights,
  /// without the round trip of the changes through the stage in memory. The common case of PDM
  /// on a chain.
  void move(std::size_t a, double da, std::size_t b, double db) noexcept {
    assert(staged_ == 0 && stage_.size() >= 2);
    total_ += da;
    total_ += db;
    if (commit_near_pair(a, da, b, db)) return;
    stage_[0] = {a, da};
    stage_[1] = {b, db};
    staged_ = 2;
    commit();
  }

  /// The total of the weights (summed by assign(), then moved by the deltas).
  double total() const noexcept { return total_; }

  /// The levels' prefixes, level 0 first, each padded with +inf to whole groups (what find()
  /// reads; for tests that compare two trees bit for bit).
  const std::vector<double>& values() const noexcept { return value_; }

  /// The index r where the cumulative sum passes `target` >= 0 (the last r whose prefix
  /// w_0 + ... + w_{r-1} is <= target: the first with w_0 + ... + w_r > target, up to
  /// rounding; the last weight if the target is at or past the total) and the rest,
  /// target - (w_0 + ... + w_{r-1}) >= 0. A zero weight w_r is never returned if a later
  /// weight of its group (of `fanout`) is positive (its prefix equals the next one, which
  /// counts too); a zero weight closing a group only if the target reaches the group's end
  /// (the total, or rounding between the levels).
  std::pair<std::size_t, double> find(double target) const noexcept {
    if (levels_ == 2) {
      // The loop below for two levels (33 to fanout^2 weights), written out: the level count
      // and the offsets stay out of the chain from the target to the row.
      const double* const top = value_.data() + offset_[1];
      const std::size_t c = count_at_most(top, fanout, target) - 1;
      target -= top[c];
      const double* const group = value_.data() + c * fanout;
      const std::size_t c0 = count_at_most(group, fanout, target) - 1;
      return {c * fanout + c0, target - group[c0]};
    }
    std::size_t node = 0;
    for (std::size_t l = levels_; l-- > 0;) {
      // Exclusive prefixes: the group's first is 0 <= target, so the count is at least 1;
      // unused entries are +inf, never counted.
      const std::size_t first = node * fanout;
      const double* const group = value_.data() + offset_[l] + first;
      const std::size_t c = count_at_most(group, fanout, target) - 1;
      target -= group[c];
      node = first + c;
    }
    return {node, target};
  }

 private:
  // The common case of commit()'s loop, the same operations: two changes of one group at most
  // short_span apart (a molecule moving between two nearby weights); false (nothing done) for
  // any other pair.
  bool commit_near_pair(std::size_t a, double da, std::size_t b, double db) noexcept {
    if ((a ^ b) >= fanout || a == b) return false;
    const std::size_t lo = (a < b ? a : b) & (fanout - 1), hi = (a < b ? b : a) & (fanout - 1);
    if (hi - lo > short_span) return false;
    double* const group = value_.data() + (a & ~(fanout - 1));
    const double first = a < b ? da : db;
    for (std::size_t p = lo + 1; p <= hi; ++p) group[p] += first;
    const double sum = da + db;
    if (sum == 0.0) return true;
    add_masked<fanout>(group, prefix_step<fanout>.data() + fanout - 1 - hi, sum);
    std::size_t node = a / fanout;
    for (std::size_t l = 1; l < levels_; ++l, node /= fanout) {
      add_masked<fanout>(value_.data() + offset_[l] + (node & ~(fanout - 1)),
                         prefix_step<fanout>.data() + fanout - 1 - (node & (fanout - 1)), sum);
    }
    return true;
  }

  void pad() noexcept {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (std::size_t l = 0; l < levels_; ++l) {
      const std::size_t end = l + 1 < levels_ ? offset_[l + 1] : value_.size();
      for (std::size_t i = offset_[l] + nodes_[l]; i < end; ++i) value_[i] = inf;
    }
  }

  std::vector<double> value_;    // the levels, each padded to whole groups
  std::vector<double> scratch_;  // the group totals during assign()
  std::array<std::size_t, 64> nodes_{}, offset_{};
  std::vector<std::pair<std::size_t, double>> stage_;  // staged (node, delta)
  std::size_t levels_ = 0, staged_ = 0;
  double total_ = 0.0;
};

}  // namespace jumpflow::detail
