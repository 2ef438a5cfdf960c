#include "jumpflow/jump/detail/simulation_support.hpp"

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
  require_domain(std::isfinite(t1) && t1 >= t0, function, "t1", t1,
                 "finite and >= t0 (" + format_value(t0) + ")");
}

}  // namespace jumpflow::detail
