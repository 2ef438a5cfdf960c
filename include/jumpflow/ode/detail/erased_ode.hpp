// Internal: type-erased references to vector fields, Jacobians and observers, so that the ODE
// solvers behind dense_solution and integrate_rosenbrock4() are compiled once in the library
// (src/ode/) rather than instantiated in every file that solves a limit.
#pragma once

#include <memory>
#include <type_traits>
#include <utility>

#include "jumpflow/core/types.hpp"

namespace jumpflow::detail {

// A non-owning reference to a callable (the callable must outlive it): an object pointer and
// a call thunk, no allocation, no copy of the callable (move-only callables work).
template <class Signature>
class function_ref;

template <class R, class... Args>
class function_ref<R(Args...)> {
 public:
  function_ref() noexcept = default;

  template <class F>
  requires(!std::is_same_v<std::remove_cvref_t<F>, function_ref> &&
           std::is_invocable_r_v<R, F&, Args...>) function_ref(F& f)
  noexcept  // NOLINT(google-explicit-constructor): a reference wrapper
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<F*>(object))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }
  explicit operator bool() const noexcept { return call_ != nullptr; }

 private:
  void* object_ = nullptr;
  R (*call_)(void*, Args...) = nullptr;
};

// f(x, dxdt, t): writes dx/dt into dxdt (of the size of x).
using ode_function = function_ref<void(const vector&, vector&, double)>;
// jac(x, J, t): writes the d x d Jacobian into J. Empty: take it by finite differences.
using ode_jacobian_function = function_ref<void(const vector&, matrix&, double)>;
// obs(x, t): called at the start and after every step.
using ode_step_observer = function_ref<void(const vector&, double)>;

}  // namespace jumpflow::detail
