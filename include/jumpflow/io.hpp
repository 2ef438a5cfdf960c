/// \file
/// \brief Convenience header: the whole io module (model files as reaction networks).
#pragma once

#include "jumpflow/io/expression.hpp"
#include "jumpflow/io/imported_network.hpp"
#include "jumpflow/io/read_bionetgen.hpp"
#include "jumpflow/io/read_sbml.hpp"
