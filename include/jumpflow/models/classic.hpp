/// \file
/// \brief Convenience header: the classic jump models and their density-dependent families.
#pragma once

#include "jumpflow/models/classic/density.hpp"
#include "jumpflow/models/classic/gene_expression.hpp"
#include "jumpflow/models/classic/immigration_death.hpp"
#include "jumpflow/models/classic/lotka_volterra.hpp"
#include "jumpflow/models/classic/random_network.hpp"
#include "jumpflow/models/classic/sir.hpp"
#include "jumpflow/models/classic/yule.hpp"
