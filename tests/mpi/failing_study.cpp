// A program whose study fails on one rank mid-run (replicate 37 of the last grid point throws,
// on whichever rank runs it), used by the ctest `mpi.failing_rank.*`: every rank must end, the
// run must exit non-zero, and rank 0 must print the failing rank's message, and
// rank_error::rank() must name the rank that the message names.
#include <cmath>
#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "jumpflow/mpi.hpp"
#include "mpi_test_support.hpp"

int main(int argc, char** argv) {
  jumpflow::mpi::environment env(argc, argv);
  const jumpflow::mpi::communicator world;
  const std::vector<double> grid{50, 100, 200, 400, 800};
  jumpflow::study_options options;
  options.replicates = 40;
  options.seed = 3;
  options.threads = 1;
  try {
    jumpflow::mpi::convergence_study(
        world, grid, options, [&](double n, jumpflow::philox_engine& g, std::uint64_t r) {
          if (n == 800 && r == 37) {
            throw jumpflow::simulation_error("failing_study: replicate 37 at n = 800 failed on rank " +
                                             std::to_string(world.rank()));
          }
          return jumpflow::mpi_test::poisson_replicate(n, std::numeric_limits<double>::quiet_NaN(), g);
        });
  } catch (const jumpflow::mpi::rank_error& e) {
    if (world.rank() == 0) {
      const std::string named = " failed on rank " + std::to_string(e.rank());
      const std::string what = e.what();
      const bool agrees = what.size() >= named.size() && what.compare(what.size() - named.size(), named.size(), named) == 0;
      std::cerr << "error: " << what << " (rank_error::rank() " << (agrees ? "agrees" : "disagrees") << ")" << std::endl;
    }
    return 1;
  }
  return 0;
}
