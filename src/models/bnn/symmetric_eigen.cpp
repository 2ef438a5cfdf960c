// detail::symmetric_eigen (include/jumpflow/models/bnn/gradient_flow.hpp): Eigen's
// SelfAdjointEigenSolver, instantiated once in the library instead of in every file that
// includes the BNN model.
#include <Eigen/Eigenvalues>

#include "jumpflow/models/bnn/gradient_flow.hpp"

namespace jumpflow::detail {

void symmetric_eigen(const matrix& h, vector& values, matrix& vectors) {
  const Eigen::SelfAdjointEigenSolver<matrix> eig(h);
  values = eig.eigenvalues();
  vectors = eig.eigenvectors();
}

}  // namespace jumpflow::detail
