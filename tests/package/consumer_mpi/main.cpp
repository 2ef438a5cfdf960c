#include <cstdio>
#include <jumpflow/limit/ensemble.hpp>
#include <jumpflow/mpi/environment.hpp>
#include <jumpflow/mpi/run_ensemble.hpp>
#include <jumpflow/random/uniform01.hpp>

int main(int argc, char** argv) {
  jumpflow::mpi::environment env(argc, argv);
  const jumpflow::mpi::communicator world;
  const auto fn = [](jumpflow::philox_engine& g, std::uint64_t) { return jumpflow::uniform01(g); };
  const auto all = jumpflow::mpi::run_ensemble(world, 10, 1, 1, fn);
  const auto threaded = jumpflow::run_ensemble(10, 1, 1, fn);
  if (world.rank() == 0) std::printf("consumer_mpi: %d ranks, u[9] = %.6f\n", world.size(), all[9]);
  return all == threaded ? 0 : 1;
}
