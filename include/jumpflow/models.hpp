/// \file
/// \brief Convenience header: the models module.
#pragma once

#include "jumpflow/models/classic.hpp"
#include "jumpflow/models/neuron.hpp"
