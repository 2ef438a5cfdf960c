// The classic models, built only from the public API of jumpflow (reaction_network).
#include <cmath>
#include <string>

#include "jumpflow/core/error.hpp"
#include "jumpflow/models/classic.hpp"

namespace jumpflow {

namespace {

void require_rate(const char* function, const char* parameter, double value) {
  require_domain(std::isfinite(value) && value >= 0.0, function, parameter, value,
                 "finite and >= 0");
}

void require_scale(const char* function, const char* parameter, double n) {
  require_domain(std::isfinite(n) && n > 0.0, function, parameter, n, "finite and > 0");
}

using term = species_term;

}  // namespace

void to_density(const count_vector& counts, double n, vector& out) {
  out.resize(counts.size());
  const double inv = 1.0 / n;
  for (index i = 0; i < counts.size(); ++i) out[i] = static_cast<double>(counts[i]) * inv;
}

count_vector to_counts(const vector& x0, double n) {
  require_scale("jumpflow::to_counts", "n", n);
  count_vector counts(x0.size());
  for (index i = 0; i < x0.size(); ++i) {
    require_domain(std::isfinite(x0[i]) && x0[i] >= 0.0, "jumpflow::to_counts",
                   "x0[" + std::to_string(i) + "]", x0[i], "finite and >= 0");
    counts[i] = std::llround(n * x0[i]);
  }
  return counts;
}

// ---- immigration-death -------------------------------------------------------------------

reaction_network immigration_death(double immigration, double death) {
  constexpr const char* fn = "jumpflow::immigration_death";
  require_rate(fn, "immigration", immigration);
  require_rate(fn, "death", death);
  return reaction_network(
      1, {reaction_channel::mass_action(immigration, {}, {term{0, 1}}, "immigration"),
          reaction_channel::mass_action(death, {term{0, 1}}, {}, "death")});
}

immigration_death_family::immigration_death_family(double immigration, double death, double x0)
    : immigration_(immigration), death_(death), x0_(1) {
  constexpr const char* fn = "jumpflow::immigration_death_family";
  require_rate(fn, "immigration", immigration);
  require_rate(fn, "death", death);
  require_rate(fn, "x0", x0);
  x0_[0] = x0;
}

reaction_network immigration_death_family::model(double n) const {
  require_scale("jumpflow::immigration_death_family::model", "n", n);
  return immigration_death(n * immigration_, death_);
}

count_vector immigration_death_family::initial_counts(double n) const {
  return to_counts(x0_, n);
}

void immigration_death_family::drift(const vector& x, vector& dxdt) const {
  dxdt.resize(1);
  dxdt[0] = immigration_ - death_ * x[0];
}

// ---- Yule --------------------------------------------------------------------------------

reaction_network yule(double birth) {
  require_rate("jumpflow::yule", "birth", birth);
  return reaction_network(
      1, {reaction_channel::mass_action(birth, {term{0, 1}}, {term{0, 2}}, "birth")});
}

yule_family::yule_family(double birth, double x0) : birth_(birth), x0_(1) {
  require_rate("jumpflow::yule_family", "birth", birth);
  require_rate("jumpflow::yule_family", "x0", x0);
  x0_[0] = x0;
}

reaction_network yule_family::model(double n) const {
  require_scale("jumpflow::yule_family::model", "n", n);
  return yule(birth_);
}

count_vector yule_family::initial_counts(double n) const {
  return to_counts(x0_, n);
}

void yule_family::drift(const vector& x, vector& dxdt) const {
  dxdt.resize(1);
  dxdt[0] = birth_ * x[0];
}

// ---- SIR ---------------------------------------------------------------------------------

reaction_network sir(double infection, double recovery, double population) {
  constexpr const char* fn = "jumpflow::sir";
  require_rate(fn, "infection", infection);
  require_rate(fn, "recovery", recovery);
  require_scale(fn, "population", population);
  return reaction_network(
      3, {reaction_channel::mass_action(infection / population, {term{0, 1}, term{1, 1}},
                                        {term{1, 2}}, "infection"),
          reaction_channel::mass_action(recovery, {term{1, 1}}, {term{2, 1}}, "recovery")});
}

sir_family::sir_family(double infection, double recovery, double s0, double i0, double r0)
    : infection_(infection), recovery_(recovery), x0_(3) {
  constexpr const char* fn = "jumpflow::sir_family";
  require_rate(fn, "infection", infection);
  require_rate(fn, "recovery", recovery);
  require_rate(fn, "s0", s0);
  require_rate(fn, "i0", i0);
  require_rate(fn, "r0", r0);
  x0_ << s0, i0, r0;
}

reaction_network sir_family::model(double n) const {
  require_scale("jumpflow::sir_family::model", "n", n);
  return sir(infection_, recovery_, n);
}

count_vector sir_family::initial_counts(double n) const {
  return to_counts(x0_, n);
}

void sir_family::drift(const vector& x, vector& dxdt) const {
  dxdt.resize(3);
  const double infect = infection_ * x[0] * x[1];
  const double recover = recovery_ * x[1];
  dxdt[0] = -infect;
  dxdt[1] = infect - recover;
  dxdt[2] = recover;
}

// ---- Lotka-Volterra ----------------------------------------------------------------------

reaction_network lotka_volterra(double prey_birth, double predation, double predator_death,
                                double scale) {
  constexpr const char* fn = "jumpflow::lotka_volterra";
  require_rate(fn, "prey_birth", prey_birth);
  require_rate(fn, "predation", predation);
  require_rate(fn, "predator_death", predator_death);
  require_scale(fn, "scale", scale);
  return reaction_network(
      2, {reaction_channel::mass_action(prey_birth, {term{0, 1}}, {term{0, 2}}, "prey birth"),
          reaction_channel::mass_action(predation / scale, {term{0, 1}, term{1, 1}}, {term{1, 2}},
                                        "predation"),
          reaction_channel::mass_action(predator_death, {term{1, 1}}, {}, "predator death")});
}

lotka_volterra_family::lotka_volterra_family(double prey_birth, double predation,
                                             double predator_death, double x0, double y0)
    : prey_birth_(prey_birth), predation_(predation), predator_death_(predator_death), x0_(2) {
  constexpr const char* fn = "jumpflow::lotka_volterra_family";
  require_rate(fn, "prey_birth", prey_birth);
  require_rate(fn, "predation", predation);
  require_rate(fn, "predator_death", predator_death);
  require_rate(fn, "x0", x0);
  require_rate(fn, "y0", y0);
  x0_ << x0, y0;
}

reaction_network lotka_volterra_family::model(double n) const {
  require_scale("jumpflow::lotka_volterra_family::model", "n", n);
  return lotka_volterra(prey_birth_, predation_, predator_death_, n);
}

count_vector lotka_volterra_family::initial_counts(double n) const {
  return to_counts(x0_, n);
}

void lotka_volterra_family::drift(const vector& x, vector& dxdt) const {
  dxdt.resize(2);
  const double eat = predation_ * x[0] * x[1];
  dxdt[0] = prey_birth_ * x[0] - eat;
  dxdt[1] = eat - predator_death_ * x[1];
}

// ---- gene expression with negative feedback ----------------------------------------------

namespace {

void require_gene_parameters(const char* fn, const gene_expression_parameters& p) {
  require_rate(fn, "transcription", p.transcription);
  require_domain(std::isfinite(p.repression) && p.repression > 0.0, fn, "repression", p.repression,
                 "finite and > 0");
  require_domain(std::isfinite(p.hill) && p.hill > 0.0, fn, "hill", p.hill, "finite and > 0");
  require_rate(fn, "mrna_decay", p.mrna_decay);
  require_rate(fn, "translation", p.translation);
  require_rate(fn, "protein_decay", p.protein_decay);
}

// r^h for the Hill function: integer h up to 8 by multiplication (std::pow costs about as
// much as the rest of a simulation event), std::pow otherwise.
double hill_power(double r, double h) {
  if (h == std::floor(h) && h >= 1.0 && h <= 8.0) {
    double out = r;
    for (int k = 1; k < static_cast<int>(h); ++k) out *= r;
    return out;
  }
  return std::pow(r, h);
}

}  // namespace

reaction_network gene_expression(const gene_expression_parameters& p) {
  require_gene_parameters("jumpflow::gene_expression", p);
  const double km = p.transcription, inv_k = 1.0 / p.repression, h = p.hill;
  auto transcription = [km, inv_k, h](const count_vector& x) {
    return km / (1.0 + hill_power(static_cast<double>(x[1]) * inv_k, h));
  };
  return reaction_network(
      2, {reaction_channel::custom(transcription, {term{0, 1}}, {1}, false, "transcription"),
          reaction_channel::mass_action(p.mrna_decay, {term{0, 1}}, {}, "mRNA decay"),
          reaction_channel::mass_action(p.translation, {term{0, 1}}, {term{0, 1}, term{1, 1}},
                                        "translation"),
          reaction_channel::mass_action(p.protein_decay, {term{1, 1}}, {}, "protein decay")});
}

gene_expression_family::gene_expression_family(const gene_expression_parameters& p, double m0,
                                               double p0)
    : p_(p), x0_(2) {
  constexpr const char* fn = "jumpflow::gene_expression_family";
  require_gene_parameters(fn, p);
  require_rate(fn, "m0", m0);
  require_rate(fn, "p0", p0);
  x0_ << m0, p0;
}

reaction_network gene_expression_family::model(double n) const {
  require_scale("jumpflow::gene_expression_family::model", "n", n);
  gene_expression_parameters scaled = p_;
  scaled.transcription *= n;
  scaled.repression *= n;
  return gene_expression(scaled);
}

count_vector gene_expression_family::initial_counts(double n) const {
  return to_counts(x0_, n);
}

void gene_expression_family::drift(const vector& x, vector& dxdt) const {
  dxdt.resize(2);
  dxdt[0] =
      p_.transcription / (1.0 + hill_power(x[1] / p_.repression, p_.hill)) - p_.mrna_decay * x[0];
  dxdt[1] = p_.translation * x[0] - p_.protein_decay * x[1];
}

}  // namespace jumpflow
