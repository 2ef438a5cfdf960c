/// \file
/// \brief simulate_partial_propensity_direct(): the partial-propensity direct method (PDM) of
/// Ramaswamy, Gonzalez-Segredo and Sbalzarini, for mass-action networks with at most
/// bimolecular reactions.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/detail/prefix_count_tree.hpp"
#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/stop_condition.hpp"
#include "jumpflow/random/uniform01.hpp"
#include "jumpflow/random/ziggurat_exponential.hpp"

namespace jumpflow {

class partial_propensity_workspace;
namespace detail {
struct partial_propensity_access;
}  // namespace detail

/// \brief Caller-owned scratch memory of simulate_partial_propensity_direct(): the partial
/// propensity rows and their sums, kept between calls so that many short runs (an ensemble's
/// replicates) allocate nothing once the workspace has been used.
/// \ingroup jump
///
/// Default-constructible; usable with any network (the tables adapt to its size). One
/// workspace serves one run at a time: give each thread its own.
class partial_propensity_workspace {
 public:
  partial_propensity_workspace() = default;

 private:
  friend struct detail::partial_propensity_access;
  // One reader of a species' count: the partial propensity in `slot` (of row `row`) is
  // rate * max(x - self, 0) (self = 1 for 2A, whose row is A itself).
  struct reader {
    std::uint32_t slot, row;
    double rate;
    long long self;
  };
  // Rows: 0 holds the sources (count 1), 1 + i the channels whose row species is i; one more
  // entry closes the ranges. Row r's channels sit in the slots [first_slot, next row's
  // first_slot), the readers of species i (row i + 1) in [first_reader, next row's
  // first_reader). What an event reads of a row, of a slot or of a channel's change is
  // adjacent in memory (flat arrays, no per-channel indirection through the network).
  struct row_data {
    double sigma = 0.0;  // sum of the row's partial propensities
    double count = 0.0;  // the row species' count as a double (1 for the sources)
    std::uint32_t first_slot = 0, first_reader = 0;
  };
  struct slot_data {
    double partial = 0.0;
    std::uint32_t change = 0, change_end = 0;  // the channel's state change in change_
  };
  // The state change of a row's channel, kept with the row when the row has one channel
  // and the change one or two terms (a conversion A -> B, a decay, 2A -> B): an event reads
  // it from the row it found, without going through the slot to the change list (two
  // dependent loads fewer between the search and the update). count[c] == 0 ends the terms;
  // count[0] == 0: the row is not of that kind (the slot's change list serves).
  struct row_change {
    std::uint32_t species[2] = {0, 0};
    std::int16_t count[2] = {0, 0};
    std::uint8_t read[2] = {0, 0};  // 1 if the species has readers (partial propensities)
    std::uint8_t fixed = 0;         // 1 if the channel's partial propensity is its rate (> 0)
    // 1 if fixed, with two terms, neither read: an event of the row moves counts between two
    // rows and touches nothing else (a conversion A -> B in a network where neither A nor B
    // is a partner of a bimolecular channel).
    std::uint8_t simple = 0;
  };
  std::vector<row_data> row_;
  std::vector<slot_data> slot_;
  std::vector<double> rate_;          // per slot
  std::vector<index> channel_;        // per slot: the channel
  std::vector<species_term> change_;  // the channels' state changes, in slot order
  std::vector<reader> reader_;
  std::vector<row_change> row_change_;      // per row
  std::vector<std::uint32_t> dynamic_row_;  // the rows with a slot that a reader updates
  std::vector<double> lambda_;  // per row: count * sigma (dense: the scan reads it)
  // The row search, whichever the network favours (prefix_): either a scan of the block sums
  // (block_; O(1) per row update), then of the rows of the block in lambda_; or a count over
  // prefix sums of the row totals (search_: no branch on the data; a row update adds to the
  // prefixes after it in its group of prefix_count_tree::fanout, and in the groups above when
  // their total changes; a molecule moving between two nearby rows of a group touches only
  // the prefixes between them).
  std::vector<double> block_;
  detail::prefix_count_tree search_;
  bool prefix_ = false;
  std::vector<std::size_t> fill_;  // scratch of the build
};

namespace detail {

// The simulator's view of a workspace (its members stay out of the public interface).
struct partial_propensity_access {
  using workspace = partial_propensity_workspace;
  using reader = workspace::reader;
  using row_data = workspace::row_data;
  using slot_data = workspace::slot_data;
  using row_change = workspace::row_change;
  static std::vector<row_data>& rows(workspace& w) noexcept { return w.row_; }
  static std::vector<slot_data>& slots(workspace& w) noexcept { return w.slot_; }
  static std::vector<double>& rate(workspace& w) noexcept { return w.rate_; }
  static std::vector<index>& channel(workspace& w) noexcept { return w.channel_; }
  static std::vector<species_term>& changes(workspace& w) noexcept { return w.change_; }
  static std::vector<reader>& readers(workspace& w) noexcept { return w.reader_; }
  static std::vector<row_change>& row_changes(workspace& w) noexcept { return w.row_change_; }
  static std::vector<std::uint32_t>& dynamic_rows(workspace& w) noexcept { return w.dynamic_row_; }
  static std::vector<double>& lambda(workspace& w) noexcept { return w.lambda_; }
  static std::vector<double>& block(workspace& w) noexcept { return w.block_; }
  static prefix_count_tree& search(workspace& w) noexcept { return w.search_; }
  static bool& prefix(workspace& w) noexcept { return w.prefix_; }
  static std::vector<std::size_t>& fill(workspace& w) noexcept { return w.fill_; }
};

/// Rows per block of the two-level row search: a power of two near sqrt(rows), at least 16.
inline std::size_t partial_propensity_block(std::size_t rows) noexcept {
  std::size_t b = 16;
  while (b * b < rows) b *= 2;
  return b;
}

/// The row search counts prefix sums of the row totals (prefix_count_tree) when the network
/// has at least partial_propensity_prefix_rows rows and its channels update at
/// most this many rows per event on average (counted from the structure: per changed species,
/// its row and the rows of the channels that read it); otherwise it scans the block sums, then
/// the rows of the block, whose row updates cost O(1) each.
inline constexpr double partial_propensity_prefix_updates = 4.0;

/// See partial_propensity_prefix_updates (rows: species + 1). On chains the count is 30% faster
/// at 256 channels (jump_ssa_table) and about 3% at 128 (a timed driver); at 64 it depends on
/// the machine's load (12% faster idle, 5-13% slower while the other core is busy); at 32 the
/// scan is faster.
inline constexpr std::size_t partial_propensity_prefix_rows = 128;

/// Builds the partial-propensity rows of `net` in `w` (checking that PDM can simulate it).
void build_partial_propensities(const char* fn, const reaction_network& net,
                                partial_propensity_workspace& w);

/// Cold path: a propensity or the total overflowed; throws the simulation_error naming the
/// channel (or the total) and the value.
[[noreturn]] void throw_partial_propensity_overflow(const char* fn, const reaction_network& net,
                                                    const count_vector& x, double a0, double t);

/// Draws in a row (no event between them) that may find no channel before PDM gives up. The
/// first comes from rounding drift, and the refresh after it sums everything afresh, so the
/// draws after it find a channel but for rounding between exact sums (far rarer than 1 in 2):
/// this many are a bug of the row search (mass it cannot draw), not bad luck.
inline constexpr std::uint64_t partial_propensity_redraws = 64;

/// Cold path: `redraws` draws in a row found no channel; throws the simulation_error saying so.
[[noreturn]] void throw_partial_propensity_redraws(const char* fn, std::uint64_t redraws, double t);

/// Counts PDM's draws that found no channel since the last event, and throws (through
/// throw_partial_propensity_redraws) at partial_propensity_redraws of them: an error instead
/// of an endless loop of refreshes and draws.
struct partial_propensity_redraw_guard {
  std::uint64_t events = 0;   // the event count at the last draw that found no channel
  std::uint64_t redraws = 0;  // such draws since then
  /// A draw found no channel after `events_now` events, at time t.
  void note(const char* fn, std::uint64_t events_now, double t) {
    if (events_now != events) {
      events = events_now;
      redraws = 0;
    }
    if (++redraws == partial_propensity_redraws) throw_partial_propensity_redraws(fn, redraws, t);
  }
};

/// The body of simulate_partial_propensity_direct() (with a workspace), every call in it
/// inlined: the engine's refill and uniform01() were otherwise calls in the event loop in some
/// translation units (in jump_ssa_table's: about 1.1x the time per event on the chain of 1000).
template <class URBG, class Observer, class Stop>
[[gnu::flatten]] std::uint64_t partial_propensity_run(const reaction_network& net, count_vector& x,
                                                      double t0, double t1, URBG& g,
                                                      partial_propensity_workspace& work,
                                                      Observer& obs, Stop& stop) {
  // R. Ramaswamy, N. Gonzalez-Segredo and I. F. Sbalzarini, "A new class of highly efficient
  // exact stochastic simulation algorithms for chemical reaction networks", J. Chem. Phys. 130
  // (2009) 244104.
  constexpr const char* fn = "jumpflow::simulate_partial_propensity_direct";
  using access = detail::partial_propensity_access;
  detail::require_span(fn, net, x, t0, t1);
  detail::require_no_events(fn, net);
  detail::build_partial_propensities(fn, net, work);
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;

  access::row_data* const row = access::rows(work).data();  // rows + 1 entries
  access::slot_data* const slot = access::slots(work).data();
  const std::vector<double>& rate = access::rate(work);
  const species_term* const change = access::changes(work).data();
  const access::reader* const readers = access::readers(work).data();
  const access::row_change* const row_change = access::row_changes(work).data();
  const std::vector<std::uint32_t>& dynamic_rows = access::dynamic_rows(work);
  double* const lambda = access::lambda(work).data();
  double* const block = access::block(work).data();
  const std::size_t rows = access::rows(work).size() - 1, d = rows - 1, m = rate.size();
  const std::size_t per_block = detail::partial_propensity_block(rows);
  const int shift = std::countr_zero(per_block);
  const std::size_t blocks = access::block(work).size();
  detail::prefix_count_tree& search = access::search(work);
  const bool prefix = access::prefix(work);

  const auto clamp = [](long long v) { return v > 0 ? static_cast<double>(v) : 0.0; };
  // Everything from the counts and the partial propensities, summed afresh (bounds drift).
  // Returns the fresh a0. After the first (all rows), only the rows with a partial propensity
  // that reads a count are summed again: the others' sigma never changes and their lambda is
  // always count * sigma as set_row() left it, so summing them again would give the same bits.
  const auto fresh_row = [&](std::size_t r) {
    double s = 0.0;
    for (std::size_t k = row[r].first_slot; k < row[r + 1].first_slot; ++k) s += slot[k].partial;
    row[r].sigma = s;
    lambda[r] = row[r].count * s;
  };
  const auto refresh = [&](bool all = false) -> double {
    if (all) {
      for (std::size_t r = 0; r < rows; ++r) fresh_row(r);
    } else {
      for (const std::uint32_t r : dynamic_rows) fresh_row(r);
    }
    if (prefix) return search.assign(lambda);  // the block sums serve only the scan
    double total = 0.0;
    for (std::size_t b = 0; b < blocks; ++b) {
      double sum = 0.0;
      const std::size_t end = std::min(rows, (b + 1) * per_block);
      for (std::size_t r = b * per_block; r < end; ++r) sum += lambda[r];
      block[b] = sum;
      total += sum;
    }
    return total;
  };
  row[0].count = 1.0;
  for (std::size_t i = 0; i < d; ++i) row[i + 1].count = clamp(x[static_cast<index>(i)]);
  for (std::size_t k = 0; k < m; ++k) slot[k].partial = rate[k];
  for (std::size_t i = 0; i < d; ++i) {
    for (std::size_t e = row[i + 1].first_reader; e < row[i + 2].first_reader; ++e) {
      slot[readers[e].slot].partial =
          readers[e].rate * clamp(x[static_cast<index>(i)] - readers[e].self);
    }
  }
  double a0 = refresh(true);
  const std::uint64_t refresh_every = m < 16 ? 16 : m;
  std::uint64_t events = 0, since_refresh = 0;
  double t = t0;
  // The channel of row r for the remainder `target` of the row's share: the slot, or the
  // row's end if none (an empty row, selected by rounding drift).
  const auto pick = [&](std::size_t r, double target) {
    const std::size_t begin = row[r].first_slot, end = row[r + 1].first_slot;
    std::size_t k = end;
    if (lambda[r] > 0.0) {
      if (end - begin == 1) {
        k = begin;  // one channel: no search
      } else {
        const double c = row[r].count;
        for (std::size_t q = begin; q < end; ++q) {
          const double share = c * slot[q].partial;
          if (target < share) {
            k = q;
            break;
          }
          target -= share;
        }
        if (k == end) {  // rounding past the row's end: its last positive channel
          for (std::size_t q = end; q > begin; --q) {
            if (slot[q - 1].partial > 0.0) {
              k = q - 1;
              break;
            }
          }
        }
      }
    }
    return k == end || !(slot[k].partial > 0.0) ? m : k;
  };
  // Applies slot k's state change (k is the channel of row r): the counts, the partial
  // propensities that read a changed species, and through set_row(r, l) the totals of the rows
  // they belong to. The terms come from the row when it keeps them (row_change), else from
  // the slot's change list; the same terms in the same order either way.
  long long* const counts = x.data();
  const auto apply_term = [&](std::size_t i, long long delta, bool read, const auto& set_row) {
    const long long v = counts[i] += delta;
    for (std::uint32_t q = read ? row[i + 1].first_reader : 0,
                       end = read ? row[i + 2].first_reader : 0;
         q < end; ++q) {
      const access::reader& rd = readers[q];
      const double fresh = rd.rate * clamp(v - rd.self);
      row[rd.row].sigma += fresh - slot[rd.slot].partial;
      slot[rd.slot].partial = fresh;
      set_row(rd.row, row[rd.row].count * row[rd.row].sigma);
    }
    set_row(i + 1, (row[i + 1].count = clamp(v)) * row[i + 1].sigma);
  };
  const auto apply = [&](std::size_t r, std::size_t k, const auto& set_row) {
    const access::row_change& rc = row_change[r];
    if (rc.count[0] != 0) {
      apply_term(rc.species[0], rc.count[0], rc.read[0] != 0, set_row);
      if (rc.count[1] != 0) apply_term(rc.species[1], rc.count[1], rc.read[1] != 0, set_row);
      return;
    }
    for (std::uint32_t c = slot[k].change; c < slot[k].change_end; ++c) {
      apply_term(static_cast<std::size_t>(change[c].species), change[c].count, true, set_row);
    }
  };
  // A draw that found no channel (rounding drift selected an empty row): sum afresh and draw
  // again (memoryless); the guard throws if that repeats without end.
  detail::partial_propensity_redraw_guard guard;
  const auto redraw = [&] {
    guard.note(fn, events, t);
    a0 = refresh();
    since_refresh = 0;
  };
  // After an event's change: notify, refresh every refresh_every events; true if `stop` ends
  // the run.
  const auto finish_event = [&] {
    ++events;
    obs(std::as_const(x), t);
    if (stop(std::as_const(x), t)) return true;
    if (++since_refresh == refresh_every) {
      a0 = refresh();
      since_refresh = 0;
    }
    return false;
  };
  // a0 is usable: positive and finite, after a refresh if it is not (absorbing or overflowed,
  // unless a0 only drifted: decided on the exact sums). False if the state is absorbing.
  const auto usable = [&] {
    if (!(a0 > 0.0 && a0 < std::numeric_limits<double>::infinity())) [[unlikely]] {
      a0 = refresh();
      if (!(a0 < std::numeric_limits<double>::infinity())) {
        detail::throw_partial_propensity_overflow(fn, net, x, a0, t);
      }
      if (!(a0 > 0.0)) return false;
    }
    return true;
  };
  // The direct method's search, factored (Ramaswamy et al. 2009): a row by the row totals
  // lambda = count * sigma (by a count over their prefix sums, or by scans: a block of rows,
  // then a row of the block), then a channel of the row by its partial propensities (pick); the
  // same uniform serves both stages (the remainder is uniform on the row's share). An event applies
  // the change, notifies, and refreshes every refresh_every events; a row that turns out empty
  // (rounding drift) refreshes and draws again (redraw). The two searches have loops of
  // their own (the scan's as before the prefix search existed: GCC compiles it the same).
  // Row r's total changes to l: lambda and a0 follow; returns the change.
  const auto update_row = [&](std::size_t r, double l) {
    const double delta = l - lambda[r];
    lambda[r] = l;
    a0 += delta;
    return delta;
  };
  if (prefix) {
    const auto set_row = [&](std::size_t r, double l) { search.stage(r, update_row(r, l)); };
    for (;;) {
      if (!usable()) break;
      const double tau = ziggurat_exponential(g) / a0;
      if (t + tau > t1) break;
      const auto [r, target] = search.find(uniform01(g) * a0);
      const access::row_change& rc = row_change[r];
      if (rc.simple != 0 && lambda[r] > 0.0) {
        // apply() and commit() for a simple row (no readers: each term sets its own row), the
        // same operations in the same order, with the two row updates handed to the tree at
        // once (no stage in memory between them).
        t += tau;
        double delta[2];
        std::size_t term = 0;
        const auto keep_row = [&](std::size_t row_index, double l) {
          delta[term++] = update_row(row_index, l);
        };
        apply_term(rc.species[0], rc.count[0], false, keep_row);
        apply_term(rc.species[1], rc.count[1], false, keep_row);
        search.move(rc.species[0] + 1, delta[0], rc.species[1] + 1, delta[1]);
        if (finish_event()) return events;
        continue;
      }
      // A row whose channel's partial propensity is its rate needs no slot to be drawn.
      const std::size_t k = rc.fixed != 0 && lambda[r] > 0.0 ? 0 : pick(r, target);
      if (k == m) [[unlikely]] {
        redraw();
        continue;
      }
      t += tau;
      apply(r, k, set_row);
      search.commit();
      if (finish_event()) return events;
    }
    obs(std::as_const(x), t1);
    return events;
  }
  // Row r's total changes to l: its block's sum, lambda and a0 follow.
  const auto set_row = [&](std::size_t r, double l) { block[r >> shift] += update_row(r, l); };
  for (;;) {
    if (!usable()) break;
    const double tau = ziggurat_exponential(g) / a0;
    if (t + tau > t1) break;
    double target = uniform01(g) * a0;
    // Two entries per step: the pair's sum does not wait for the target, so the chain of
    // dependent subtractions is half as long.
    std::size_t b = 0;
    while (b + 2 < blocks && !(target < block[b] + block[b + 1])) {
      target -= block[b] + block[b + 1];
      b += 2;
    }
    while (b + 1 < blocks && !(target < block[b])) target -= block[b++];
    std::size_t r = b * per_block;
    const std::size_t last_row = std::min(rows, r + per_block) - 1;
    while (r + 1 < last_row && !(target < lambda[r] + lambda[r + 1])) {
      target -= lambda[r] + lambda[r + 1];
      r += 2;
    }
    while (r < last_row && !(target < lambda[r])) target -= lambda[r++];
    const std::size_t k = pick(r, target);
    if (k == m) [[unlikely]] {
      redraw();
      continue;
    }
    t += tau;
    apply(r, k, set_row);
    if (finish_event()) return events;
  }
  obs(std::as_const(x), t1);
  return events;
}

}  // namespace detail

/// \brief simulate_partial_propensity_direct() with a caller-owned workspace: the same law,
/// the same path for the same seed as the overload without one, and no allocation once the
/// workspace has served a network of the same size.
/// \ingroup jump
///
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network: every channel mass action with at most two reactant molecules, no
///        discrete events.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param work the workspace (any network; one per thread).
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events.
/// \throws std::invalid_argument if `x` has the wrong size, a channel is not mass action or
///         has three or more reactant molecules, or the network has discrete events.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws simulation_error if a propensity (or their total) overflows to infinity, or (an
///         internal error) if 64 draws in a row find no channel.
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_partial_propensity_direct(const reaction_network& net, count_vector& x, double t0,
                                   double t1, URBG& g, partial_propensity_workspace& work,
                                   Observer&& obs = {}, Stop&& stop = {}) {
  return detail::partial_propensity_run(net, x, t0, t1, g, work, obs, stop);
}

/// \brief Exact simulation of a mass-action reaction network with at most bimolecular
/// reactions on \f$[t_0, t_1]\f$ by the partial-propensity direct method (PDM) of Ramaswamy,
/// Gonzalez-Segredo and Sbalzarini (2009).
/// \ingroup jump
///
/// Each channel is filed under one of its reactants, its *row* species \f$i\f$ (sources under a
/// row of their own, with count 1), with the partial propensity \f$\pi_j = a_j / x_i\f$: \f$k\f$
/// for \f$A \to\f$, \f$k\,x_B\f$ for \f$A + B \to\f$ (row \f$A\f$), \f$k\,(x_A - 1)\f$ for
/// \f$2A \to\f$. Row \f$i\f$ keeps \f$\Sigma_i = \sum_j \pi_j\f$ and
/// \f$\Lambda_i = x_i \Sigma_i\f$, and \f$a_0 = \sum_i \Lambda_i\f$. An event draws
/// \f$\tau = E / a_0\f$ with \f$E\f$ = ziggurat_exponential(g), then \f$u\f$ = uniform01(g)
/// (two draws per event, in this order), and finds the row where the cumulative
/// \f$\Lambda\f$ passes \f$u a_0\f$ (a linear search over the totals of blocks of about
/// \f$\sqrt{d}\f$ rows, then over the rows of the block; or, on networks of at least 127 species
/// whose channels update at most 4 rows per event on average, by counting the prefix sums of
/// the \f$\Lambda\f$ that are \f$\le u a_0\f$ in a tree of fanout 32: no branch on the data,
/// two counts of 32 entries for up to 1024 rows), then the channel of the
/// row where the cumulative \f$\pi\f$ passes the remainder divided by \f$x_i\f$: channel
/// \f$j\f$ is chosen with probability \f$a_j / a_0\f$, exactly as by the direct method. After
/// an event only the partial propensities that read a changed species (\f$k\,x_B\f$ when
/// \f$B\f$ changes) and the totals of the changed species' rows are updated, each in
/// \f$O(1)\f$ (plus, when the prefix count is used, an add to the up to 32 prefixes after the
/// row in its group, and in the groups above when their total changes; a molecule moving
/// between two rows of a group at most 8 apart only adds to the prefixes between them): the
/// cost per event is bounded by the number of reactions a species takes part in,
/// not by the number of channels that depend on it, which makes PDM the method for strongly
/// coupled networks (many channels per species). Sums are refreshed exactly every
/// \f$\max(M, 16)\f$ events to bound rounding drift (the totals, and \f$\Sigma_i\f$ of the
/// rows with a partial propensity that reads a count; the others cannot drift). A row with
/// one channel whose change has one or two terms (a conversion, a decay, \f$2A \to B\f$)
/// keeps that change with it, so that an event goes from the row it found to the counts
/// without a detour through the channel's change list; when the change has two terms, neither
/// species read by a partial propensity (a conversion \f$A \to B\f$ in a network where neither
/// is a partner of a bimolecular channel), the event updates the two rows and hands both
/// updates to the prefix tree at once (the same operations, in the same order).
///
/// Same observer and stop contract as simulate_direct(); it simulates the same law (a
/// different path for the same seed). Nothing is allocated per event; this overload builds its
/// rows (\f$O(M + d)\f$) on every call; for many short runs pass a partial_propensity_workspace
/// to the other overload, which reuses their memory.
/// \tparam URBG a uniform random bit generator.
/// \tparam Observer an observer of `count_vector` states.
/// \tparam Stop a stop_condition on `count_vector` states.
/// \param net the network: every channel mass action with at most two reactant molecules
///        (\f$\emptyset\f$, \f$A\f$, \f$2A\f$ or \f$A + B\f$), no discrete events.
/// \param x the counts at `t0`; on return the counts at `t1` (or at the stopping time).
/// \param t0 the start time, finite.
/// \param t1 the end time, finite, \f$\ge t_0\f$.
/// \param g the engine.
/// \param obs the observer.
/// \param stop the stop condition, evaluated at `t0` and after every event.
/// \returns the number of events.
/// \throws std::invalid_argument if `x` has the wrong size, a channel is not mass action or
///         has three or more reactant molecules, or the network has discrete events.
/// \throws std::domain_error if `t0` or `t1` is not finite or `t1 < t0`.
/// \throws simulation_error if a propensity (or their total) overflows to infinity, or (an
///         internal error) if 64 draws in a row find no channel.
template <urbg URBG, class Observer = null_observer, class Stop = never_stop>
requires observer<Observer, count_vector> && stop_condition<Stop, count_vector> std::uint64_t
simulate_partial_propensity_direct(const reaction_network& net, count_vector& x, double t0,
                                   double t1, URBG& g, Observer&& obs = {}, Stop&& stop = {}) {
  partial_propensity_workspace work;
  return simulate_partial_propensity_direct(net, x, t0, t1, g, work, std::forward<Observer>(obs),
                                            std::forward<Stop>(stop));
}

}  // namespace jumpflow
