#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "jumpflow/jump/simulate_partial_propensity_direct.hpp"

namespace jumpflow::detail {

void build_partial_propensities(const char* fn, const reaction_network& net,
                                partial_propensity_workspace& w) {
  using access = partial_propensity_access;
  constexpr const char* condition =
      "a mass-action network with at most bimolecular reactions (partial propensities)";
  const auto m = static_cast<std::size_t>(net.channels());
  const auto d = static_cast<std::size_t>(net.species());
  const std::size_t rows = d + 1;
  // Row begins and reader begins are counted first (row 0: sources; 1 + i: row species i),
  // in two scratch ranges of fill: [0, rows + 1) and [rows + 1, rows + d + 2).
  auto& fill = access::fill(w);
  fill.assign(rows + 1 + d + 1, 0);
  std::size_t* const row_begin = fill.data();
  std::size_t* const reader_begin = fill.data() + rows + 1;
  // The row of each channel (0: a source; 1 + i: row species i) and the species its partial
  // propensity reads (the partner of A + B, or A itself for 2A), counted first.
  const auto row_of = [&](index j) -> std::size_t {
    const auto [first, last] = net.reactants(j);
    return first == last ? 0 : static_cast<std::size_t>(first->species) + 1;
  };
  std::size_t terms = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const auto jj = static_cast<index>(j);
    // The messages are built only on failure (a reused workspace allocates nothing).
    if (!net.is_mass_action(jj)) {
      require_argument(false, fn, "network", net.describe(jj) + " (not mass action)", condition);
    }
    const auto [first, last] = net.reactants(jj);
    long long molecules = 0;
    for (const species_term* r = first; r != last; ++r) molecules += r->count;
    if (molecules > 2) {
      require_argument(false, fn, "network",
                       net.describe(jj) + " (" + std::to_string(molecules) + " reactant molecules)",
                       condition);
    }
    ++row_begin[row_of(jj) + 1];
    if (molecules == 2) ++reader_begin[static_cast<std::size_t>((last - 1)->species) + 1];
    const auto [c_first, c_last] = net.change(jj);
    terms += static_cast<std::size_t>(c_last - c_first);
  }
  if (terms >= std::numeric_limits<std::uint32_t>::max()) {  // slots and terms have 32-bit indices
    require_argument(false, fn, "network", std::to_string(terms) + " state-change terms",
                     "fewer than 2^32 - 1");
  }
  for (std::size_t r = 0; r < rows; ++r) row_begin[r + 1] += row_begin[r];
  for (std::size_t i = 0; i < d; ++i) reader_begin[i + 1] += reader_begin[i];
  // Row updates per event, averaged over the channels: a changed species updates its row and
  // the rows of the channels that read it. Few favour the prefix-sum search.
  std::size_t updates = 0, most_updates = 0;
  for (std::size_t j = 0; j < m; ++j) {
    const auto [c_first, c_last] = net.change(static_cast<index>(j));
    std::size_t u = 0;
    for (const species_term* c = c_first; c != c_last; ++c) {
      const auto i = static_cast<std::size_t>(c->species);
      u += 1 + reader_begin[i + 1] - reader_begin[i];
    }
    updates += u;
    most_updates = std::max(most_updates, u);
  }
  const std::size_t per_block = partial_propensity_block(rows);
  const std::size_t blocks = (rows + per_block - 1) / per_block;
  const bool prefix =
      rows >= partial_propensity_prefix_rows &&
      static_cast<double>(updates) <= partial_propensity_prefix_updates * static_cast<double>(m);
  auto& row = access::rows(w);
  row.assign(rows + 1, {});
  for (std::size_t r = 0; r <= rows; ++r) {
    row[r].first_slot = static_cast<std::uint32_t>(row_begin[r]);
    // Row 1 + i holds species i's readers; rows 0 and 1 both start at the first reader.
    row[r].first_reader = static_cast<std::uint32_t>(reader_begin[r == 0 ? 0 : r - 1]);
  }
  // Slots in row order (channels keep their index order inside a row), readers per species,
  // the channels' changes in slot order. The counters become fill positions.
  auto& rate = access::rate(w);
  auto& channel = access::channel(w);
  auto& slot = access::slots(w);
  auto& readers = access::readers(w);
  auto& change = access::changes(w);
  rate.resize(m);
  channel.resize(m);
  slot.resize(m);
  readers.resize(reader_begin[d]);
  change.resize(terms);
  for (std::size_t j = 0; j < m; ++j) {
    const auto jj = static_cast<index>(j);
    const std::size_t row_j = row_of(jj);
    const std::size_t k = row_begin[row_j]++;
    rate[k] = net.rate(jj);
    channel[k] = jj;
    const auto [first, last] = net.reactants(jj);
    long long molecules = 0;
    for (const species_term* r = first; r != last; ++r) molecules += r->count;
    if (molecules == 2) {
      // 2A: pi = k (x_A - 1) in row A; A + B: pi = k x_B in row A.
      const auto partner = static_cast<std::size_t>((last - 1)->species);
      readers[reader_begin[partner]++] = {static_cast<std::uint32_t>(k),
                                          static_cast<std::uint32_t>(row_j), net.rate(jj),
                                          last - first == 1 ? 1LL : 0LL};
    }
  }
  std::size_t next = 0;
  for (std::size_t k = 0; k < m; ++k) {
    const auto [first, last] = net.change(channel[k]);
    slot[k].change = static_cast<std::uint32_t>(next);
    for (const species_term* c = first; c != last; ++c) change[next++] = *c;
    slot[k].change_end = static_cast<std::uint32_t>(next);
  }
  // Rows of one channel whose change has one or two terms keep them (row_change).
  auto& row_change = access::row_changes(w);
  row_change.assign(rows, {});
  for (std::size_t r = 0; r < rows; ++r) {
    if (row[r + 1].first_slot - row[r].first_slot != 1) continue;
    const partial_propensity_access::slot_data k = slot[row[r].first_slot];
    const std::uint32_t n = k.change_end - k.change;
    if (n == 0 || n > 2) continue;
    bool fits = true;
    for (std::uint32_t c = 0; c < n; ++c) {
      const species_term& term = change[k.change + c];
      fits = fits && term.count != 0 &&
             term.species <= std::numeric_limits<std::uint32_t>::max() &&
             term.count >= std::numeric_limits<std::int16_t>::min() &&
             term.count <= std::numeric_limits<std::int16_t>::max();
    }
    if (!fits) continue;
    for (std::uint32_t c = 0; c < n; ++c) {
      const species_term& term = change[k.change + c];
      row_change[r].species[c] = static_cast<std::uint32_t>(term.species);
      row_change[r].count[c] = static_cast<std::int16_t>(term.count);
      const auto i = static_cast<std::size_t>(term.species);
      row_change[r].read[c] = row[i + 1].first_reader != row[i + 2].first_reader ? 1 : 0;
    }
    row_change[r].fixed = rate[row[r].first_slot] > 0.0 ? 1 : 0;
  }
  // A row with a slot that a reader updates (k x_B, k (x_A - 1): may be 0) is not fixed, and
  // its sigma moves: the dynamic rows, in row order (fill is free again and has at least
  // `rows` entries).
  std::fill(fill.begin(), fill.begin() + static_cast<std::ptrdiff_t>(rows), 0);
  for (const auto& rd : readers) {
    row_change[rd.row].fixed = 0;
    fill[rd.row] = 1;
  }
  for (auto& rc : row_change) {
    rc.simple = rc.fixed != 0 && rc.count[1] != 0 && rc.read[0] == 0 && rc.read[1] == 0 ? 1 : 0;
  }
  auto& dynamic = access::dynamic_rows(w);
  dynamic.clear();
  for (std::size_t r = 0; r < rows; ++r) {
    if (fill[r] != 0) dynamic.push_back(static_cast<std::uint32_t>(r));
  }
  access::lambda(w).resize(rows);
  access::block(w).resize(blocks);
  access::prefix(w) = prefix;
  if (prefix) access::search(w).resize(rows, most_updates);
}

void throw_partial_propensity_overflow(const char* fn, const reaction_network& net,
                                       const count_vector& x, double a0, double t) {
  for (index j = 0; j < net.channels(); ++j) {
    const double a = net.propensity(j, x, t);
    if (!(a < std::numeric_limits<double>::infinity())) throw_bad_propensity(fn, net, j, a, t);
  }
  throw simulation_error(simulation_message(fn, "the total propensity", a0, t, "finite"));
}

void throw_partial_propensity_redraws(const char* fn, std::uint64_t redraws, double t) {
  throw simulation_error(simulation_message(
      fn, "the number of draws in a row that found no channel", static_cast<double>(redraws), t,
      "< " + std::to_string(partial_propensity_redraws) +
          " (each is followed by sums afresh: an internal error of the row search)"));
}

}  // namespace jumpflow::detail
