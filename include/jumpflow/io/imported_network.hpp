/// \file
/// \brief imported_network: a reaction network read from a model file, with the names of its
/// species, channels and observables, its initial state, its volume and its kinetic laws.
#pragma once

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/io/expression.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow {

/// \brief How a reader turns kinetic laws into channels.
/// \ingroup io
struct import_options {
  /// \brief Recognise mass-action laws and make them mass-action channels (the fast path).
  ///
  /// A law that is, after parameters are substituted and constants folded, a product
  /// \f$k \prod_i s_i^{m_i}\f$ of a constant and positive integer powers of species becomes a
  /// mass-action channel with the falling-factorial propensity
  /// \f$k \prod_i s_i (s_i - 1) \cdots (s_i - m_i + 1)\f$ (reaction_channel's convention,
  /// Gillespie 1977). This is the stochastic reading of a mass-action law; it differs from
  /// the literal formula only for \f$m_i \ge 2\f$, by a relative \f$O(1/s_i)\f$, and both have
  /// the same ODE limit. With `false` every law is evaluated literally.
  bool detect_mass_action = true;

  /// \brief The system size to read the model at (NaN: as in the file).
  ///
  /// This makes the density-dependent family of Kurtz (1970) from one file. SBML: the size of
  /// the model's one compartment is set to `volume` (a model with several compartments is
  /// refused); initial concentrations are kept, so initial counts scale with the volume, and
  /// kinetic laws see the new size (laws written in concentrations, times the compartment
  /// size, then scale as they should). BioNetGen (volume 1 in the file): initial counts are
  /// multiplied by `volume` and the rate of a reaction of order \f$m\f$ by
  /// \f$\mathrm{volume}^{1 - m}\f$; a reaction whose rate is a function is refused. Scaled
  /// initial counts are rounded to the nearest whole number.
  double volume = std::numeric_limits<double>::quiet_NaN();
};

/// \brief A reaction network read from a file (read_sbml(), read_bionetgen()), with names.
/// \ingroup io
///
/// The state is the vector of molecule counts of the species, in file order. Channel \f$j\f$
/// has the propensity propensity(j, x, t) and the state change of its reaction; species that
/// are fixed (SBML boundary or constant species, BioNetGen `$` species) never change.
///
/// **Time.** A kinetic law may read the time. Such a channel is marked (time_dependent(j))
/// and becomes a reaction_channel::time_dependent() channel of network(), which the exact
/// simulators simulate exactly (the total propensity is integrated along time between
/// jumps, see reaction_channel::time_dependent()); the law should be continuous in time.
///
/// **Events** (SBML events with no delay) become events of network() (reaction_event),
/// which the exact simulators apply exactly (tau-leaping refuses them). An event assignment sets
/// the count of a species to its formula evaluated on the state before the event (for a
/// species in concentration, times the compartment size), rounded to the nearest whole
/// number; a value that is negative or not finite is a simulation_error naming the event,
/// the species and the time. drift() ignores events.
///
/// Immutable after construction; one object can be shared by threads.
class imported_network {
 public:
  /// \brief A named observable: a function of the counts (and the time).
  struct observable {
    std::string name;  ///< its name in the file
    std::shared_ptr<const expression> value;  ///< its value, \f$f(x, t)\f$
  };

  /// \brief An event as a reader assembles it (internal use; see reaction_event).
  struct event_part {
    std::string name;  ///< its id in the file
    /// the trigger (nonzero: true), time read only in comparisons with switch_times
    detail::expr_node trigger;
    std::vector<double> switch_times;  ///< where the trigger may change other than at a jump
    bool initial_value = true;  ///< the trigger's value before the start
    bool persistent = true;  ///< see reaction_event::when()
    /// (species, new count as a formula of the counts and time before the event)
    std::vector<std::pair<index, detail::expr_node>> assignments;
  };

  /// \brief The parts of a network, as the readers assemble them (internal use).
  struct parts {
    std::string source;  ///< the reader's function name, for messages
    std::string file;  ///< the file (or `<string>`), for messages
    std::vector<std::string> species_names;  ///< one per species
    count_vector initial;  ///< initial counts
    std::vector<unsigned char> fixed;  ///< 1 for a species no reaction changes
    double volume = 1.0;  ///< the system size (compartment volume)
    std::vector<std::string> channel_names;  ///< one per channel
    std::vector<std::vector<species_term>> reactants;  ///< per channel
    std::vector<std::vector<species_term>> products;  ///< per channel
    std::vector<detail::expr_node> laws;  ///< per channel: the propensity (or rate, below)
    /// per channel: 1 if the law is a rate constant to multiply by the falling factorials of
    /// the reactants (BioNetGen's elementary reactions), 0 if it is the whole propensity
    std::vector<unsigned char> elementary;
    std::vector<observable> observables;  ///< named observables
    std::vector<event_part> events;  ///< discrete events (SBML events)
  };

  /// \brief Assembles and validates a network (used by the readers).
  /// \param p the parts.
  /// \param options how laws become channels.
  /// \throws std::invalid_argument naming the file and the species or channel if an initial
  ///         count is negative, a constant rate of an elementary reaction is negative or not
  ///         finite, or a propensity at the initial state is negative, NaN or infinite.
  imported_network(parts p, const import_options& options);

  /// \brief Number of species \f$d\f$.
  /// \returns \f$d\f$.
  index species() const noexcept { return static_cast<index>(p_.species_names.size()); }
  /// \brief Number of channels \f$M\f$.
  /// \returns \f$M\f$.
  index channels() const noexcept { return static_cast<index>(p_.channel_names.size()); }
  /// \brief The species names, in state order.
  /// \returns the names.
  const std::vector<std::string>& species_names() const noexcept { return p_.species_names; }
  /// \brief The channel (reaction) names.
  /// \returns the names.
  const std::vector<std::string>& channel_names() const noexcept { return p_.channel_names; }
  /// \brief The initial molecule counts.
  /// \returns \f$x_0\f$.
  const count_vector& initial_state() const noexcept { return p_.initial; }
  /// \brief The system size: the volume of the compartment (1 when there is none).
  /// \returns the volume.
  double volume() const noexcept { return p_.volume; }
  /// \brief Whether species `i` is fixed (never changed by a reaction).
  /// \param i the species.
  /// \returns true if fixed.
  bool fixed(index i) const noexcept { return p_.fixed[static_cast<std::size_t>(i)] != 0; }
  /// \brief The named observables (BioNetGen groups, SBML species defined by assignment rules).
  /// \returns the observables.
  const std::vector<observable>& observables() const noexcept { return p_.observables; }

  /// \brief Whether some channel's propensity depends on the time.
  /// \returns true if any does.
  bool time_dependent() const noexcept { return !time_channels_.empty(); }
  /// \brief Whether channel `j`'s propensity depends on the time.
  /// \param j the channel.
  /// \returns true if it does.
  bool time_dependent(index j) const noexcept;
  /// \brief The channels whose propensity depends on the time.
  /// \returns channel indices, increasing.
  const std::vector<index>& time_dependent_channels() const noexcept { return time_channels_; }

  /// \brief The propensity \f$a_j(x, t)\f$ of any channel (time-dependent or not).
  /// \param j the channel.
  /// \param x the counts.
  /// \param t the time.
  /// \returns \f$a_j(x, t)\f$ (not checked).
  double propensity(index j, const count_vector& x, double t) const;

  /// \brief The deterministic rate of channel `j` on real counts: its kinetic law, except
  /// that a mass-action channel uses \f$k \prod_i x_i^{m_i}\f$ (the reaction rate equation).
  /// \param j the channel.
  /// \param x the real counts.
  /// \param t the time.
  /// \returns the rate.
  double deterministic_rate(index j, const vector& x, double t) const;

  /// \brief The reaction rate equation \f$\dot x = \sum_j \nu_j r_j(x, t)\f$ on real counts
  /// (fixed species do not move); with counts \f$x = V c\f$ and \f$V\f$ = volume(), its
  /// solution divided by \f$V\f$ is the ODE limit of Kurtz (1970) in concentrations.
  /// \param x the real counts.
  /// \param dxdt the derivative, resized to species().
  /// \param t the time.
  void drift(const vector& x, vector& dxdt, double t) const;

  /// \brief The Jacobian \f$J = \sum_j \nu_j \nabla r_j(x, t)^\top\f$ of drift() (for the
  /// implicit ODE stepper, see ode_stepper): analytic for mass-action channels
  /// (\f$\partial_l\, k \prod_i x_i^{m_i} = k\, m_l x_l^{m_l - 1} \prod_{i \ne l} x_i^{m_i}\f$),
  /// by forward differences (step \f$\sqrt{\epsilon_{\mathrm{mach}}} \max(|x_l|, 1)\f$ in each
  /// species the law reads) for formula channels.
  /// \param x the real counts.
  /// \param J the Jacobian, resized to species() \f$\times\f$ species().
  /// \param t the time.
  void jacobian(const vector& x, matrix& J, double t) const;

  /// \brief The propensity of channel `j` as a compiled formula (for a mass-action channel:
  /// its rate constant times the falling factorials of its reactants).
  /// \param j the channel.
  /// \returns the formula.
  const expression& kinetic_law(index j) const noexcept {
    return *laws_[static_cast<std::size_t>(j)];
  }
  /// \brief Whether channel `j` became a mass-action channel (see import_options).
  /// \param j the channel.
  /// \returns true for mass action.
  bool is_mass_action(index j) const noexcept {
    return mass_action_[static_cast<std::size_t>(j)] != 0;
  }

  /// \brief The network, for the simulators.
  /// \returns the reaction network: mass-action channels where detected, time-dependent
  ///          channels for laws that read the time, custom channels otherwise, and the events.
  const reaction_network& network() const noexcept { return *net_; }

  /// \brief Whether the model has events.
  /// \returns true if network() has events.
  bool has_events() const noexcept { return net_->has_events(); }

 private:
  parts p_;
  std::vector<std::shared_ptr<const expression>> laws_, rates_;
  std::vector<std::vector<species_term>> changes_;
  std::vector<unsigned char> mass_action_;
  std::vector<index> time_channels_;
  std::optional<reaction_network> net_;  // always set by the constructor
};

}  // namespace jumpflow
