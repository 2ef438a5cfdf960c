#include "jumpflow/jump/detail/simulation_support.hpp"

#include <string>
#include <vector>

#include "jumpflow/jump/detail/event_loop.hpp"

namespace jumpflow::detail {

void throw_bad_propensity(const char* function, const reaction_network& net, index j, double value,
                          double t) {
  throw simulation_error(simulation_message(function, "propensity of " + net.describe(j), value, t,
                                            "finite and >= 0"));
}

void require_span(const char* function, const reaction_network& net, const count_vector& x,
                  double t0, double t1) {
  net.require_state(function, x);
  require_domain(std::isfinite(t0), function, "t0", t0, "finite");
  if (!(std::isfinite(t1) && t1 >= t0)) {  // the message is built only on failure (no allocation)
    require_domain(false, function, "t1", t1, "finite and >= t0 (" + format_value(t0) + ")");
  }
}

bool apply_due_events(const char* function, const reaction_network& net, count_vector& x,
                      double t, std::vector<unsigned char>& was) {
  // SBML Level 3 events without delay: those whose trigger turned true fire now, in list
  // order; their assignments may turn further triggers true (a cascade at the same instant).
  constexpr int max_rounds = 1000;
  const auto& events = net.events();
  std::vector<std::size_t> due;
  bool applied = false;
  for (int round = 0;; ++round) {
    due.clear();
    for (std::size_t k = 0; k < events.size(); ++k) {
      const bool v = events[k].trigger(x, t);
      if (v && was[k] == 0) due.push_back(k);
      was[k] = v ? 1 : 0;
    }
    if (due.empty()) return applied;
    require_simulation(round < max_rounds, function, "the number of event rounds at one time",
                       round, t, "< 1000 (events that trigger each other without end)");
    for (std::size_t n = 0; n < due.size(); ++n) {
      const auto& e = events[due[n]];
      // A non-persistent event is dropped if an event applied before it made it false.
      if (n > 0 && !e.persistent() && !e.trigger(x, t)) {
        was[due[n]] = 0;
        continue;
      }
      e.assign(x, t);
      applied = true;
      for (index i = 0; i < x.size(); ++i) {
        require_simulation(x[i] >= 0, function,
                           "the count of species " + std::to_string(i) + " after " +
                               net.describe_event(due[n]),
                           static_cast<double>(x[i]), t, ">= 0");
      }
    }
  }
}

}  // namespace jumpflow::detail
