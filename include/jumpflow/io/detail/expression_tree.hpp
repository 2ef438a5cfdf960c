#pragma once
// The expression tree the readers build from MathML (SBML) or infix text (BioNetGen), before
// it is folded and compiled into an expression. Internal to the io module.

#include <string>
#include <vector>

#include "jumpflow/core/types.hpp"

namespace jumpflow::detail {

/// Operations of an expression tree node (and of the compiled program).
enum class expr_op : unsigned char {
  constant,  // value
  species,   // x[species] * value (value: 1, or 1/V for a concentration)
  time,      // t
  add, sub, mul, div, pow, neg,
  call,      // unary function `function` of args[0]
  lt, le, gt, ge, eq, ne,
  logical_and, logical_or, logical_not, logical_xor,
  select,    // args[0] != 0 ? args[1] : args[2]
  min, max
};

/// Unary functions (expr_op::call).
enum class expr_function : unsigned char {
  exp, ln, log10, sqrt, abs, floor, ceil, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh
};

struct expr_node {
  expr_op op = expr_op::constant;
  expr_function function = expr_function::exp;
  double value = 0.0;
  index species = 0;
  std::vector<expr_node> args;

  static expr_node number(double v) {
    expr_node n;
    n.value = v;
    return n;
  }
  static expr_node species_load(index i, double scale) {
    expr_node n;
    n.op = expr_op::species;
    n.species = i;
    n.value = scale;
    return n;
  }
  static expr_node make(expr_op op, std::vector<expr_node> args) {
    expr_node n;
    n.op = op;
    n.args = std::move(args);
    return n;
  }
  static expr_node make_call(expr_function f, expr_node arg) {
    expr_node n;
    n.op = expr_op::call;
    n.function = f;
    n.args.push_back(std::move(arg));
    return n;
  }
};

/// Looks up a unary function by its MathML / C name ("exp", "ln", "log", "sqrt", "abs", ...);
/// `log_is_ln` selects the meaning of "log" (BioNetGen: natural; MathML log: base 10).
bool find_function(const std::string& name, bool log_is_ln, expr_function& out);

/// Replaces every subtree that reads neither a species nor time by its value.
void fold_constants(expr_node& node);

// Prepares an event trigger whose time dependence must be located exactly: every comparison
// of `time` with a constant is rewritten to its right limit in time (t > c becomes t >= c,
// t <= c becomes t < c), so the trigger is right-continuous and changes only at the constants,
// which are appended to `times`. Returns false if the (folded) trigger reads the time in any
// other way.
bool time_switches(expr_node& trigger, std::vector<double>& times);

/// The nesting depth of a tree (a leaf has depth 1).
std::size_t tree_depth(const expr_node& node);

/// Mass-action form `k * prod_i (scale_i x_i)^{m_i}` of a folded tree: true and k, powers
/// (species, multiplicity, sorted by species) if the tree is a product (and quotients by
/// constants) of constants, species and positive integer powers of species.
bool match_mass_action(const expr_node& node, double& k, std::vector<std::pair<index, long long>>& powers);

/// A readable rendering (C-like infix) for messages and docs.
std::string to_text(const expr_node& node, const std::vector<std::string>& species_names);

}  // namespace jumpflow::detail
