/// \file
/// \brief Internal: validation of a time span shared by the poisson and jump modules.
#pragma once

#include <cmath>
#include <string_view>

#include "jumpflow/core/error.hpp"

namespace jumpflow::detail {

/// Throws std::domain_error unless t0 is finite and t1 is finite and >= t0.
inline void require_span(std::string_view function, double t0, double t1) {
  require_domain(std::isfinite(t0), function, "t0", t0, "finite");
  require_domain(std::isfinite(t1) && t1 >= t0, function, "t1", t1, "finite and >= t0");
}

/// Throws std::domain_error unless rate is finite and >= 0.
inline void require_rate(std::string_view function, std::string_view parameter, double rate) {
  require_domain(std::isfinite(rate) && rate >= 0, function, parameter, rate, "finite and >= 0");
}

}  // namespace jumpflow::detail
