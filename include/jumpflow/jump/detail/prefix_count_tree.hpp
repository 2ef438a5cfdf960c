/// \file
/// \brief Internal: prefix_count_tree, a tree of prefix sums of nonnegative weights whose
/// search counts entries instead of branching on them (used by the partial-propensity direct
/// method).
#pragma once

#include <algorithm>
#include <array>
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
  __m128i c0 = _mm_setzero_si128(), c1 = _mm_setzero_si128();
  for (std::size_t i = 0; i < n; i += 4) {
    // A lane that passes is all ones (-1): subtracting it counts one.
    c0 = _mm_sub_epi64(c0, _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(p + i), tv)));
    c1 = _mm_sub_epi64(c1, _mm_castpd_si128(_mm_cmple_pd(_mm_loadu_pd(p + i + 2), tv)));
  }
  alignas(16) std::int64_t lane[2];
  _mm_store_si128(reinterpret_cast<__m128i*>(lane), _mm_add_epi64(c0, c1));
  return static_cast<std::size_t>(lane[0] + lane[1]);
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
    if (staged_ == 2) {
      // The common case of the loop below, the same operations: two changes of one group at
      // most short_span apart (a molecule moving between two nearby weights).
      const auto [a, da] = stage_[0];
      const auto [b, db] = stage_[1];
      if ((a ^ b) < fanout && a != b) {
        const std::size_t lo = (a < b ? a : b) & (fanout - 1), hi = (a < b ? b : a) & (fanout - 1);
        if (hi - lo <= short_span) {
          staged_ = 0;
          double* const group = value_.data() + (a & ~(fanout - 1));
          const double first = a < b ? da : db;
          for (std::size_t p = lo + 1; p <= hi; ++p) group[p] += first;
          const double sum = da + db;
          if (sum == 0.0) return;
          add_masked<fanout>(group, prefix_step<fanout>.data() + fanout - 1 - hi, sum);
          std::size_t node = a / fanout;
          for (std::size_t l = 1; l < levels_; ++l, node /= fanout) {
            add_masked<fanout>(value_.data() + offset_[l] + (node & ~(fanout - 1)),
                               prefix_step<fanout>.data() + fanout - 1 - (node & (fanout - 1)),
                               sum);
          }
          return;
        }
      }
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

  /// The total of the weights (summed by assign(), then moved by the deltas).
  double total() const noexcept { return total_; }

  /// The index r where the cumulative sum passes `target` >= 0 (the last r whose prefix
  /// w_0 + ... + w_{r-1} is <= target: the first with w_0 + ... + w_r > target, up to
  /// rounding; the last weight if the target is at or past the total) and the rest,
  /// target - (w_0 + ... + w_{r-1}) >= 0. A zero weight w_r is never returned if a later
  /// weight of its group (of `fanout`) is positive (its prefix equals the next one, which
  /// counts too); a zero weight closing a group only if the target reaches the group's end
  /// (the total, or rounding between the levels).
  std::pair<std::size_t, double> find(double target) const noexcept {
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
