// A sup_distance_observer that also counts the calls a simulator made to it (the windowed_observer
// protocol lets a simulator skip the calls the observer would prune): the tests of the limit
// module check that a simulator used the observer's window.
#pragma once

#include <cstdint>

#include "jumpflow/limit/sup_distance_observer.hpp"

namespace jumpflow::test {

template <class Limit, class Norm>
struct counting_observer : jumpflow::sup_distance_observer<Limit, Norm> {
  using jumpflow::sup_distance_observer<Limit, Norm>::sup_distance_observer;
  std::uint64_t made = 0;  // calls received
  template <class Derived>
  void operator()(const Eigen::MatrixBase<Derived>& x, double t) {
    ++made;
    jumpflow::sup_distance_observer<Limit, Norm>::operator()(x, t);
  }
};

}  // namespace jumpflow::test
