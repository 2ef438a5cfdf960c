/// \file
/// \brief stream_factory: `(seed, stream id) -> engine`, one independent stream per replicate.
#pragma once

#include <cstdint>

#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow {

/// \brief Hands out the independent streams of one seed: `factory(id)` is the engine of
/// stream `id`. Every Monte Carlo replicate in jumpflow draws from `factory(replicate)`,
/// so results depend only on the seed and never on the number of threads.
/// \ingroup random
///
/// Streams of one factory never overlap (see philox_engine for why). The factory itself
/// holds only the seed: it is immutable and can be shared by threads.
class stream_factory {
 public:
  /// \brief The engine type handed out.
  using engine_type = philox_engine;

  /// \brief Factory of the streams of `seed`.
  /// \param seed the seed of the study.
  explicit constexpr stream_factory(std::uint64_t seed) noexcept : seed_(seed) {}

  /// \brief The engine of stream `id`, at its first output.
  /// \param id the stream id (e.g. the replicate number).
  /// \returns a fresh engine; equal ids give bitwise identical engines.
  philox_engine operator()(std::uint64_t id) const noexcept { return philox_engine(seed_, id); }

  /// \brief The seed.
  /// \returns the seed this factory was built with.
  constexpr std::uint64_t seed() const noexcept { return seed_; }

 private:
  std::uint64_t seed_;
};

/// \brief Shorthand for `stream_factory(seed)(id)`.
/// \ingroup random
/// \param seed the seed.
/// \param id the stream id.
/// \returns the engine of stream `id` of `seed`.
inline philox_engine make_stream(std::uint64_t seed, std::uint64_t id) noexcept {
  return philox_engine(seed, id);
}

}  // namespace jumpflow
