/// \file
/// \brief split_by_cost() and guided_blocks(): the replicates of a study's grid points cut
/// into contiguous blocks of the stream layout, weighed by their expected cost.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace jumpflow::mpi {

/// \brief A run of consecutive replicates of one grid point, owned by one rank.
/// \ingroup mpi
struct work_segment {
  std::size_t point;    ///< \brief Index of the grid point (into the list given to split_by_cost()).
  std::uint64_t first;  ///< \brief First replicate.
  std::uint64_t count;  ///< \brief Number of replicates (>= 1).
  int rank;             ///< \brief The rank that runs them (-1: decided while running).
};

/// \brief Splits the replicates of a list of grid points across `ranks` ranks by expected
/// cost, not by count.
/// \ingroup mpi
///
/// The work items (point \f$k\f$, replicate \f$r\f$) are laid out in stream-layout order (point
/// major, replicate minor), item \f$(k, r)\f$ weighing `cost[k]`; the whole line, of total cost
/// \f$C\f$, is cut into `ranks` contiguous pieces of cost \f$C/P\f$ (an item goes to the rank
/// whose piece holds its midpoint). So rank \f$j\f$ owns a contiguous stretch of the layout,
/// a cheap point stays whole on one rank while an expensive one is shared by several, and
/// every rank's expected cost is within one replicate's cost of \f$C/P\f$. The split depends
/// only on its arguments: every rank computes the same one without communicating.
/// \param cost expected cost of one replicate of each point (e.g. its expected number of
///        events), each finite and > 0.
/// \param replicates replicates of each point (same size as `cost`), each >= 1.
/// \param ranks \f$P \ge 1\f$.
/// \returns the segments in layout order (by point, then by first replicate); the segments of
///          a point cover its replicates exactly once; ranks appear in increasing order.
/// \throws std::invalid_argument for sizes that differ, zero replicates or ranks < 1.
/// \throws std::domain_error for a cost that is not finite and > 0.
std::vector<work_segment> split_by_cost(std::span<const double> cost,
                                        std::span<const std::uint64_t> replicates, int ranks);

/// \brief Cuts the replicates of a list of grid points into the blocks that
/// run_study_points() hands out to the ranks as they become free (guided self-scheduling,
/// Polychronopoulos and Kuck 1987), in stream-layout order.
/// \ingroup mpi
///
/// Walking the layout (point major, replicate minor), each block is given the expected cost
/// \f$R / (2P)\f$, where \f$R\f$ is the cost of the items from the block on to the end, but
/// at least `min_count` replicates (so that a rank's threads all have one) and never more than
/// the rest of its point. So the first blocks are large (few messages) and the last ones are
/// single replicates: a rank that is handed the last block finishes at most about one block
/// after the others, whatever the errors of the cost model or the load of the machine. The
/// blocks depend only on the arguments, never on which rank runs them, and a block's
/// replicates draw from their own streams of the layout: who runs what cannot change a
/// result.
/// \param cost expected cost of one replicate of each point, each finite and > 0.
/// \param replicates replicates of each point (same size as `cost`), each >= 1.
/// \param ranks \f$P \ge 1\f$.
/// \param min_count the fewest replicates in a block unless its point has fewer left (>= 1).
/// \returns the blocks in layout order, each with `rank` = -1; the blocks of a point cover
///          its replicates exactly once.
/// \throws std::invalid_argument for sizes that differ, zero replicates, ranks < 1 or
///         min_count < 1.
/// \throws std::domain_error for a cost that is not finite and > 0.
std::vector<work_segment> guided_blocks(std::span<const double> cost,
                                        std::span<const std::uint64_t> replicates, int ranks,
                                        std::uint64_t min_count);

}  // namespace jumpflow::mpi
