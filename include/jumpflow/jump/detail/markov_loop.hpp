/// \file
/// \brief Internal: the skeleton shared by the Markov jump simulators (observer protocol,
/// buffers, checks) and the exponential clock step.
#pragma once

#include <cstdint>
#include <utility>

#include "jumpflow/core/error.hpp"
#include "jumpflow/jump/detail/state_ops.hpp"
#include "jumpflow/poisson/detail/span.hpp"
#include "jumpflow/random/exponential.hpp"

namespace jumpflow::detail {

inline constexpr const char* markov_function = "jumpflow::simulate_markov_jump";

/// What one step of a simulator did.
enum class step_result { stop, jump, rejected };

/// Advances t by an Exp(rate) gap. Returns false (t unchanged) when rate is 0 or the gap
/// overshoots t1; throws when the time stops advancing in double precision.
template <class URBG>
bool next_event_time(double& t, double rate, double t1, URBG& g) {
  if (rate == 0.0) return false;
  const double next = t + standard_exponential(g) / rate;
  if (!(next <= t1)) return false;
  require_simulation(next > t, markov_function, "time step", next - t, t,
                     "> 0 (the rate is too large for the magnitude of the time)");
  t = next;
  return true;
}

/// obs(x, t0); then step(t, dx) until it returns stop, applying (checked) every jump it
/// writes into dx and observing it; obs(x, t1). Returns the number of jumps.
template <class State, class Observer, class Step>
std::uint64_t markov_jump_loop(State& x, double t0, double t1, Observer& obs, Step step) {
  require_span(markov_function, t0, t1);
  State dx = make_increment(x);
  std::uint64_t jumps = 0;
  double t = t0;
  obs(std::as_const(x), t0);
  for (;;) {
    const step_result r = step(t, dx);
    if (r == step_result::stop) break;
    if (r == step_result::rejected) continue;
    apply_jump(markov_function, x, std::as_const(dx), t);
    ++jumps;
    obs(std::as_const(x), t);
  }
  obs(std::as_const(x), t1);
  return jumps;
}

}  // namespace jumpflow::detail
