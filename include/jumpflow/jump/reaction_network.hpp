/// \file
/// \brief reaction_network: species counts, channels with mass-action or user propensities
/// and their state changes, and the dependency graph the simulators use.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/reaction_event.hpp"

namespace jumpflow {

/// \brief One term of a stoichiometric list: `count` molecules of species `species`.
/// \ingroup jump
///
/// In a reactant or product list `count` is a multiplicity (\f$\ge 1\f$); in a state change
/// it is a signed change (\f$\ne 0\f$).
struct species_term {
  index species;    ///< the species' index in the count vector, in \f$[0, d)\f$
  long long count;  ///< multiplicity (reactants, products) or signed change
};

/// \brief A user propensity: \f$a(x)\f$ from the species counts \f$x\f$.
/// \ingroup jump
///
/// It must return a finite value \f$\ge 0\f$ (simulators throw simulation_error otherwise)
/// and must not depend on time (use time_propensity_function for that).
using propensity_function = std::function<double(const count_vector&)>;

/// \brief A time-dependent user propensity: \f$a(x, t)\f$ from the species counts \f$x\f$ and
/// the time \f$t\f$ (e.g. a kinetic law that reads `time`, a periodic forcing).
/// \ingroup jump
///
/// It must return a finite value \f$\ge 0\f$ and be continuous in \f$t\f$ between events (the
/// exact simulators integrate it along time; see reaction_channel::time_dependent()).
using time_propensity_function = std::function<double(const count_vector&, double)>;

/// \brief A reaction channel: a propensity \f$a_j(x)\f$ and a state change \f$\nu_j\f$
/// (when the channel fires, \f$x \leftarrow x + \nu_j\f$).
/// \ingroup jump
///
/// Build one with mass_action() or custom(); a reaction_network validates it.
///
/// **Mass action** (stochastic, falling-factorial convention):
/// \f$a_j(x) = k_j \prod_i x_i (x_i - 1) \cdots (x_i - m_{ij} + 1)\f$ for reactant
/// multiplicities \f$m_{ij}\f$. The rate constant absorbs the \f$1/m!\f$ of Gillespie's
/// combinatorial convention (Gillespie 1977 counts \f$\binom{x}{m}\f$ combinations): for
/// \f$2A \to B\f$ with Gillespie constant \f$c\f$ pass \f$k = c/2\f$. The propensity is 0
/// whenever a reactant count is below its multiplicity, so mass-action channels never drive
/// a count negative.
class reaction_channel {
 public:
  /// \brief A mass-action channel `reactants -> products` with rate constant `rate`.
  /// \param rate the rate constant \f$k \ge 0\f$, finite.
  /// \param reactants species consumed, with multiplicities \f$\ge 1\f$ (empty: a source).
  /// \param products species produced, with multiplicities \f$\ge 1\f$ (empty: a sink).
  /// \param name optional name, used in error messages.
  /// \returns the channel; its state change is products minus reactants.
  /// \throws nothing here: reaction_network's constructor validates every channel.
  static reaction_channel mass_action(double rate, std::vector<species_term> reactants,
                                      std::vector<species_term> products, std::string name = {});

  /// \brief A channel with a user propensity.
  /// \param propensity the propensity \f$a(x)\f$.
  /// \param change the state change \f$\nu\f$ as signed terms (a species at most once).
  /// \param reads the species the propensity depends on (used to build the dependency
  ///        graph: a channel is re-evaluated only after a change of a species it reads). Leave
  ///        it empty only together with `reads_all = true`.
  /// \param reads_all if true, the propensity is assumed to depend on every species.
  /// \param name optional name, used in error messages.
  /// \returns the channel.
  /// \throws nothing here: reaction_network's constructor validates every channel.
  static reaction_channel custom(propensity_function propensity, std::vector<species_term> change,
                                 std::vector<index> reads, bool reads_all = false,
                                 std::string name = {});

  /// \brief A channel with a time-dependent user propensity \f$a(x, t)\f$.
  ///
  /// A network with such a channel is simulated exactly by simulate_direct(),
  /// simulate_next_reaction() and simulate_composition_rejection() alike: they all switch to
  /// the event-location path of simulate_pdmp() (the network is a PDMP with no continuous
  /// state): between events the total propensity \f$a_0(x, t)\f$ is integrated along time by
  /// adaptive Dormand-Prince, the next event is where its integral reaches an Exp(1) draw
  /// (located to a relative tolerance of \f$10^{-10}\f$), and the channel is chosen in proportion
  /// to the propensities at that time. simulate_tau_leaping() evaluates it at the start of each
  /// leap (part of its approximation).
  /// \param propensity the propensity \f$a(x, t)\f$, continuous in \f$t\f$.
  /// \param change the state change \f$\nu\f$ as signed terms (a species at most once).
  /// \param reads the species the propensity depends on (as for custom()).
  /// \param reads_all if true, the propensity is assumed to depend on every species.
  /// \param name optional name, used in error messages.
  /// \returns the channel.
  /// \throws nothing here: reaction_network's constructor validates every channel.
  static reaction_channel time_dependent(time_propensity_function propensity,
                                         std::vector<species_term> change,
                                         std::vector<index> reads, bool reads_all = false,
                                         std::string name = {});

  /// \brief Declares the channel's sensitivity, the *order* of its propensity in each species it
  /// reads, for the step-size control of simulate_tau_leaping().
  ///
  /// `orders[k]` bounds the log-derivative (elasticity) of the propensity in the `k`-th read
  /// species \f$i\f$, \f$|\partial \log a / \partial \log x_i| = |x_i\, \partial_i a / a|\f$,
  /// over the states a leap can reach: a relative change \f$\delta\f$ of \f$x_i\f$ changes the
  /// propensity by at most about `orders[k]`\f$\,\delta\f$ relatively. A monomial
  /// \f$x_i^m\f$ has order \f$m\f$; a Hill function \f$1/(1 + (x_i/K)^h)\f$ or
  /// \f$x_i^h/(K^h + x_i^h)\f$ has order at most \f$h\f$; Michaelis-Menten at most 1. Without a
  /// declaration simulate_tau_leaping() estimates the order from the propensity itself, by
  /// finite differences on the integer lattice at the start of each leap.
  /// \param orders one order per species in `reads` (in the order given there; per species
  ///        \f$0, \ldots, d-1\f$ if `reads_all`), each finite and \f$\ge 0\f$.
  /// \returns the channel with the declaration (for a mass-action channel the declaration is
  ///          ignored: its order is known).
  /// \throws nothing here: reaction_network's constructor checks the number of orders and their
  ///         domain.
  reaction_channel with_orders(std::vector<double> orders) && {
    orders_ = std::move(orders);
    has_orders_ = true;
    return std::move(*this);
  }

  /// \brief Whether the channel uses mass action.
  /// \returns true for mass_action() channels.
  bool is_mass_action() const noexcept { return !is_custom_; }

 private:
  friend class reaction_network;
  reaction_channel() = default;
  double rate_ = 0.0;
  std::vector<species_term> reactants_;
  std::vector<species_term> products_;
  std::vector<species_term> change_;
  std::vector<index> reads_;
  std::vector<double> orders_;
  bool has_orders_ = false;
  bool reads_all_ = false;
  bool is_custom_ = false;
  propensity_function propensity_;
  time_propensity_function time_propensity_;
  std::string name_;
};

/// \brief A reaction network: \f$d\f$ species (counts, a count_vector) and \f$M\f$ channels.
/// \ingroup jump
///
/// The continuous-time Markov chain on \f$\mathbb{Z}^d\f$ jumps from \f$x\f$ to
/// \f$x + \nu_j\f$ at rate \f$a_j(x)\f$. Immutable after construction, validated there,
/// holds no engine: one object can be shared by threads. The layout is flat (compressed
/// rows), so simulators touch no heap memory per event.
///
/// **Dependency graph** (Gibson and Bruck 2000): dependents(j) lists the channels whose
/// propensity reads a species that channel \f$j\f$ changes (including \f$j\f$ itself when it
/// does); after \f$j\f$ fires only those are recomputed.
class reaction_network {
 public:
  /// \brief The network of `species` species and the channels `channels`.
  /// \param species the number of species \f$d \ge 1\f$.
  /// \param channels the channels (at least one).
  /// \throws std::invalid_argument if `species < 1`, there is no channel, a species index
  ///         is out of range, a multiplicity is \f$< 1\f$, a change is 0 or names a species twice,
  ///         a custom channel has no propensity, or declares a number of orders other than the
  ///         number of species it reads.
  /// \throws std::domain_error if a mass-action rate or a declared order is negative, NaN or
  ///         infinite.
  reaction_network(index species, std::vector<reaction_channel> channels);

  /// \brief The network of `species` species, the channels `channels` and the discrete events
  /// `events` (see reaction_event; the exact simulators honour them, tau-leaping refuses them).
  /// \param species the number of species \f$d \ge 1\f$.
  /// \param channels the channels (at least one).
  /// \param events the events, in the order in which simultaneous ones are applied.
  /// \throws std::invalid_argument as the constructor without events, or if an event has no
  ///         trigger or no assignment, or a switch time is not finite.
  /// \throws std::domain_error if a mass-action rate is negative, NaN or infinite.
  reaction_network(index species, std::vector<reaction_channel> channels,
                   std::vector<reaction_event> events);

  /// \brief Number of species \f$d\f$.
  /// \returns \f$d\f$.
  index species() const noexcept { return species_; }
  /// \brief Number of channels \f$M\f$.
  /// \returns \f$M\f$.
  index channels() const noexcept { return static_cast<index>(rate_.size()); }

  /// \brief The propensity \f$a_j(x)\f$ of a channel that does not depend on time (not
  /// checked: simulators check it).
  /// \param j the channel, in \f$[0, M)\f$.
  /// \param x the counts, of size \f$d\f$.
  /// \returns \f$a_j(x)\f$.
  /// \throws std::invalid_argument if channel `j` is time-dependent (call
  ///         propensity(j, x, t)).
  double propensity(index j, const count_vector& x) const {
    if (is_custom_[static_cast<std::size_t>(j)] == timed_kind) [[unlikely]] {
      time_dependent_without_time(j);
    }
    return propensity(j, x, 0.0);
  }

  /// \brief The propensity \f$a_j(x, t)\f$ at time `t` (not checked: simulators check it); `t`
  /// is used only by time-dependent channels.
  /// \param j the channel, in \f$[0, M)\f$.
  /// \param x the counts, of size \f$d\f$.
  /// \param t the time.
  /// \returns \f$a_j(x, t)\f$.
  double propensity(index j, const count_vector& x, double t) const {
    const auto ju = static_cast<std::size_t>(j);
    // A one-byte flag, not the 32-byte std::function, is tested on the hot path: large
    // networks are bound by memory traffic.
    if (is_custom_[ju]) return is_custom_[ju] == timed_kind ? timed_[ju](x, t) : custom_[ju](x);
    double a = rate_[ju];
    for (auto k = reactant_begin_[ju]; k < reactant_begin_[ju + 1]; ++k) {
      const long long have = x[reactant_[k].species];
      // Fewer molecules than the multiplicity: the channel cannot fire.
      if (have < reactant_[k].count) return 0.0;
      for (long long m = 0; m < reactant_[k].count; ++m) a *= static_cast<double>(have - m);
    }
    return a;
  }

  /// \brief Fires channel `j` once: \f$x \leftarrow x + \nu_j\f$.
  /// \param j the channel.
  /// \param x the counts, updated in place.
  void fire(index j, count_vector& x) const noexcept { fire(j, x, 1); }

  /// \brief Fires channel `j` `times` times: \f$x \leftarrow x + k\,\nu_j\f$.
  /// \param j the channel.
  /// \param x the counts, updated in place.
  /// \param times the number of firings \f$k\f$.
  void fire(index j, count_vector& x, long long times) const noexcept {
    const auto ju = static_cast<std::size_t>(j);
    for (auto k = change_begin_[ju]; k < change_begin_[ju + 1]; ++k) {
      x[change_[k].species] += times * change_[k].count;
    }
  }

  /// \brief The state change \f$\nu_j\f$ as (species, signed change) terms.
  /// \param j the channel.
  /// \returns pointers `[first, last)` into the network's flat storage.
  std::pair<const species_term*, const species_term*> change(index j) const noexcept {
    const auto ju = static_cast<std::size_t>(j);
    return {change_.data() + change_begin_[ju], change_.data() + change_begin_[ju + 1]};
  }

  /// \brief The reactants of a mass-action channel (empty for a custom one).
  /// \param j the channel.
  /// \returns pointers `[first, last)` into the network's flat storage.
  std::pair<const species_term*, const species_term*> reactants(index j) const noexcept {
    const auto ju = static_cast<std::size_t>(j);
    return {reactant_.data() + reactant_begin_[ju], reactant_.data() + reactant_begin_[ju + 1]};
  }

  /// \brief The species channel `j`'s propensity reads (its reactants for mass action).
  /// \param j the channel.
  /// \returns pointers `[first, last)` to species indices, increasing.
  std::pair<const index*, const index*> reads(index j) const noexcept {
    const auto ju = static_cast<std::size_t>(j);
    return {read_.data() + read_begin_[ju], read_.data() + read_begin_[ju + 1]};
  }

  /// \brief The orders declared for channel `j` (reaction_channel::with_orders()), aligned with
  /// reads(j); empty when none were declared (always for a mass-action channel).
  /// \param j the channel.
  /// \returns pointers `[first, last)` into the network's flat storage.
  std::pair<const double*, const double*> orders(index j) const noexcept {
    const auto ju = static_cast<std::size_t>(j);
    return {order_.data() + order_begin_[ju], order_.data() + order_begin_[ju + 1]};
  }

  /// \brief Whether channel `j` uses mass action.
  /// \param j the channel.
  /// \returns true for a mass-action channel.
  bool is_mass_action(index j) const noexcept { return !is_custom_[static_cast<std::size_t>(j)]; }

  /// \brief Whether channel `j`'s propensity depends on time
  /// (reaction_channel::time_dependent()).
  /// \param j the channel.
  /// \returns true for a time-dependent channel.
  bool is_time_dependent(index j) const noexcept {
    return is_custom_[static_cast<std::size_t>(j)] == timed_kind;
  }

  /// \brief Whether any channel's propensity depends on time: the exact simulators then take
  /// the event-location path (see reaction_channel::time_dependent()).
  /// \returns true if some channel is time-dependent.
  bool is_time_dependent() const noexcept { return time_dependent_; }

  /// \brief Whether the network has discrete events (reaction_event).
  /// \returns true if it has at least one.
  bool has_events() const noexcept { return !events_.empty(); }

  /// \brief The discrete events, in the order in which simultaneous ones are applied.
  /// \returns the events.
  const std::vector<reaction_event>& events() const noexcept { return events_; }

  /// \brief The switch times of all events together (reaction_event::switch_times()): the
  /// simulators stop the chain at each of them to evaluate the triggers.
  /// \returns the times, increasing, without repeats.
  const std::vector<double>& event_times() const noexcept { return event_times_; }

  /// \brief The text naming event `k` in error messages: `event 0` or `event 0 (switch)`.
  /// \param k the event.
  /// \returns the text.
  std::string describe_event(std::size_t k) const;

  /// \brief The mass-action rate constant of channel `j` (0 for a custom channel).
  /// \param j the channel.
  /// \returns \f$k_j\f$.
  double rate(index j) const noexcept { return rate_[static_cast<std::size_t>(j)]; }

  /// \brief The channels to recompute after channel `j` fired (the dependency graph).
  /// \param j the channel.
  /// \returns pointers `[first, last)` to channel indices, increasing.
  std::pair<const index*, const index*> dependents(index j) const noexcept {
    const auto ju = static_cast<std::size_t>(j);
    return {dependent_.data() + dependent_begin_[ju], dependent_.data() + dependent_begin_[ju + 1]};
  }

  /// \brief The name of channel `j` (empty when none was given).
  /// \param j the channel.
  /// \returns its name.
  const std::string& name(index j) const noexcept { return name_[static_cast<std::size_t>(j)]; }

  /// \brief The text naming channel `j` in error messages: `channel 3` or `channel 3 (decay)`.
  /// \param j the channel.
  /// \returns the text.
  std::string describe(index j) const;

  /// \brief Checks that `x` has \f$d\f$ entries.
  /// \param function the caller's name for the message.
  /// \param x the counts.
  /// \throws std::invalid_argument if `x.size() != species()`.
  void require_state(const char* function, const count_vector& x) const;

 private:
  static constexpr unsigned char timed_kind = 2;  // is_custom_: 0 mass action, 1 custom, 2 timed
  [[noreturn]] void time_dependent_without_time(index j) const;

  index species_;
  bool time_dependent_ = false;
  std::vector<double> rate_;
  std::vector<propensity_function> custom_;
  std::vector<time_propensity_function> timed_;
  std::vector<unsigned char> is_custom_;
  std::vector<std::string> name_;
  std::vector<std::size_t> reactant_begin_, change_begin_, dependent_begin_, read_begin_,
      order_begin_;
  std::vector<double> order_;
  std::vector<species_term> reactant_, change_;
  std::vector<index> dependent_, read_;
  std::vector<reaction_event> events_;
  std::vector<double> event_times_;
};

}  // namespace jumpflow
