#include "jumpflow/io/read_sbml.hpp"

#include <stdexcept>

#include "jumpflow/core/error.hpp"

#ifdef JUMPFLOW_HAVE_SBML

#include <sbml/SBMLTypes.h>
#include <sbml/extension/SBasePlugin.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>

namespace jumpflow {

namespace {

using detail::expr_function;
using detail::expr_node;
using detail::expr_op;

// Deeper MathML is refused: the tree is converted and folded recursively.
constexpr std::size_t max_depth = 200;

class sbml_reader {
 public:
  sbml_reader(const std::string& source, const char* function) : source_(source), fn_(function) {}

  [[noreturn]] void fail(const std::string& what, const std::string& value,
                         const std::string& condition) const {
    throw std::invalid_argument(error_message(fn_, source_ + ": " + what, value, condition));
  }

  imported_network read(SBMLDocument& doc, const import_options& options) {
    volume_override_ = options.volume;
    if (doc.getNumErrors(LIBSBML_SEV_ERROR) + doc.getNumErrors(LIBSBML_SEV_FATAL) > 0) {
      const SBMLError* e = doc.getNumErrors(LIBSBML_SEV_FATAL) > 0
                               ? doc.getErrorWithSeverity(0, LIBSBML_SEV_FATAL)
                               : doc.getErrorWithSeverity(0, LIBSBML_SEV_ERROR);
      fail("the document (line " + std::to_string(e->getLine()) + ")", "invalid",
           "valid SBML: " + e->getMessage());
    }
    if (doc.getLevel() < 2) fail("the SBML level", std::to_string(doc.getLevel()), "2 or 3");
    // A package that is not required does not change the maths (SBML 3 core, 4.1.3), so
    // layout or render information is ignored; a required one is refused.
    for (unsigned i = 0; i < doc.getNumPlugins(); ++i) {
      const std::string name = doc.getPlugin(i)->getPackageName();
      if (doc.getLevel() >= 3 && doc.isPackageEnabled(name) && doc.getPackageRequired(name)) {
        fail("the required package", name, "absent (SBML core only)");
      }
    }
    const Model* model = doc.getModel();
    if (model == nullptr) fail("the model", "missing", "present");
    model_ = model;
    if (model->getNumConstraints() > 0) fail("a constraint", "present", "absent (not supported)");
    if (model->isSetConversionFactor()) {
      fail("the model's conversion factor", model->getConversionFactor(), "unset (not supported)");
    }
    read_functions();
    read_rules();
    read_symbols();
    read_initial_assignments();

    imported_network::parts p;
    p.source = fn_;
    p.file = source_;
    const auto d = species_.size();
    p.initial.resize(static_cast<index>(d));
    for (std::size_t i = 0; i < d; ++i) {
      const auto& s = species_[i];
      const double amount = s.value / s.scale;
      const double whole = std::round(amount);
      // At another volume (options.volume) the scaled counts are rounded; as written they
      // must be whole.
      if (std::isnan(volume_override_) && !(std::fabs(amount - whole) <= 1e-9 * std::max(1.0, std::fabs(amount)))) {
        fail("the initial amount of species " + s.id, format_value(amount),
             "a whole number of molecules (amount, or concentration times compartment size)");
      }
      if (!(whole >= 0.0 && whole < 9.0e18)) fail("the initial amount of species " + s.id, format_value(whole), ">= 0");
      p.species_names.push_back(s.id);
      p.initial[static_cast<index>(i)] = static_cast<long long>(whole);
      p.fixed.push_back(s.fixed ? 1 : 0);
    }
    p.volume = volume_;
    for (const auto& [id, rule] : species_rules_) {
      p.observables.push_back({id, std::make_shared<const expression>(rule_value(id))});
    }
    for (unsigned r = 0; r < model->getNumReactions(); ++r) read_reaction(*model->getReaction(r), p);
    for (unsigned e = 0; e < model->getNumEvents(); ++e) read_event(*model->getEvent(e), e, p);
    return imported_network(std::move(p), options);
  }

 private:
  struct species_info {
    std::string id;
    index state = -1;  // index in the state, -1 for a species defined by an assignment rule
    double scale = 1;  // symbol value = count * scale
    double value = 0;  // initial value in symbol units (amount or concentration)
    bool fixed = false;
  };

  void read_functions() {
    for (unsigned i = 0; i < model_->getNumFunctionDefinitions(); ++i) {
      const FunctionDefinition* f = model_->getFunctionDefinition(i);
      if (f->getBody() == nullptr) fail("function " + f->getId(), "without a body", "a lambda");
      functions_[f->getId()] = f;
    }
  }

  void read_rules() {
    for (unsigned i = 0; i < model_->getNumRules(); ++i) {
      const Rule* r = model_->getRule(i);
      if (r->isRate()) {
        fail("the rule for " + r->getVariable(), "a rate rule",
             "an assignment rule (rate rules are not supported)");
      }
      if (r->isAlgebraic()) {
        fail("rule " + std::to_string(i), "an algebraic rule",
             "an assignment rule (algebraic rules are not supported)");
      }
      if (r->getMath() == nullptr) fail("the rule for " + r->getVariable(), "empty", "a formula");
      const std::string& v = r->getVariable();
      if (model_->getCompartment(v) != nullptr) {
        fail("compartment " + v, "set by an assignment rule", "of constant size");
      }
      if (model_->getSpecies(v) != nullptr) {
        species_rules_[v] = r->getMath();
      } else if (model_->getParameter(v) != nullptr) {
        parameter_rules_[v] = r->getMath();
      } else {
        fail("the variable of an assignment rule", v, "a species or a parameter (not supported)");
      }
    }
  }

  void read_symbols() {
    for (unsigned i = 0; i < model_->getNumCompartments(); ++i) {
      const Compartment* c = model_->getCompartment(i);
      const double size = c->isSetSize() ? c->getSize() : 1.0;
      compartments_[c->getId()] = size;
    }
    const bool rescale = !std::isnan(volume_override_);
    double amount_factor = 1.0;  // initial amounts given as amounts scale with the volume
    if (rescale) {
      if (!(std::isfinite(volume_override_) && volume_override_ > 0.0)) {
        fail("the volume", format_value(volume_override_), "finite and > 0");
      }
      if (compartments_.size() != 1) {
        fail("the number of compartments", std::to_string(compartments_.size()),
             "1 to read the model at another volume");
      }
      amount_factor = volume_override_ / compartments_.begin()->second;
      compartments_.begin()->second = volume_override_;
    }
    volume_ = 1.0;
    if (model_->getNumCompartments() >= 1) {
      volume_ = compartments_.begin()->second;
      for (const auto& [id, size] : compartments_) {
        if (size != volume_) volume_ = std::nan("");
      }
    }
    for (unsigned i = 0; i < model_->getNumParameters(); ++i) {
      const Parameter* q = model_->getParameter(i);
      parameters_[q->getId()] = q->isSetValue() ? q->getValue() : std::nan("");
    }
    for (unsigned i = 0; i < model_->getNumSpecies(); ++i) {
      const Species* s = model_->getSpecies(i);
      if (s->isSetConversionFactor()) {
        fail("species " + s->getId() + "'s conversion factor", s->getConversionFactor(),
             "unset (not supported)");
      }
      species_info info;
      info.id = s->getId();
      const auto c = compartments_.find(s->getCompartment());
      if (c == compartments_.end()) {
        fail("the compartment of species " + s->getId(), s->getCompartment(), "a compartment id");
      }
      const double size = c->second;
      if (!(std::isfinite(size) && size > 0.0)) {
        fail("the size of compartment " + c->first, format_value(size), "finite and > 0");
      }
      info.scale = s->getHasOnlySubstanceUnits() ? 1.0 : 1.0 / size;
      info.fixed = s->getBoundaryCondition() || s->getConstant();
      if (s->isSetInitialAmount()) {
        info.value = s->getInitialAmount() * amount_factor * info.scale;
      } else if (s->isSetInitialConcentration()) {
        info.value = s->getInitialConcentration() * size * info.scale;
      } else {
        info.value = std::nan("");  // set by an initial assignment or a rule, checked below
      }
      if (species_rules_.count(info.id) == 0) {
        info.state = static_cast<index>(species_.size());
        species_.push_back(info);
      }
      species_index_[info.id] = info;
    }
  }

  // Initial assignments in dependency order: repeatedly evaluate those whose formula reads
  // no symbol that another pending assignment sets (SBML forbids cycles).
  void read_initial_assignments() {
    std::vector<const InitialAssignment*> pending;
    for (unsigned i = 0; i < model_->getNumInitialAssignments(); ++i) {
      const InitialAssignment* a = model_->getInitialAssignment(i);
      if (a->getMath() == nullptr) fail("the initial assignment to " + a->getSymbol(), "empty", "a formula");
      pending.push_back(a);
    }
    initial_ = true;
    while (!pending.empty()) {
      std::set<std::string> targets;
      for (const auto* a : pending) targets.insert(a->getSymbol());
      std::vector<const InitialAssignment*> later;
      for (const auto* a : pending) {
        std::set<std::string> names;
        collect_names(*a->getMath(), names, 0);
        bool ready = true;
        for (const auto& n : names) ready = ready && (targets.count(n) == 0 || n == a->getSymbol());
        if (!ready) {
          later.push_back(a);
          continue;
        }
        expr_node tree = convert(*a->getMath(), {}, nullptr, "the initial assignment to " + a->getSymbol(), 0);
        detail::fold_constants(tree);
        if (tree.op != expr_op::constant) {
          fail("the initial assignment to " + a->getSymbol(), "a function of the state or time",
               "a constant");
        }
        assign(a->getSymbol(), tree.value);
      }
      if (later.size() == pending.size()) {
        fail("the initial assignment to " + pending.front()->getSymbol(), "cyclic", "acyclic");
      }
      pending = std::move(later);
    }
    initial_ = false;
    for (auto& s : species_) {
      s.value = species_index_.at(s.id).value;
      if (std::isnan(s.value)) {
        fail("the initial amount of species " + s.id, "unset", "set (amount, concentration or initial assignment)");
      }
    }
  }

  void assign(const std::string& id, double value) {
    if (auto s = species_index_.find(id); s != species_index_.end()) {
      s->second.value = value;
    } else if (auto q = parameters_.find(id); q != parameters_.end()) {
      q->second = value;
    } else if (auto c = compartments_.find(id); c != compartments_.end()) {
      fail("compartment " + id, "set by an initial assignment", "of constant size (not supported)");
    } else {
      fail("the symbol of an initial assignment", id, "a species or parameter id");
    }
  }

  void collect_names(const ASTNode& n, std::set<std::string>& out, std::size_t depth) const {
    if (depth > max_depth) fail("a formula's depth", ">" + std::to_string(max_depth), "smaller");
    if (n.getType() == AST_NAME) out.insert(n.getName());
    for (unsigned i = 0; i < n.getNumChildren(); ++i) collect_names(*n.getChild(i), out, depth + 1);
  }

  expr_node rule_value(const std::string& id) {
    if (!in_rule_.insert(id).second) fail("the assignment rule for " + id, "cyclic", "acyclic");
    const ASTNode* math = species_rules_.count(id) ? species_rules_.at(id) : parameter_rules_.at(id);
    expr_node tree = convert(*math, {}, nullptr, "the assignment rule for " + id, 0);
    in_rule_.erase(id);
    return tree;
  }

  using scope = std::map<std::string, expr_node>;

  expr_node symbol(const std::string& name, const scope& args, const KineticLaw* law,
                   const std::string& where) {
    if (auto a = args.find(name); a != args.end()) return a->second;
    if (law != nullptr) {
      if (const auto* lp = law->getLocalParameter(name); lp != nullptr) return expr_node::number(lp->getValue());
      if (const auto* lp = law->getParameter(name); lp != nullptr) return expr_node::number(lp->getValue());
    }
    if (auto s = species_index_.find(name); s != species_index_.end()) {
      if (initial_) return expr_node::number(s->second.value);
      if (species_rules_.count(name)) return rule_value(name);
      return expr_node::species_load(s->second.state, s->second.scale);
    }
    if (auto q = parameters_.find(name); q != parameters_.end()) {
      if (!initial_ && parameter_rules_.count(name)) return rule_value(name);
      if (std::isnan(q->second)) fail("parameter " + name, "without a value", "given a value");
      return expr_node::number(q->second);
    }
    if (auto c = compartments_.find(name); c != compartments_.end()) return expr_node::number(c->second);
    if (model_->getReaction(name) != nullptr) {
      fail(where, "the rate of reaction " + name, "a formula of species, parameters and time");
    }
    fail(where + " reads the id", name, "a species, parameter, compartment or argument id");
  }

  expr_node fold(ASTNodeType_t type, std::vector<expr_node> args, expr_op op, double empty) const {
    if (args.empty()) return expr_node::number(empty);
    expr_node acc = std::move(args[0]);
    for (std::size_t i = 1; i < args.size(); ++i) acc = expr_node::make(op, {std::move(acc), std::move(args[i])});
    (void)type;
    return acc;
  }

  expr_node convert(const ASTNode& n, const scope& args, const KineticLaw* law,
                    const std::string& where, std::size_t depth) {
    if (depth > max_depth) fail(where + "'s depth", ">" + std::to_string(max_depth), "smaller");
    std::vector<expr_node> c;
    const auto type = n.getType();
    const bool leaf = type == AST_FUNCTION || type == AST_LAMBDA || type == AST_FUNCTION_PIECEWISE;
    if (!leaf) {
      for (unsigned i = 0; i < n.getNumChildren(); ++i) c.push_back(convert(*n.getChild(i), args, law, where, depth + 1));
    }
    const auto arity = [&](std::size_t k) {
      if (c.size() != k) fail(where + ": " + std::string(n.getName() ? n.getName() : "an operator") + "'s argument count",
                              std::to_string(c.size()), std::to_string(k));
    };
    const auto call = [&](expr_function f) {
      arity(1);
      return expr_node::make_call(f, std::move(c[0]));
    };
    switch (type) {
      case AST_INTEGER: return expr_node::number(static_cast<double>(n.getInteger()));
      case AST_REAL:
      case AST_REAL_E:
      case AST_RATIONAL: return expr_node::number(n.getReal());
      case AST_CONSTANT_E: return expr_node::number(std::exp(1.0));
      case AST_CONSTANT_PI: return expr_node::number(std::acos(-1.0));
      case AST_CONSTANT_TRUE: return expr_node::number(1.0);
      case AST_CONSTANT_FALSE: return expr_node::number(0.0);
      case AST_NAME_AVOGADRO: return expr_node::number(6.02214076e23);
      case AST_NAME_TIME:
        if (initial_) fail(where, "time", "a constant");
        return expr_node::make(expr_op::time, {});
      case AST_NAME: return symbol(n.getName(), args, law, where);
      case AST_PLUS: return fold(type, std::move(c), expr_op::add, 0.0);
      case AST_TIMES: return fold(type, std::move(c), expr_op::mul, 1.0);
      case AST_MINUS:
        if (c.size() == 1) return expr_node::make(expr_op::neg, std::move(c));
        arity(2);
        return expr_node::make(expr_op::sub, std::move(c));
      case AST_DIVIDE: arity(2); return expr_node::make(expr_op::div, std::move(c));
      case AST_POWER:
      case AST_FUNCTION_POWER: arity(2); return expr_node::make(expr_op::pow, std::move(c));
      case AST_FUNCTION_ROOT:
        if (c.size() == 1) return call(expr_function::sqrt);
        arity(2);
        return expr_node::make(expr_op::pow, {std::move(c[1]), expr_node::make(expr_op::div, {expr_node::number(1.0), std::move(c[0])})});
      case AST_FUNCTION_LOG:
        if (c.size() == 1) return call(expr_function::log10);
        arity(2);
        return expr_node::make(expr_op::div, {expr_node::make_call(expr_function::ln, std::move(c[1])),
                                              expr_node::make_call(expr_function::ln, std::move(c[0]))});
      case AST_FUNCTION_LN: return call(expr_function::ln);
      case AST_FUNCTION_EXP: return call(expr_function::exp);
      case AST_FUNCTION_ABS: return call(expr_function::abs);
      case AST_FUNCTION_FLOOR: return call(expr_function::floor);
      case AST_FUNCTION_CEILING: return call(expr_function::ceil);
      case AST_FUNCTION_SIN: return call(expr_function::sin);
      case AST_FUNCTION_COS: return call(expr_function::cos);
      case AST_FUNCTION_TAN: return call(expr_function::tan);
      case AST_FUNCTION_ARCSIN: return call(expr_function::asin);
      case AST_FUNCTION_ARCCOS: return call(expr_function::acos);
      case AST_FUNCTION_ARCTAN: return call(expr_function::atan);
      case AST_FUNCTION_SINH: return call(expr_function::sinh);
      case AST_FUNCTION_COSH: return call(expr_function::cosh);
      case AST_FUNCTION_TANH: return call(expr_function::tanh);
      case AST_FUNCTION_MAX: return fold(type, std::move(c), expr_op::max, -HUGE_VAL);
      case AST_FUNCTION_MIN: return fold(type, std::move(c), expr_op::min, HUGE_VAL);
      case AST_LOGICAL_AND: return fold(type, std::move(c), expr_op::logical_and, 1.0);
      case AST_LOGICAL_OR: return fold(type, std::move(c), expr_op::logical_or, 0.0);
      case AST_LOGICAL_XOR: return fold(type, std::move(c), expr_op::logical_xor, 0.0);
      case AST_LOGICAL_NOT: arity(1); return expr_node::make(expr_op::logical_not, std::move(c));
      case AST_RELATIONAL_EQ: return relation(expr_op::eq, std::move(c), where);
      case AST_RELATIONAL_NEQ: arity(2); return expr_node::make(expr_op::ne, std::move(c));
      case AST_RELATIONAL_LT: return relation(expr_op::lt, std::move(c), where);
      case AST_RELATIONAL_LEQ: return relation(expr_op::le, std::move(c), where);
      case AST_RELATIONAL_GT: return relation(expr_op::gt, std::move(c), where);
      case AST_RELATIONAL_GEQ: return relation(expr_op::ge, std::move(c), where);
      case AST_FUNCTION_PIECEWISE: return piecewise(n, args, law, where, depth);
      case AST_FUNCTION: return call_user(n, args, law, where, depth);
      default: break;
    }
    const char* name = n.getName();
    fail(where, std::string("the MathML element ") + (name != nullptr ? name : "of type " + std::to_string(int(type))),
         "a supported operator (delay, rateOf, factorial, quotient, rem and lambda are not)");
  }

  // a < b < c is (a < b) && (b < c).
  expr_node relation(expr_op op, std::vector<expr_node> c, const std::string& where) {
    if (c.size() < 2) fail(where + ": a relation's argument count", std::to_string(c.size()), ">= 2");
    expr_node acc = expr_node::make(op, {c[0], c[1]});
    for (std::size_t i = 2; i < c.size(); ++i) {
      acc = expr_node::make(expr_op::logical_and, {std::move(acc), expr_node::make(op, {c[i - 1], c[i]})});
    }
    return acc;
  }

  // piecewise(v1, c1, v2, c2, ..., otherwise): nested selects; with no otherwise and no true
  // condition the value is undefined (NaN), which the simulators report.
  expr_node piecewise(const ASTNode& n, const scope& args, const KineticLaw* law,
                      const std::string& where, std::size_t depth) {
    const unsigned k = n.getNumChildren();
    expr_node acc = (k % 2 == 1) ? convert(*n.getChild(k - 1), args, law, where, depth + 1)
                                 : expr_node::number(std::nan(""));
    for (unsigned i = k / 2; i-- > 0;) {
      acc = expr_node::make(expr_op::select, {convert(*n.getChild(2 * i + 1), args, law, where, depth + 1),
                                              convert(*n.getChild(2 * i), args, law, where, depth + 1),
                                              std::move(acc)});
    }
    return acc;
  }

  // A function definition is inlined: its arguments are bound to the converted actuals.
  expr_node call_user(const ASTNode& n, const scope& args, const KineticLaw* law,
                      const std::string& where, std::size_t depth) {
    const std::string name = n.getName() != nullptr ? n.getName() : "";
    const auto f = functions_.find(name);
    if (f == functions_.end()) fail(where + " calls", name, "a function definition id");
    const FunctionDefinition* def = f->second;
    if (def->getNumArguments() != n.getNumChildren()) {
      fail(where + ": the argument count of " + name, std::to_string(n.getNumChildren()),
           std::to_string(def->getNumArguments()));
    }
    if (!in_function_.insert(name).second) fail("function " + name, "recursive", "not recursive");
    scope bound;
    for (unsigned i = 0; i < n.getNumChildren(); ++i) {
      bound[def->getArgument(i)->getName()] = convert(*n.getChild(i), args, law, where, depth + 1);
    }
    // The body sees only its arguments and the model's global symbols.
    expr_node body = convert(*def->getBody(), bound, nullptr, "function " + name, depth + 1);
    in_function_.erase(name);
    return body;
  }

  void read_reaction(const Reaction& r, imported_network::parts& p) {
    const std::string id = r.getId();
    const std::string where = "reaction " + id;
    if (r.getReversible()) {
      fail(where, "reversible", "irreversible (a net rate is not a propensity: split it into two reactions)");
    }
    if (r.isSetFast() && r.getFast()) fail(where, "fast", "not fast (fast reactions are not supported)");
    const KineticLaw* law = r.getKineticLaw();
    if (law == nullptr || law->getMath() == nullptr) fail(where + "'s kinetic law", "missing", "present");
    const auto terms = [&](unsigned count, auto get, const char* role) {
      std::vector<species_term> out;
      for (unsigned i = 0; i < count; ++i) {
        const SpeciesReference* sr = get(i);
        const std::string what = where + "'s " + role + " " + sr->getSpecies();
        if (sr->isSetStoichiometryMath()) fail(what, "stoichiometryMath", "a constant stoichiometry");
        if (sr->isSetId() && (parameter_rules_.count(sr->getId()) || species_rules_.count(sr->getId()))) {
          fail(what, "a variable stoichiometry", "a constant stoichiometry");
        }
        const double st = (sr->getLevel() >= 3 && !sr->isSetStoichiometry()) ? 1.0 : sr->getStoichiometry();
        if (!(st >= 1.0 && st <= 1e6 && st == std::floor(st))) {
          fail(what + "'s stoichiometry", format_value(st), "a whole number >= 1");
        }
        const auto s = species_index_.find(sr->getSpecies());
        if (s == species_index_.end()) fail(what, "unknown", "a species id");
        if (s->second.state < 0) fail(what, "defined by an assignment rule", "a state species");
        bool merged = false;
        for (auto& t : out) {
          if (t.species == s->second.state) t.count += static_cast<long long>(st), merged = true;
        }
        if (!merged) out.push_back({s->second.state, static_cast<long long>(st)});
      }
      return out;
    };
    p.reactants.push_back(terms(r.getNumReactants(), [&](unsigned i) { return r.getReactant(i); }, "reactant"));
    p.products.push_back(terms(r.getNumProducts(), [&](unsigned i) { return r.getProduct(i); }, "product"));
    p.channel_names.push_back(id);
    p.laws.push_back(convert(*law->getMath(), {}, law, where + "'s kinetic law", 0));
    p.elementary.push_back(0);
  }

  // An event without delay or priority; its trigger may read the time only in comparisons
  // with constants (located exactly: see detail::time_switches), and it assigns species.
  void read_event(const Event& e, unsigned n, imported_network::parts& p) {
    const std::string id = e.isSetId() ? e.getId() : "#" + std::to_string(n);
    const std::string where = "event " + id;
    if (e.isSetDelay()) fail(where + "'s delay", "present", "absent (delayed events are not supported)");
    if (e.isSetPriority()) fail(where + "'s priority", "present", "absent (event priorities are not supported)");
    const Trigger* trigger = e.getTrigger();
    if (trigger == nullptr || trigger->getMath() == nullptr) fail(where + "'s trigger", "missing", "present");
    imported_network::event_part part;
    part.name = id;
    part.trigger = convert(*trigger->getMath(), {}, nullptr, where + "'s trigger", 0);
    detail::fold_constants(part.trigger);
    if (!detail::time_switches(part.trigger, part.switch_times)) {
      fail(where + "'s trigger", "a function of the time",
           "a function of the state and of comparisons of time with constants (other "
           "time-dependent triggers cannot be located exactly)");
    }
    // SBML Level 2 triggers have no initial value or persistence: they cannot fire at the
    // start, and with no delay persistence only orders simultaneous events.
    if (e.getLevel() >= 3) {
      part.initial_value = trigger->getInitialValue();
      part.persistent = trigger->getPersistent();
    }
    // useValuesFromTriggerTime only matters for delayed events: without a delay the trigger
    // time is the execution time.
    for (unsigned k = 0; k < e.getNumEventAssignments(); ++k) {
      const EventAssignment* a = e.getEventAssignment(k);
      const std::string& v = a->getVariable();
      const std::string what = where + "'s assignment to " + v;
      if (a->getMath() == nullptr) fail(what, "empty", "a formula");
      const auto s = species_index_.find(v);
      if (s == species_index_.end()) {
        fail(what, model_->getParameter(v) != nullptr ? "a parameter" : "not to a species",
             "to a species (parameters and compartments are constants folded into the kinetic "
             "laws; switch a rate through a boundary species instead)");
      }
      if (s->second.state < 0) fail(what, "to a species defined by an assignment rule", "to a state species");
      // The formula gives the symbol's value (an amount, or a concentration): count = value / scale.
      part.assignments.emplace_back(
          s->second.state, expr_node::make(expr_op::div, {convert(*a->getMath(), {}, nullptr, what, 0),
                                                          expr_node::number(s->second.scale)}));
    }
    p.events.push_back(std::move(part));
  }

  std::string source_;
  const char* fn_;
  const Model* model_ = nullptr;
  bool initial_ = false;
  double volume_ = 1.0;
  double volume_override_ = 0.0;
  std::map<std::string, const FunctionDefinition*> functions_;
  std::map<std::string, const ASTNode*> species_rules_, parameter_rules_;
  std::map<std::string, double> compartments_, parameters_;
  std::vector<species_info> species_;
  std::map<std::string, species_info> species_index_;
  std::set<std::string> in_rule_, in_function_;
};

constexpr const char* file_fn = "jumpflow::read_sbml";
constexpr const char* string_fn = "jumpflow::read_sbml_string";

}  // namespace

bool sbml_available() noexcept { return true; }

imported_network read_sbml(const std::string& path, const import_options& options) {
  SBMLReader reader;
  std::unique_ptr<SBMLDocument> doc(reader.readSBMLFromFile(path));
  if (!doc) throw std::invalid_argument(error_message(file_fn, "file " + path, "unreadable", "an SBML file"));
  return sbml_reader(path, file_fn).read(*doc, options);
}

imported_network read_sbml_string(const std::string& text, const import_options& options) {
  SBMLReader reader;
  std::unique_ptr<SBMLDocument> doc(reader.readSBMLFromString(text));
  if (!doc) throw std::invalid_argument(error_message(string_fn, "the text", "unreadable", "SBML"));
  return sbml_reader("<string>", string_fn).read(*doc, options);
}

}  // namespace jumpflow

#else  // JUMPFLOW_HAVE_SBML

namespace jumpflow {

namespace {
[[noreturn]] void no_sbml(const char* fn) {
  throw std::invalid_argument(error_message(fn, "SBML support", "absent from this build",
                                            "built in (configure with -DJUMPFLOW_WITH_SBML=ON)"));
}
}  // namespace

bool sbml_available() noexcept { return false; }
imported_network read_sbml(const std::string&, const import_options&) { no_sbml("jumpflow::read_sbml"); }
imported_network read_sbml_string(const std::string&, const import_options&) {
  no_sbml("jumpflow::read_sbml_string");
}

}  // namespace jumpflow

#endif  // JUMPFLOW_HAVE_SBML
