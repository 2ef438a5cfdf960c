/// \file
/// \brief The stream layout of jumpflow: the one map from (seed, grid point, replicate) to a
/// random stream, shared by convergence studies, ensembles, the `jumpflow` command, the MPI
/// component and the Python module.
#pragma once

#include <cstdint>

#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow {

/// \brief Number of bits of a stream id that hold the replicate; the grid point sits above.
/// \ingroup random
inline constexpr unsigned stream_replicate_bits = 32;

/// \brief Largest number of grid points (and of replicates per grid point) that the layout
/// keeps apart: \f$2^{32}\f$.
/// \ingroup random
inline constexpr std::uint64_t stream_layout_limit = std::uint64_t{1} << stream_replicate_bits;

/// \brief The grid-point index reserved for the few sample paths that a study draws next to its
/// table (\f$2^{32} - 1\f$): they never share a stream with a replicate of the table.
/// \ingroup random
inline constexpr std::uint64_t sample_path_point = stream_layout_limit - 1;

/// \brief The stream id of replicate \f$r\f$ of grid point \f$k\f$: \f$k \cdot 2^{32} + r\f$.
/// \ingroup random
///
/// This is a stable contract: a result of jumpflow depends only on the seed, the inputs and
/// this map, never on the number of threads, processes or ranks that ran it. Grid point
/// \f$k\f$ is the 0-based row of the study's table (in the order that the study documents);
/// distinct points never share a stream, and adding replicates to a point keeps the earlier
/// ones.
/// \param point the grid point's index \f$k < 2^{32}\f$.
/// \param replicate the replicate \f$r < 2^{32}\f$.
/// \returns the stream id (the second counter word of philox_engine).
constexpr std::uint64_t study_stream_id(std::uint64_t point, std::uint64_t replicate) noexcept {
  return (point << stream_replicate_bits) + replicate;
}

/// \brief The engine of replicate \f$r\f$ of grid point \f$k\f$ of a study seeded with `seed`:
/// `philox_engine(seed, study_stream_id(point, replicate))`, at its first output.
/// \ingroup random
/// \param seed the study's seed (the key of the cipher).
/// \param point the grid point's index \f$k < 2^{32}\f$.
/// \param replicate the replicate \f$r < 2^{32}\f$.
/// \returns a fresh engine; equal arguments give bitwise identical engines.
inline philox_engine study_stream(std::uint64_t seed, std::uint64_t point,
                                  std::uint64_t replicate) noexcept {
  return philox_engine(seed, study_stream_id(point, replicate));
}

}  // namespace jumpflow
