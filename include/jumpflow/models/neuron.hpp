/// \file
/// \brief Convenience header: neuron models (the stochastic Hodgkin-Huxley neuron and its ODE
/// limit).
#pragma once

#include "jumpflow/models/neuron/hodgkin_huxley.hpp"
