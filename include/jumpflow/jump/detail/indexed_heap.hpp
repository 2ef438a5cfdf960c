/// \file
/// \brief Internal: an indexed binary min-heap of items 0..M-1 with double keys.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace jumpflow::detail {

/// Indexed priority queue (Gibson and Bruck 2000, section "indexed priority queue"): a binary
/// min-heap of the items 0..M-1 keyed by `key(i)`, with the position of each item, so that a
/// changed key is restored in O(log M) by sifting from where the item sits. Storage is
/// allocated once in reset(); update() allocates nothing.
class indexed_min_heap {
 public:
  /// Builds the heap of items 0..keys.size()-1 with the given keys (O(M)).
  void reset(const std::vector<double>& keys) {
    key_ = keys;
    const std::size_t m = keys.size();
    heap_.resize(m);
    position_.resize(m);
    for (std::size_t i = 0; i < m; ++i) heap_[i] = position_[i] = i;
    for (std::size_t i = m / 2; i-- > 0;) sift_down(i);
  }
  /// The item with the smallest key.
  std::size_t top() const noexcept { return heap_[0]; }
  /// Its key.
  double top_key() const noexcept { return key_[heap_[0]]; }
  /// The key of `item`.
  double key(std::size_t item) const noexcept { return key_[item]; }
  /// Sets the key of `item` and restores the heap order.
  void update(std::size_t item, double key) noexcept {
    const double old = key_[item];
    key_[item] = key;
    if (key < old) {
      sift_up(position_[item]);
    } else {
      sift_down(position_[item]);
    }
  }

 private:
  void place(std::size_t slot, std::size_t item) noexcept {
    heap_[slot] = item;
    position_[item] = slot;
  }
  void sift_up(std::size_t slot) noexcept {
    const std::size_t item = heap_[slot];
    const double k = key_[item];
    while (slot > 0) {
      const std::size_t parent = (slot - 1) / 2;
      if (!(k < key_[heap_[parent]])) break;
      place(slot, heap_[parent]);
      slot = parent;
    }
    place(slot, item);
  }
  void sift_down(std::size_t slot) noexcept {
    const std::size_t m = heap_.size();
    const std::size_t item = heap_[slot];
    const double k = key_[item];
    for (;;) {
      std::size_t child = 2 * slot + 1;
      if (child >= m) break;
      if (child + 1 < m && key_[heap_[child + 1]] < key_[heap_[child]]) ++child;
      if (!(key_[heap_[child]] < k)) break;
      place(slot, heap_[child]);
      slot = child;
    }
    place(slot, item);
  }

  std::vector<double> key_;
  std::vector<std::size_t> heap_;      // heap slot -> item
  std::vector<std::size_t> position_;  // item -> heap slot
};

}  // namespace jumpflow::detail
