#include "jumpflow/io/imported_network.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

namespace {

using detail::expr_node;
using detail::expr_op;

// x (x - 1) ... (x - m + 1) as a tree.
expr_node falling_factorial(index species, long long m) {
  expr_node product = expr_node::species_load(species, 1.0);
  for (long long r = 1; r < m; ++r) {
    expr_node factor = expr_node::make(
        expr_op::sub, {expr_node::species_load(species, 1.0), expr_node::number(double(r))});
    product = expr_node::make(expr_op::mul, {std::move(product), std::move(factor)});
  }
  return product;
}

expr_node times_falling_factorials(expr_node rate, const std::vector<species_term>& reactants) {
  for (const auto& r : reactants) {
    rate = expr_node::make(expr_op::mul, {std::move(rate), falling_factorial(r.species, r.count)});
  }
  return rate;
}

std::string channel_text(const imported_network::parts& p, std::size_t j) {
  return p.file + ": channel " + std::to_string(j) + " (" + p.channel_names[j] + ")";
}

// An event of the file as a reaction_event: the trigger is true where nonzero; the
// assignments are evaluated on the state before the event, then applied (SBML semantics).
reaction_event make_event(const imported_network::parts& p, imported_network::event_part& e) {
  auto trigger = std::make_shared<const expression>(std::move(e.trigger));
  struct target {
    index species;
    std::shared_ptr<const expression> value;
    std::string what;  // for messages
  };
  std::vector<target> targets;
  for (auto& [i, value] : e.assignments) {
    targets.push_back({i, std::make_shared<const expression>(std::move(value)),
                       p.file + ": the count event " + e.name + " assigns to species " +
                           p.species_names[static_cast<std::size_t>(i)]});
  }
  auto assign = [targets = std::move(targets)](count_vector& x, double t) {
    std::vector<double> values;
    values.reserve(targets.size());
    for (const auto& a : targets) values.push_back(std::round((*a.value)(x, t)));
    for (std::size_t k = 0; k < targets.size(); ++k) {
      require_simulation(values[k] >= 0.0 && values[k] < 9.0e18, "jumpflow::imported_network",
                         targets[k].what, values[k], t, "finite and >= 0");
      x[targets[k].species] = static_cast<long long>(values[k]);
    }
  };
  const bool reads_state = !trigger->reads().empty();
  return reaction_event::when(
      [trigger](const count_vector& x, double t) { return (*trigger)(x, t) != 0.0; },
      std::move(assign), reads_state, e.switch_times, e.initial_value, e.persistent, e.name);
}

}  // namespace

imported_network::imported_network(parts p, const import_options& options) : p_(std::move(p)) {
  const char* fn = p_.source.c_str();
  const std::size_t d = p_.species_names.size();
  const std::size_t m = p_.channel_names.size();
  for (std::size_t i = 0; i < d; ++i) {
    require_argument(p_.initial[static_cast<index>(i)] >= 0, fn,
                     p_.file + ": the initial count of species " + p_.species_names[i],
                     p_.initial[static_cast<index>(i)], ">= 0");
  }
  std::vector<reaction_channel> channels;
  channels.reserve(m);
  for (std::size_t j = 0; j < m; ++j) {
    // The state change: products minus reactants, fixed species left out.
    std::vector<long long> delta(d, 0);
    for (const auto& r : p_.reactants[j]) delta[static_cast<std::size_t>(r.species)] -= r.count;
    for (const auto& q : p_.products[j]) delta[static_cast<std::size_t>(q.species)] += q.count;
    std::vector<species_term> change;
    for (std::size_t i = 0; i < d; ++i) {
      if (delta[i] != 0 && p_.fixed[i] == 0) change.push_back({static_cast<index>(i), delta[i]});
    }

    expr_node law = std::move(p_.laws[j]);
    detail::fold_constants(law);
    double k = 0.0;
    std::vector<std::pair<index, long long>> powers;
    bool mass_action = false;
    if (p_.elementary[j] != 0) {
      if (law.op == expr_op::constant) {
        // Checked here, not only at the initial state: a negative rate whose reactants are
        // absent at the start would pass that check (found by fuzzing).
        require_argument(std::isfinite(law.value) && law.value >= 0.0, fn,
                         channel_text(p_, j) + "'s rate constant", law.value, "finite and >= 0");
        mass_action = true;
        k = law.value;
        for (const auto& r : p_.reactants[j]) powers.emplace_back(r.species, r.count);
      } else {
        law = times_falling_factorials(std::move(law), p_.reactants[j]);
      }
    } else if (options.detect_mass_action) {
      mass_action = detail::match_mass_action(law, k, powers);
    }
    std::vector<species_term> ma_reactants, ma_products;
    if (mass_action) {
      // reaction_channel::mass_action fires products - reactants: products = change + powers
      // keeps the change of the file (a modifier or fixed species reappears as a product).
      std::vector<long long> product(d, 0);
      for (const auto& c : change) product[static_cast<std::size_t>(c.species)] += c.count;
      for (const auto& [i, pw] : powers) {
        ma_reactants.push_back({i, pw});
        product[static_cast<std::size_t>(i)] += pw;
      }
      for (std::size_t i = 0; i < d && mass_action; ++i) {
        if (product[i] < 0) mass_action = false;  // consumes a species the law does not read
        if (product[i] > 0) ma_products.push_back({static_cast<index>(i), product[i]});
      }
    }
    std::shared_ptr<const expression> rate;
    if (mass_action) {
      std::vector<species_term> terms;
      expr_node deterministic = expr_node::number(k);
      for (const auto& [i, pw] : powers) {
        terms.push_back({i, pw});
        deterministic = expr_node::make(
            expr_op::mul, {std::move(deterministic),
                           expr_node::make(expr_op::pow, {expr_node::species_load(i, 1.0),
                                                          expr_node::number(double(pw))})});
      }
      law = times_falling_factorials(expr_node::number(k), terms);
      rate = std::make_shared<const expression>(std::move(deterministic));
    }
    auto compiled = std::make_shared<const expression>(std::move(law));
    rates_.push_back(rate ? rate : compiled);
    changes_.push_back(change);
    if (compiled->depends_on_time()) time_channels_.push_back(static_cast<index>(j));

    // Every channel must have a valid propensity at the initial state (and time 0): this
    // catches a division by zero or a negative law at load time, naming the reaction.
    const double a0 = (*compiled)(p_.initial, 0.0);
    require_argument(std::isfinite(a0) && a0 >= 0.0, fn,
                     channel_text(p_, j) + "'s propensity at the initial state", a0,
                     "finite and >= 0");

    if (mass_action) {
      channels.push_back(reaction_channel::mass_action(k, std::move(ma_reactants),
                                                       std::move(ma_products), p_.channel_names[j]));
    } else {
      // A law that reads no species (a constant with mass-action detection off) is declared
      // to read all: reaction_network needs one or the other, and it only costs
      // recomputations of a constant.
      auto reads = compiled->reads();
      const bool reads_nothing = reads.empty();
      if (compiled->depends_on_time()) {
        channels.push_back(reaction_channel::time_dependent(
            [law = compiled](const count_vector& x, double t) { return (*law)(x, t); },
            std::move(change), std::move(reads), reads_nothing, p_.channel_names[j]));
      } else {
        channels.push_back(reaction_channel::custom(
            [law = compiled](const count_vector& x) { return (*law)(x, 0.0); }, std::move(change),
            std::move(reads), reads_nothing, p_.channel_names[j]));
      }
    }
    mass_action_.push_back(mass_action ? 1 : 0);
    laws_.push_back(std::move(compiled));
  }
  std::vector<reaction_event> events;
  for (auto& e : p_.events) events.push_back(make_event(p_, e));
  net_.emplace(static_cast<index>(d), std::move(channels), std::move(events));
}

bool imported_network::time_dependent(index j) const noexcept {
  return std::binary_search(time_channels_.begin(), time_channels_.end(), j);
}

double imported_network::deterministic_rate(index j, const vector& x, double t) const {
  return (*rates_[static_cast<std::size_t>(j)])(x, t);
}

void imported_network::drift(const vector& x, vector& dxdt, double t) const {
  dxdt.setZero(species());
  for (std::size_t j = 0; j < rates_.size(); ++j) {
    const double r = (*rates_[j])(x, t);
    for (const auto& c : changes_[j]) dxdt[c.species] += static_cast<double>(c.count) * r;
  }
}

void imported_network::jacobian(const vector& x, matrix& J, double t) const {
  const index d = species();
  J.setZero(d, d);
  vector gradient(d), probe = x;
  const double root_eps = std::sqrt(std::numeric_limits<double>::epsilon());
  for (std::size_t j = 0; j < rates_.size(); ++j) {
    const auto jj = static_cast<index>(j);
    gradient.setZero();
    if (net_ && mass_action_[j] != 0) {
      const auto [first, last] = net_->reactants(jj);
      for (auto l = first; l != last; ++l) {
        double g = net_->rate(jj) * static_cast<double>(l->count) *
                   std::pow(x[l->species], static_cast<double>(l->count - 1));
        for (auto i = first; i != last; ++i) {
          if (i != l) g *= std::pow(x[i->species], static_cast<double>(i->count));
        }
        gradient[l->species] = g;
      }
    } else {
      const double r = (*rates_[j])(x, t);
      for (const index l : rates_[j]->reads()) {
        const double h = root_eps * std::max(std::abs(x[l]), 1.0);
        probe[l] = x[l] + h;
        gradient[l] = ((*rates_[j])(probe, t) - r) / (probe[l] - x[l]);
        probe[l] = x[l];
      }
    }
    for (const auto& c : changes_[j]) {
      J.row(c.species) += static_cast<double>(c.count) * gradient.transpose();
    }
  }
}

double imported_network::propensity(index j, const count_vector& x, double t) const {
  return (*laws_[static_cast<std::size_t>(j)])(x, t);
}

}  // namespace jumpflow
