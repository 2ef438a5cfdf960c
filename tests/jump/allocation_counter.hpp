// Test support: counts heap allocations, to check that simulators allocate nothing per event.
//
// How: the test executable is linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, so
// every malloc/calloc/realloc call made by code linked into it (our headers, the library,
// Eigen's aligned_malloc, which calls std::malloc) goes through a counting wrapper; the global
// operator new / delete are replaced by versions on malloc / free, so allocations made by
// std::vector, std::function, std::string are counted too.
#pragma once

#include <cstdint>

namespace jumpflow::test {

/// Number of heap allocations (malloc, calloc, realloc, operator new) so far in this process.
std::uint64_t allocations() noexcept;

}  // namespace jumpflow::test
