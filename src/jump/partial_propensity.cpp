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
  auto& row_begin = access::row_begin(w);
  auto& reader_begin = access::reader_begin(w);
  row_begin.assign(rows + 1, 0);
  reader_begin.assign(d + 1, 0);
  // The row of each channel (0: a source; 1 + i: row species i) and the species its partial
  // propensity reads (the partner of A + B, or A itself for 2A), counted first.
  const auto row_of = [&](index j) -> std::size_t {
    const auto [first, last] = net.reactants(j);
    return first == last ? 0 : static_cast<std::size_t>(first->species) + 1;
  };
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
  }
  for (std::size_t r = 0; r < rows; ++r) row_begin[r + 1] += row_begin[r];
  for (std::size_t i = 0; i < d; ++i) reader_begin[i + 1] += reader_begin[i];
  // Slots in row order (channels keep their index order inside a row), readers per species.
  auto& rate = access::rate(w);
  auto& channel = access::channel(w);
  auto& readers = access::readers(w);
  rate.resize(m);
  channel.resize(m);
  access::partial(w).resize(m);
  readers.resize(reader_begin[d]);
  auto& fill = access::fill(w);  // next free slot of each row, then of each species' readers
  fill.assign(row_begin.begin(), row_begin.end() - 1);
  fill.insert(fill.end(), reader_begin.begin(), reader_begin.end() - 1);
  std::size_t* const fill_reader = fill.data() + rows;
  for (std::size_t j = 0; j < m; ++j) {
    const auto jj = static_cast<index>(j);
    const std::size_t row = row_of(jj);
    const std::size_t slot = fill[row]++;
    rate[slot] = net.rate(jj);
    channel[slot] = jj;
    const auto [first, last] = net.reactants(jj);
    long long molecules = 0;
    for (const species_term* r = first; r != last; ++r) molecules += r->count;
    if (molecules == 2) {
      // 2A: pi = k (x_A - 1) in row A; A + B: pi = k x_B in row A.
      const auto partner = static_cast<std::size_t>((last - 1)->species);
      readers[fill_reader[partner]++] = {static_cast<std::uint32_t>(slot),
                                         static_cast<std::uint32_t>(row), net.rate(jj),
                                         last - first == 1 ? 1LL : 0LL};
    }
  }
  access::count(w).resize(rows);
  access::sigma(w).resize(rows);
  access::lambda(w).resize(rows);
  const std::size_t per_block = partial_propensity_block(rows);
  access::block(w).resize((rows + per_block - 1) / per_block);
}

void throw_partial_propensity_overflow(const char* fn, const reaction_network& net,
                                       const count_vector& x, double a0, double t) {
  for (index j = 0; j < net.channels(); ++j) {
    const double a = net.propensity(j, x, t);
    if (!(a < std::numeric_limits<double>::infinity())) throw_bad_propensity(fn, net, j, a, t);
  }
  throw simulation_error(simulation_message(fn, "the total propensity", a0, t, "finite"));
}

}  // namespace jumpflow::detail
