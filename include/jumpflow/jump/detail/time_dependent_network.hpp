/// \file
/// \brief Internal: exact simulation of a reaction network with time-dependent propensities,
/// as a PDMP with no continuous state (the event-location path of simulate_pdmp()).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <utility>

#include "jumpflow/jump/detail/simulation_support.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/simulate_pdmp.hpp"

namespace jumpflow::detail {

/// A reaction network seen as a pdmp_model with m = 0: the intensities are the propensities
/// a_j(x, t), a jump fires the channel.
class network_pdmp {
 public:
  using discrete_type = count_vector;
  explicit network_pdmp(const reaction_network& net) noexcept : net_(&net) {}
  index dimension() const noexcept { return 0; }
  index channels() const noexcept { return net_->channels(); }
  void flow(const vector&, const count_vector&, double, vector&) const noexcept {}
  void intensities(const vector&, const count_vector& x, double t, std::span<double> a) const {
    for (index j = 0; j < net_->channels(); ++j) a[static_cast<std::size_t>(j)] = net_->propensity(j, x, t);
  }
  template <class URBG>
  void jump(index j, vector&, count_vector& x, double, URBG&) const noexcept {
    net_->fire(j, x);
  }
  // Errors read "propensity of channel 3 (name)", as in the other reaction-network simulators.
  std::string describe_intensity(index j) const { return "propensity of " + net_->describe(j); }

 private:
  const reaction_network* net_;
};

/// Simulates `net` (which has a time-dependent channel) exactly on [t0, t1] for the simulator
/// `function`, with its observer and stop contract: obs(x, t0), obs after every event,
/// obs(x, t1); stop at t0 and after every event. Per event: one standard_exponential() (the
/// level of the integrated total propensity), one uniform01() for the channel.
template <class URBG, class Observer, class Stop>
std::uint64_t simulate_time_dependent_network(const char* function, const reaction_network& net,
                                              count_vector& x, double t0, double t1, URBG& g,
                                              Observer& obs, Stop& stop) {
  require_span(function, net, x, t0, t1);
  // The counts move into the PDMP state and back, also when a simulation_error leaves early.
  pdmp_state<count_vector> state{vector(), count_vector()};
  struct swap_back {
    count_vector& outside;
    count_vector& inside;
    ~swap_back() { outside.swap(inside); }
  } guard{x, state.k};
  x.swap(state.k);
  auto counts_obs = [&obs](const pdmp_state<count_vector>& s, double t) { obs(s.k, t); };
  auto counts_stop = [&stop](const pdmp_state<count_vector>& s, double t) {
    return static_cast<bool>(stop(s.k, t));
  };
  return pdmp_exact(function, network_pdmp(net), state, t0, t1, g, counts_obs, counts_stop,
                    pdmp_options{}, pdmp_reporting{false, false});
}

}  // namespace jumpflow::detail
