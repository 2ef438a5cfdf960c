// Shared by the translation units of the Python module: running a long C++ call with the GIL
// released while Ctrl-C stays responsive, and the stop condition that ends a simulation early
// when the call is cancelled.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "jumpflow/core/types.hpp"

namespace jumpflow::python {

namespace py = pybind11;

/// Thrown by work that noticed its cancellation flag; never reaches Python (run_released()
/// raises the KeyboardInterrupt that caused the cancellation instead).
struct cancelled : std::exception {
  const char* what() const noexcept override { return "jumpflow: cancelled"; }
};

/// A simulator stop condition that ends the path when the flag is set, looking at it once every
/// 4096 events (an atomic load per event would cost more than the event on small networks).
struct cancel_stop {
  const std::atomic<bool>* flag;
  std::uint32_t count = 0;
  bool operator()(const count_vector&, double) noexcept {
    return (++count & 4095u) == 0 && flag->load(std::memory_order_relaxed);
  }
};

/// Throws `cancelled` if the flag is set (between replicates, after a stopped path).
inline void check_cancelled(const std::atomic<bool>& flag) {
  if (flag.load(std::memory_order_relaxed)) throw cancelled{};
}

/// Runs `work(cancel_flag)` on a worker thread with the GIL released; the calling thread waits,
/// taking the GIL every 50 ms to run Python's signal handlers (PyErr_CheckSignals). When a
/// handler raises (Ctrl-C: KeyboardInterrupt), the flag is set, the work stops at its next
/// check, and that Python exception is raised here; otherwise the work's result is returned or
/// its exception rethrown (pybind11 translates it). Other Python threads run meanwhile.
template <class Work>
auto run_released(Work&& work) -> std::invoke_result_t<Work&, const std::atomic<bool>&> {
  using result_type = std::invoke_result_t<Work&, const std::atomic<bool>&>;
  std::atomic<bool> cancel{false};
  std::optional<result_type> result;
  std::exception_ptr error;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  bool signalled = false;
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work(static_cast<const std::atomic<bool>&>(cancel)));
      } catch (...) {
        error = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      done = true;
      finished.notify_one();
    });
    std::unique_lock<std::mutex> lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return done; })) {
      if (signalled) continue;
      lock.unlock();
      {
        py::gil_scoped_acquire acquire;
        // A raising handler leaves its exception set on this thread until we raise it below.
        if (PyErr_CheckSignals() != 0) signalled = true;
      }
      if (signalled) cancel.store(true, std::memory_order_relaxed);
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (signalled) {
    if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

}  // namespace jumpflow::python
