/// \file
/// \brief Convenience header: the BNN model (network, losses, the STDP learning rule, its limit
/// and oracles).
#pragma once

#include "jumpflow/models/bnn/feedforward_network.hpp"
#include "jumpflow/models/bnn/gradient_flow.hpp"
#include "jumpflow/models/bnn/learning.hpp"
#include "jumpflow/models/bnn/log_cosh_loss.hpp"
#include "jumpflow/models/bnn/loss_function.hpp"
#include "jumpflow/models/bnn/network_loss.hpp"
#include "jumpflow/models/bnn/oracles.hpp"
#include "jumpflow/models/bnn/quadratic_loss.hpp"
#include "jumpflow/models/bnn/reference_problems.hpp"
#include "jumpflow/models/bnn/smoothed_flow.hpp"
#include "jumpflow/models/bnn/stdp_rule.hpp"
#include "jumpflow/random/stdp_law.hpp"
