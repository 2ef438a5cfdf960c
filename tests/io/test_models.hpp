// Test support: the networks of the io tests, as SBML specifications (written through
// libsbml by sbml_writer.hpp) and as BioNetGen .net texts.
#pragma once

#include <string>

#ifdef JUMPFLOW_TEST_SBML
#include "sbml_writer.hpp"
#endif

namespace jumpflow::test {

// Birth-death (immigration-death): 0 -> X at rate k, X -> 0 at rate g X; X_0 = x0.
struct birth_death_values {
  double k = 8.0, g = 0.5;
  long long x0 = 30;
};

inline std::string birth_death_net(const birth_death_values& v = {}) {
  return "# birth-death\n"
         "begin parameters\n"
         "    1 k " + std::to_string(v.k) + "\n"
         "    2 g " + std::to_string(v.g) + "  # death rate\n"
         "    3 X0 " + std::to_string(v.x0) + "\n"
         "end parameters\n"
         "begin species\n"
         "    1 X() X0\n"
         "end species\n"
         "begin reactions\n"
         "    1 0 1 k #birth\n"
         "    2 1 0 g #death\n"
         "end reactions\n"
         "begin groups\n"
         "    1 Xtot 1\n"
         "end groups\n";
}

// Dimerisation 2A -> B (rate constant k, falling factorial), B -> 2A (rate u).
inline const char* dimerisation_net =
    "begin parameters\n"
    "    1 k 0.01\n"
    "    2 u 0.5\n"
    "end parameters\n"
    "begin species\n"
    "    1 A() 100\n"
    "    2 B() 0\n"
    "end species\n"
    "begin reactions\n"
    "    1 1,1 2 k #dimerise\n"
    "    2 2 1,1 u #split\n"
    "end reactions\n"
    "begin groups\n"
    "    1 Atotal 1,2*2\n"
    "end groups\n";

// An enzyme with a Michaelis-Menten function: S -> P at rate vmax / (Km + S) per S
// (BioNetGen multiplies a function rate by the reactant count), so a(S) = vmax S / (Km + S).
inline const char* enzyme_net =
    "begin parameters\n"
    "    1 vmax 20\n"
    "    2 Km 50\n"
    "end parameters\n"
    "begin species\n"
    "    1 S() 200\n"
    "    2 P() 0\n"
    "end species\n"
    "begin groups\n"
    "    1 Stot 1\n"
    "end groups\n"
    "begin functions\n"
    "    1 mm() vmax/(Km+Stot)\n"
    "end functions\n"
    "begin reactions\n"
    "    1 1 2 mm #convert\n"
    "end reactions\n";

// A time-dependent input: 0 -> X at rate k (1 + sin(t)).
inline const char* input_net =
    "begin parameters\n"
    "    1 k 3\n"
    "end parameters\n"
    "begin species\n"
    "    1 X() 0\n"
    "end species\n"
    "begin functions\n"
    "    1 drive() k*(1+sin(time()))\n"
    "end functions\n"
    "begin reactions\n"
    "    1 0 1 drive #input\n"
    "end reactions\n";

#ifdef JUMPFLOW_TEST_SBML
inline sbml_model birth_death_sbml(const birth_death_values& v = {}) {
  sbml_model m;
  m.species = {{"X", static_cast<double>(v.x0)}};
  m.parameters = {{"k", v.k}, {"g", v.g}};
  m.reactions = {{"birth", {}, {{"X", 1}}, "k", {}},
                 {"death", {{"X", 1}}, {}, "g * X", {}}};
  return m;
}

inline sbml_model dimerisation_sbml() {
  sbml_model m;
  m.species = {{"A", 100}, {"B", 0}};
  m.parameters = {{"k", 0.01}, {"u", 0.5}};
  m.reactions = {{"dimerise", {{"A", 2}}, {{"B", 1}}, "k * A^2", {}},
                 {"split", {{"B", 1}}, {{"A", 2}}, "u * B", {}}};
  return m;
}

inline sbml_model enzyme_sbml() {
  sbml_model m;
  m.species = {{"S", 200}, {"P", 0}};
  m.parameters = {{"vmax", 20}};
  m.functions = {{"mm", "lambda(s, v, K, v * s / (K + s))"}};
  m.reactions = {{"convert", {{"S", 1}}, {{"P", 1}}, "mm(S, vmax, Km)", {{"Km", 50}}}};
  return m;
}

inline sbml_model input_sbml() {
  sbml_model m;
  m.species = {{"X", 0}};
  m.parameters = {{"k", 3}};
  m.reactions = {{"input", {}, {{"X", 1}}, "k * (1 + sin(time))", {}}};
  return m;
}
#endif

}  // namespace jumpflow::test
