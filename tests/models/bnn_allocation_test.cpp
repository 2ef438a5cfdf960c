// Allocation-free evaluation on the hot path: quadratic_flow with a non-diagonal Hessian (the
// closed-form limit a sup_distance_observer evaluates per event) and the observer itself
// allocate nothing per call once the output buffers have their size. The global operator new
// of this executable counts every allocation.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/models/bnn/gradient_flow.hpp"
#include "jumpflow/models/bnn/quadratic_loss.hpp"

namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using jumpflow::matrix;
using jumpflow::vector;

jumpflow::quadratic_loss dense_loss(int d) {
  matrix h = matrix::Identity(d, d) * 2.0;
  for (int i = 0; i + 1 < d; ++i) h(i, i + 1) = h(i + 1, i) = 0.5;  // not diagonal
  return jumpflow::quadratic_loss(vector::Zero(d), h);
}

TEST(Allocations, QuadraticFlowWithNonDiagonalHessianAllocatesNothingPerEvaluation) {
  const int d = 16;
  const jumpflow::quadratic_flow flow(dense_loss(d), 1.0, vector::Ones(d));
  vector out(d);
  flow(0.0, out);
  const long before = allocations.load();
  for (int k = 1; k <= 1000; ++k) flow(0.001 * k, out);
  EXPECT_EQ(allocations.load() - before, 0);
  // The value is the flow's: z* + e^{-Ht} z0 at t = 1 against a series e^{-H} = sum (-H)^k/k!.
  const matrix h = dense_loss(d).hessian();
  matrix term = matrix::Identity(d, d), e = term;
  for (int k = 1; k < 40; ++k) {
    term = term * (-h) / k;
    e += term;
  }
  EXPECT_LT((out - e * vector::Ones(d)).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(Allocations, SupDistanceObserverAllocatesNothingPerCall) {
  const int d = 16;
  const jumpflow::quadratic_flow flow(dense_loss(d), 1.0, vector::Ones(d));
  jumpflow::sup_distance_observer obs(flow);
  vector x = vector::Ones(d);
  obs(x, 0.0);  // the first call sizes the buffers
  const long before = allocations.load();
  for (int k = 1; k <= 1000; ++k) {
    x[k % d] += (k % 2 ? 0.01 : -0.01);
    obs(x, 0.001 * k);
  }
  EXPECT_EQ(allocations.load() - before, 0);
  EXPECT_GT(obs.sup(), 0.0);
}

}  // namespace
