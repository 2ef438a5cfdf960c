/// \file
/// \brief Convenience header: the whole core module.
#pragma once

#include "jumpflow/core/concepts.hpp"
#include "jumpflow/core/error.hpp"
#include "jumpflow/core/observer_window.hpp"
#include "jumpflow/core/types.hpp"
