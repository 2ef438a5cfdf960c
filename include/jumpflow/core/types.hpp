/// \file
/// \brief Eigen aliases used across jumpflow.
#pragma once

#include <Eigen/Core>

namespace jumpflow {

/// \brief A real state or mark vector of run-time dimension.
/// \ingroup core
using vector = Eigen::VectorXd;
/// \brief A real matrix of run-time dimensions (covariances, Hessians, stoichiometry).
/// \ingroup core
using matrix = Eigen::MatrixXd;
/// \brief A vector of integer counts (species populations of a reaction network).
/// \ingroup core
using count_vector = Eigen::Matrix<long long, Eigen::Dynamic, 1>;
/// \brief Index and size type (Eigen's).
/// \ingroup core
using index = Eigen::Index;

}  // namespace jumpflow
