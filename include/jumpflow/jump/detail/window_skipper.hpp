/// \file
/// \brief Internal: the simulator's side of the windowed_observer protocol.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/core/observer_window.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

// Calls the observer of a reaction-network simulator at the start, after each jump and at
// the end, or, for a windowed_observer, skips the calls its window says it does not need (see
// the contract in core/observer_window.hpp). Calls are numbered as the simulator makes them
// (0 the start, k the k-th jump, the end one more than the last jump), so that the number of
// calls skipped before a call made is a difference, not a count kept per jump. The window is
// copied here after every call made, so that the check of a jump (its time, and the species
// it changed against the box) reads no observer state. For any other observer every call is
// made and the class adds nothing.
template <class Observer>
class window_skipper {
 public:
  static constexpr bool windowed = windowed_observer<Observer>;

  explicit window_skipper(Observer& obs) noexcept : obs_(obs) {}

  // The call number `call` (never skipped: the start, or the end).
  void call(const count_vector& x, double t, std::uint64_t call) {
    if constexpr (windowed) {
      made(x, t, call);
    } else {
      obs_(std::as_const(x), t);
    }
  }

  // The jump number `call`, from the state x of time t: fires channel j at t + tau (t is
  // advanced) and calls the observer, unless the jump is inside the window (its time, and
  // every species it changed, in the box; the other species are unchanged and in the box since
  // the last call made). A jump after the window's end needs the last skipped call made first:
  // its state is the left limit.
  void jump(const reaction_network& net, index j, count_vector& x, double& t, double tau,
            std::uint64_t call) {
    if constexpr (windowed) {
      const double next = t + tau;
      if (next <= window_.until) [[likely]] {
        t = next;
        // Fires the jump and checks the species it changed, in one pass.
        bool inside = true;
        const auto [first, last] = net.change(j);
        for (const species_term* c = first; c != last; ++c) {
          long long& v = x[c->species];
          v += c->count;
          inside &= window_.contains(c->species, v);
        }
        if (!inside) [[unlikely]]
          made(x, t, call);
        return;
      }
      flush(x, t, call - 1);
      t = next;
      net.fire(j, x);
      made(x, t, call);
    } else {
      t += tau;
      net.fire(j, x);
      obs_(std::as_const(x), t);
    }
  }

  // The run ends (returns, stops or throws) after the call number `call`, whose state is x
  // and time t: if it was skipped, it is made, so that the observer ends as if every call
  // had been made. Also before the end call, when that falls after the window.
  void flush(const count_vector& x, double t, std::uint64_t call) {
    if constexpr (windowed) {
      if (call > made_) [[unlikely]]
        made(x, t, call);
    }
  }
  // Before the end call at t1 (call number `call`), from the state x of time t.
  void before_end(const count_vector& x, double t, double t1, std::uint64_t call) {
    if constexpr (windowed) {
      if (t1 > window_.until) flush(x, t, call - 1);
    }
  }

 private:
  void made(const count_vector& x, double t, std::uint64_t call) {
    if (call > made_ + 1) obs_.skip(call - made_ - 1);
    made_ = call;
    obs_(std::as_const(x), t);
    window_ = std::as_const(obs_).window();
  }

  Observer& obs_;
  count_window window_;
  std::uint64_t made_ = 0;  // the number of the last call made
};

}  // namespace jumpflow::detail
