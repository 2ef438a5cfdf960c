// The model entries of the tool: the STDP learning rule (bnn) and the classic
// density-dependent families (Kurtz scaling: jumps 1/n at rate n beta(x)).
#pragma once

#include <vector>

#include "model_registry.hpp"

namespace jumpflow::tool {

model_entry bnn_model_entry();
std::vector<model_entry> classic_model_entries();
model_entry neuron_model_entry();

}  // namespace jumpflow::tool
