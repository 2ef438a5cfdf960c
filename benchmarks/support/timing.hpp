// Timing helpers shared by the benchmark programs that print their own tables: the calling
// thread's CPU time, and the median of repeated measurements.
#pragma once

#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace jumpflow_bench {

/// Nanoseconds of CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): other processes on a
/// loaded machine count little.
inline double thread_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

/// The median of v (the mean of the two middle values for an even size); NaN if v is empty or
/// holds a NaN (a cell that was not measured).
inline double median(std::vector<double> v) {
  if (v.empty() || std::any_of(v.begin(), v.end(), [](double e) { return std::isnan(e); })) {
    return std::nan("");
  }
  std::sort(v.begin(), v.end());
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

}  // namespace jumpflow_bench
