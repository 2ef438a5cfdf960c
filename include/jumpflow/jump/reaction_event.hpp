/// \file
/// \brief reaction_event: a discrete event of a reaction network (an SBML event): when its
/// trigger turns from false to true, its assignment changes the counts at that instant.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief The trigger of a reaction_event: a condition \f$T(x, t)\f$ on the counts and the
/// time.
/// \ingroup jump
///
/// In \f$t\f$ it must be piecewise constant, right-continuous, and change only at the
/// event's switch times (reaction_event::switch_times()): for example \f$x_0 > 100\f$,
/// \f$t \ge 5\f$, or \f$t \ge 5 \wedge x_0 > 100\f$. Then it changes only at a jump of the
/// counts or at a switch time, the two instants the simulators evaluate it, so they locate
/// every firing exactly.
using event_trigger = std::function<bool(const count_vector&, double)>;

/// \brief The assignment of a reaction_event: changes the counts `x` in place at time `t`.
/// \ingroup jump
///
/// It must leave every count \f$\ge 0\f$ (throw simulation_error otherwise). A network's
/// dependency graph does not cover it: the simulators recompute every propensity after an
/// event.
using event_assignment = std::function<void(count_vector&, double)>;

/// \brief A discrete event of a reaction network: at each instant its trigger turns from
/// false to true, its assignment is applied at once (no delay).
/// \ingroup jump
///
/// Build one with at_time() or when() and pass it to reaction_network's constructor. The
/// exact simulators (simulate_direct(), simulate_next_reaction(),
/// simulate_composition_rejection()) honour the events of the network exactly:
/// - they stop the chain at each switch time, evaluate the triggers there, apply the events
///   that fire, and restart; memorylessness of the exponential waiting times (and, for
///   time-dependent propensities, of the integrated intensity) makes the restart exact;
/// - after every jump they evaluate the triggers that read the counts (reads_state());
///   a trigger that turns true fires at the jump time.
///
/// Semantics (those of SBML Level 3 events with no delay and no priority): the trigger's
/// value before the start time is initial_value(); at the start time and at each evaluation
/// an event whose trigger went from false to true fires; events that fire at the same instant
/// are applied in the order of the network's list, each after the previous one, and the
/// triggers are evaluated again after them, so events may cascade (more than 1000 rounds at
/// one instant is a simulation_error). The observer sees the counts after the jump and then,
/// at the same time, the counts after the events.
class reaction_event {
 public:
  /// \brief An event that fires once, at time `time` (the trigger \f$t \ge\f$ `time`).
  /// \param time the firing time, finite (an event at or before the start time of a run fires
  ///        at its start).
  /// \param assign the assignment.
  /// \param name optional name, used in error messages.
  /// \returns the event (its initial_value() is false).
  /// \throws nothing here: reaction_network's constructor validates every event.
  static reaction_event at_time(double time, event_assignment assign, std::string name = {});

  /// \brief An event with a general trigger.
  /// \param trigger the trigger \f$T(x, t)\f$ (see event_trigger).
  /// \param assign the assignment.
  /// \param reads_state whether the trigger reads the counts (then it is evaluated after every
  ///        jump; pass false for a trigger on the time alone).
  /// \param switch_times the times at which the trigger may change other than at a jump,
  ///        finite (any order; empty for a trigger on the counts alone).
  /// \param initial_value the trigger's value before the start time: with false, a trigger
  ///        that is true at the start fires there.
  /// \param persistent with false, an event that fires together with others is applied only
  ///        if its trigger is still true after those before it in the list were applied
  ///        (SBML's `persistent="false"`); with true it is applied in any case.
  /// \param name optional name, used in error messages.
  /// \returns the event.
  /// \throws nothing here: reaction_network's constructor validates every event.
  static reaction_event when(event_trigger trigger, event_assignment assign,
                             bool reads_state = true, std::vector<double> switch_times = {},
                             bool initial_value = true, bool persistent = true,
                             std::string name = {});

  /// \brief Evaluates the trigger.
  /// \param x the counts.
  /// \param t the time.
  /// \returns \f$T(x, t)\f$.
  bool trigger(const count_vector& x, double t) const { return trigger_(x, t); }
  /// \brief Applies the assignment.
  /// \param x the counts, changed in place.
  /// \param t the time.
  void assign(count_vector& x, double t) const { assign_(x, t); }
  /// \brief Whether the trigger reads the counts (is evaluated after every jump).
  /// \returns true if it does.
  bool reads_state() const noexcept { return reads_state_; }
  /// \brief The times at which the trigger may change other than at a jump.
  /// \returns the times, increasing, without repeats.
  const std::vector<double>& switch_times() const noexcept { return switch_times_; }
  /// \brief The trigger's value before the start time.
  /// \returns the value.
  bool initial_value() const noexcept { return initial_value_; }
  /// \brief Whether the event is applied even if an event applied before it at the same
  /// instant made its trigger false.
  /// \returns the flag.
  bool persistent() const noexcept { return persistent_; }
  /// \brief The name given at construction (may be empty).
  /// \returns the name.
  const std::string& name() const noexcept { return name_; }

 private:
  friend class reaction_network;
  reaction_event() = default;
  event_trigger trigger_;
  event_assignment assign_;
  bool reads_state_ = true;
  std::vector<double> switch_times_;
  bool initial_value_ = true;
  bool persistent_ = true;
  std::string name_;
};

}  // namespace jumpflow
