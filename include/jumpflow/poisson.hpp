/// \file
/// \brief Convenience header: the whole poisson module.
#pragma once

#include "jumpflow/poisson/compound_poisson_process.hpp"
#include "jumpflow/poisson/marked_poisson_measure.hpp"
#include "jumpflow/poisson/poisson_process.hpp"
#include "jumpflow/poisson/prm_integral.hpp"
#include "jumpflow/poisson/thinned_poisson_process.hpp"
#include "jumpflow/poisson/time_changed_poisson_process.hpp"
