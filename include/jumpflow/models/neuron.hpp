/// \file
/// \brief Convenience header: neuron models (the stochastic Hodgkin-Huxley neuron and its ODE
/// limit, and its linear-noise limit).
#pragma once

#include "jumpflow/models/neuron/hodgkin_huxley.hpp"
#include "jumpflow/models/neuron/hodgkin_huxley_linear_noise.hpp"
