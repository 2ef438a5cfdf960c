/// \file
/// \brief Internal: the simulator's side of the windowed_observer protocol.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "jumpflow/core/observer_window.hpp"
#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

// Calls the observer of a reaction-network simulator at the start, after each jump and at
// the end, or, for a windowed_observer, skips the calls its window says it does not need (see
// the contract in core/observer_window.hpp). Calls are numbered as the simulator makes them
// (0 the start, k the k-th jump, the end one more than the last jump), so that the number of
// calls skipped before a call made is a difference, not a count kept per jump. For any other
// observer every call is made and the class adds nothing.
//
// The simulator's loop compares each jump's time with horizon(t1), which is t1, or for a
// windowed observer min(t1, until): one comparison for the end of the run and of the window.
// A jump past the window but not past t1 goes to window_ends() (the cold path).
//
// Inside the window the box is checked lazily. After a call made (or a check) whose state is
// in the box, a jump budget is computed: the fewest jumps after which some species could
// leave the box, min over species of (distance to the box's nearer edge) / (the largest
// |change| of that species over all channels), rounded down. While it lasts, the jumps'
// states are in the box for sure and a jump costs a decrement. A jump with no budget left
// checks the species it changed against the box (the others are unchanged and in it), which
// is exact, and every `period` such checks in a row (one for a network of one species, d for
// d species, so that the O(d) budget costs O(1) per jump) computes a new budget.
template <class Observer>
class window_skipper {
 public:
  static constexpr bool windowed = windowed_observer<Observer>;

  // For the run of `net` that ends at t1.
  window_skipper(Observer& obs, const reaction_network& net, double t1) : obs_(obs) {
    if constexpr (windowed) {
      w_.t1 = t1;
      w_.horizon = t1;
      w_.reach.assign(static_cast<std::size_t>(net.species()), 0);
      for (index j = 0; j < net.channels(); ++j) {
        const auto [first, last] = net.change(j);
        for (const species_term* c = first; c != last; ++c) {
          // |change| in unsigned arithmetic (exact for every long long).
          const auto u = static_cast<unsigned long long>(c->count);
          const unsigned long long size = c->count < 0 ? 0 - u : u;
          auto& r = w_.reach[static_cast<std::size_t>(c->species)];
          r = std::max(r, size);
        }
      }
      w_.period = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(net.species()));
    } else {
      (void)net;
      (void)t1;
    }
  }

  // The time up to which jumps need no time check besides this one: t1, or the window's end
  // when it comes first.
  double horizon(double t1) const noexcept {
    if constexpr (windowed) {
      return w_.horizon;
    } else {
      return t1;
    }
  }

  // The call number `call` (never skipped: the start, or the end).
  void call(const count_vector& x, double t, std::uint64_t call) {
    if constexpr (windowed) {
      made(x, t, call);
    } else {
      obs_(std::as_const(x), t);
    }
  }

  // The next jump falls after the window's end (and not after t1); the last call (number
  // `call`, of state x at t) is made if it was skipped, since its state is the next call's
  // left limit, and the next jump's call is made.
  void window_ends(const count_vector& x, double t, std::uint64_t call) {
    if constexpr (windowed) {
      flush(x, t, call);
      close();
    } else {
      (void)x;
      (void)t;
      (void)call;
    }
  }

  // The jump number `call`: fires channel j into x, whose time is now t, and calls the
  // observer, unless the jump is inside the window (its time is: horizon() was checked).
  void jump(const reaction_network& net, index j, count_vector& x, double t, std::uint64_t call) {
    net.fire(j, x);
    if constexpr (windowed) {
      // One subtraction and a branch on its borrow (check() sets the budget again).
      if (!__builtin_sub_overflow(w_.budget, 1, &w_.budget)) [[likely]]
        return;
      check(net, j, x, t, call);
    } else {
      obs_(std::as_const(x), t);
    }
  }

  // The run ends (returns, stops or throws) after the call number `call`, whose state is x
  // and time t: if it was skipped, it is made, so that the observer ends as if every call
  // had been made. Also before the end call, when that falls after the window.
  void flush(const count_vector& x, double t, std::uint64_t call) {
    if constexpr (windowed) {
      if (call > w_.made) [[unlikely]]
        made(x, t, call);
    }
  }
  // Before the end call at t1 (call number `call`), from the state x of time t.
  void before_end(const count_vector& x, double t, double t1, std::uint64_t call) {
    if constexpr (windowed) {
      if (t1 > w_.window.until) flush(x, t, call - 1);
    }
  }

 private:
  // A jump with no budget left, at time t <= horizon(): exact check of the species it changed.
  [[gnu::noinline]] void check(const reaction_network& net, index j, const count_vector& x,
                               double t, std::uint64_t call) {
    w_.budget = 0;
    // t <= until unless the window is empty (until = -infinity).
    if (t <= w_.window.until) {
      bool inside = true;
      const auto [first, last] = net.change(j);
      for (const species_term* c = first; c != last; ++c) {
        inside &= w_.window.contains(c->species, x[c->species]);
      }
      if (inside) {
        if (++w_.checks == w_.period) rebudget(x);
        return;
      }
    }
    made(x, t, call);
  }

  [[gnu::noinline]] void made(const count_vector& x, double t, std::uint64_t call) {
    if (call > w_.made + 1) obs_.skip(call - w_.made - 1);
    w_.made = call;
    obs_(std::as_const(x), t);
    w_.window = std::as_const(obs_).window();
    // A window that ends before this call (or is empty, or NaN) lets no later call be skipped.
    if (!(w_.window.until >= t)) {
      close();
      return;
    }
    w_.horizon = std::min(w_.t1, w_.window.until);
    rebudget(x);
  }

  // The budget of the state x (in the box: the call made or checked last). A state outside
  // the box (a broken contract) closes the window instead.
  void rebudget(const count_vector& x) noexcept {
    w_.checks = 0;
    std::uint64_t budget = std::numeric_limits<std::uint64_t>::max();
    const long long* box = w_.window.box;
    const std::size_t d = w_.reach.size();
    for (std::size_t i = 0; i < d; ++i) {
      const auto below = static_cast<unsigned long long>(x[static_cast<index>(i)]) -
                         static_cast<unsigned long long>(box[2 * i]);
      const auto width = static_cast<unsigned long long>(box[2 * i + 1]);
      if (below > width) [[unlikely]] {
        close();
        return;
      }
      const unsigned long long r = w_.reach[i];
      if (r == 0) continue;  // never changes
      const unsigned long long room = std::min(below, width - below);
      budget = std::min<std::uint64_t>(budget, r == 1 ? room : room / r);
    }
    w_.budget = budget;
  }

  // No window: every call is made (until the next window).
  void close() noexcept {
    w_.window.until = -std::numeric_limits<double>::infinity();
    w_.horizon = w_.t1;
    w_.budget = 0;
  }

  struct window_state {
    count_window window;  // the window given after the last call made
    double t1 = 0.0;
    double horizon = 0.0;      // min(t1, window.until), or t1 when the window is empty
    std::uint64_t budget = 0;  // jumps that cannot leave the box
    std::uint64_t made = 0;    // the number of the last call made
    std::uint64_t checks = 0;  // exact checks since the last budget
    std::uint64_t period = 1;  // exact checks between two budgets
    std::vector<unsigned long long> reach;  // per species, the largest |change|
  };
  struct no_state {};

  Observer& obs_;
  [[no_unique_address]] std::conditional_t<windowed, window_state, no_state> w_;
};

}  // namespace jumpflow::detail
