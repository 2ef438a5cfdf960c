// The floor of an exact sup-distance observer, for the observer-overhead benchmarks: whether a
// call raises the sup (a record) cannot be known without evaluating the limit there, so any
// observer whose sup() is exact after every call evaluates the limit at least at every record.
// record_finder evaluates every call of a run and notes its records; record_oracle, run on the
// same stream, is told them in advance and evaluates the limit only there. Its time over the bare
// run estimates the floor of any exact observer: it evaluates only what must be evaluated, builds
// no window, and receives every other call at the cost of a comparison of two numbers (about what
// a simulator that skips calls spends comparing the state with a window; a cheaper comparison
// could go slightly below it). Both measure the Euclidean distance of
// sup_distance_observer (scale x - limit(t), the left limit for a piecewise-constant path), with
// the same operations, so that the oracle's sup equals the observer's bit for bit.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "jumpflow/core/types.hpp"

namespace jumpflow_bench {

// The records of one run: the numbers of the calls that raised the sup (0 the start), and for
// each, the state of the call before it (its left limit), as doubles.
struct record_list {
  std::vector<std::uint64_t> calls;
  std::vector<double> lefts;  // dimension values per record
  std::size_t dimension = 0;
};

// Raises `sup` to the distances of the call's state x and (with `has_left`) of its left limit
// `left` from the limit's value v, each the Euclidean norm of scale * state - v, summed in the
// order of sup_distance_observer's fused loop.
inline void raise(double& sup, bool has_left, const jumpflow::vector& v, double scale,
                  const double* left, const jumpflow::count_vector& x) {
  double l2 = 0.0, x2 = 0.0;
  for (jumpflow::index i = 0; i < v.size(); ++i) {
    const double a = scale * left[i] - v[i];
    const double b = scale * static_cast<double>(x[i]) - v[i];
    l2 += a * a;
    x2 += b * b;
  }
  if (has_left && std::sqrt(l2) > sup) sup = std::sqrt(l2);
  if (std::sqrt(x2) > sup) sup = std::sqrt(x2);
}

// Observer of count_vector states that evaluates the limit (a dense_cursor, or any f(t, out))
// at every call and fills a record_list.
template <class Limit>
class record_finder {
 public:
  record_finder(Limit limit, double scale, record_list& out)
      : limit_(std::move(limit)), scale_(scale), out_(out) {}
  void operator()(const jumpflow::count_vector& x, double t) {
    limit_(t, value_);
    const auto d = static_cast<std::size_t>(value_.size());
    if (previous_.size() != d) previous_.assign(d, 0.0);
    out_.dimension = d;
    const double before = sup_;
    raise(sup_, call_ > 0, value_, scale_, previous_.data(), x);
    if (sup_ > before) {
      out_.calls.push_back(call_);
      out_.lefts.insert(out_.lefts.end(), previous_.begin(), previous_.end());
    }
    for (std::size_t i = 0; i < d; ++i) {
      previous_[i] = static_cast<double>(x[static_cast<jumpflow::index>(i)]);
    }
    ++call_;
  }
  double sup() const noexcept { return sup_; }

 private:
  Limit limit_;
  double scale_;
  record_list& out_;
  jumpflow::vector value_;
  std::vector<double> previous_;
  double sup_ = 0.0;
  std::uint64_t call_ = 0;
};

// Observer of count_vector states told the records of its run (a record_finder's, on the same
// stream): a call costs a comparison of its number with the next record's, and a record an
// evaluation of the limit (out of line, as the observer's).
template <class Limit>
class record_oracle {
 public:
  record_oracle(Limit limit, double scale, const record_list& records)
      : limit_(std::move(limit)), scale_(scale), records_(records) {
    next_ = records_.calls.empty() ? none : records_.calls[0];
  }
  void operator()(const jumpflow::count_vector& x, double t) {
    if (call_ == next_) [[unlikely]]
      evaluate(x, t);
    ++call_;
  }
  double sup() const noexcept { return sup_; }

 private:
  static constexpr std::uint64_t none = ~std::uint64_t{0};
  [[gnu::noinline]] void evaluate(const jumpflow::count_vector& x, double t) {
    limit_(t, value_);
    const double* previous = records_.lefts.data() + at_ * records_.dimension;
    raise(sup_, call_ > 0, value_, scale_, previous, x);
    ++at_;
    next_ = at_ < records_.calls.size() ? records_.calls[at_] : none;
  }

  Limit limit_;
  double scale_;
  const record_list& records_;
  jumpflow::vector value_;
  double sup_ = 0.0;
  std::uint64_t call_ = 0, next_ = none;
  std::size_t at_ = 0;
};

}  // namespace jumpflow_bench
