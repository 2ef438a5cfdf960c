/// \file
/// \brief Convenience header: the whole limit module.
#pragma once

#include "jumpflow/limit/asymptotic_error_constant.hpp"
#include "jumpflow/limit/bounded_limit.hpp"
#include "jumpflow/limit/convergence_study.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/limit/estimators.hpp"
#include "jumpflow/limit/norms.hpp"
#include "jumpflow/limit/rate_fit.hpp"
#include "jumpflow/limit/scaled_family.hpp"
#include "jumpflow/limit/study_report.hpp"
#include "jumpflow/limit/sup_distance_observer.hpp"
