/// \file
/// \brief Internal: ceil and floor of a double to a long long, inline and exact.
#pragma once

namespace jumpflow::detail {

// ceil(v) and floor(v) as long long, for |v| <= 2^62 (not NaN): the same values as
// std::ceil / std::floor, without their call into libm (x86-64 has no rounding instruction
// before SSE4.1, so they are not inlined). The conversion truncates toward zero, exactly for
// such v (a double of magnitude >= 2^52 is an integer already); one step corrects it. Used by
// the observer's windows, computed at each evaluation of the limit.
inline long long ceil_to_count(double v) noexcept {
  const auto k = static_cast<long long>(v);
  return static_cast<double>(k) < v ? k + 1 : k;
}
inline long long floor_to_count(double v) noexcept {
  const auto k = static_cast<long long>(v);
  return static_cast<double>(k) > v ? k - 1 : k;
}

}  // namespace jumpflow::detail
