// Internal: string concatenation by appending only. GCC 12 at -O3 reports a false
// -Wrestrict on `"literal" + std::string` (GCC bug 105329), which -Werror turns fatal.
#pragma once

#include <string>
#include <string_view>

namespace jumpflow::detail {

template <class... Parts>
std::string concat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace jumpflow::detail
