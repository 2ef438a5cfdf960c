#include "jumpflow/mpi/detail/collectives.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <thread>

#include "jumpflow/core/error.hpp"
#include "jumpflow/mpi/rank_error.hpp"

namespace jumpflow::mpi::detail {

void wait(MPI_Request& request) {
  auto pause = std::chrono::microseconds(20);
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::microseconds(1000));
  }
}

void broadcast_bytes(MPI_Comm comm, std::vector<unsigned char>& bytes, int root) {
  unsigned long long size = bytes.size();
  MPI_Request request;
  MPI_Ibcast(&size, 1, MPI_UNSIGNED_LONG_LONG, root, comm, &request);
  wait(request);
  bytes.resize(size);
  // MPI counts are int: send in chunks below 2^30 bytes.
  constexpr std::size_t chunk = std::size_t{1} << 30;
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    const int n = static_cast<int>(std::min(chunk, bytes.size() - at));
    MPI_Ibcast(bytes.data() + at, n, MPI_UNSIGNED_CHAR, root, comm, &request);
    wait(request);
  }
}

void throw_if_any_failed(MPI_Comm comm, const std::optional<failure>& local) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  // Lowest (position, rank) over all ranks: the lowest position, then the lowest rank holding it.
  unsigned long long mine = local ? local->position : std::numeric_limits<unsigned long long>::max();
  unsigned long long lowest = 0;
  MPI_Request request;
  MPI_Iallreduce(&mine, &lowest, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, comm, &request);
  wait(request);
  int candidate = local && mine == lowest ? rank : std::numeric_limits<int>::max();
  int culprit = 0;
  MPI_Iallreduce(&candidate, &culprit, 1, MPI_INT, MPI_MIN, comm, &request);
  wait(request);
  if (culprit == std::numeric_limits<int>::max()) return;
  std::vector<unsigned char> text;
  if (rank == culprit) text.assign(local->message.begin(), local->message.end());
  broadcast_bytes(comm, text, culprit);
  throw rank_error(culprit, std::string(text.begin(), text.end()));
}

std::vector<unsigned char> all_gather_bytes(MPI_Comm comm, const unsigned char* data,
                                            std::size_t size) {
  int ranks = 1;
  MPI_Comm_size(comm, &ranks);
  require_argument(size < (std::size_t{1} << 31), "jumpflow::mpi::run_ensemble",
                   "bytes of results per rank", static_cast<unsigned long long>(size),
                   "< 2^31 (one MPI message)");
  int mine = static_cast<int>(size);
  std::vector<int> sizes(ranks), offsets(ranks);
  MPI_Request request;
  MPI_Iallgather(&mine, 1, MPI_INT, sizes.data(), 1, MPI_INT, comm, &request);
  wait(request);
  std::size_t total = 0;
  for (int j = 0; j < ranks; ++j) {
    offsets[j] = static_cast<int>(total);
    total += static_cast<std::size_t>(sizes[j]);
  }
  std::vector<unsigned char> all(total);
  MPI_Iallgatherv(data, mine, MPI_UNSIGNED_CHAR, all.data(), sizes.data(), offsets.data(),
                  MPI_UNSIGNED_CHAR, comm, &request);
  wait(request);
  return all;
}

private_comm::private_comm(MPI_Comm comm) { MPI_Comm_dup(comm, &comm_); }

private_comm::~private_comm() {
  if (comm_ != MPI_COMM_NULL) MPI_Comm_free(&comm_);
}

}  // namespace jumpflow::mpi::detail
