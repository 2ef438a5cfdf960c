/// \file
/// \brief Stop conditions of the reaction-network simulators: never_stop and the concept.
#pragma once

#include <concepts>

namespace jumpflow {

/// \brief A stop condition: a predicate `stop(x, t)` returning true when the simulation
/// must end (e.g. extinction, a threshold crossed). Simulators evaluate it at the start time
/// and after every event (after the observer saw the event); when it returns true they
/// return at once, so the path ends at that stopping time (the last time the observer saw)
/// and the observer is not called at the end time.
/// \ingroup jump
/// \tparam Stop the predicate type.
/// \tparam State the state type.
template <class Stop, class State>
concept stop_condition = std::predicate<Stop&, const State&, double>;

/// \brief The stop condition that never fires (the default of every simulator).
/// \ingroup jump
struct never_stop {
  /// \brief Never stops.
  /// \returns false.
  template <class State>
  constexpr bool operator()(const State& /*x*/, double /*t*/) const noexcept {
    return false;
  }
};

}  // namespace jumpflow
