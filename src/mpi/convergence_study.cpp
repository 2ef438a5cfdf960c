#include "jumpflow/mpi/convergence_study.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include <sys/resource.h>

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
constexpr int result_tag = 1;  // rank j -> rank 0: a finished block
constexpr int block_tag = 2;   // rank 0 -> rank j: the index of j's next block, or no_more_blocks
constexpr std::uint64_t no_more_blocks = std::numeric_limits<std::uint64_t>::max();
// Blocks handed to a rank ahead of its results: the next one is already there when a rank
// finishes one, so no rank waits for a reply of rank 0.
constexpr int blocks_ahead = 2;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// CPU time (user + system) of this process, all its threads.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// One finished block, as computed on its rank and as sent to rank 0: a header followed by
// `count` outcomes (ok) or `count` characters of the error message (failed).
enum class segment_status : std::uint32_t { ok = 0, failed = 1, skipped = 2 };

struct segment_header {
  segment_status status;
  std::uint32_t reserved;
  double seconds;
  std::uint64_t count;
  std::uint64_t block;
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

std::vector<unsigned char> pack(const segment_result& s, std::uint64_t block) {
  const std::size_t payload = s.status == segment_status::ok
                                  ? s.outcomes.size() * sizeof(replicate_outcome)
                                  : s.message.size();
  const segment_header h{s.status, 0, s.seconds,
                         s.status == segment_status::ok ? s.outcomes.size() : s.message.size(),
                         block};
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

std::pair<std::uint64_t, segment_result> unpack(const std::vector<unsigned char>& bytes) {
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
  return {h.block, std::move(s)};
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

// The blocks not yet handed out, in layout order; shared by rank 0's calling thread (which
// hands them to the other ranks) and its worker thread. After a failure nothing more is
// handed out: every block before the failing one has been already (the order of failures
// is the layout's), so the failure reported is the threaded run's.
class dispatcher {
 public:
  explicit dispatcher(std::size_t blocks) : end_(blocks) {}
  std::optional<std::size_t> next() {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_ || next_ == end_) return std::nullopt;
    return next_++;
  }
  void stop() {
    const std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
  }

 private:
  std::mutex mutex_;
  std::size_t next_ = 0, end_;
  bool stopped_ = false;
};

// Rank 0's own share runs on a separate thread, taking blocks from the dispatcher like any
// rank, so that its calling thread stays free to hand out blocks, receive the other ranks'
// results and save finished points while they arrive.
class local_worker {
 public:
  local_worker(std::span<const point_task> tasks, std::span<const work_segment> blocks,
               dispatcher& source, unsigned threads)
      : tasks_(tasks), blocks_(blocks), source_(source), threads_(threads) {
    thread_ = std::thread([this] { run(); });
  }
  ~local_worker() {
    source_.stop();
    thread_.join();
  }
  local_worker(const local_worker&) = delete;
  local_worker& operator=(const local_worker&) = delete;

  // Whether the worker has run its last block (then a following take() gets every result).
  bool finished() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return finished_;
  }
  // The blocks finished since the last call: (block, result).
  std::vector<std::pair<std::size_t, segment_result>> take() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(done_, {});
  }

 private:
  void run() {
    while (const auto b = source_.next()) {
      segment_result r = run_segment(tasks_[blocks_[*b].point], blocks_[*b], threads_);
      if (r.status == segment_status::failed) source_.stop();
      const std::lock_guard<std::mutex> lock(mutex_);
      done_.emplace_back(*b, std::move(r));
    }
    const std::lock_guard<std::mutex> lock(mutex_);
    finished_ = true;
  }

  std::span<const point_task> tasks_;
  std::span<const work_segment> blocks_;
  dispatcher& source_;
  unsigned threads_;
  std::mutex mutex_;
  std::vector<std::pair<std::size_t, segment_result>> done_;
  bool finished_ = false;
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

// Rank 0: hands out the blocks, runs some on a worker thread, receives the others' results,
// completes the rows, saves them through on_point, and broadcasts the outcome.
struct root_state {
  std::vector<std::vector<replicate_outcome>> outcomes;
  std::vector<std::size_t> missing;     // blocks still to come, per point
  std::vector<std::size_t> last_block;  // per point
  std::vector<double> seconds;          // per point, summed over blocks
  std::vector<std::optional<study_point>> rows;
  std::vector<bool> point_failed;
  std::optional<std::pair<std::size_t, std::pair<int, std::string>>> failure;  // (block, (rank, message))

  void fail(std::size_t block, int rank, std::string message) {
    if (!failure || block < failure->first) failure = {block, {rank, std::move(message)}};
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
    report->cpu_seconds.assign(ranks, 0.0);
    report->expected_cost.assign(ranks, 0.0);
    report->bytes_sent.assign(ranks, 0);
  }
  if (tasks.empty()) return {};

  std::vector<double> costs;
  for (const auto& t : tasks) costs.push_back(t.cost);
  const std::vector<std::uint64_t> reps(tasks.size(), options.replicates);
  const std::vector<work_segment> blocks = guided_blocks(costs, reps, ranks, threads);
  const detail::private_comm channel(comm.native());
  MPI_Comm c = channel.get();
  const double cpu_start = process_cpu_seconds();

  std::vector<unsigned char> final_bytes;
  if (rank != 0) {
    // Run the blocks that rank 0 hands out, in the order given, until it says no more; send
    // each result as it finishes.
    std::deque<std::vector<unsigned char>> buffers;
    std::vector<MPI_Request> requests;
    bool failed = false;
    for (;;) {
      std::uint64_t b = 0;
      MPI_Request q;
      MPI_Irecv(&b, 1, MPI_UINT64_T, 0, block_tag, c, &q);
      detail::wait(q);
      if (b == no_more_blocks) break;
      segment_result r;  // skipped after a failure: the rank stops at its first failure
      if (!failed) r = run_segment(tasks[blocks[b].point], blocks[b], threads);
      failed = failed || r.status == segment_status::failed;
      buffers.push_back(pack(r, b));
      requests.emplace_back();
      MPI_Isend(buffers.back().data(), static_cast<int>(buffers.back().size()), MPI_UNSIGNED_CHAR,
                0, result_tag, c, &requests.back());
    }
    for (auto& q : requests) detail::wait(q);
    const double cpu = process_cpu_seconds() - cpu_start;
    MPI_Request q;
    MPI_Igather(&cpu, 1, MPI_DOUBLE, nullptr, 1, MPI_DOUBLE, 0, c, &q);
    detail::wait(q);
  } else {
    root_state st;
    st.outcomes.resize(tasks.size());
    st.missing.assign(tasks.size(), 0);
    st.last_block.assign(tasks.size(), 0);
    st.seconds.assign(tasks.size(), 0.0);
    st.rows.resize(tasks.size());
    st.point_failed.assign(tasks.size(), false);
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      ++st.missing[blocks[i].point];
      st.last_block[blocks[i].point] = i;
    }
    std::vector<double> busy(ranks, 0.0), cpu(ranks, 0.0), cost(ranks, 0.0);
    std::vector<std::uint64_t> bytes(ranks, 0);
    double reduction = 0.0;

    dispatcher source(blocks.size());
    // Rank 0's messages to the others: block indices (a deque keeps their addresses).
    std::deque<std::uint64_t> handed;
    std::vector<MPI_Request> hand_requests;
    std::vector<int> outstanding(ranks, 0);
    std::vector<bool> told_done(ranks, false);
    int outstanding_total = 0;
    // Rank j gets the next block, or "no more" (once); every result it sends is answered.
    auto hand_out = [&](int j) {
      const std::optional<std::size_t> b = source.next();
      handed.push_back(b ? *b : no_more_blocks);
      hand_requests.emplace_back();
      MPI_Isend(&handed.back(), 1, MPI_UINT64_T, j, block_tag, c, &hand_requests.back());
      if (b) {
        ++outstanding[j];
        ++outstanding_total;
      } else {
        told_done[j] = true;
      }
    };

    auto accept = [&](std::size_t i, int from, segment_result r) {
      const work_segment& s = blocks[i];
      busy[from] += r.seconds;
      cost[from] += costs[s.point] * static_cast<double>(s.count);
      st.seconds[s.point] += r.seconds;
      if (r.status == segment_status::failed) {
        st.fail(i, from, std::move(r.message));
        st.point_failed[s.point] = true;
        source.stop();
      } else if (r.status == segment_status::skipped) {
        st.point_failed[s.point] = true;
      } else {
        auto& all = st.outcomes[s.point];
        if (all.empty()) all.resize(options.replicates);
        std::copy(r.outcomes.begin(), r.outcomes.end(), all.begin() + static_cast<std::ptrdiff_t>(s.first));
      }
      if (--st.missing[s.point] != 0 || st.point_failed[s.point]) return;
      const point_task& t = tasks[s.point];
      const auto t0 = clock_type::now();
      // A bad outcome (e.g. a NaN sup error) or a failure to save the row: the point's last
      // block stands for it in the order of failures (whichever rank ran it).
      const std::size_t last = st.last_block[s.point];
      try {
        st.rows[s.point] = jumpflow::detail::reduce_study_point(fn, t.n, t.d, options,
                                                                st.outcomes[s.point],
                                                                st.seconds[s.point]);
      } catch (const std::exception& e) {
        st.fail(last, from, e.what());
        st.point_failed[s.point] = true;
        source.stop();
        return;
      }
      reduction += seconds_since(t0);
      st.outcomes[s.point] = {};
      try {
        if (on_point) on_point(s.point, *st.rows[s.point]);
      } catch (const std::exception& e) {
        st.fail(last, 0, e.what());
        st.point_failed[s.point] = true;
        source.stop();
      }
    };

    {
      local_worker worker(tasks, blocks, source, threads);
      for (int j = 1; j < ranks; ++j) {
        for (int a = 0; a < blocks_ahead && !told_done[j]; ++a) hand_out(j);
      }
      auto pause = std::chrono::microseconds(20);
      for (;;) {
        const bool local_done = worker.finished();  // before take(): then take() gets every result
        bool progress = false;
        for (auto& [i, r] : worker.take()) {
          accept(i, 0, std::move(r));
          progress = true;
        }
        for (;;) {
          int arrived = 0;
          MPI_Status status;
          MPI_Iprobe(MPI_ANY_SOURCE, result_tag, c, &arrived, &status);
          if (!arrived) break;
          int size = 0;
          MPI_Get_count(&status, MPI_UNSIGNED_CHAR, &size);
          std::vector<unsigned char> message(static_cast<std::size_t>(size));
          const int from = status.MPI_SOURCE;
          MPI_Recv(message.data(), size, MPI_UNSIGNED_CHAR, from, result_tag, c, MPI_STATUS_IGNORE);
          bytes[from] += static_cast<std::uint64_t>(size);
          auto [i, r] = unpack(message);
          accept(static_cast<std::size_t>(i), from, std::move(r));
          --outstanding[from];
          --outstanding_total;
          if (!told_done[from]) hand_out(from);
          progress = true;
        }
        if (local_done && outstanding_total == 0) break;
        if (progress) {
          pause = std::chrono::microseconds(20);
        } else {
          std::this_thread::sleep_for(pause);
          pause = std::min(pause * 2, std::chrono::microseconds(1000));
        }
      }
    }
    for (auto& q : hand_requests) detail::wait(q);
    const double wall = seconds_since(start);
    cpu[0] = process_cpu_seconds() - cpu_start;
    MPI_Request q;
    MPI_Igather(MPI_IN_PLACE, 1, MPI_DOUBLE, cpu.data(), 1, MPI_DOUBLE, 0, c, &q);
    detail::wait(q);

    const std::string message = st.failure ? st.failure->second.second : std::string();
    const final_header h{st.failure ? 1u : 0u, st.failure ? st.failure->second.first : -1, wall,
                         reduction, st.failure ? 0 : tasks.size(), message.size()};
    final_bytes.resize(sizeof h + h.points * sizeof(study_point) + 4 * ranks * sizeof(double) +
                       message.size());
    unsigned char* at = final_bytes.data();
    std::memcpy(at, &h, sizeof h);
    at += sizeof h;
    for (std::size_t k = 0; k < h.points; ++k, at += sizeof(study_point)) {
      std::memcpy(at, &*st.rows[k], sizeof(study_point));
    }
    bytes[0] = final_bytes.size();
    for (const auto* per_rank : {busy.data(), cpu.data(), cost.data()}) {
      std::memcpy(at, per_rank, ranks * sizeof(double));
      at += ranks * sizeof(double);
    }
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
    for (auto* per_rank : {&report->busy_seconds, &report->cpu_seconds, &report->expected_cost}) {
      std::memcpy(per_rank->data(), at, ranks * sizeof(double));
      at += ranks * sizeof(double);
    }
    std::memcpy(report->bytes_sent.data(), at, ranks * sizeof(std::uint64_t));
    at += ranks * sizeof(std::uint64_t);
    report->wall_seconds = h.wall_seconds + seconds_since(t0);
    report->reduction_seconds = h.reduction_seconds + seconds_since(t0);
  } else {
    at += 4 * ranks * sizeof(double);
  }
  if (h.failed != 0) {
    throw rank_error(h.failed_rank, std::string(reinterpret_cast<const char*>(at), h.message_size));
  }
  return rows;
}

}  // namespace jumpflow::mpi
