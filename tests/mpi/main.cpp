// GoogleTest main for tests run under mpirun: every rank runs every test (the tests are
// collective), rank 0 prints the report and the others only their failures, and every rank exits with status 1 if a test failed on
// any rank.
#include <gtest/gtest.h>
#include <mpi.h>

#include "jumpflow/mpi/environment.hpp"

int main(int argc, char** argv) {
  jumpflow::mpi::environment env(argc, argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  if (rank != 0) GTEST_FLAG_SET(brief, true);  // the other ranks print their failures only
  ::testing::InitGoogleTest(&argc, argv);
  const int mine = RUN_ALL_TESTS();
  int any = 0;
  MPI_Allreduce(&mine, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return any;
}
