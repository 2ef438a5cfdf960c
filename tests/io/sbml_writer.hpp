// Test support: writes SBML documents through libsbml (kinetic laws given as SBML Level 3
// infix formulas), so that the tests read what a real SBML tool writes.
#pragma once

#include <sbml/SBMLTypes.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace jumpflow::test {

struct sbml_species {
  sbml_species(std::string id_, double initial_, bool amount_ = true, bool concentration_ = false)
      : id(std::move(id_)), initial(initial_), amount(amount_), concentration(concentration_) {}
  std::string id;
  double initial = 0;
  bool amount = true;           // hasOnlySubstanceUnits
  bool concentration = false;   // initial value given as a concentration
  bool boundary = false;
  std::string compartment = "cell";
};

struct sbml_reaction {
  using terms = std::vector<std::pair<std::string, double>>;
  sbml_reaction(std::string id_, terms reactants_, terms products_, std::string law_,
                terms local_ = {}, bool reversible_ = false, std::vector<std::string> modifiers_ = {})
      : id(std::move(id_)), reactants(std::move(reactants_)), products(std::move(products_)),
        law(std::move(law_)), local(std::move(local_)), reversible(reversible_),
        modifiers(std::move(modifiers_)) {}
  std::string id;
  std::vector<std::pair<std::string, double>> reactants, products;
  std::string law;
  std::vector<std::pair<std::string, double>> local;  // local parameters
  bool reversible = false;
  std::vector<std::string> modifiers;
};

struct sbml_event {
  using assignments_type = std::vector<std::pair<std::string, std::string>>;
  sbml_event(std::string id_, std::string trigger_, assignments_type assignments_ = {})
      : id(std::move(id_)), trigger(std::move(trigger_)), assignments(std::move(assignments_)) {}
  std::string id, trigger;
  assignments_type assignments;  // variable, formula
  std::string delay, priority;   // formulas; empty: absent
  bool initial_value = false, persistent = true;
};

struct sbml_model {
  unsigned level = 3, version = 1;
  std::vector<std::pair<std::string, double>> compartments{{"cell", 1.0}};
  std::vector<sbml_species> species;
  std::vector<std::pair<std::string, double>> parameters;       // constant parameters
  std::vector<std::pair<std::string, std::string>> functions;   // id, "lambda(x, body)"
  std::vector<std::pair<std::string, std::string>> initial;     // symbol, formula
  std::vector<std::pair<std::string, std::string>> rules;       // assignment rules
  std::vector<std::pair<std::string, std::string>> rate_rules;  // rate rules (refused)
  std::vector<sbml_event> events;
  std::vector<sbml_reaction> reactions;
};

inline std::unique_ptr<ASTNode> formula(const std::string& text) {
  std::unique_ptr<ASTNode> ast(SBML_parseL3Formula(text.c_str()));
  if (!ast) throw std::runtime_error("sbml_writer: cannot parse '" + text + "'");
  return ast;
}

inline std::string write_sbml(const sbml_model& spec) {
  SBMLDocument doc(spec.level, spec.version);
  Model* m = doc.createModel();
  m->setId("test_model");
  for (const auto& [id, size] : spec.compartments) {
    Compartment* c = m->createCompartment();
    c->setId(id);
    c->setSize(size);
    c->setConstant(true);
  }
  for (const auto& s : spec.species) {
    Species* sp = m->createSpecies();
    sp->setId(s.id);
    sp->setCompartment(s.compartment);
    if (s.concentration) {
      sp->setInitialConcentration(s.initial);
    } else {
      sp->setInitialAmount(s.initial);
    }
    sp->setHasOnlySubstanceUnits(s.amount);
    sp->setBoundaryCondition(s.boundary);
    sp->setConstant(false);
  }
  for (const auto& [id, v] : spec.parameters) {
    Parameter* q = m->createParameter();
    q->setId(id);
    q->setValue(v);
    bool ruled = false;
    for (const auto& r : spec.rules) ruled = ruled || r.first == id;
    for (const auto& r : spec.rate_rules) ruled = ruled || r.first == id;
    q->setConstant(!ruled);
  }
  for (const auto& [id, lambda] : spec.functions) {
    FunctionDefinition* f = m->createFunctionDefinition();
    f->setId(id);
    f->setMath(formula(lambda).get());
  }
  for (const auto& [symbol, text] : spec.initial) {
    InitialAssignment* a = m->createInitialAssignment();
    a->setSymbol(symbol);
    a->setMath(formula(text).get());
  }
  for (const auto& [variable, text] : spec.rules) {
    AssignmentRule* r = m->createAssignmentRule();
    r->setVariable(variable);
    r->setMath(formula(text).get());
  }
  for (const auto& [variable, text] : spec.rate_rules) {
    RateRule* r = m->createRateRule();
    r->setVariable(variable);
    r->setMath(formula(text).get());
  }
  for (const auto& ev : spec.events) {
    Event* e = m->createEvent();
    e->setId(ev.id);
    e->setUseValuesFromTriggerTime(true);
    Trigger* t = e->createTrigger();
    t->setMath(formula(ev.trigger).get());
    t->setInitialValue(ev.initial_value);
    t->setPersistent(ev.persistent);
    if (!ev.delay.empty()) e->createDelay()->setMath(formula(ev.delay).get());
    if (!ev.priority.empty()) e->createPriority()->setMath(formula(ev.priority).get());
    for (const auto& [variable, text] : ev.assignments) {
      EventAssignment* a = e->createEventAssignment();
      a->setVariable(variable);
      a->setMath(formula(text).get());
    }
  }
  for (const auto& r : spec.reactions) {
    Reaction* re = m->createReaction();
    re->setId(r.id);
    re->setReversible(r.reversible);
    re->setFast(false);
    for (const auto& [s, n] : r.reactants) {
      SpeciesReference* sr = re->createReactant();
      sr->setSpecies(s);
      sr->setStoichiometry(n);
      sr->setConstant(true);
    }
    for (const auto& [s, n] : r.products) {
      SpeciesReference* sr = re->createProduct();
      sr->setSpecies(s);
      sr->setStoichiometry(n);
      sr->setConstant(true);
    }
    for (const auto& s : r.modifiers) re->createModifier()->setSpecies(s);
    KineticLaw* law = re->createKineticLaw();
    law->setMath(formula(r.law).get());
    for (const auto& [id, v] : r.local) {
      if (spec.level >= 3) {
        LocalParameter* q = law->createLocalParameter();
        q->setId(id);
        q->setValue(v);
      } else {
        Parameter* q = law->createParameter();
        q->setId(id);
        q->setValue(v);
      }
    }
  }
  return writeSBMLToStdString(&doc);
}

}  // namespace jumpflow::test
