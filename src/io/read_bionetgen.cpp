#include "jumpflow/io/read_bionetgen.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

namespace {

using detail::expr_function;
using detail::expr_node;
using detail::expr_op;

constexpr std::size_t max_depth = 200;

// Thrown by the parser with the reason; the reader adds the file and the line.
struct parse_failure {
  std::string what, value, condition;
};

// Resolves a name: `called` is true for `name()`.
using resolver = std::function<expr_node(const std::string& name, bool called)>;

// Recursive descent over BioNetGen's (muParser's) infix syntax. Precedence, loosest first:
// ||, &&, comparisons, + -, * /, unary - and !, ^ (right associative).
class infix_parser {
 public:
  infix_parser(const std::string& text, const resolver& resolve) : s_(text), resolve_(resolve) {}

  expr_node parse() {
    expr_node e = logical_or(0);
    skip();
    if (pos_ != s_.size()) fail("the text after the formula", s_.substr(pos_), "empty");
    return e;
  }

 private:
  [[noreturn]] void fail(std::string what, std::string value, std::string condition) const {
    throw parse_failure{std::move(what), std::move(value), std::move(condition)};
  }
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool accept(const char* token) {
    skip();
    const std::string t(token);
    if (s_.compare(pos_, t.size(), t) != 0) return false;
    pos_ += t.size();
    return true;
  }
  void expect(const char* token) {
    if (!accept(token)) fail("the formula '" + s_ + "' at position " + std::to_string(pos_),
                             pos_ < s_.size() ? "'" + s_.substr(pos_, 1) + "'" : "its end",
                             std::string("'") + token + "'");
  }
  void guard(std::size_t depth) const {
    if (depth > max_depth) fail("the formula's nesting", "> " + std::to_string(max_depth), "smaller");
  }
  static expr_node binary(expr_op op, expr_node a, expr_node b) {
    return expr_node::make(op, {std::move(a), std::move(b)});
  }

  expr_node logical_or(std::size_t depth) {
    guard(depth);
    expr_node e = logical_and(depth + 1);
    while (accept("||")) e = binary(expr_op::logical_or, std::move(e), logical_and(depth + 1));
    return e;
  }
  expr_node logical_and(std::size_t depth) {
    expr_node e = comparison(depth + 1);
    while (accept("&&")) e = binary(expr_op::logical_and, std::move(e), comparison(depth + 1));
    return e;
  }
  expr_node comparison(std::size_t depth) {
    expr_node e = sum(depth + 1);
    for (;;) {
      expr_op op;
      if (accept("<=")) op = expr_op::le;
      else if (accept(">=")) op = expr_op::ge;
      else if (accept("==")) op = expr_op::eq;
      else if (accept("!=") || accept("~=")) op = expr_op::ne;
      else if (accept("<")) op = expr_op::lt;
      else if (accept(">")) op = expr_op::gt;
      else return e;
      e = binary(op, std::move(e), sum(depth + 1));
    }
  }
  expr_node sum(std::size_t depth) {
    expr_node e = product(depth + 1);
    for (;;) {
      if (accept("+")) e = binary(expr_op::add, std::move(e), product(depth + 1));
      else if (accept("-")) e = binary(expr_op::sub, std::move(e), product(depth + 1));
      else return e;
    }
  }
  expr_node product(std::size_t depth) {
    expr_node e = unary(depth + 1);
    for (;;) {
      if (accept("**")) {
        pos_ -= 2;  // a power, handled in unary()
        return e;
      }
      if (accept("*")) e = binary(expr_op::mul, std::move(e), unary(depth + 1));
      else if (accept("/")) e = binary(expr_op::div, std::move(e), unary(depth + 1));
      else return e;
    }
  }
  expr_node unary(std::size_t depth) {
    guard(depth);
    if (accept("-")) return expr_node::make(expr_op::neg, {unary(depth + 1)});
    if (accept("+")) return unary(depth + 1);
    if (accept("!")) return expr_node::make(expr_op::logical_not, {unary(depth + 1)});
    expr_node base = primary(depth + 1);
    if (accept("^") || accept("**")) return binary(expr_op::pow, std::move(base), unary(depth + 1));
    return base;
  }
  expr_node primary(std::size_t depth) {
    guard(depth);
    skip();
    if (pos_ >= s_.size()) fail("the formula '" + s_ + "'", "incomplete", "a complete formula");
    const char c = s_[pos_];
    if (accept("(")) {
      expr_node e = logical_or(depth + 1);
      expect(")");
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      const std::size_t start = pos_;
      while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
      const std::string name = s_.substr(start, pos_ - start);
      if (!accept("(")) {
        if (name == "_pi") return expr_node::number(std::acos(-1.0));
        if (name == "_e") return expr_node::number(std::exp(1.0));
        return resolve_(name, false);
      }
      std::vector<expr_node> args;
      if (!accept(")")) {
        do args.push_back(logical_or(depth + 1));
        while (accept(","));
        expect(")");
      }
      return call(name, std::move(args));
    }
    fail("the formula '" + s_ + "' at position " + std::to_string(pos_), "'" + std::string(1, c) + "'",
         "a number, a name or '('");
  }
  expr_node number() {
    const char* begin = s_.c_str() + pos_;
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin) fail("a number in '" + s_ + "'", s_.substr(pos_), "a number");
    pos_ += static_cast<std::size_t>(end - begin);
    return expr_node::number(v);
  }
  expr_node call(const std::string& name, std::vector<expr_node> args) {
    const auto arity = [&](std::size_t k) {
      if (args.size() != k) fail("the argument count of " + name + "()", std::to_string(args.size()), std::to_string(k));
    };
    if (name == "time") {
      arity(0);
      return expr_node::make(expr_op::time, {});
    }
    if (name == "if") {
      arity(3);
      return expr_node::make(expr_op::select, std::move(args));
    }
    if (name == "min" || name == "max") {
      arity(2);
      return expr_node::make(name == "min" ? expr_op::min : expr_op::max, std::move(args));
    }
    expr_function f;
    if (detail::find_function(name, true, f)) {
      arity(1);
      return expr_node::make_call(f, std::move(args[0]));
    }
    if (!args.empty()) {
      fail("the call " + name + "(...)", "a call with arguments",
           "a built-in function or a global function name() (local functions, MM, Sat, Hill and "
           "Arrhenius are not supported)");
    }
    return resolve_(name, true);
  }

  const std::string& s_;
  const resolver& resolve_;
  std::size_t pos_ = 0;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

class net_reader {
 public:
  net_reader(std::string source, const char* fn) : source_(std::move(source)), fn_(fn) {}

  imported_network read(const std::string& text, const import_options& options) {
    volume_ = options.volume;
    if (!std::isnan(volume_) && !(std::isfinite(volume_) && volume_ > 0.0)) {
      throw std::invalid_argument(error_message(fn_, source_ + ": the volume", format_value(volume_), "finite and > 0"));
    }
    p_.source = fn_;
    p_.file = source_;
    std::istringstream in(text);
    std::string raw, block;
    std::vector<std::pair<std::size_t, std::string>> lines;  // (line number, text) per block
    std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> blocks;
    std::size_t number = 0;
    std::string pending;  // a line continued with a trailing backslash
    while (std::getline(in, raw)) {
      ++number;
      line_ = number;
      std::string line = raw;
      if (const auto hash = line.find('#'); hash != std::string::npos) {
        comments_[number] = trim(line.substr(hash + 1));
        line.erase(hash);
      }
      line = trim(line);
      if (!line.empty() && line.back() == '\\') {
        pending += line.substr(0, line.size() - 1) + " ";
        continue;
      }
      line = trim(pending + line);
      pending.clear();
      if (line.empty()) continue;
      if (line.rfind("begin ", 0) == 0) {
        if (!block.empty()) fail("'" + line + "'", "inside block " + block, "after 'end " + block + "'");
        block = trim(line.substr(6));
        static const char* known[] = {"parameters", "species", "reactions", "groups", "functions"};
        bool ok = false;
        for (const char* k : known) ok = ok || block == k;
        if (!ok) fail("block", block, "parameters, species, reactions, groups or functions");
        if (blocks.count(block)) fail("block " + block, "repeated", "given once");
        blocks[block];
        continue;
      }
      if (line.rfind("end ", 0) == 0) {
        if (trim(line.substr(4)) != block) fail("'" + line + "'", "unmatched", "'end " + block + "'");
        block.clear();
        continue;
      }
      if (block.empty()) {
        if (line.rfind("substanceUnits", 0) == 0 || line.rfind("version", 0) == 0 ||
            line.rfind("setOption", 0) == 0) {
          continue;
        }
        fail("the text outside any block", "'" + line + "'", "a comment or a begin ... end block");
      }
      blocks[block].emplace_back(number, line);
    }
    if (!block.empty()) fail("block " + block, "not ended", "closed by 'end " + block + "'");
    for (const auto& [n, l] : blocks["parameters"]) parameter(n, l);
    for (const auto& [n, l] : blocks["species"]) species(n, l);
    if (p_.species_names.empty()) fail("the species block", "empty or missing", "present, with species");
    for (const auto& [n, l] : blocks["groups"]) group(n, l);
    for (const auto& [n, l] : blocks["functions"]) function(n, l);
    for (const auto& [n, l] : blocks["reactions"]) reaction(n, l);
    if (p_.channel_names.empty()) fail("the reactions block", "empty or missing", "present, with reactions");
    p_.initial.resize(static_cast<index>(initial_.size()));
    for (std::size_t i = 0; i < initial_.size(); ++i) p_.initial[static_cast<index>(i)] = initial_[i];
    p_.fixed = fixed_;
    if (!std::isnan(volume_)) p_.volume = volume_;
    return imported_network(std::move(p_), options);
  }

 private:
  [[noreturn]] void fail(const std::string& what, const std::string& value,
                         const std::string& condition) const {
    throw std::invalid_argument(error_message(
        fn_, source_ + " line " + std::to_string(line_) + ": " + what, value, condition));
  }

  std::vector<std::string> fields(std::size_t n, const std::string& line, std::size_t min) {
    line_ = n;
    std::istringstream in(line);
    std::vector<std::string> out;
    std::string f;
    while (in >> f) out.push_back(f);
    if (out.size() < min) fail("the line '" + line + "'", std::to_string(out.size()) + " fields", ">= " + std::to_string(min) + " fields");
    return out;
  }

  static std::string rest(const std::vector<std::string>& f, std::size_t from) {
    std::string s;
    for (std::size_t i = from; i < f.size(); ++i) s += f[i];
    return s;
  }

  expr_node parse(const std::string& text, const resolver& r) {
    try {
      return infix_parser(text, r).parse();
    } catch (const parse_failure& e) {
      fail(e.what, e.value, e.condition);
    }
  }

  void define(const std::string& name, expr_node value, const char* kind) {
    if (!symbols_.emplace(name, std::move(value)).second) fail(std::string(kind) + " " + name, "defined twice", "defined once");
  }

  resolver names(const char* where, bool allow_dynamic) {
    return [this, where, allow_dynamic](const std::string& name, bool) -> expr_node {
      const auto s = symbols_.find(name);
      if (s == symbols_.end()) fail(std::string(where) + " reads the name", name, "a name defined above it");
      if (!allow_dynamic && s->second.op != expr_op::constant) {
        expr_node copy = s->second;
        detail::fold_constants(copy);
        if (copy.op != expr_op::constant) fail(std::string(where) + " reads", name, "a constant");
      }
      return s->second;
    };
  }

  double constant(const std::string& text, const char* where) {
    expr_node e = parse(text, names(where, false));
    detail::fold_constants(e);
    if (e.op != expr_op::constant) fail(std::string(where) + " '" + text + "'", "not constant", "a formula of parameters");
    return e.value;
  }

  void parameter(std::size_t n, const std::string& line) {
    const auto f = fields(n, line, 3);
    const double v = constant(rest(f, 2), "parameter");
    define(f[1], expr_node::number(v), "parameter");
  }

  void species(std::size_t n, const std::string& line) {
    const auto f = fields(n, line, 3);
    std::string name = f[1];
    const bool fixed = !name.empty() && name[0] == '$';
    if (fixed) name.erase(0, 1);
    double v = constant(rest(f, 2), "the initial count");
    if (!std::isnan(volume_) && v >= 0.0) v = std::round(v * volume_);
    if (!(v >= 0.0 && v == std::floor(v) && v < 9.0e18)) {
      fail("the initial count of species " + name, format_value(v), "a whole number >= 0");
    }
    const index i = static_cast<index>(p_.species_names.size());
    if (f[0] != std::to_string(i + 1)) fail("the species number", f[0], std::to_string(i + 1) + " (in order)");
    p_.species_names.push_back(name);
    initial_.push_back(static_cast<long long>(v));
    fixed_.push_back(fixed ? 1 : 0);
  }

  index species_index(const std::string& text, const char* role) {
    char* end = nullptr;
    const long long k = std::strtoll(text.c_str(), &end, 10);
    const auto d = static_cast<long long>(p_.species_names.size());
    if (end == text.c_str() || *end != '\0' || k < 1 || k > d) {
      fail(std::string("the ") + role + " species index", "'" + text + "'", "in [1, " + std::to_string(d) + "]");
    }
    return static_cast<index>(k - 1);
  }

  std::vector<species_term> species_list(const std::string& text, const char* role) {
    std::vector<species_term> out;
    if (text == "0") return out;  // the null species
    for (const auto& item : split(text, ',')) {
      const index i = species_index(item, role);
      bool merged = false;
      for (auto& t : out) {
        if (t.species == i) ++t.count, merged = true;
      }
      if (!merged) out.push_back({i, 1});
    }
    return out;
  }

  void group(std::size_t n, const std::string& line) {
    const auto f = fields(n, line, 2);
    expr_node sum = expr_node::number(0.0);
    if (f.size() >= 3) {
      for (const auto& item : split(rest(f, 2), ',')) {
        double w = 1.0;
        std::string idx = item;
        if (const auto star = item.find('*'); star != std::string::npos) {
          w = constant(item.substr(0, star), "a group weight");
          idx = item.substr(star + 1);
        }
        const index i = species_index(idx, "group");
        sum = expr_node::make(expr_op::add, {std::move(sum), expr_node::make(expr_op::mul, {expr_node::number(w), expr_node::species_load(i, 1.0)})});
      }
    }
    p_.observables.push_back({f[1], std::make_shared<const expression>(sum)});
    define(f[1], std::move(sum), "group");
  }

  void function(std::size_t n, const std::string& line) {
    const auto f = fields(n, line, 3);
    std::string name = f[1];
    if (name.size() < 2 || name.compare(name.size() - 2, 2, "()") != 0) {
      fail("function " + name, "a local function (with arguments) or without ()", "name()");
    }
    name.resize(name.size() - 2);
    define(name, parse(rest(f, 2), names("a function", true)), "function");
  }

  void reaction(std::size_t n, const std::string& line) {
    const auto f = fields(n, line, 4);
    auto reactants = species_list(f[1], "reactant");
    auto products = species_list(f[2], "product");
    const std::string name = comments_.count(n) && !comments_.at(n).empty() ? comments_.at(n) : "R" + f[0];
    expr_node rate = parse(rest(f, 3), names("a rate", true));
    if (!std::isnan(volume_)) {
      // Kurtz's density-dependent family: a reaction of order m has rate k V^(1 - m).
      detail::fold_constants(rate);
      if (rate.op != expr_op::constant) {
        fail("the rate of reaction " + name, "a function", "a constant to read the model at another volume");
      }
      long long order = 0;
      for (const auto& r : reactants) order += r.count;
      rate = expr_node::number(rate.value * std::pow(volume_, static_cast<double>(1 - order)));
    }
    p_.channel_names.push_back(name);
    p_.reactants.push_back(std::move(reactants));
    p_.products.push_back(std::move(products));
    p_.laws.push_back(std::move(rate));
    p_.elementary.push_back(1);
  }

  std::string source_;
  const char* fn_;
  std::size_t line_ = 0;
  double volume_ = 0.0;
  imported_network::parts p_;
  std::vector<long long> initial_;
  std::vector<unsigned char> fixed_;
  std::map<std::string, expr_node> symbols_;
  std::map<std::size_t, std::string> comments_;
};

}  // namespace

imported_network read_bionetgen(const std::string& path, const import_options& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::invalid_argument(error_message("jumpflow::read_bionetgen", "file " + path, "unreadable", "a readable .net file"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return net_reader(path, "jumpflow::read_bionetgen").read(text.str(), options);
}

imported_network read_bionetgen_string(const std::string& text, const import_options& options) {
  return net_reader("<string>", "jumpflow::read_bionetgen_string").read(text, options);
}

}  // namespace jumpflow
