/// \file
/// \brief Internal: the discrete events of a reaction network (reaction_event), honoured by
/// the exact simulators around their event-free loop.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "jumpflow/jump/reaction_network.hpp"

namespace jumpflow::detail {

/// At time t: evaluates every trigger, applies (in list order) the events whose trigger went
/// from false to true since `was` (each trigger's last value, updated), and repeats until no
/// trigger turns true. Returns whether an event was applied. Throws simulation_error if an
/// assignment leaves a count negative or the events cascade for more than 1000 rounds.
bool apply_due_events(const char* function, const reaction_network& net, count_vector& x, double t,
                      std::vector<unsigned char>& was);

/// Simulates `net`, which has events, on [t0, t1] with the observer and stop contract of the
/// simulator `function`. `segment(x, a, b, g, obs, stop)` runs the event-free simulator on
/// [a, b] (observer at a, after every jump and at b unless stopped; stop at a and after every
/// jump). The run is cut at every switch time (net.event_times()) and after every jump at
/// which a state trigger turns true; events are applied there and the segment restarted from
/// the new state: exact, since the waiting times (exponential, or the Exp(1) level of the
/// integrated intensity) are memoryless. Returns the number of jumps (events not counted).
template <class URBG, class Observer, class Stop, class Segment>
std::uint64_t simulate_with_events(const char* function, const reaction_network& net,
                                   count_vector& x, double t0, double t1, URBG& g, Observer& obs,
                                   Stop& stop, Segment segment) {
  const auto& events = net.events();
  const auto& times = net.event_times();
  std::vector<unsigned char> was(events.size());
  for (std::size_t k = 0; k < events.size(); ++k) was[k] = events[k].initial_value() ? 1 : 0;
  obs(std::as_const(x), t0);
  if (stop(std::as_const(x), t0)) return 0;
  std::uint64_t jumps = 0;
  double t = t0;
  for (;;) {
    const bool applied = apply_due_events(function, net, x, t, was);
    if (t == t1) break;
    if (applied) {
      obs(std::as_const(x), t);
      if (stop(std::as_const(x), t)) return jumps;
    }
    const auto it = std::upper_bound(times.begin(), times.end(), t);
    const double next = (it == times.end() || *it > t1) ? t1 : *it;
    // The segment's first observation (its start) was made above or before; its last (at
    // `next`) is made after the events there are applied.
    bool obs_started = false, stop_started = false, hit = false, stopped = false;
    double hit_time = next;
    auto inner_obs = [&](const count_vector& y, double s) {
      if (!obs_started) {
        obs_started = true;
        return;
      }
      if (s != next) obs(y, s);
    };
    auto inner_stop = [&](const count_vector& y, double s) {
      if (!stop_started) {
        stop_started = true;  // the start: triggers and stop were evaluated on this state
        return false;
      }
      for (std::size_t k = 0; k < events.size(); ++k) {
        if (!events[k].reads_state()) continue;
        const bool v = events[k].trigger(y, s);
        if (v && was[k] == 0) {
          hit = true;  // left false in `was`: apply_due_events sees the transition
        } else {
          was[k] = v ? 1 : 0;
        }
      }
      if (hit) {
        hit_time = s;
        return true;
      }
      stopped = static_cast<bool>(stop(y, s));
      return stopped;
    };
    jumps += segment(x, t, next, g, inner_obs, inner_stop);
    if (stopped) return jumps;
    t = hit ? hit_time : next;
  }
  obs(std::as_const(x), t1);
  return jumps;
}

}  // namespace jumpflow::detail
