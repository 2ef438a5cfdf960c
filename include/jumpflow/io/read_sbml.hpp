/// \file
/// \brief read_sbml(): an SBML Level 2 or 3 (core) model as an imported_network, through
/// libsbml.
#pragma once

#include <string>

#include "jumpflow/io/imported_network.hpp"

namespace jumpflow {

/// \brief Whether this build of jumpflow reads SBML (CMake option `JUMPFLOW_WITH_SBML`).
/// \ingroup io
/// \returns true if read_sbml() and read_sbml_string() work.
bool sbml_available() noexcept;

/// \brief Reads an SBML model file as a stochastic reaction network.
/// \ingroup io
///
/// What is read, and how (the conventions of a stochastic simulator):
/// - **Species** are molecule counts. An initial concentration is multiplied by the size of
///   the species' compartment; the result must be a whole number \f$\ge 0\f$. In a formula a
///   species stands for its amount if `hasOnlySubstanceUnits` is true and for its
///   concentration (count / compartment size) otherwise. Boundary and constant species are
///   never changed by reactions. Units are not converted: the substance unit is one molecule.
/// - **Kinetic laws** are propensities (events per unit time), with global parameters, local
///   parameters, compartment sizes, function definitions (inlined), `time`, `pi`, `e`,
///   `avogadro`, piecewise, relations and logic, and the MathML functions of SBML core
///   except `factorial`, `delay`, `rateOf`, `quotient` and `rem`. A law recognised as mass
///   action keeps the fast path (import_options).
/// - **Initial assignments** set the initial value of species, parameters and compartments.
/// - **Assignment rules** define a parameter (substituted into every formula that uses it) or
///   a species that no reaction changes (it becomes an observable, not a state component).
///
/// Refused with an error that names the element's id: rate and algebraic rules, events,
/// constraints, reversible reactions (the law is a net rate: split it into two), fast
/// reactions, non-integer or variable stoichiometry, conversion factors, reactions without a
/// kinetic law, references to a reaction's or species reference's id, a compartment whose size
/// is set by a rule, and SBML Level 3 packages.
/// \param path the file.
/// \param options how laws become channels.
/// \returns the network, species in file order; the volume is the compartment size (1 with
///          no compartment; NaN for several compartments of different sizes).
/// \throws std::invalid_argument with the file, the element id and the reason, if the file
///         cannot be read, is not valid SBML (libsbml's first error, with its line), or uses
///         an unsupported element; or if jumpflow was built without SBML.
imported_network read_sbml(const std::string& path, const import_options& options = {});

/// \brief Reads an SBML model from a string (see read_sbml()).
/// \ingroup io
/// \param text the SBML document.
/// \param options how laws become channels.
/// \returns the network.
/// \throws std::invalid_argument as read_sbml().
imported_network read_sbml_string(const std::string& text, const import_options& options = {});

}  // namespace jumpflow
