/// \file
/// \brief Convenience header: the whole jump module.
#pragma once

#include "jumpflow/jump/clocks.hpp"
#include "jumpflow/jump/markov_jump_model.hpp"
#include "jumpflow/jump/pdmp_model.hpp"
#include "jumpflow/jump/prm_driven_model.hpp"
#include "jumpflow/jump/projected_observer.hpp"
#include "jumpflow/jump/reaction_event.hpp"
#include "jumpflow/jump/reaction_network.hpp"
#include "jumpflow/jump/save_grid_observer.hpp"
#include "jumpflow/jump/simulate_auto.hpp"
#include "jumpflow/jump/simulate_composition_rejection.hpp"
#include "jumpflow/jump/simulate_dense_direct.hpp"
#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/jump/simulate_markov_jump.hpp"
#include "jumpflow/jump/simulate_next_reaction.hpp"
#include "jumpflow/jump/simulate_pdmp.hpp"
#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/jump/simulate_rejection.hpp"
#include "jumpflow/jump/simulate_sorting_direct.hpp"
#include "jumpflow/jump/simulate_tau_leaping.hpp"
#include "jumpflow/jump/stop_condition.hpp"
