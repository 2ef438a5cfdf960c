// Shared by the MPI tests: a cheap replicate whose cost grows like n (so the split by cost
// matters), and a main() that initialises MPI and prints GoogleTest's report on rank 0 only.
#pragma once

#include <gtest/gtest.h>
#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/random/exponential.hpp"
#include "jumpflow/random/philox_engine.hpp"

namespace jumpflow::mpi_test {

// sup_{t <= 1} |N(n t) / n - t| of a rate-1 Poisson process N, scaled (Kurtz 1970): the
// path of X^n = N(n .)/n against its limit x(t) = t; about n events per replicate. `dims`
// independent coordinates give the error in the max norm (d of a 2-D study).
inline replicate_outcome poisson_replicate(double n, double dims, philox_engine& g) {
  double sup = 0.0;
  std::uint64_t events = 0;
  const int coordinates = std::isnan(dims) ? 1 : static_cast<int>(dims);
  for (int c = 0; c < coordinates; ++c) {
    double t = 0.0;
    double count = 0.0;
    for (;;) {
      const double next = t + standard_exponential(g) / n;
      // Just before the jump the gap is largest from below, just after from above.
      if (next >= 1.0) {
        sup = std::max(sup, std::abs(count / n - 1.0));
        break;
      }
      sup = std::max(sup, std::abs(count / n - next));
      count += 1.0;
      sup = std::max(sup, std::abs(count / n - next));
      ++events;
      t = next;
    }
  }
  return {sup, events};
}

}  // namespace jumpflow::mpi_test
