// Shared by the translation units of the Python module: running a long C++ call with the GIL
// released while Ctrl-C stays responsive, the stop condition that ends a simulation early when
// the call is cancelled, the progress of an ensemble, and the study runner (models.cpp).
#pragma once

#include <pybind11/pybind11.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "jumpflow/core/types.hpp"
#include "model_registry.hpp"
#include "progress.hpp"

namespace jumpflow::python {

namespace py = pybind11;

/// Thrown by work that noticed its cancellation; never reaches Python (run_released() raises
/// the KeyboardInterrupt that caused the cancellation instead).
struct cancelled : std::exception {
  const char* what() const noexcept override { return "jumpflow: cancelled"; }
};

/// What a long call's work sees of Ctrl-C. poll() says whether the call was cancelled; when the
/// work runs on the calling thread (run_released with `inline_call`), poll() on that thread
/// also runs Python's signal handlers, taking the GIL for it, at most once every 50 ms (so a
/// call that polls every 4096 events or every replicate pays a clock read per poll).
class cancel_token {
 public:
  explicit cancel_token(bool poll_signals)
      : owner_(std::this_thread::get_id()), poll_signals_(poll_signals), last_(clock::now()) {}

  bool poll() {
    if (poll_signals_ && std::this_thread::get_id() == owner_) {
      const auto now = clock::now();
      if (now - last_ >= interval) {
        last_ = now;
        py::gil_scoped_acquire gil;
        // A raising handler (Ctrl-C: KeyboardInterrupt) leaves its exception set on this
        // thread until run_released() raises it.
        if (PyErr_CheckSignals() != 0) cancel();
      }
    }
    return flag_.load(std::memory_order_relaxed);
  }
  void cancel() noexcept {
    signalled_ = true;
    flag_.store(true, std::memory_order_relaxed);
  }
  bool signalled() const noexcept { return signalled_; }

  static constexpr std::chrono::milliseconds interval{50};

 private:
  using clock = std::chrono::steady_clock;
  std::atomic<bool> flag_{false};
  std::thread::id owner_;
  bool poll_signals_;
  bool signalled_ = false;  // written by the thread that ran the handlers
  clock::time_point last_;
};

/// A simulator stop condition that ends the path when the call is cancelled, polling once every
/// 4096 events (a poll per event would cost more than the event on small networks).
struct cancel_stop {
  cancel_token* token;
  std::uint32_t count = 0;
  bool operator()(const count_vector&, double) {
    return (++count & 4095u) == 0 && token->poll();
  }
};

/// Throws `cancelled` if the call was cancelled (between replicates, after a stopped path).
inline void check_cancelled(cancel_token& token) {
  if (token.poll()) throw cancelled{};
}

/// Runs `work(token)` with the GIL released and returns its result (or rethrows its exception,
/// which pybind11 translates); other Python threads run meanwhile. When Python's signal
/// handlers raise (Ctrl-C: KeyboardInterrupt) the token is cancelled, the work stops at its
/// next poll, and that Python exception is raised here.
///
/// `inline_call` (single-threaded work): the work runs on the calling thread and polls the
/// handlers itself (cancel_token::poll), which saves starting a thread per call. Otherwise it
/// runs on a worker thread while the calling thread waits, running the handlers every 50 ms,
/// so that Ctrl-C stops the work even while this thread has nothing to poll with.
template <class Work>
auto run_released(bool inline_call, Work&& work) -> std::invoke_result_t<Work&, cancel_token&> {
  using result_type = std::invoke_result_t<Work&, cancel_token&>;
  cancel_token token(inline_call);
  std::optional<result_type> result;
  std::exception_ptr error;
  if (inline_call) {
    py::gil_scoped_release release;
    try {
      result.emplace(work(token));
    } catch (const cancelled&) {
    } catch (...) {
      error = std::current_exception();
    }
  } else {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work(token));
      } catch (const cancelled&) {
      } catch (...) {
        error = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      done = true;
      finished.notify_one();
    });
    std::unique_lock<std::mutex> lock(mutex);
    while (!finished.wait_for(lock, cancel_token::interval, [&] { return done; })) {
      if (token.signalled()) continue;
      lock.unlock();
      {
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) token.cancel();
      }
      lock.lock();
    }
    lock.unlock();
    worker.join();
  }
  if (token.signalled()) {
    if (!PyErr_Occurred()) PyErr_SetNone(PyExc_KeyboardInterrupt);
    throw py::error_already_set();
  }
  if (error) std::rethrow_exception(error);
  return std::move(*result);
}

/// The progress of an ensemble on stderr, through the command's progress display (a bar on a
/// terminal, lines otherwise): its replicates in `steps` blocks, each reported when the
/// replicates done (in any order, by any thread) reach it. Safe to call from the workers.
class ensemble_progress {
 public:
  ensemble_progress(std::uint64_t replicates, bool interactive)
      : replicates_(replicates),
        steps_(std::min<std::uint64_t>(replicates, interactive ? 50 : 10)),
        bar_(static_cast<std::size_t>(steps_), interactive, false, "blocks"),
        last_(std::chrono::steady_clock::now()) {}
  ensemble_progress(const ensemble_progress&) = delete;
  ensemble_progress& operator=(const ensemble_progress&) = delete;
  ~ensemble_progress() { bar_.finish(); }

  /// A replicate finished with `replicate_events` events.
  void replicate_done(std::uint64_t replicate_events) {
    events_.fetch_add(replicate_events, std::memory_order_relaxed);
    const std::uint64_t done = done_.fetch_add(1, std::memory_order_relaxed) + 1;
    if (done * steps_ / replicates_ <= reported_.load(std::memory_order_relaxed)) return;
    const std::lock_guard<std::mutex> lock(mutex_);
    const std::uint64_t step = done_.load(std::memory_order_relaxed) * steps_ / replicates_;
    if (step <= reported_.load(std::memory_order_relaxed)) return;
    // The blocks reached since the last report (several when replicates are short): the
    // first carries the events and the time since that report.
    const auto now = std::chrono::steady_clock::now();
    const std::uint64_t events = events_.load(std::memory_order_relaxed);
    double seconds = std::chrono::duration<double>(now - last_).count();
    std::uint64_t new_events = events - reported_events_;
    for (std::uint64_t s = reported_.load(std::memory_order_relaxed) + 1; s <= step; ++s) {
      const std::uint64_t first = (s - 1) * replicates_ / steps_, last = s * replicates_ / steps_;
      bar_.point_done(std::to_string(last) + "/" + std::to_string(replicates_) + " replicates", last - first,
                      new_events, seconds);
      new_events = 0;
      seconds = 0.0;
    }
    last_ = now;
    reported_events_ = events;
    reported_.store(step, std::memory_order_relaxed);
  }

 private:
  std::uint64_t replicates_, steps_;
  tool::progress bar_;
  std::atomic<std::uint64_t> done_{0}, events_{0}, reported_{0};
  std::mutex mutex_;
  std::uint64_t reported_events_ = 0;
  std::chrono::steady_clock::time_point last_;
};

/// Runs `jumpflow study` of `entry` with the configuration `config` (the keys of config.json),
/// writing its files to `out`, with progress on stderr when `progress`; returns the printed
/// table (models.cpp). The JSON results are in out/results.json.
std::string run_tool_study(const tool::model_entry& entry, const nlohmann::json& config, const std::string& out,
                           bool progress);

}  // namespace jumpflow::python
