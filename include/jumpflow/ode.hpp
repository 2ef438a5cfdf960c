/// \file
/// \brief Convenience header: the whole ode module.
#pragma once

#include "jumpflow/ode/dense_solution.hpp"
#include "jumpflow/ode/integrate.hpp"
#include "jumpflow/ode/linear_noise.hpp"
#include "jumpflow/ode/stiff.hpp"
