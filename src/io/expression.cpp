#include "jumpflow/io/expression.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <sstream>

#include "jumpflow/core/error.hpp"

namespace jumpflow {
namespace detail {

namespace {

double apply(expr_function f, double a) noexcept {
  switch (f) {
    case expr_function::exp: return std::exp(a);
    case expr_function::ln: return std::log(a);
    case expr_function::log10: return std::log10(a);
    case expr_function::sqrt: return std::sqrt(a);
    case expr_function::abs: return std::fabs(a);
    case expr_function::floor: return std::floor(a);
    case expr_function::ceil: return std::ceil(a);
    case expr_function::sin: return std::sin(a);
    case expr_function::cos: return std::cos(a);
    case expr_function::tan: return std::tan(a);
    case expr_function::asin: return std::asin(a);
    case expr_function::acos: return std::acos(a);
    case expr_function::atan: return std::atan(a);
    case expr_function::sinh: return std::sinh(a);
    case expr_function::cosh: return std::cosh(a);
    case expr_function::tanh: return std::tanh(a);
  }
  return a;
}

const char* function_name(expr_function f) noexcept {
  static const char* names[] = {"exp",   "ln",  "log10", "sqrt", "abs",  "floor", "ceil", "sin",
                                "cos",   "tan", "asin",  "acos", "atan", "sinh",  "cosh", "tanh"};
  return names[static_cast<int>(f)];
}

double truth(bool b) noexcept { return b ? 1.0 : 0.0; }

// The binary operations, shared by constant folding and the evaluator.
double apply(expr_op op, double a, double b) noexcept {
  switch (op) {
    case expr_op::add: return a + b;
    case expr_op::sub: return a - b;
    case expr_op::mul: return a * b;
    case expr_op::div: return a / b;
    case expr_op::pow: return std::pow(a, b);
    case expr_op::lt: return truth(a < b);
    case expr_op::le: return truth(a <= b);
    case expr_op::gt: return truth(a > b);
    case expr_op::ge: return truth(a >= b);
    case expr_op::eq: return truth(a == b);
    case expr_op::ne: return truth(a != b);
    case expr_op::logical_and: return truth(a != 0.0 && b != 0.0);
    case expr_op::logical_or: return truth(a != 0.0 || b != 0.0);
    case expr_op::logical_xor: return truth((a != 0.0) != (b != 0.0));
    case expr_op::min: return std::min(a, b);
    case expr_op::max: return std::max(a, b);
    default: return 0.0;
  }
}

bool is_number(const expr_node& n) { return n.op == expr_op::constant; }

void collect_factors(const expr_node& n, bool inverted, std::vector<std::pair<const expr_node*, bool>>& out) {
  if (n.op == expr_op::mul) {
    for (const auto& a : n.args) collect_factors(a, inverted, out);
  } else if (n.op == expr_op::div && n.args.size() == 2) {
    collect_factors(n.args[0], inverted, out);
    collect_factors(n.args[1], !inverted, out);
  } else {
    out.emplace_back(&n, inverted);
  }
}

}  // namespace

bool find_function(const std::string& name, bool log_is_ln, expr_function& out) {
  static const std::map<std::string, expr_function> table = {
      {"exp", expr_function::exp},     {"ln", expr_function::ln},
      {"log10", expr_function::log10}, {"sqrt", expr_function::sqrt},
      {"abs", expr_function::abs},     {"floor", expr_function::floor},
      {"ceil", expr_function::ceil},   {"ceiling", expr_function::ceil},
      {"sin", expr_function::sin},     {"cos", expr_function::cos},
      {"tan", expr_function::tan},     {"asin", expr_function::asin},
      {"arcsin", expr_function::asin}, {"acos", expr_function::acos},
      {"arccos", expr_function::acos}, {"atan", expr_function::atan},
      {"arctan", expr_function::atan}, {"sinh", expr_function::sinh},
      {"cosh", expr_function::cosh},   {"tanh", expr_function::tanh}};
  if (name == "log") {
    out = log_is_ln ? expr_function::ln : expr_function::log10;
    return true;
  }
  const auto it = table.find(name);
  if (it == table.end()) return false;
  out = it->second;
  return true;
}

void fold_constants(expr_node& node) {
  bool all_constant = true;
  for (auto& a : node.args) {
    fold_constants(a);
    all_constant = all_constant && is_number(a);
  }
  if (node.op == expr_op::constant || node.op == expr_op::species || node.op == expr_op::time) {
    return;
  }
  if (node.op == expr_op::select && !node.args.empty() && is_number(node.args[0])) {
    // A condition known at load time picks its branch.
    expr_node chosen = std::move(node.args[node.args[0].value != 0.0 ? 1 : 2]);
    node = std::move(chosen);
    return;
  }
  if (!all_constant) return;
  double v = 0.0;
  switch (node.op) {
    case expr_op::neg: v = -node.args[0].value; break;
    case expr_op::logical_not: v = truth(node.args[0].value == 0.0); break;
    case expr_op::call: v = apply(node.function, node.args[0].value); break;
    default: v = apply(node.op, node.args[0].value, node.args[1].value); break;
  }
  node = expr_node::number(v);
}

bool time_switches(expr_node& n, std::vector<double>& times) {
  if (n.op == expr_op::time) return false;  // the time outside a comparison with a constant
  const bool ordering =
      n.op == expr_op::lt || n.op == expr_op::le || n.op == expr_op::gt || n.op == expr_op::ge;
  if (ordering && n.args.size() == 2) {
    const bool time_left = n.args[0].op == expr_op::time && is_number(n.args[1]);
    const bool time_right = n.args[1].op == expr_op::time && is_number(n.args[0]);
    if (time_left || time_right) {
      // The right limit: with t on the left, t > c -> t >= c and t <= c -> t < c; mirrored
      // with t on the right (c < t -> c <= t, c >= t -> c > t).
      const expr_op later = time_left ? expr_op::gt : expr_op::lt;
      const expr_op up_to = time_left ? expr_op::le : expr_op::ge;
      if (n.op == later) n.op = time_left ? expr_op::ge : expr_op::le;
      if (n.op == up_to) n.op = time_left ? expr_op::lt : expr_op::gt;
      times.push_back(n.args[time_left ? 1 : 0].value);
      return true;
    }
  }
  for (auto& a : n.args) {
    if (!time_switches(a, times)) return false;
  }
  return true;
}

std::size_t tree_depth(const expr_node& node) {
  std::size_t d = 0;
  for (const auto& a : node.args) d = std::max(d, tree_depth(a));
  return d + 1;
}

bool match_mass_action(const expr_node& node, double& k,
                       std::vector<std::pair<index, long long>>& powers) {
  std::vector<std::pair<const expr_node*, bool>> factors;
  collect_factors(node, false, factors);
  std::map<index, long long> power;
  k = 1.0;
  for (const auto& [f, inverted] : factors) {
    if (f->op == expr_op::constant) {
      k = inverted ? k / f->value : k * f->value;
      continue;
    }
    if (inverted) return false;  // a species in a denominator is not mass action
    const expr_node* base = f;
    long long m = 1;
    if (f->op == expr_op::pow) {
      const auto& e = f->args[1];
      if (!is_number(e) || !(e.value >= 1.0 && e.value <= 64.0) || e.value != std::floor(e.value)) {
        return false;
      }
      base = &f->args[0];
      m = static_cast<long long>(e.value);
    }
    if (base->op != expr_op::species) return false;
    power[base->species] += m;
    k *= std::pow(base->value, static_cast<double>(m));
  }
  powers.assign(power.begin(), power.end());
  return std::isfinite(k) && k >= 0.0;
}

std::string to_text(const expr_node& n, const std::vector<std::string>& names) {
  static const std::map<expr_op, const char*> infix = {
      {expr_op::add, " + "}, {expr_op::sub, " - "}, {expr_op::mul, " * "}, {expr_op::div, " / "},
      {expr_op::pow, "^"},   {expr_op::lt, " < "},  {expr_op::le, " <= "}, {expr_op::gt, " > "},
      {expr_op::ge, " >= "}, {expr_op::eq, " == "}, {expr_op::ne, " != "},
      {expr_op::logical_and, " && "}, {expr_op::logical_or, " || "}, {expr_op::logical_xor, " xor "}};
  std::ostringstream s;
  switch (n.op) {
    case expr_op::constant: s << format_value(n.value); break;
    case expr_op::time: s << "t"; break;
    case expr_op::species: {
      const auto i = static_cast<std::size_t>(n.species);
      if (i < names.size()) {
        s << names[i];
      } else {
        s << "x" << n.species;
      }
      if (n.value != 1.0) s << "*" << format_value(n.value);
      break;
    }
    case expr_op::neg: s << "-(" << to_text(n.args[0], names) << ")"; break;
    case expr_op::logical_not: s << "!(" << to_text(n.args[0], names) << ")"; break;
    case expr_op::call: s << function_name(n.function) << "(" << to_text(n.args[0], names) << ")"; break;
    case expr_op::select:
      s << "(" << to_text(n.args[0], names) << " ? " << to_text(n.args[1], names) << " : "
        << to_text(n.args[2], names) << ")";
      break;
    case expr_op::min:
    case expr_op::max:
      s << (n.op == expr_op::min ? "min(" : "max(") << to_text(n.args[0], names) << ", "
        << to_text(n.args[1], names) << ")";
      break;
    default:
      s << "(" << to_text(n.args[0], names) << infix.at(n.op) << to_text(n.args[1], names) << ")";
  }
  return s.str();
}

}  // namespace detail

namespace {

// The opcodes of the accumulator machine: `top` holds the top of the stack; push_* move it
// onto the stack; binary ops combine the stack's top with `top`; *_c and *_x ops take their
// other operand from the instruction (a constant, or a species count times its scale).
enum code : unsigned char {
  push_const, push_species, push_time,
  binary,  // detail::apply(op in `species`, stack, top)
  add_c, mul_c, sub_c, rsub_c, div_c, rdiv_c,
  add_x, mul_x, sub_x, div_x,
  neg, logical_not, call, powi, select
};

void collect_reads(const detail::expr_node& n, std::vector<index>& reads, bool& time) {
  if (n.op == detail::expr_op::species) reads.push_back(n.species);
  if (n.op == detail::expr_op::time) time = true;
  for (const auto& a : n.args) collect_reads(a, reads, time);
}

bool whole_power(const detail::expr_node& n) {
  if (n.op != detail::expr_op::pow || n.args[1].op != detail::expr_op::constant) return false;
  const double e = n.args[1].value;
  return e == std::floor(e) && std::fabs(e) <= 64.0;
}

}  // namespace

expression::expression(detail::expr_node tree) : tree_(std::move(tree)) {
  detail::fold_constants(tree_);
  std::size_t depth = 0, max_depth = 0;
  emit(tree_, depth, max_depth);
  require_argument(max_depth <= max_stack, "jumpflow::expression", "the stack depth",
                   static_cast<long long>(max_depth), "<= " + std::to_string(max_stack));
  collect_reads(tree_, reads_, reads_time_);
  std::sort(reads_.begin(), reads_.end());
  reads_.erase(std::unique(reads_.begin(), reads_.end()), reads_.end());
}

void expression::emit(const detail::expr_node& node, std::size_t& depth, std::size_t& max_depth) {
  using detail::expr_op;
  const auto push = [&](unsigned char op, index species, double value) {
    code_.push_back({op, node.function, species, value});
    max_depth = std::max(max_depth, ++depth);
  };
  switch (node.op) {
    case expr_op::constant: push(push_const, 0, node.value); return;
    case expr_op::species: push(push_species, node.species, node.value); return;
    case expr_op::time: push(push_time, 0, 0.0); return;
    default: break;
  }
  // x^n with a whole constant n: multiplications instead of std::pow (a Hill function's
  // (P/K)^h costs several times less).
  if (whole_power(node)) {
    emit(node.args[0], depth, max_depth);
    code_.push_back({powi, node.function, 0, node.args[1].value});
    return;
  }
  const bool arithmetic = node.op == expr_op::add || node.op == expr_op::sub ||
                          node.op == expr_op::mul || node.op == expr_op::div;
  if (arithmetic) {
    const auto& a = node.args[0];
    const auto& b = node.args[1];
    const bool commutes = node.op == expr_op::add || node.op == expr_op::mul;
    // An operand that is a constant or a species goes into the instruction (IEEE addition
    // and multiplication commute exactly, so a left operand can too).
    const auto immediate = [&](const detail::expr_node& other, const detail::expr_node& leaf,
                               bool leaf_left) {
      emit(other, depth, max_depth);
      unsigned char op = 0;
      if (leaf.op == expr_op::constant) {
        switch (node.op) {
          case expr_op::add: op = add_c; break;
          case expr_op::mul: op = mul_c; break;
          case expr_op::sub: op = leaf_left ? rsub_c : sub_c; break;
          default: op = leaf_left ? rdiv_c : div_c; break;
        }
      } else {
        switch (node.op) {
          case expr_op::add: op = add_x; break;
          case expr_op::mul: op = mul_x; break;
          case expr_op::sub: op = sub_x; break;
          default: op = div_x; break;
        }
      }
      code_.push_back({op, node.function, leaf.species, leaf.value});
    };
    const auto leaf = [](const detail::expr_node& n) {
      return n.op == expr_op::constant || n.op == expr_op::species;
    };
    if (leaf(b)) return immediate(a, b, false);
    if (a.op == expr_op::constant || (commutes && leaf(a))) return immediate(b, a, true);
  }
  for (const auto& a : node.args) emit(a, depth, max_depth);
  // Operands were pushed; the operation pops them and pushes its result.
  depth -= node.args.size() - 1;
  switch (node.op) {
    case expr_op::neg: code_.push_back({neg, node.function, 0, 0.0}); break;
    case expr_op::logical_not: code_.push_back({logical_not, node.function, 0, 0.0}); break;
    case expr_op::call: code_.push_back({call, node.function, 0, 0.0}); break;
    case expr_op::select: code_.push_back({select, node.function, 0, 0.0}); break;
    default:
      code_.push_back({binary, node.function, static_cast<index>(node.op), 0.0});
  }
}

double expression::operator()(const count_vector& x, double t) const noexcept {
  return evaluate(x, t);
}

double expression::operator()(const vector& x, double t) const noexcept { return evaluate(x, t); }

template <class Vec>
double expression::evaluate(const Vec& x, double t) const noexcept {
  std::array<double, max_stack> stack;
  std::size_t sp = 0;  // values below the top
  double top = 0.0;
  const auto count = [&x](const instruction& in) {
    return static_cast<double>(x[in.species]) * in.value;
  };
  for (const auto& in : code_) {
    switch (in.op) {
      case push_const: stack[sp++] = top; top = in.value; break;
      case push_species: stack[sp++] = top; top = count(in); break;
      case push_time: stack[sp++] = top; top = t; break;
      case add_c: top += in.value; break;
      case mul_c: top *= in.value; break;
      case sub_c: top -= in.value; break;
      case rsub_c: top = in.value - top; break;
      case div_c: top /= in.value; break;
      case rdiv_c: top = in.value / top; break;
      case add_x: top += count(in); break;
      case mul_x: top *= count(in); break;
      case sub_x: top -= count(in); break;
      case div_x: top /= count(in); break;
      case neg: top = -top; break;
      case logical_not: top = detail::truth(top == 0.0); break;
      case call: top = detail::apply(in.function, top); break;
      case powi: {
        auto n = static_cast<long long>(in.value);
        const bool invert = n < 0;
        if (invert) n = -n;
        double result = 1.0, b = top;
        for (; n > 0; n >>= 1, b *= b) {
          if (n & 1) result *= b;
        }
        top = invert ? 1.0 / result : result;
        break;
      }
      case select: {
        const double otherwise = top, then = stack[--sp], condition = stack[--sp];
        top = condition != 0.0 ? then : otherwise;
        break;
      }
      default:
        top = detail::apply(static_cast<detail::expr_op>(in.species), stack[--sp], top);
    }
  }
  return top;
}

}  // namespace jumpflow
