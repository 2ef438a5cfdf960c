// The SSA speed table: events per second and ns per event of every exact reaction-network
// simulator on five reference models, next to the floor (the random draws one event needs) and
// to the previous implementation (simulate_direct as it was before the sorting direct method,
// ziggurat exponential and the rejection-based methods were added; the library's
// simulate_direct is still that algorithm, with the same draws and the same arithmetic). Everything runs in one process, interleaved:
// each repetition runs every method once per model, and the table reports medians of the
// per-run ns/event (thread CPU time, so other processes on a loaded machine count little; the
// ratios are the robust numbers).
//   ./build/ci/benchmarks/jump/jump_ssa_table [repetitions, default 7] [model filter]
// With a filter, only the models whose name contains it run (e.g. "1000 reactions" for the chain,
// "10^4" for the random network; the floors are skipped).
// The models and parameters are those of issue 16 (the StochKit2 comparison):
//   immigration-death: birth 1000, death 1.0 per molecule, X0 = 1000, t_end = 100;
//   decaying-dimerizing (Gillespie 2001): c = 1, 0.002 (combinatorial), 0.5, 0.04, S1 = 1e5;
//   Schlogl (classic parameters, A = 1e5, B = 2e5 buffered): c = 3e-7, 1e-4, 1e-3, 3.5, X0 = 250;
//   chain: 1000 species S_i -> S_{i+1}, S_999 -> sink, rate 1, X_i = 10;
//   random: random_mass_action_network(1000 species, 10^4 reactions, seed 2024), X_i = 100.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "jumpflow/jump.hpp"
#include "jumpflow/models/classic.hpp"
#include "jumpflow/random.hpp"
#include "jumpflow/random/detail/half_word_bits.hpp"
#include "support/timing.hpp"

namespace {

using jumpflow_bench::median;
using jumpflow_bench::thread_ns;

using jumpflow::count_vector;
using jumpflow::reaction_channel;
using jumpflow::reaction_network;
using term = jumpflow::species_term;

struct model {
  std::string name;
  reaction_network net;
  count_vector x0;
  double t1;
};

// S_0 -> S_1 -> ... -> S_{d-1} -> sink, every rate 1.
reaction_network chain(jumpflow::index d) {
  std::vector<reaction_channel> channels;
  for (jumpflow::index i = 0; i + 1 < d; ++i) {
    channels.push_back(reaction_channel::mass_action(1.0, {term{i, 1}}, {term{i + 1, 1}}));
  }
  channels.push_back(reaction_channel::mass_action(1.0, {term{d - 1, 1}}, {}));
  return reaction_network(d, std::move(channels));
}

std::vector<model> models() {
  std::vector<model> out;
  out.push_back({"immigration-death", jumpflow::immigration_death(1000.0, 1.0),
                 count_vector::Constant(1, 1000), 100.0});
  {  // Gillespie, J. Chem. Phys. 115 (2001) 1716: combinatorial c2 = 0.002 is k = c2 / 2.
    reaction_network net(3, {reaction_channel::mass_action(1.0, {term{0, 1}}, {}),
                             reaction_channel::mass_action(0.001, {term{0, 2}}, {term{1, 1}}),
                             reaction_channel::mass_action(0.5, {term{1, 1}}, {term{0, 2}}),
                             reaction_channel::mass_action(0.04, {term{1, 1}}, {term{2, 1}})});
    count_vector x = count_vector::Zero(3);
    x[0] = 100000;
    out.push_back({"decaying-dimerizing", std::move(net), x, 0.2});
  }
  {  // Schlogl (1972), Gillespie (1977) constants; k = c A / 2, c / 6, c B, c.
    const double a = 1e5, b = 2e5;
    reaction_network net(1, {reaction_channel::mass_action(3e-7 * a / 2, {term{0, 2}}, {term{0, 3}}),
                             reaction_channel::mass_action(1e-4 / 6, {term{0, 3}}, {term{0, 2}}),
                             reaction_channel::mass_action(1e-3 * b, {}, {term{0, 1}}),
                             reaction_channel::mass_action(3.5, {term{0, 1}}, {})});
    out.push_back({"Schlogl", std::move(net), count_vector::Constant(1, 250), 20.0});
  }
  out.push_back({"chain, 1000 reactions", chain(1000), count_vector::Constant(1000, 10), 10.0});
  out.push_back({"random, 10^4 reactions", jumpflow::random_mass_action_network(1000, 10000, 2024),
                 count_vector::Constant(1000, 100), 0.05});
  return out;
}

// The crossovers behind simulate_auto's thresholds: chains (two dependents per channel) and
// random networks (about 60) of growing size.
std::vector<model> crossover_models() {
  std::vector<model> out;
  for (jumpflow::index d : {16, 32, 64, 256}) {
    out.push_back({"chain, " + std::to_string(d) + " reactions", chain(d),
                   count_vector::Constant(d, 10), 2000.0 / static_cast<double>(d)});
  }
  for (jumpflow::index m : {32, 64, 100, 1000}) {
    out.push_back({"random, " + std::to_string(m) + " reactions",
                   jumpflow::random_mass_action_network(m / 10, m, 2024),
                   count_vector::Constant(m / 10, 100), 50.0 / static_cast<double>(m)});
  }
  return out;
}

// The same network with inert species (in no channel) added up to `species`, so that
// simulate_dense_direct() takes its general loop instead of a register kernel (networks of at most
// 4 channels and 3 species): the baseline of the "dense direct, general loop" row. Mass-action
// networks only; the products are the reactants plus the change.
reaction_network with_inert_species(const reaction_network& net, jumpflow::index species) {
  std::vector<reaction_channel> channels;
  for (jumpflow::index j = 0; j < net.channels(); ++j) {
    if (!net.is_mass_action(j)) {
      throw std::invalid_argument("with_inert_species: mass action only");
    }
    std::vector<long long> product(static_cast<std::size_t>(net.species()), 0);
    std::vector<term> reactants;
    const auto [r0, r1] = net.reactants(j);
    for (auto r = r0; r != r1; ++r) {
      reactants.push_back(*r);
      product[static_cast<std::size_t>(r->species)] += r->count;
    }
    const auto [c0, c1] = net.change(j);
    for (auto c = c0; c != c1; ++c) product[static_cast<std::size_t>(c->species)] += c->count;
    std::vector<term> products;
    for (std::size_t s = 0; s < product.size(); ++s) {
      if (product[s] > 0) products.push_back(term{static_cast<jumpflow::index>(s), product[s]});
    }
    channels.push_back(reaction_channel::mass_action(net.rate(j), reactants, products));
  }
  return reaction_network(std::max(species, net.species()), std::move(channels));
}

using simulator = std::function<std::uint64_t(const reaction_network&, count_vector&, double,
                                              jumpflow::philox_engine&)>;
struct method {
  const char* name;
  simulator run;
};

std::vector<method> methods() {
  return {
      {"direct (previous)",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_direct(n, x, 0.0, t1, g);
       }},
      {"sorting direct",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_sorting_direct(n, x, 0.0, t1, g);
       }},
      {"dense direct",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_dense_direct(n, x, 0.0, t1, g);
       }},
      {"dense direct, general loop",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         if (n.channels() > 4 || n.species() > 3) {
           return jumpflow::simulate_dense_direct(n, x, 0.0, t1, g);
         }
         const reaction_network padded = with_inert_species(n, 4);
         count_vector y = count_vector::Zero(padded.species());
         y.head(x.size()) = x;
         const auto events = jumpflow::simulate_dense_direct(padded, y, 0.0, t1, g);
         x = y.head(x.size());
         return events;
       }},
      {"next reaction",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_next_reaction(n, x, 0.0, t1, g);
       }},
      {"composition-rejection",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_composition_rejection(n, x, 0.0, t1, g);
       }},
      {"RSSA",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_rejection(n, x, 0.0, t1, g);
       }},
      {"RSSA-CR",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_rejection_composition(n, x, 0.0, t1, g);
       }},
      {"PDM",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_partial_propensity_direct(n, x, 0.0, t1, g);
       }},
      {"auto",
       [](const reaction_network& n, count_vector& x, double t1, jumpflow::philox_engine& g) {
         return jumpflow::simulate_auto(n, x, 0.0, t1, g);
       }},
  };
}

// ns per event of the draws an event needs at least, with the given exponential.
template <class Exponential>
double floor_ns(Exponential exponential) {
  jumpflow::philox_engine g(99, 0);
  double sink = 0.0;
  constexpr int n = 5'000'000;
  const double start = thread_ns();
  for (int i = 0; i < n; ++i) sink += exponential(g) + jumpflow::uniform01(g);
  const double stop = thread_ns();
  benchmark::DoNotOptimize(sink);
  return (stop - start) / n;
}

// ns per event of simulate_dense_direct's draws: a ziggurat exponential and 32 bits (half an
// output), against floor_ns's two outputs (the same loop otherwise).
double dense_floor_ns() {
  jumpflow::philox_engine g(99, 0);
  jumpflow::detail::half_word_bits bits(g);
  double sink = 0.0;
  constexpr int n = 5'000'000;
  const double start = thread_ns();
  for (int i = 0; i < n; ++i) {
    sink += jumpflow::ziggurat_exponential(g) + static_cast<double>(bits()) * 0x1p-32;
  }
  const double stop = thread_ns();
  benchmark::DoNotOptimize(sink);
  return (stop - start) / n;
}

// Median ns/event of every method on every model, interleaved repetitions.
std::vector<std::vector<double>> measure(const std::vector<model>& ms,
                                         const std::vector<method>& meths, int reps) {
  std::vector<std::vector<std::vector<double>>> ns(
      ms.size(), std::vector<std::vector<double>>(meths.size()));
  for (int r = 0; r < reps; ++r) {
    for (std::size_t i = 0; i < ms.size(); ++i) {
      for (std::size_t k = 0; k < meths.size(); ++k) {
        jumpflow::philox_engine g(7, static_cast<std::uint64_t>(r));
        count_vector x = ms[i].x0;
        const double start = thread_ns();
        std::uint64_t events = 0;
        try {
          events = meths[k].run(ms[i].net, x, ms[i].t1, g);
        } catch (const std::invalid_argument&) {  // a network the method does not take (PDM)
          ns[i][k].push_back(std::numeric_limits<double>::quiet_NaN());
          continue;
        }
        const double stop = thread_ns();
        benchmark::DoNotOptimize(x.data());
        ns[i][k].push_back((stop - start) / static_cast<double>(events));
      }
    }
  }
  std::vector<std::vector<double>> out(ms.size());
  for (std::size_t i = 0; i < ms.size(); ++i) {
    for (const auto& v : ns[i]) out[i].push_back(median(v));
  }
  return out;
}

// The table of `ms`: "x floor" is ns/event over `floor` (the ziggurat_exponential + uniform01
// floor; n/a when not measured), "vs NRM" the speed-up over the next reaction method in the same
// run (its ns/event over the method's).
void print_table(const std::vector<model>& ms, const std::vector<method>& meths, int reps,
                 double floor) {
  const auto ns = measure(ms, meths, reps);
  std::size_t nrm = 0;
  while (nrm + 1 < meths.size() && std::string(meths[nrm].name) != "next reaction") ++nrm;
  std::printf("\n| model | method | M events/s | ns/event | x floor | vs previous direct | vs NRM |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (std::size_t i = 0; i < ms.size(); ++i) {
    for (std::size_t k = 0; k < meths.size(); ++k) {
      const double v = ns[i][k];
      if (std::isnan(v)) {
        std::printf("| %s | %s | n/a | n/a | n/a | n/a | n/a |\n", ms[i].name.c_str(), meths[k].name);
        continue;
      }
      char by_floor[32] = "n/a";
      if (!std::isnan(floor)) std::snprintf(by_floor, sizeof by_floor, "%.1f", v / floor);
      std::printf("| %s | %s | %.2f | %.1f | %s | %.2fx | %.2fx |\n", ms[i].name.c_str(),
                  meths[k].name, 1e3 / v, v, by_floor, v / ns[i][0], ns[i][nrm] / v);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const int reps = argc > 1 ? std::atoi(argv[1]) : 7;
  const std::string filter = argc > 2 ? argv[2] : "";
  const auto meths = methods();
  const auto selected = [&filter](std::vector<model> ms) {
    std::erase_if(ms, [&filter](const model& m) { return m.name.find(filter) == std::string::npos; });
    return ms;
  };
  if (!filter.empty()) {
    std::printf("medians of %d interleaved repetitions, thread CPU time, models matching '%s'\n",
                reps, filter.c_str());
    print_table(selected(models()), meths, reps, std::numeric_limits<double>::quiet_NaN());
    print_table(selected(crossover_models()), meths, reps, std::numeric_limits<double>::quiet_NaN());
    return 0;
  }
  std::vector<double> floor_log, floor_zig;
  for (int r = 0; r < reps; ++r) {
    floor_log.push_back(floor_ns([](auto& g) { return jumpflow::standard_exponential(g); }));
    floor_zig.push_back(floor_ns([](auto& g) { return jumpflow::ziggurat_exponential(g); }));
  }
  std::vector<double> floor_half;
  for (int r = 0; r < reps; ++r) floor_half.push_back(dense_floor_ns());
  const double fl = median(floor_log), fz = median(floor_zig);
  std::printf("floor (draws per event, ns): exponential by -log U + uniform01 = %.1f; "
              "ziggurat_exponential + uniform01 = %.1f (ratio %.2f)\n",
              fl, fz, fz / fl);
  std::printf("floor of dense direct (ziggurat_exponential + 32 bits, 1.5 outputs) = %.1f "
              "(ratio %.2f to -log U + uniform01)\n",
              median(floor_half), median(floor_half) / fl);
  std::printf("medians of %d interleaved repetitions, thread CPU time\n", reps);
  for (const auto& ms : {models(), crossover_models()}) print_table(ms, meths, reps, fz);
  return 0;
}
