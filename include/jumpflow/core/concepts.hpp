/// \file
/// \brief Concepts shared by every module: engines and observers.
#pragma once

#include <concepts>
#include <random>

namespace jumpflow {

/// \brief A uniform random bit generator in the sense of the standard
/// (`std::uniform_random_bit_generator`): `g()` returns unsigned integers in
/// `[G::min(), G::max()]`. jumpflow takes engines by reference (`URBG&`), never copies
/// them and never uses a global default.
/// \ingroup core
template <class G>
concept urbg = std::uniform_random_bit_generator<std::remove_reference_t<G>>;

/// \brief An observer of a path: called as `obs(x, t)` with the state `x` and the time `t`.
/// \ingroup core
///
/// Simulators call it once at the start time with the initial state, after every jump
/// with the new state and the jump time, and once at the end time with the final state.
/// The left limit at a jump is therefore the state of the previous call.
/// \tparam Observer the callable.
/// \tparam State the state type passed to it.
template <class Observer, class State>
concept observer = std::invocable<Observer&, const State&, double>;

/// \brief The observer that does nothing (the default of every simulator).
/// \ingroup core
struct null_observer {
  /// \brief Ignores the state and the time.
  template <class State>
  constexpr void operator()(const State& /*x*/, double /*t*/) const noexcept {}
};

}  // namespace jumpflow
