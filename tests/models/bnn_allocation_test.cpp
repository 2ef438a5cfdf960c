// Allocation-free evaluation on the hot path: quadratic_flow with a non-diagonal Hessian (the
// closed-form limit a sup_distance_observer evaluates per event) and the observer itself
// allocate nothing per call once the output buffers have their size. The global operator new
// of this executable counts every allocation.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <new>

#include "jumpflow/limit/sup_distance_observer.hpp"
#include "jumpflow/ode/dense_solution.hpp"
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

// The same with pruning (a dense_cursor): neither the pruned calls nor the evaluations, which
// set up the pruning window, allocate; for real states and for integer counts.
TEST(Allocations, PrunedSupDistanceObserverAllocatesNothingPerCall) {
  const int d = 4;
  const jumpflow::dense_solution sol([](const vector& y, vector& dydt, double) { dydt = -y; },
                                     vector::Ones(d), 0.0, 2.0);
  jumpflow::sup_distance_observer obs(jumpflow::dense_cursor{sol});
  jumpflow::sup_distance_observer counts(jumpflow::dense_cursor{sol}, jumpflow::max_norm{}, 0.01);
  // The first call sizes the buffers, and is 0.1 off the limit so that the wobbles below
  // stay within the sup (and are pruned).
  vector x = vector::Ones(d);
  x[0] = 1.1;
  jumpflow::count_vector k = jumpflow::count_vector::Constant(d, 100);
  k[0] = 110;
  obs(x, 0.0);
  counts(k, 0.0);
  k[0] = 100;
  const long before = allocations.load();
  for (int i = 1; i <= 1000; ++i) {
    const double t = 0.002 * i;
    x = vector::Constant(d, std::exp(-t));  // the limit, plus a wobble

    x[i % d] += (i % 3 ? 0.01 : -0.02);
    obs(x, t);
    k[i % d] = static_cast<long long>(std::lround(100.0 * std::exp(-t))) + (i % 2);
    counts(k, t);
  }
  EXPECT_EQ(allocations.load() - before, 0);
  EXPECT_LT(obs.evaluations(), obs.calls() / 2);
  EXPECT_LT(counts.evaluations(), counts.calls() / 2);
}

}  // namespace
