/// \file
/// \brief Internal: 32 random bits at a time from a 64-bit engine, both halves of every output
/// used (the channel choice of simulate_dense_direct()).
#pragma once

#include <cstdint>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/random/detail/random_bits.hpp"

namespace jumpflow::detail {

/// 32 uniformly random bits per call, two calls per engine output: the first call draws 64 bits
/// (random_bits64) and returns their low half, the second returns the high half without
/// touching the engine. The draw order is part of the reproducibility contract: a caller that
/// interleaves other draws of the engine between the two calls sees them between the two
/// halves' source output and the next one (e.g. exponential, 32 bits, exponential, the other
/// 32 bits, exponential, the next output's 32 bits, ...). Holds the engine by reference and 9
/// bytes of state; nothing is allocated.
template <urbg URBG>
class half_word_bits {
 public:
  explicit half_word_bits(URBG& g) noexcept : g_(&g) {}

  /// The next 32 random bits.
  std::uint32_t operator()() {
    if (held_) {
      held_ = false;
      return static_cast<std::uint32_t>(word_ >> 32);
    }
    word_ = random_bits64(*g_);
    held_ = true;
    return static_cast<std::uint32_t>(word_);
  }

 private:
  URBG* g_;
  std::uint64_t word_ = 0;
  bool held_ = false;
};

}  // namespace jumpflow::detail
