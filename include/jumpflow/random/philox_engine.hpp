/// \file
/// \brief philox_engine: a counter-based 64-bit engine on Random123's Philox4x64-10.
#pragma once

#include <Random123/philox.h>

#include <array>
#include <cstdint>
#include <limits>

namespace jumpflow {

/// \brief Counter-based random engine on Random123's Philox4x64-10 (Salmon, Moraes, Dror,
/// Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011); models
/// `std::uniform_random_bit_generator` with 64-bit output.
/// \ingroup random
///
/// **What it computes.** With key \f$k = (\mathrm{seed}, 0)\f$, output number \f$i\f$ of
/// stream \f$s\f$ is word \f$i \bmod 4\f$ of the block
/// \f$\mathrm{Philox4x64\text{-}10}_k(\lfloor i/4 \rfloor, s, 0, 0)\f$. This is the whole
/// definition: the same `(seed, stream)` gives bitwise the same sequence on every platform
/// (golden tests pin its first values).
///
/// **Why streams never overlap.** For a fixed key, Philox is a bijection of 256-bit
/// counters. Stream \f$s\f$ only ever encrypts counters of the form \f$(b, s, 0, 0)\f$, so two
/// streams with different ids never encrypt the same counter: their sequences are built
/// from disjoint sets of blocks, whatever their lengths. A stream holds \f$2^{64}\f$ blocks
/// (\f$2^{66}\f$ outputs) before its block index wraps, and a wrap cycles inside the stream's
/// own counter set, never into another stream's. Independence of different streams is the
/// statistical property of the cipher (Philox4x64-10 passes TestU01 BigCrush with any
/// counter/key pattern, per the paper above).
///
/// The engine is cheap to construct (no warm-up) and to copy (88 bytes).
class philox_engine {
 public:
  /// \brief The type of each output: 64 uniformly random bits.
  using result_type = std::uint64_t;

  /// \brief Engine for stream `stream` of seed `seed`, positioned at its first output.
  /// \param seed the seed (the key of the cipher).
  /// \param stream the stream id (the second counter word).
  explicit philox_engine(std::uint64_t seed = 0, std::uint64_t stream = 0) noexcept
      : key_{{seed, 0}}, counter_{{0, stream, 0, 0}}, buffer_{{0, 0, 0, 0}}, position_(4) {}

  /// \brief Smallest output, 0.
  /// \returns 0.
  static constexpr result_type min() noexcept { return 0; }
  /// \brief Largest output, \f$2^{64}-1\f$.
  /// \returns \f$2^{64}-1\f$.
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }

  /// \brief Next 64 random bits.
  /// \returns the next output of the stream.
  result_type operator()() noexcept {
    if (position_ == 4) refill();
    return buffer_[position_++];
  }

  /// \brief Advances the stream by `z` outputs in O(1).
  /// \param z the number of outputs to skip.
  void discard(unsigned long long z) noexcept {
    // Outputs left in the current block are consumed first.
    const unsigned long long left = 4u - position_;
    if (z < left) {
      position_ += static_cast<unsigned>(z);
      return;
    }
    z -= left;
    counter_[0] += z / 4;  // blocks skipped entirely
    position_ = 4;
    const auto rest = static_cast<unsigned>(z % 4);
    if (rest != 0) {
      refill();
      position_ = rest;
    }
  }

  /// \brief The seed this engine was built with.
  /// \returns the seed.
  std::uint64_t seed() const noexcept { return key_[0]; }
  /// \brief The stream id this engine was built with.
  /// \returns the stream id.
  std::uint64_t stream() const noexcept { return counter_[1]; }
  /// \brief Number of outputs drawn so far (modulo \f$2^{64}\f$).
  /// \returns the index of the next output.
  std::uint64_t position() const noexcept {
    // counter_[0] is the index of the next block to encrypt.
    return counter_[0] * 4 - (4 - position_);
  }

  /// \brief Two engines are equal when their future outputs are equal.
  /// \param a,b the engines.
  /// \returns whether they are in the same state.
  friend bool operator==(const philox_engine& a, const philox_engine& b) noexcept {
    return a.key_ == b.key_ && a.counter_[1] == b.counter_[1] && a.position() == b.position();
  }

 private:
  using cipher = r123::Philox4x64_R<10>;

  void refill() noexcept {
    cipher philox;
    const cipher::ctr_type in = {{counter_[0], counter_[1], counter_[2], counter_[3]}};
    const cipher::key_type key = {{key_[0], key_[1]}};
    const cipher::ctr_type out = philox(in, key);
    for (unsigned j = 0; j < 4; ++j) buffer_[j] = out.v[j];
    ++counter_[0];
    position_ = 0;
  }

  std::array<std::uint64_t, 2> key_;
  std::array<std::uint64_t, 4> counter_;  // counter_[0]: next block; counter_[1]: stream id
  std::array<std::uint64_t, 4> buffer_;
  unsigned position_;  // next word of buffer_ to hand out; 4 = empty
};

}  // namespace jumpflow
