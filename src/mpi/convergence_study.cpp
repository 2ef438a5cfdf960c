#include "jumpflow/mpi/convergence_study.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "jumpflow/core/error.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/mpi/detail/collectives.hpp"
#include "jumpflow/mpi/rank_error.hpp"
#include "jumpflow/mpi/work_split.hpp"
#include "jumpflow/random/stream_layout.hpp"

namespace jumpflow::mpi {

namespace detail {

double task_cost(const cost_function& cost, double n, double d) {
  if (cost) return cost(n, d);
  return std::isnan(d) ? n : n * d;
}

}  // namespace detail

namespace {

using clock_type = std::chrono::steady_clock;
constexpr int segment_tag = 1;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// One finished segment, as computed on its rank and as sent to rank 0: a header followed by
// `count` outcomes (ok) or `count` characters of the error message (failed).
enum class segment_status : std::uint32_t { ok = 0, failed = 1, skipped = 2 };

struct segment_header {
  segment_status status;
  std::uint32_t reserved;
  double seconds;
  std::uint64_t count;
};

struct segment_result {
  segment_status status = segment_status::skipped;
  double seconds = 0.0;
  std::vector<replicate_outcome> outcomes;
  std::string message;
};

segment_result run_segment(const point_task& task, const work_segment& s, unsigned threads) {
  segment_result out;
  const auto start = clock_type::now();
  try {
    // Replicate r of the point draws from study_stream(seed, point, r): the segment's
    // ensemble starts at stream id (point, first) and hands the replicate its global number.
    out.outcomes = jumpflow::run_ensemble(
        s.count, task.seed, threads,
        [&task, first = s.first](philox_engine& g, std::uint64_t r) {
          return task.replicate(g, first + r);
        },
        study_stream_id(task.stream_point, s.first));
    out.status = segment_status::ok;
  } catch (const std::exception& e) {
    out.status = segment_status::failed;
    out.message = e.what();
  } catch (...) {
    out.status = segment_status::failed;
    out.message = "unknown exception";
  }
  out.seconds = seconds_since(start);
  return out;
}

std::vector<unsigned char> pack(const segment_result& s) {
  const std::size_t payload = s.status == segment_status::ok
                                  ? s.outcomes.size() * sizeof(replicate_outcome)
                                  : s.message.size();
  const segment_header h{s.status, 0, s.seconds,
                         s.status == segment_status::ok ? s.outcomes.size() : s.message.size()};
  std::vector<unsigned char> bytes(sizeof h + payload);
  std::memcpy(bytes.data(), &h, sizeof h);
  if (payload > 0) {
    std::memcpy(bytes.data() + sizeof h,
                s.status == segment_status::ok ? static_cast<const void*>(s.outcomes.data())
                                               : static_cast<const void*>(s.message.data()),
                payload);
  }
  return bytes;
}

segment_result unpack(const std::vector<unsigned char>& bytes) {
  segment_header h{};
  std::memcpy(&h, bytes.data(), sizeof h);
  segment_result s;
  s.status = h.status;
  s.seconds = h.seconds;
  const unsigned char* payload = bytes.data() + sizeof h;
  if (h.status == segment_status::ok) {
    s.outcomes.resize(h.count);
    std::memcpy(static_cast<void*>(s.outcomes.data()), payload, h.count * sizeof(replicate_outcome));
  } else {
    s.message.assign(reinterpret_cast<const char*>(payload), h.count);
  }
  return s;
}

// What rank 0 broadcasts at the end: the rows or the failure, and the report's figures.
struct final_header {
  std::uint32_t failed;
  std::int32_t failed_rank;
  double wall_seconds;
  double reduction_seconds;
  std::uint64_t points;
  std::uint64_t message_size;
};

// Rank 0's own segments run on a separate thread so that its calling thread stays free to
// receive the other ranks' segments (and to save finished points) while they arrive.
class local_worker {
 public:
  local_worker(std::span<const point_task> tasks, std::vector<work_segment> mine, unsigned threads)
      : tasks_(tasks), mine_(std::move(mine)), results_(mine_.size()), threads_(threads) {
    thread_ = std::thread([this] { run(); });
  }
  ~local_worker() {
    stop();
    thread_.join();
  }
  local_worker(const local_worker&) = delete;
  local_worker& operator=(const local_worker&) = delete;

  void stop() {
    const std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  // The next finished segment (in order of `mine`), if there is one.
  std::optional<std::pair<std::size_t, segment_result>> take() {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (taken_ == finished_) return std::nullopt;
    const std::size_t i = taken_++;
    return std::make_pair(i, std::move(results_[i]));
  }

 private:
  void run() {
    bool failed = false;
    for (std::size_t i = 0; i < mine_.size(); ++i) {
      bool stop = false;
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        stop = stop_;
      }
      segment_result r;  // skipped
      if (!stop && !failed) r = run_segment(tasks_[mine_[i].point], mine_[i], threads_);
      failed = failed || r.status == segment_status::failed;
      const std::lock_guard<std::mutex> lock(mutex_);
      results_[i] = std::move(r);
      finished_ = i + 1;
    }
  }

  std::span<const point_task> tasks_;
  std::vector<work_segment> mine_;
  std::vector<segment_result> results_;
  unsigned threads_;
  std::mutex mutex_;
  bool stop_ = false;
  std::size_t finished_ = 0, taken_ = 0;
  std::thread thread_;
};

void check_tasks(std::span<const point_task> tasks, const study_options& options) {
  constexpr const char* fn = "jumpflow::mpi::run_study_points";
  jumpflow::detail::check_study_options(fn, options, tasks.size());
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    jumpflow::detail::check_study_point(fn, tasks[k].stream_point, tasks[k].n, tasks[k].d);
    require_argument(static_cast<bool>(tasks[k].replicate), fn,
                     std::string("tasks[").append(std::to_string(k)).append("].replicate"),
                     "empty", "a callable");
  }
}

// Rank 0: runs its segments on a worker thread, receives the others', completes the rows,
// saves them through on_point, and broadcasts the outcome.
struct root_state {
  std::vector<std::vector<replicate_outcome>> outcomes;
  std::vector<std::size_t> missing;  // segments still to come, per point
  std::vector<double> seconds;       // per point, summed over segments
  std::vector<std::optional<study_point>> rows;
  std::vector<bool> point_failed;
  std::optional<std::pair<std::size_t, std::pair<int, std::string>>> failure;  // (segment, (rank, message))

  void fail(std::size_t segment, int rank, std::string message) {
    if (!failure || segment < failure->first) failure = {segment, {rank, std::move(message)}};
  }
};

}  // namespace

std::vector<study_point> run_study_points(
    const communicator& comm, std::span<const point_task> tasks, const study_options& options,
    const std::function<void(std::size_t, const study_point&)>& on_point, run_report* report) {
  constexpr const char* fn = "jumpflow::mpi::run_study_points";
  check_tasks(tasks, options);
  const auto start = clock_type::now();
  const int ranks = comm.size();
  const int rank = comm.rank();
  const unsigned threads = jumpflow::resolve_threads(options.threads);
  if (report != nullptr) {
    *report = run_report{};
    report->ranks = ranks;
    report->threads = threads;
    report->busy_seconds.assign(ranks, 0.0);
    report->bytes_sent.assign(ranks, 0);
  }
  if (tasks.empty()) return {};

  std::vector<double> costs;
  for (const auto& t : tasks) costs.push_back(t.cost);
  const std::vector<std::uint64_t> reps(tasks.size(), options.replicates);
  const std::vector<work_segment> segments = split_by_cost(costs, reps, ranks);
  const detail::private_comm channel(comm.native());
  MPI_Comm c = channel.get();

  std::vector<unsigned char> final_bytes;
  if (rank != 0) {
    // Run the own segments in layout order; send each to rank 0 as it finishes.
    std::deque<std::vector<unsigned char>> buffers;
    std::vector<MPI_Request> requests;
    bool failed = false;
    for (const auto& s : segments) {
      if (s.rank != rank) continue;
      segment_result r;  // skipped after a failure: the rank stops at its first failure
      if (!failed) r = run_segment(tasks[s.point], s, threads);
      failed = failed || r.status == segment_status::failed;
      buffers.push_back(pack(r));
      requests.emplace_back();
      MPI_Isend(buffers.back().data(), static_cast<int>(buffers.back().size()), MPI_UNSIGNED_CHAR,
                0, segment_tag, c, &requests.back());
    }
    for (auto& q : requests) detail::wait(q);
  } else {
    root_state st;
    st.outcomes.resize(tasks.size());
    st.missing.assign(tasks.size(), 0);
    st.seconds.assign(tasks.size(), 0.0);
    st.rows.resize(tasks.size());
    st.point_failed.assign(tasks.size(), false);
    std::vector<std::vector<std::size_t>> of_rank(ranks);  // segment indices per rank, in order
    for (std::size_t i = 0; i < segments.size(); ++i) {
      ++st.missing[segments[i].point];
      of_rank[segments[i].rank].push_back(i);
    }
    std::vector<std::size_t> next_of_rank(ranks, 0);
    std::vector<double> busy(ranks, 0.0);
    std::vector<std::uint64_t> bytes(ranks, 0);
    double reduction = 0.0;
    std::size_t pending = segments.size();

    std::vector<work_segment> mine;
    for (std::size_t i : of_rank[0]) mine.push_back(segments[i]);
    local_worker worker(tasks, mine, threads);

    auto accept = [&](std::size_t i, segment_result r) {
      const work_segment& s = segments[i];
      busy[s.rank] += r.seconds;
      st.seconds[s.point] += r.seconds;
      if (r.status == segment_status::failed) {
        st.fail(i, s.rank, std::move(r.message));
        st.point_failed[s.point] = true;
      } else if (r.status == segment_status::skipped) {
        st.point_failed[s.point] = true;
      } else {
        auto& all = st.outcomes[s.point];
        if (all.empty()) all.resize(options.replicates);
        std::copy(r.outcomes.begin(), r.outcomes.end(), all.begin() + static_cast<std::ptrdiff_t>(s.first));
      }
      --pending;
      if (--st.missing[s.point] != 0 || st.point_failed[s.point]) return;
      const point_task& t = tasks[s.point];
      const auto t0 = clock_type::now();
      // A bad outcome (e.g. a NaN sup error) or a failure to save the row: the point's last
      // segment stands for it in the order of failures.
      try {
        st.rows[s.point] = jumpflow::detail::reduce_study_point(fn, t.n, t.d, options,
                                                                st.outcomes[s.point],
                                                                st.seconds[s.point]);
      } catch (const std::exception& e) {
        st.fail(i, s.rank, e.what());
        st.point_failed[s.point] = true;
        return;
      }
      reduction += seconds_since(t0);
      st.outcomes[s.point] = {};
      try {
        if (on_point) on_point(s.point, *st.rows[s.point]);
      } catch (const std::exception& e) {
        st.fail(i, 0, e.what());
        st.point_failed[s.point] = true;
        worker.stop();
      }
    };

    auto pause = std::chrono::microseconds(20);
    while (pending > 0) {
      bool progress = false;
      while (auto local = worker.take()) {
        accept(of_rank[0][local->first], std::move(local->second));
        progress = true;
      }
      for (;;) {
        int arrived = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, segment_tag, c, &arrived, &status);
        if (!arrived) break;
        int size = 0;
        MPI_Get_count(&status, MPI_UNSIGNED_CHAR, &size);
        std::vector<unsigned char> message(static_cast<std::size_t>(size));
        MPI_Recv(message.data(), size, MPI_UNSIGNED_CHAR, status.MPI_SOURCE, segment_tag, c,
                 MPI_STATUS_IGNORE);
        const int from = status.MPI_SOURCE;
        bytes[from] += static_cast<std::uint64_t>(size);
        // Messages from one rank arrive in the order it sent them (MPI's non-overtaking rule).
        accept(of_rank[from][next_of_rank[from]++], unpack(message));
        progress = true;
      }
      if (progress) {
        pause = std::chrono::microseconds(20);
      } else {
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::microseconds(1000));
      }
    }

    const std::string message = st.failure ? st.failure->second.second : std::string();
    const final_header h{st.failure ? 1u : 0u, st.failure ? st.failure->second.first : -1,
                         seconds_since(start), reduction, st.failure ? 0 : tasks.size(),
                         message.size()};
    final_bytes.resize(sizeof h + h.points * sizeof(study_point) +
                       2 * ranks * sizeof(double) + message.size());
    unsigned char* at = final_bytes.data();
    std::memcpy(at, &h, sizeof h);
    at += sizeof h;
    for (std::size_t k = 0; k < h.points; ++k, at += sizeof(study_point)) {
      std::memcpy(at, &*st.rows[k], sizeof(study_point));
    }
    bytes[0] = final_bytes.size();
    std::memcpy(at, busy.data(), ranks * sizeof(double));
    at += ranks * sizeof(double);
    std::memcpy(at, bytes.data(), ranks * sizeof(std::uint64_t));
    at += ranks * sizeof(std::uint64_t);
    std::memcpy(at, message.data(), message.size());
  }

  const auto t0 = clock_type::now();
  detail::broadcast_bytes(c, final_bytes, 0);
  final_header h{};
  const unsigned char* at = final_bytes.data();
  std::memcpy(&h, at, sizeof h);
  at += sizeof h;
  std::vector<study_point> rows(h.points);
  for (auto& row : rows) {
    std::memcpy(&row, at, sizeof row);
    at += sizeof row;
  }
  if (report != nullptr) {
    std::memcpy(report->busy_seconds.data(), at, ranks * sizeof(double));
    std::memcpy(report->bytes_sent.data(), at + ranks * sizeof(double), ranks * sizeof(std::uint64_t));
    report->wall_seconds = h.wall_seconds + seconds_since(t0);
    report->reduction_seconds = h.reduction_seconds + seconds_since(t0);
  }
  at += 2 * ranks * sizeof(double);
  if (h.failed != 0) {
    throw rank_error(h.failed_rank, std::string(reinterpret_cast<const char*>(at), h.message_size));
  }
  return rows;
}

}  // namespace jumpflow::mpi
