/// \file
/// \brief Internal: the simulator's side of the windowed_observer protocol.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "jumpflow/core/detail/integer_rounding.hpp"
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
// leave the box, min over species of (distance to the box's nearer edge) / 2^s, rounded
// down, where 2^s >= the largest |change| of that species over all channels (a power of 2:
// no division; exact for changes of 1 and 2). The states of the jumps within the budget are
// in the box for sure: such a jump costs the comparison of its number with the next one to
// check (a budget of 0 checks the next jump). A jump that must be checked is checked exactly:
// the species it changed against the box (the others are unchanged and in it), and every
// `period` checks in a row (every check for a network of one species, every d-th for d
// species, so that the O(d) pass costs O(1) per jump) the whole state, which gives a new
// budget. A checked state out of the box has its call made.
//
// A box that moves (count_window::drift) also gets a time budget: at a check, the state's
// distance k to the box's trailing edge (the one its motion brings nearer) is split, k/2 for
// the jumps (with the distance to the leading edge, in the jump budget above) and k/2 for the
// box, which moves at most k/2 until t + (k/2) / |drift|; that time caps the horizon (measured
// through simulate_auto() against shares 0.15 to 0.85 for the box: on SIR, where the box moves
// fast, 0.55 to 0.7 were best and 0.25 took 1.1x the observed time; on immigration-death 0.25
// to 0.55 were alike). Every check of a moving box recomputes both budgets over all species
// (an unchanged species may have been left behind by its box). A jump past the time budget but
// inside the window checks the state before the jump at the jump's time and, if it is still in
// the box, continues with new budgets; otherwise the last call is made (its state was in the
// box at its time) and so is the jump's.
//
// A loop over a network of D <= 3 species (simulate_dense_direct()'s register kernels, which
// keep the counts in registers, and simulate_direct()'s loop) instead compares the counts with
// the box after every jump, with no budgets of jumps (fix(), box()): a few operations per jump,
// and no check whose branch the processor cannot predict. Budgets run out long before the state
// leaves the box: they assume every jump goes the same way (on immigration-death at n = 10^4 a
// budget lasted 14 jumps and 7.5% of the jumps were checks), and with several species, each
// against a box that moves, about two jumps (SIR, where a third of the jumps were checks).
//  * One species: the counts lo to hi that lie in the box at every time up to the horizon
//    (count_thresholds; for a box that moves, the horizon is cut by a time budget as above,
//    and the counts are those between the trailing edge at the horizon and the leading edge
//    now), compared as integers. The state before a jump and the jump's state both lie in
//    them, hence in the box.
//  * Two or three species: the jump's state at its time, in doubles, against the box narrowed
//    on each side by the species' largest |change| 2^s (fixed_box), so that both that state
//    and the one before it (the jump's left limit) lie in the box; no time budget (a constant
//    state that lies in a box whose edges move linearly at two times lies in it between them),
//    except before the end call at t1 (before_end()).
// A window with a ball (count_window::centre: sup_distance_observer's Euclidean ball, of which
// its box is an inscribed part) is used instead of its box wherever the box would be: for one
// species, the ball is an interval with real ends (the thresholds are those counts in it);
// for two or three, fixed_box compares with the ball narrowed by the longest jump (reach_norm),
// again so that the jump's left limit lies in it too, and a state at a fixed distance from a
// centre that moves linearly is in the ball between two times at which it is (the squared
// distance is convex in time); budgets of jumps and time (rebudget_ball()) share the state's
// distance to the sphere as rebudget_moving() shares a trailing distance. On SIR at n = 10^4
// the ball took 0.41 times the evaluations of the box (7,961 against 19,467 on 20 paths through
// simulate_direct()), on immigration-death 0.74 times (7,482 against 10,127: the box's counts,
// rounded inwards at the window's start, lose up to a count at each end as the box moves).
// A jump that fails the comparison goes to moved(), which checks exactly the state before the
// jump at the jump's time (outside: its call is made) and the jump's state (outside: its call
// is made; inside: a new comparison is set up from it).
template <class Observer>
class window_skipper {
 public:
  static constexpr bool windowed = windowed_observer<Observer>;

  // For the run of `net` that ends at t1. Inlined, as jumped() is: a simulator that also
  // instantiates the class for other methods (simulate_auto()) would otherwise get another
  // inlining of its loop (measured: +4 instructions per jump in simulate_direct()'s).
  __attribute__((always_inline))
  window_skipper(Observer& obs, const reaction_network& net, double t1)
      : obs_(obs) {
    if constexpr (windowed) {
      w_.t1 = t1;
      w_.horizon = t1;
      const auto d = static_cast<std::size_t>(net.species());
      w_.shift.assign(d, never_changes);
      for (index j = 0; j < net.channels(); ++j) {
        const auto [first, last] = net.change(j);
        double squares = 0.0;
        for (const species_term* c = first; c != last; ++c) {
          squares += static_cast<double>(c->count) * static_cast<double>(c->count);
          // The smallest s with |change| <= 2^s (|change| in unsigned arithmetic, exact for
          // every long long).
          const auto u = static_cast<unsigned long long>(c->count);
          const unsigned long long size = c->count < 0 ? 0 - u : u;
          unsigned char s = 0;
          while (s < 63 && (1ULL << s) < size) ++s;
          auto& to = w_.shift[static_cast<std::size_t>(c->species)];
          to = to == never_changes ? s : std::max(to, s);
        }
        // (rounded up, so that it bounds the jump's length)
        w_.reach_norm = std::max(w_.reach_norm, std::sqrt(squares) * (1.0 + 0x1p-50));
      }
      w_.period = std::max<std::uint64_t>(1, d);
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

  // For a loop that compares its D counts with box() after every jump (see the top of the
  // class), from its start: x at t, the first call just made.
  template <int D>
  void fix(const count_vector& x, double t) noexcept {
    if constexpr (windowed) {
      static_assert(D >= 1 && D <= max_fixed);
      w_.fixed = true;
      w_.counted = D == 1;
      w_.left = x;
      for (std::size_t i = 0; i < static_cast<std::size_t>(D); ++i) {
        const unsigned char s = w_.shift[i];
        w_.reach[i] = s == never_changes ? 0.0 : std::ldexp(1.0, s);
      }
      // The first call's window, now compared (as made() sets it up, through arm_fixed();
      // not a shared function: calling one from made() cost 0.15 ns per jump in the kernels).
      if (!(w_.window.until >= t) || !arm_fixed(x, t)) close(w_.made);
    } else {
      (void)x;
      (void)t;
    }
  }
  // For two or three species, the box narrowed by each species' reach (fix()): holds() is whether
  // the counts y (y.value(i) as doubles) of a jump's state at its time s lie in it, so that the
  // jump's state and the one before it (its left limit) lie in the box. Without a window nothing
  // holds: every jump goes to moved().
  // With `ball` (the window has one), holds() compares with that ball instead, narrowed by the
  // longest jump: centre lo, squared radius radius2 (< 0: nothing holds).
  template <int D>
  struct fixed_box {
    double lo[D], hi[D], rate[D], from, radius2;
    bool ball;
    template <class Counts>
    __attribute__((always_inline)) bool holds(const Counts& y, double s) const noexcept {
      const double dt = s - from;
      if (ball) {
        double sum = 0.0;
        for (int i = 0; i < D; ++i) {
          const double offset = y.value(i) - lo[i] - rate[i] * dt;
          sum += offset * offset;
        }
        return sum <= radius2;
      }
      bool in = true;
      for (int i = 0; i < D; ++i) {
        const double offset = y.value(i) - rate[i] * dt;
        in &= (offset >= lo[i]) & (offset <= hi[i]);
      }
      return in;
    }
  };
  // For one species: the `size` counts from lo, which lie in the box at every time up to the
  // horizon (arm_fixed()), so that the jump's state and the one before it lie in the box;
  // compared in one unsigned comparison (modular arithmetic), which leaves room for none:
  // without a window nothing holds (size 0).
  struct count_thresholds {
    long long lo;
    unsigned long long size;
    template <class Counts>
    __attribute__((always_inline)) bool holds(const Counts& y, double) const noexcept {
      return static_cast<unsigned long long>(y.count(0)) - static_cast<unsigned long long>(lo) <
             size;
    }
  };
  template <int D>
  using box_type = std::conditional_t<D == 1, count_thresholds, fixed_box<D>>;
  // The current box for holds(), to be read again after every call of window_ends() or
  // moved().
  template <int D>
  box_type<D> box() const noexcept {
    box_type<D> b{};
    if constexpr (windowed && D == 1) {
      b.lo = w_.count_lo;
      b.size = w_.count_size;
    } else if constexpr (windowed) {
      for (int i = 0; i < D; ++i) {
        b.lo[i] = w_.lo[i];
        b.hi[i] = w_.hi[i];
        b.rate[i] = w_.rate[i];
      }
      b.from = w_.from;
      b.radius2 = w_.radius2;
      b.ball = w_.ball;
    }
    return b;
  }
  // The jump number `call` (channel j, fired into x at t; the state before it held from
  // `before`) failed the comparison with box(): checked exactly. The state before the jump
  // outside the box at t: its call is made (at `before`), then the jump's. Otherwise the jump's
  // call is made when its state lies outside the box, and a new comparison is set up when it
  // lies inside.
  [[gnu::noinline]] void moved(const reaction_network& net, index j, const count_vector& x,
                               double before, double t, std::uint64_t call) {
    if constexpr (windowed) {
      if (t <= w_.window.until) {
        // One species: thresholds that hold (count_size > 0; arm_counts() leaves none only
        // when rounding puts the count outside them) held the state before the jump, and they
        // lie in the box at every time up to the horizon, which t is not after.
        if (w_.counted && w_.count_size > 0) {
          if (arm_fixed(x, t)) return;
        } else {
          auto& left = w_.left;
          left = x;
          const auto [first, last] = net.change(j);
          for (const species_term* c = first; c != last; ++c) left[c->species] -= c->count;
          if (!inside(left, t)) {
            flush(left, before, call - 1);
          } else if (arm_fixed(x, t)) {
            return;
          }
        }
      }
      made(x, t, call);
    } else {
      (void)net;
      (void)j;
      (void)x;
      (void)before;
      (void)t;
      (void)call;
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

  // The next jump, at `next` (not after t1), falls after the horizon: after the window's end,
  // or after the time budget of a moving box. In the latter case, when the state x is still in
  // the box at `next`, new budgets are computed and the jump goes on as any other. Otherwise the
  // last call (number `call`, of state x at t) is made if it was skipped, since its state is the
  // next call's left limit, and the next jump's call is made.
  // Not inlined: inlined into simulate_direct()'s loop (with rebudget()) it made the loop keep
  // fewer values in registers (measured: the observer added 2.9 ns per jump instead of 2.2 ns on
  // immigration-death at n = 10^4; the same in simulate_dense_direct()).
  [[gnu::noinline]] void window_ends(const count_vector& x, double t, double next,
                                     std::uint64_t call) {
    if constexpr (windowed) {
      // (With fix() for several species, the horizon is the window's end; for one, it may be
      // the end of the counts' time budget.)
      if ((w_.counted || (!w_.fixed && w_.window.drift != nullptr)) && next <= w_.window.until) {
        if (rebudget(x, next, call)) return;
      }
      flush(x, t, call);
      close(call);
    } else {
      (void)x;
      (void)t;
      (void)next;
      (void)call;
    }
  }

  // The jump number `call`: fires channel j into x, whose time is now t, and calls the
  // observer, unless the jump is inside the window (its time is: horizon() was checked; its
  // state is, within the budget, else check() tells).
  void jump(const reaction_network& net, index j, count_vector& x, double t, std::uint64_t call) {
    net.fire(j, x);
    jumped(net, j, x, t, call);
  }
  // The same, for a simulator that fired channel j into x itself.
  __attribute__((always_inline)) void jumped(const reaction_network& net, index j,
                                             const count_vector& x, double t, std::uint64_t call) {
    if constexpr (windowed) {
      // The budget as the number of the next jump to check: one comparison per jump.
      if (call == w_.check_at) [[unlikely]]
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
  // Runs the simulator's event loop `loop` (it returns the number of events). If it throws,
  // the last skipped call is made first, from the loop's own `t` and `events` at that moment:
  // the observer then has seen every call up to the failure.
  template <class Loop>
  __attribute__((always_inline)) std::uint64_t run(Loop& loop, const count_vector& x,
                                                   const double& t, const std::uint64_t& events) {
    if constexpr (windowed) {
      try {
        return loop();
      } catch (...) {
        flush(x, t, events);
        throw;
      }
    } else {
      return loop();
    }
  }
  // Returns f(), a call at the jump number `call` (state x at t) that may throw (a propensity,
  // a stop condition); with Guard, if it throws, the last skipped call is made first. A guard
  // around one call, not around the whole loop (run()), lets the loop keep `t` and its count of
  // events in registers.
  template <bool Guard, class F>
  __attribute__((always_inline)) decltype(auto) guarded(F&& f, const count_vector& x, double t,
                                                       std::uint64_t call) {
    if constexpr (windowed && Guard) {
      try {
        return f();
      } catch (...) {
        flush(x, t, call);
        throw;
      }
    } else {
      (void)x;
      (void)t;
      (void)call;
      return f();
    }
  }
  // Before the end call at t1 (call number `call`), from the state x of time t: its left
  // limit is x, known to be in the box only up to the horizon.
  void before_end(const count_vector& x, double t, double t1, std::uint64_t call) {
    if constexpr (windowed) {
      // With fix(), the state before the end call was compared with a moving box only at its
      // jump's time: at t1 it is checked here.
      if (t1 > w_.horizon || (w_.fixed && call - 1 > w_.made && !inside(x, t1))) {
        flush(x, t, call - 1);
      }
    }
  }

 private:
  static constexpr unsigned char never_changes = 0xff;
  // The most species of a loop that compares its counts with box() (fix()).
  static constexpr std::size_t max_fixed = 3;
  // The share of a moving box's trailing distance given to the box's motion (the time budget);
  // the rest goes to the jumps (see the top of the class).
  static constexpr double box_share = 0.5;

  // The jump number `call` = check_at (channel j, to the state x at t <= horizon()), whose
  // budget is spent: checked exactly, with a new budget every `period` checks (the whole
  // state against the box), else on the species it changed (the others are in the box).
  // Its call is made when its state left the box or the window is empty.
  [[gnu::noinline]] void check(const reaction_network& net, index j, const count_vector& x,
                               double t, std::uint64_t call) {
    // t <= until unless the window is empty (until = -infinity).
    if (t <= w_.window.until) {
      if (w_.window.drift != nullptr || w_.window.centre != nullptr) {
        if (rebudget(x, t, call)) return;
      } else if (++w_.checks >= w_.period) {
        if (rebudget(x, t, call)) return;
      } else {
        bool inside = true;
        const auto [first, last] = net.change(j);
        for (const species_term* c = first; c != last; ++c) {
          inside &= w_.window.contains(c->species, x[c->species]);
        }
        if (inside) {
          w_.check_at = call + 1;
          return;
        }
      }
    }
    made(x, t, call);
  }

  [[gnu::noinline]] void made(const count_vector& x, double t, std::uint64_t call) {
    if (call > w_.made + 1) obs_.skip(call - w_.made - 1);
    w_.made = call;
    obs_(std::as_const(x), t);
    w_.window = std::as_const(obs_).window();
    // A window that ends before this call (or is empty, or NaN) lets no later call be
    // skipped; so does a state outside the box (a broken contract).
    w_.horizon = std::min(w_.t1, w_.window.until);
    if (!(w_.window.until >= t) || !rebudget(x, t, call)) close(call);
  }

  // Whether the state x of the jump (or call) number `call` lies in the box at time t; if so,
  // its budget: the next jump to check is `call` + 1 + the budget (and, for a moving box, the
  // horizon is at most the end of the time budget).
  bool rebudget(const count_vector& x, double t, std::uint64_t call) noexcept {
    if (w_.fixed) return arm_fixed(x, t);
    if (w_.window.centre != nullptr) return rebudget_ball(x, t, call);
    if (w_.window.drift != nullptr) return rebudget_moving(x, t, call);
    std::uint64_t budget = std::uint64_t{1} << 62;  // far beyond any run
    const long long* box = w_.window.box;
    const std::size_t d = w_.shift.size();
    for (std::size_t i = 0; i < d; ++i) {
      const auto below = static_cast<unsigned long long>(x[static_cast<index>(i)]) -
                         static_cast<unsigned long long>(box[2 * i]);
      const auto width = static_cast<unsigned long long>(box[2 * i + 1]);
      if (below > width) return false;
      const unsigned char s = w_.shift[i];
      if (s == never_changes) continue;
      budget = std::min<std::uint64_t>(budget, std::min(below, width - below) >> s);
    }
    w_.checks = 0;
    w_.check_at = call + 1 + budget;
    return true;
  }

  // rebudget() for a moving box: the distances of each species to its box's edges at t (in
  // doubles; the observer's margins cover the rounding). The edge that the box's motion brings
  // nearer (the trailing one) is shared: half of its distance k for the box (until
  // t + (k/2) / |drift|, rounded down), the rest for the jumps, which may also use all of the
  // distance to the other edge (the box moves away from it).
  bool rebudget_moving(const count_vector& x, double t, std::uint64_t call) noexcept {
    std::uint64_t budget = std::uint64_t{1} << 62;
    double room = std::numeric_limits<double>::infinity();  // time
    const long long* box = w_.window.box;
    const double* drift = w_.window.drift;
    const double dt = t - w_.window.from;
    const std::size_t d = w_.shift.size();
    for (std::size_t i = 0; i < d; ++i) {
      const double offset = static_cast<double>(x[static_cast<index>(i)]) - drift[i] * dt;
      const auto lo = static_cast<double>(box[2 * i]);
      const double below = offset - lo, above = lo + static_cast<double>(box[2 * i + 1]) - offset;
      if (!(below >= 0.0 && above >= 0.0)) return false;
      // The box's trailing edge (the lower one for a positive drift) comes nearer with time:
      // half of that distance for the box, the rest and the leading edge's for the jumps.
      const double trailing = drift[i] > 0.0 ? below : above;
      const double leading = drift[i] > 0.0 ? above : below;
      const double jumps = drift[i] != 0.0 ? std::min(leading, (1.0 - box_share) * trailing)
                                           : std::min(below, above);
      const unsigned char s = w_.shift[i];
      if (s != never_changes) {
        budget = std::min<std::uint64_t>(budget, static_cast<std::uint64_t>(jumps) >> s);
      }
      if (drift[i] != 0.0) room = std::min(room, box_share * trailing / std::abs(drift[i]));
    }
    w_.checks = 0;
    w_.check_at = call + 1 + budget;
    w_.horizon = std::min({w_.t1, w_.window.until, t + room * (1.0 - 0x1p-50)});
    return true;
  }

  // rebudget() with a ball: the state's room k (its distance to the sphere at t, in counts) is
  // shared as a moving box's trailing distance is (box_share for the centre's motion, at its
  // speed |drift|: the horizon is at most t + box_share k / |drift|; the rest, or all of it
  // for a ball that does not move, for the jumps, each at most reach_norm long).
  bool rebudget_ball(const count_vector& x, double t, std::uint64_t call) noexcept {
    const count_window& w = w_.window;
    const double dt = w.drift != nullptr ? t - w.from : 0.0;
    double sum = 0.0, speed = 0.0;
    for (index i = 0; i < x.size(); ++i) {
      const double rate = w.drift != nullptr ? w.drift[i] : 0.0;
      const double offset = static_cast<double>(x[i]) - w.centre[i] - rate * dt;
      sum += offset * offset;
      speed += rate * rate;
    }
    if (!(sum <= w.radius2)) return false;  // outside the ball (count_window::contains())
    speed = std::sqrt(speed);
    const double room = std::max(0.0, std::sqrt(w.radius2) - std::sqrt(sum));
    const double jumps = speed > 0.0 ? (1.0 - box_share) * room : room;
    constexpr double most = 0x1p62;  // far beyond any run
    const double budget = w_.reach_norm > 0.0 ? std::min(jumps / w_.reach_norm, most) : most;
    w_.checks = 0;
    w_.check_at = call + 1 + static_cast<std::uint64_t>(budget);
    if (speed > 0.0) {
      w_.horizon = std::min({w_.t1, w.until, t + box_share * room / speed * (1.0 - 0x1p-50)});
    }
    return true;
  }

  // Whether the state x lies in the window at time t: in its ball when it has one, else in its
  // box (every species).
  bool inside(const count_vector& x, double t) const noexcept { return w_.window.contains(x, t); }

  // rebudget() after fix(): whether the state x lies in the window at t; if so, for box(), the
  // ball narrowed by the longest jump, or the box narrowed by each species' reach (for one
  // species, the counts in either up to a time budget: arm_counts()).
  bool arm_fixed(const count_vector& x, double t) noexcept {
    if (!inside(x, t)) return false;
    const count_window& w = w_.window;
    if (w_.counted) {
      arm_counts(x[0], t);
      return true;
    }
    const std::size_t d = w_.shift.size();
    w_.ball = w.centre != nullptr;
    if (w_.ball) {
      // The ball narrowed by the longest jump: a jump's state in it and the state before the
      // jump lie in the window's ball.
      const double rho = std::sqrt(w.radius2) - w_.reach_norm;
      w_.radius2 = rho > 0.0 ? rho * rho : -1.0;
    }
    for (std::size_t i = 0; i < d; ++i) {
      w_.rate[i] = w.drift != nullptr ? w.drift[i] : 0.0;
      if (w_.ball) {
        w_.lo[i] = w.centre[i];
        continue;
      }
      const auto lo = static_cast<double>(w.box[2 * i]);
      w_.lo[i] = lo + w_.reach[i];
      w_.hi[i] =
          lo + static_cast<double>(static_cast<unsigned long long>(w.box[2 * i + 1])) - w_.reach[i];
    }
    w_.from = w.drift != nullptr ? w.from : 0.0;
    w_.horizon = std::min(w_.t1, w.until);
    return true;
  }

  // arm_fixed() for one species, whose count v lies in the box at t: the counts that lie in
  // it at every time up to the horizon. For a box that moves, the distance k of v to the
  // trailing edge is shared as by the budgets (box_share for the box's motion: the horizon is
  // at most t + box_share k / |drift|), and the counts are those between the trailing edge at
  // the horizon and the leading edge at t. Should v itself fall outside them (rounding, or a
  // window ending before k is used), nothing holds: the next jump is checked exactly.
  void arm_counts(long long v, double t) noexcept {
    const count_window& w = w_.window;
    double until = std::min(w_.t1, w.until);
    long long first = 0, last = 0;
    if (w.drift == nullptr || w.drift[0] == 0.0) {
      // The box itself, in integers (a box that does not move may reach +-2^62; its width, up
      // to 2^63, is unsigned).
      first = w.box[0];
      last = static_cast<long long>(static_cast<unsigned long long>(first) +
                                    static_cast<unsigned long long>(w.box[1]));
    } else {
      // A moving box lies within +-2^52 (compared in doubles, exact for its bounds); a ball is
      // an interval with real ends, which a count box would round inwards.
      const double rho = w.centre != nullptr ? std::sqrt(w.radius2) : 0.0;
      const double lo = w.centre != nullptr ? w.centre[0] - rho : static_cast<double>(w.box[0]);
      const double hi =
          w.centre != nullptr ? w.centre[0] + rho : lo + static_cast<double>(w.box[1]);
      const double rate = w.drift[0];
      const double shift = rate * (t - w.from);
      const auto count = static_cast<double>(v);
      const double trailing = rate > 0.0 ? count - (lo + shift) : (hi + shift) - count;
      until = std::min(until, t + box_share * trailing / std::abs(rate) * (1.0 - 0x1p-50));
      const double later = rate * (until - w.from);
      // Both bounds lie within about 2^53 of v (v is in the box at t, whose trailing edge moves
      // at most half the box's width by `until`): in the range of ceil_to_count().
      first = ceil_to_count(lo + (rate > 0.0 ? later : shift));
      last = floor_to_count(hi + (rate > 0.0 ? shift : later));
    }
    if (first <= v && v <= last) {
      w_.count_lo = first;
      // first <= v <= last: the number of counts fits (the whole range of long long, 2^64,
      // would wrap to none, which only makes every jump checked).
      w_.count_size =
          static_cast<unsigned long long>(last) - static_cast<unsigned long long>(first) + 1;
    } else {
      close_counts();
    }
    w_.horizon = until;
  }
  void close_counts() noexcept {
    w_.count_lo = 0;
    w_.count_size = 0;
  }

  // No window: every call is made (until the next window).
  void close(std::uint64_t call) noexcept {
    w_.window.until = -std::numeric_limits<double>::infinity();
    w_.horizon = w_.t1;
    w_.check_at = call + 1;
    w_.checks = 0;
    if (w_.fixed) {
      // Nothing holds: every jump goes to moved(), which makes its call.
      for (std::size_t i = 0; i < max_fixed; ++i) {
        w_.lo[i] = std::numeric_limits<double>::infinity();
        w_.hi[i] = -std::numeric_limits<double>::infinity();
        w_.rate[i] = 0.0;
      }
      w_.from = 0.0;
      w_.ball = false;
      w_.radius2 = -1.0;
      close_counts();
    }
  }

  struct window_state {
    count_window window;  // the window given after the last call made
    double t1 = 0.0;
    double horizon = 0.0;  // min(t1, window.until, a moving box's time budget), or t1: no window
    std::uint64_t check_at = 1;  // the number of the next jump to check
    std::uint64_t made = 0;      // the number of the last call made
    std::uint64_t checks = 0;    // exact checks since the last budget
    std::uint64_t period = 1;    // exact checks between two budgets
    // Per species, s with |change| <= 2^s for every channel (never_changes: no channel
    // changes it).
    std::vector<unsigned char> shift;
    // Whether fix() was called: the loop compares its counts with box() after every jump.
    bool fixed = false;
    // For two or three species: per species its reach 2^s (0: never changes), and the box
    // narrowed by it, lo <= y - rate (s - from) <= hi at time s (no window: lo > hi, nothing
    // holds).
    double reach[max_fixed] = {};
    double lo[max_fixed] = {};
    double hi[max_fixed] = {};
    double rate[max_fixed] = {};
    double from = 0.0;
    // With a ball: lo is its centre, and radius2 its squared radius narrowed by reach_norm
    // (< 0: nothing holds).
    bool ball = false;
    double radius2 = -1.0;
    // The longest jump (Euclidean norm of a channel's change, in counts).
    double reach_norm = 0.0;
    // For one species (counted): the count_size counts from count_lo, which lie in the box up
    // to the horizon (none: count_size = 0).
    bool counted = false;
    long long count_lo = 0;
    unsigned long long count_size = 0;
    count_vector left;  // moved()'s state before the jump
  };
  struct no_state {};

  Observer& obs_;
  [[no_unique_address]] std::conditional_t<windowed, window_state, no_state> w_;
};

}  // namespace jumpflow::detail
