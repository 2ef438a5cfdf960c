#include "jumpflow/jump/reaction_network.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "jumpflow/core/error.hpp"

namespace jumpflow {

reaction_channel reaction_channel::mass_action(double rate, std::vector<species_term> reactants,
                                               std::vector<species_term> products,
                                               std::string name) {
  reaction_channel c;
  c.rate_ = rate;
  c.reactants_ = std::move(reactants);
  c.products_ = std::move(products);
  c.name_ = std::move(name);
  return c;
}

reaction_channel reaction_channel::custom(propensity_function propensity,
                                          std::vector<species_term> change,
                                          std::vector<index> reads, bool reads_all,
                                          std::string name) {
  reaction_channel c;
  c.is_custom_ = true;
  c.propensity_ = std::move(propensity);
  c.change_ = std::move(change);
  c.reads_ = std::move(reads);
  c.reads_all_ = reads_all;
  c.name_ = std::move(name);
  return c;
}

reaction_channel reaction_channel::time_dependent(time_propensity_function propensity,
                                                  std::vector<species_term> change,
                                                  std::vector<index> reads, bool reads_all,
                                                  std::string name) {
  reaction_channel c =
      custom(nullptr, std::move(change), std::move(reads), reads_all, std::move(name));
  c.time_propensity_ = std::move(propensity);
  return c;
}

reaction_event reaction_event::at_time(double time, event_assignment assign, std::string name) {
  // Right-continuous trigger t >= time, false before the start: a time at or before the
  // start of a run fires at its start.
  return when([time](const count_vector&, double t) { return t >= time; }, std::move(assign),
              false, {time}, false, true, std::move(name));
}

reaction_event reaction_event::when(event_trigger trigger, event_assignment assign,
                                    bool reads_state, std::vector<double> switch_times,
                                    bool initial_value, bool persistent, std::string name) {
  reaction_event e;
  e.trigger_ = std::move(trigger);
  e.assign_ = std::move(assign);
  e.reads_state_ = reads_state;
  std::sort(switch_times.begin(), switch_times.end());
  switch_times.erase(std::unique(switch_times.begin(), switch_times.end()), switch_times.end());
  e.switch_times_ = std::move(switch_times);
  e.initial_value_ = initial_value;
  e.persistent_ = persistent;
  e.name_ = std::move(name);
  return e;
}

std::string reaction_network::describe_event(std::size_t k) const {
  std::string text = "event " + std::to_string(k);
  const auto& n = events_[k].name();
  if (!n.empty()) text.append(" (").append(n).append(")");
  return text;
}

void reaction_network::time_dependent_without_time(index j) const {
  throw std::invalid_argument(error_message("jumpflow::reaction_network::propensity", "channel",
                                            describe(j),
                                            "time-independent (call propensity(j, x, t))"));
}

std::string reaction_network::describe(index j) const {
  std::string text = "channel " + std::to_string(j);
  const auto& n = name_[static_cast<std::size_t>(j)];
  if (!n.empty()) text.append(" (").append(n).append(")");
  return text;
}

void reaction_network::require_state(const char* function, const count_vector& x) const {
  if (x.size() != species_) {  // the message is built only on failure (no allocation)
    require_argument(false, function, "x.size()", static_cast<long long>(x.size()),
                     "the number of species (" + std::to_string(species_) + ")");
  }
}

namespace {
constexpr const char* fn = "jumpflow::reaction_network";

std::string where(std::size_t j, const char* what) {
  return "channel " + std::to_string(j) + " " + what;
}

void check_terms(const std::vector<species_term>& terms, index species, std::size_t j,
                 const char* what, bool signed_change) {
  std::vector<index> seen;
  for (const auto& term : terms) {
    require_argument(term.species >= 0 && term.species < species, fn, where(j, what) + " species",
                     static_cast<long long>(term.species),
                     "in [0, " + std::to_string(species) + ")");
    if (signed_change) {
      require_argument(term.count != 0, fn, where(j, what) + " count", term.count, "!= 0");
    } else {
      require_argument(term.count >= 1, fn, where(j, what) + " multiplicity", term.count, ">= 1");
    }
    require_argument(std::find(seen.begin(), seen.end(), term.species) == seen.end(), fn,
                     where(j, what) + " species", static_cast<long long>(term.species),
                     "listed once");
    seen.push_back(term.species);
  }
}
}  // namespace

reaction_network::reaction_network(index species, std::vector<reaction_channel> channels,
                                   std::vector<reaction_event> events)
    : reaction_network(species, std::move(channels)) {
  for (std::size_t k = 0; k < events.size(); ++k) {
    const auto& e = events[k];
    const std::string what = "event " + std::to_string(k);
    require_argument(static_cast<bool>(e.trigger_), fn, what + " trigger", "empty", "a callable");
    require_argument(static_cast<bool>(e.assign_), fn, what + " assignment", "empty",
                     "a callable");
    for (double s : e.switch_times_) {
      require_argument(std::isfinite(s), fn, what + " switch time", s, "finite");
      event_times_.push_back(s);
    }
  }
  std::sort(event_times_.begin(), event_times_.end());
  event_times_.erase(std::unique(event_times_.begin(), event_times_.end()), event_times_.end());
  events_ = std::move(events);
}

reaction_network::reaction_network(index species, std::vector<reaction_channel> channels)
    : species_(species) {
  require_argument(species >= 1, fn, "species", static_cast<long long>(species), ">= 1");
  require_argument(!channels.empty(), fn, "channels.size()", 0LL, ">= 1");
  const std::size_t m = channels.size();
  const auto d = static_cast<std::size_t>(species);
  // readers[i]: channels whose propensity reads species i.
  std::vector<std::vector<index>> readers(d);
  reactant_begin_.push_back(0);
  change_begin_.push_back(0);
  read_begin_.push_back(0);
  order_begin_.push_back(0);
  for (std::size_t j = 0; j < m; ++j) {
    auto& c = channels[j];
    std::vector<species_term> change;
    if (c.is_mass_action()) {
      require_domain(std::isfinite(c.rate_) && c.rate_ >= 0.0, fn, where(j, "rate"), c.rate_,
                     "finite and >= 0");
      check_terms(c.reactants_, species, j, "reactant", false);
      check_terms(c.products_, species, j, "product", false);
      // change = products - reactants, species in increasing order, zeros dropped.
      std::vector<long long> delta(d, 0);
      for (const auto& r : c.reactants_) delta[static_cast<std::size_t>(r.species)] -= r.count;
      for (const auto& p : c.products_) delta[static_cast<std::size_t>(p.species)] += p.count;
      for (std::size_t i = 0; i < d; ++i) {
        if (delta[i] != 0) change.push_back({static_cast<index>(i), delta[i]});
      }
      std::vector<species_term> sorted = c.reactants_;
      std::sort(sorted.begin(), sorted.end(),
                [](const species_term& a, const species_term& b) { return a.species < b.species; });
      for (const auto& r : sorted) {
        readers[static_cast<std::size_t>(r.species)].push_back(static_cast<index>(j));
        reactant_.push_back(r);
        read_.push_back(r.species);
      }
      custom_.emplace_back();
      timed_.emplace_back();
      is_custom_.push_back(0);
    } else {
      check_terms(c.change_, species, j, "change", true);
      const bool timed = static_cast<bool>(c.time_propensity_);
      require_argument(static_cast<bool>(c.propensity_) || timed, fn, where(j, "propensity"),
                       "empty", "a callable");
      require_argument(c.reads_all_ || !c.reads_.empty(), fn, where(j, "reads.size()"), 0LL,
                       ">= 1 unless reads_all");
      change = c.change_;
      std::sort(change.begin(), change.end(),
                [](const species_term& a, const species_term& b) { return a.species < b.species; });
      std::vector<index> reads = c.reads_;
      if (c.reads_all_) {
        reads.resize(d);
        for (std::size_t i = 0; i < d; ++i) reads[i] = static_cast<index>(i);
      }
      if (c.has_orders_) {
        require_argument(c.orders_.size() == reads.size(), fn, where(j, "orders.size()"),
                         static_cast<long long>(c.orders_.size()),
                         "the number of species it reads (" + std::to_string(reads.size()) + ")");
        for (double o : c.orders_) {
          require_domain(std::isfinite(o) && o >= 0.0, fn, where(j, "order"), o,
                         "finite and >= 0");
        }
      }
      // (species, declared order) sorted by species; a species listed twice keeps its
      // largest order.
      std::vector<std::pair<index, double>> read_orders;
      for (std::size_t k = 0; k < reads.size(); ++k) {
        read_orders.emplace_back(reads[k], c.has_orders_ ? c.orders_[k] : 0.0);
      }
      std::sort(read_orders.begin(), read_orders.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t k = 0; k < read_orders.size(); ++k) {
        const auto [i, o] = read_orders[k];
        if (k > 0 && read_orders[k - 1].first == i) {
          if (c.has_orders_) order_.back() = std::max(order_.back(), o);
          continue;
        }
        require_argument(i >= 0 && i < species, fn, where(j, "reads"), static_cast<long long>(i),
                         "in [0, " + std::to_string(species) + ")");
        readers[static_cast<std::size_t>(i)].push_back(static_cast<index>(j));
        read_.push_back(i);
        if (c.has_orders_) order_.push_back(o);
      }
      custom_.push_back(std::move(c.propensity_));
      timed_.push_back(std::move(c.time_propensity_));
      is_custom_.push_back(timed ? timed_kind : 1);
      time_dependent_ = time_dependent_ || timed;
    }
    rate_.push_back(c.is_mass_action() ? c.rate_ : 0.0);
    name_.push_back(std::move(c.name_));
    change_.insert(change_.end(), change.begin(), change.end());
    reactant_begin_.push_back(reactant_.size());
    change_begin_.push_back(change_.size());
    read_begin_.push_back(read_.size());
    order_begin_.push_back(order_.size());
  }
  // Dependency graph (Gibson and Bruck 2000): dependents(j) = channels reading a species
  // that j changes, sorted and unique.
  dependent_begin_.push_back(0);
  std::vector<index> deps;
  for (std::size_t j = 0; j < m; ++j) {
    deps.clear();
    for (auto k = change_begin_[j]; k < change_begin_[j + 1]; ++k) {
      const auto& r = readers[static_cast<std::size_t>(change_[k].species)];
      deps.insert(deps.end(), r.begin(), r.end());
    }
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    dependent_.insert(dependent_.end(), deps.begin(), deps.end());
    dependent_begin_.push_back(dependent_.size());
  }
}

}  // namespace jumpflow
