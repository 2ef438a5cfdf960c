/// \file
/// \brief read_bionetgen(): a BioNetGen network file (`.net`) as an imported_network.
#pragma once

#include <string>

#include "jumpflow/io/imported_network.hpp"

namespace jumpflow {

/// \brief Reads a BioNetGen network file (`.net`, as written by `generate_network` and read
/// by `run_network`).
/// \ingroup io
///
/// Blocks read: `parameters` (values may be formulas of earlier parameters), `species`
/// (initial counts as numbers or formulas of parameters; a leading `$` marks a fixed
/// species), `reactions`, `groups` (the observables: weighted sums of species, `2*4` is
/// twice species 4) and `functions` (global functions of parameters, groups, other functions
/// and `time()`). Outside the blocks, comments and the `substanceUnits`, `version` and
/// `setOption` lines are accepted; anything else is refused.
///
/// Each reaction is elementary, as in `run_network`: its propensity is its rate (a number, a
/// formula of parameters, or a function) times the falling factorials of its reactants,
/// \f$k \prod_i x_i (x_i - 1) \cdots (x_i - m_i + 1)\f$; BioNetGen has already put the
/// statistical factor (such as the 1/2 of \f$A + A\f$) into the rate. A rate that is a
/// constant makes a mass-action channel. The name of a reaction is the comment after it
/// (`#R1`), or `R<number>` without one. Formulas use `+ - * / ^`, comparisons, `&&`, `||`,
/// `!`, `if(c, a, b)`, `min`, `max`, `exp`, `ln`, `log10`, `sqrt`, `abs`, trigonometric
/// functions, `_pi` and `_e`.
///
/// Refused, naming the line: other blocks (compartments, molecule types, rules), local
/// functions (with arguments), rate laws `MM`, `Sat`, `Hill` and `Arrhenius`, a species index
/// that names no species, negative or non-whole initial counts, unknown names.
/// \param path the file.
/// \param options how rates become channels (a BioNetGen rate is a rate constant, so
///        `detect_mass_action` changes nothing here) and the volume to read the model at.
/// \returns the network; its volume is 1 (a `.net` file has no compartment), or
///          `options.volume`.
/// \throws std::invalid_argument naming the file, the line and the reason.
imported_network read_bionetgen(const std::string& path, const import_options& options = {});

/// \brief Reads a BioNetGen network from a string (see read_bionetgen()).
/// \ingroup io
/// \param text the contents of a `.net` file.
/// \param options how rates become channels.
/// \returns the network.
/// \throws std::invalid_argument as read_bionetgen().
imported_network read_bionetgen_string(const std::string& text, const import_options& options = {});

}  // namespace jumpflow
