/// \file
/// \brief Convenience header: the whole random module.
#pragma once

#include "jumpflow/random/coordinate_expectation.hpp"
#include "jumpflow/random/exponential.hpp"
#include "jumpflow/random/gaussian_law.hpp"
#include "jumpflow/random/mark_law.hpp"
#include "jumpflow/random/normal.hpp"
#include "jumpflow/random/philox_engine.hpp"
#include "jumpflow/random/rademacher.hpp"
#include "jumpflow/random/rademacher_law.hpp"
#include "jumpflow/random/stdp_law.hpp"
#include "jumpflow/random/stream_factory.hpp"
#include "jumpflow/random/stream_layout.hpp"
#include "jumpflow/random/uniform01.hpp"
#include "jumpflow/random/uniform_cube_law.hpp"
#include "jumpflow/random/ziggurat_exponential.hpp"
