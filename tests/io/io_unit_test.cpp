// Unit tests of the io module: compiled expressions, the SBML and BioNetGen readers (round
// trips against the same network built in C++), and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "error_text.hpp"
#include "jumpflow/io.hpp"
#include "jumpflow/jump.hpp"
#include "jumpflow/random.hpp"
#include "test_models.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::imported_network;
using jumpflow::index;
using jumpflow::reaction_channel;
using jumpflow::reaction_event;
using jumpflow::reaction_network;
using jumpflow::test::error_of;
namespace t = jumpflow::test;

// EXPECT_THAT(text, HasSubstr(part)) without gmock.
#define EXPECT_CONTAINS(text, part) \
  EXPECT_NE(std::string(text).find(part), std::string::npos) << "message: " << (text)

count_vector counts(std::initializer_list<long long> v) {
  count_vector x(static_cast<index>(v.size()));
  index i = 0;
  for (long long c : v) x[i++] = c;
  return x;
}

// The same channels, state changes and propensities (at each given state) as a reference.
void expect_same_network(const imported_network& got, const reaction_network& want,
                         const std::vector<count_vector>& states) {
  const auto& net = got.network();
  ASSERT_EQ(net.species(), want.species());
  ASSERT_EQ(net.channels(), want.channels());
  for (index j = 0; j < want.channels(); ++j) {
    for (const auto& x : states) {
      EXPECT_DOUBLE_EQ(net.propensity(j, x), want.propensity(j, x)) << "channel " << j;
      EXPECT_DOUBLE_EQ(got.propensity(j, x, 0.7), want.propensity(j, x)) << "channel " << j;
      count_vector a = x, b = x;
      net.fire(j, a);
      want.fire(j, b);
      EXPECT_EQ(a, b) << "channel " << j;
    }
  }
}

reaction_network birth_death_cpp(const t::birth_death_values& v = {}) {
  return reaction_network(1, {reaction_channel::mass_action(v.k, {}, {{0, 1}}),
                              reaction_channel::mass_action(v.g, {{0, 1}}, {})});
}

reaction_network dimerisation_cpp() {
  return reaction_network(2, {reaction_channel::mass_action(0.01, {{0, 2}}, {{1, 1}}),
                              reaction_channel::mass_action(0.5, {{1, 1}}, {{0, 2}})});
}

reaction_network enzyme_cpp() {
  return reaction_network(
      2, {reaction_channel::custom(
             [](const count_vector& x) { return 20.0 * double(x[0]) / (50.0 + double(x[0])); },
             {{0, -1}, {1, 1}}, {0})});
}

const std::vector<count_vector> one_species_states{counts({0}), counts({1}), counts({7}),
                                                   counts({30}), counts({1000})};
const std::vector<count_vector> two_species_states{counts({0, 0}), counts({1, 0}),
                                                   counts({2, 5}), counts({100, 3}),
                                                   counts({57, 1000})};

// ---------------------------------------------------------------- compiled expressions

TEST(Expression, FoldsConstantsAndEvaluatesOverStateAndTime) {
  using jumpflow::detail::expr_node;
  using jumpflow::detail::expr_op;
  // (2 * 3) * x0 / (1 + x1) + t
  expr_node e = expr_node::make(
      expr_op::add,
      {expr_node::make(expr_op::div,
                       {expr_node::make(expr_op::mul, {expr_node::make(expr_op::mul, {expr_node::number(2), expr_node::number(3)}),
                                                       expr_node::species_load(0, 1.0)}),
                        expr_node::make(expr_op::add, {expr_node::number(1), expr_node::species_load(1, 1.0)})}),
       expr_node::make(expr_op::time, {})});
  const jumpflow::expression f(e);
  EXPECT_DOUBLE_EQ(f(counts({4, 1}), 0.25), 6.0 * 4.0 / 2.0 + 0.25);
  EXPECT_TRUE(f.depends_on_time());
  EXPECT_EQ(f.reads(), (std::vector<index>{0, 1}));
  EXPECT_EQ(f.tree().args[0].args[0].args[0].op, expr_op::constant);  // 2 * 3 folded
  const jumpflow::expression c(expr_node::make(expr_op::select, {expr_node::number(0), expr_node::number(1), expr_node::number(2)}));
  EXPECT_TRUE(c.is_constant());
  EXPECT_EQ(c(counts({0}), 0.0), 2.0);
}

// Every form of the accumulator machine's instructions (operand from the stack, a constant or
// a species, on either side) against the value computed by hand, on real and integer counts.
TEST(Expression, EveryOperandFormEvaluatesExactly) {
  using jumpflow::detail::expr_node;
  using jumpflow::detail::expr_op;
  const auto x = [] { return expr_node::species_load(0, 0.5); };  // 0.5 x0 (a concentration)
  const auto y = [] { return expr_node::species_load(1, 1.0); };
  const auto k = [](double v) { return expr_node::number(v); };
  const auto op = [](expr_op o, expr_node a, expr_node b) { return expr_node::make(o, {std::move(a), std::move(b)}); };
  const double X = 0.5 * 6.0, Y = 4.0, t = 0.75;
  const auto tm = [] { return expr_node::make(expr_op::time, {}); };
  const std::vector<std::pair<expr_node, double>> cases = {
      {op(expr_op::sub, k(10), x()), 10 - X},           {op(expr_op::div, k(10), x()), 10 / X},
      {op(expr_op::sub, x(), k(10)), X - 10},           {op(expr_op::div, x(), k(10)), X / 10},
      {op(expr_op::add, k(10), x()), 10 + X},           {op(expr_op::mul, x(), k(10)), X * 10},
      {op(expr_op::sub, y(), x()), Y - X},              {op(expr_op::div, y(), x()), Y / X},
      {op(expr_op::sub, x(), tm()), X - t},             {op(expr_op::div, tm(), y()), t / Y},
      {op(expr_op::add, x(), y()), X + Y},              {op(expr_op::mul, y(), tm()), Y * t},
      {op(expr_op::pow, x(), k(-2)), 1 / (X * X)},      {op(expr_op::pow, x(), k(0.5)), std::pow(X, 0.5)},
      {op(expr_op::max, op(expr_op::sub, y(), tm()), op(expr_op::mul, x(), x())), X * X},
      {expr_node::make(expr_op::select, {op(expr_op::gt, x(), y()), k(1), op(expr_op::sub, k(2), tm())}), 2 - t},
      {op(expr_op::div, op(expr_op::sub, y(), x()), op(expr_op::add, k(1), op(expr_op::mul, x(), tm()))),
       (Y - X) / (1 + X * t)}};
  for (const auto& [tree, want] : cases) {
    const jumpflow::expression f(tree);
    EXPECT_EQ(f(counts({6, 4}), t), want) << jumpflow::detail::to_text(tree, {"x0", "x1"});
    jumpflow::vector real(2);
    real << 6.0, 4.0;
    EXPECT_EQ(f(real, t), want);
  }
}

// ---------------------------------------------------------------- BioNetGen

TEST(BioNetGen, BirthDeathIsTheMassActionNetworkInCpp) {
  const auto got = jumpflow::read_bionetgen_string(t::birth_death_net());
  EXPECT_EQ(got.species_names(), std::vector<std::string>{"X()"});
  EXPECT_EQ(got.channel_names(), (std::vector<std::string>{"birth", "death"}));
  EXPECT_EQ(got.initial_state(), counts({30}));
  EXPECT_TRUE(got.is_mass_action(0) && got.is_mass_action(1));
  ASSERT_EQ(got.observables().size(), 1u);
  EXPECT_EQ(got.observables()[0].name, "Xtot");
  EXPECT_DOUBLE_EQ((*got.observables()[0].value)(counts({12}), 0.0), 12.0);
  EXPECT_EQ(got.volume(), 1.0);
  expect_same_network(got, birth_death_cpp(), one_species_states);
}

TEST(BioNetGen, DimerisationUsesFallingFactorialsAndWeightedGroups) {
  const auto got = jumpflow::read_bionetgen_string(t::dimerisation_net);
  expect_same_network(got, dimerisation_cpp(), two_species_states);
  EXPECT_DOUBLE_EQ((*got.observables()[0].value)(counts({10, 4}), 0.0), 18.0);
}

TEST(BioNetGen, EnzymeFunctionRateIsACustomChannel) {
  const auto got = jumpflow::read_bionetgen_string(t::enzyme_net);
  EXPECT_FALSE(got.is_mass_action(0));
  EXPECT_EQ(got.kinetic_law(0).reads(), std::vector<index>{0});
  expect_same_network(got, enzyme_cpp(), two_species_states);
}

// The same network with a time-dependent input built in C++: k (1 + sin t) immigration.
reaction_network input_cpp() {
  return reaction_network(1, {reaction_channel::time_dependent(
                                 [](const count_vector&, double t) { return 3.0 * (1.0 + std::sin(t)); },
                                 {{0, 1}}, {}, true, "input")});
}

// Round trip of a time-dependent input: the network has a time-dependent channel with the
// same propensity at every time as the C++ one.
void expect_same_input(const imported_network& got) {
  EXPECT_TRUE(got.time_dependent());
  EXPECT_TRUE(got.time_dependent(0));
  EXPECT_EQ(got.time_dependent_channels(), std::vector<index>{0});
  const auto want = input_cpp();
  const auto& net = got.network();
  ASSERT_TRUE(net.is_time_dependent(0));
  for (double time : {0.0, 0.4, 1.3, 7.0}) {
    EXPECT_DOUBLE_EQ(net.propensity(0, counts({5}), time), want.propensity(0, counts({5}), time));
  }
  count_vector a = counts({5}), b = counts({5});
  net.fire(0, a);
  want.fire(0, b);
  EXPECT_EQ(a, b);
}

TEST(BioNetGen, TimeDependentRateIsATimeDependentChannel) {
  expect_same_input(jumpflow::read_bionetgen_string(t::input_net));
}

// Kurtz's family at volume V: counts x V, rate of an order-m reaction k V^(1 - m).
TEST(BioNetGen, ReadAtAnotherVolumeScalesCountsAndRates) {
  const auto got = jumpflow::read_bionetgen_string(t::dimerisation_net, {.volume = 10.0});
  EXPECT_EQ(got.volume(), 10.0);
  EXPECT_EQ(got.initial_state(), counts({1000, 0}));
  EXPECT_DOUBLE_EQ(got.network().rate(0), 0.001);
  EXPECT_DOUBLE_EQ(got.network().rate(1), 0.5);
  EXPECT_CONTAINS(error_of([] { (void)jumpflow::read_bionetgen_string(t::enzyme_net, {.volume = 2.0}); }),
                  "the rate of reaction convert is a function");
  EXPECT_CONTAINS(error_of([] { (void)jumpflow::read_bionetgen_string(t::enzyme_net, {.volume = -2.0}); }),
                  "the volume is -2");
}

// The reaction rate equation: mass action uses k x^m (not the falling factorial).
TEST(BioNetGen, DriftIsTheReactionRateEquation) {
  const auto got = jumpflow::read_bionetgen_string(t::dimerisation_net);
  jumpflow::vector x(2), dxdt;
  x << 10.5, 2.0;
  got.drift(x, dxdt, 0.0);
  const double r0 = 0.01 * 10.5 * 10.5, r1 = 0.5 * 2.0;
  EXPECT_DOUBLE_EQ(dxdt[0], -2.0 * r0 + 2.0 * r1);
  EXPECT_DOUBLE_EQ(dxdt[1], r0 - r1);
  const auto enzyme = jumpflow::read_bionetgen_string(t::enzyme_net);
  x << 25.0, 0.0;
  EXPECT_DOUBLE_EQ(enzyme.deterministic_rate(0, x, 0.0), 20.0 * 25.0 / 75.0);
}

TEST(BioNetGen, FixedSpeciesNeverChange) {
  const auto got = jumpflow::read_bionetgen_string(
      "begin parameters\n 1 k 2\nend parameters\nbegin species\n 1 $Src() 5\n 2 X() 0\nend species\n"
      "begin reactions\n 1 1 1,2 k\nend reactions\n");
  EXPECT_TRUE(got.fixed(0));
  EXPECT_EQ(got.channel_names()[0], "R1");
  count_vector x = counts({5, 0});
  EXPECT_DOUBLE_EQ(got.network().propensity(0, x), 10.0);
  got.network().fire(0, x);
  EXPECT_EQ(x, counts({5, 1}));
}

struct bad_net {
  const char* name;
  std::string text;
  std::vector<std::string> expect;
};

class BioNetGenBadInput : public ::testing::TestWithParam<bad_net> {};

TEST_P(BioNetGenBadInput, IsRefusedNamingWhatAndWhere) {
  const auto msg = error_of([&] { (void)jumpflow::read_bionetgen_string(GetParam().text); });
  EXPECT_CONTAINS(msg, "jumpflow::read_bionetgen_string: <string>");
  for (const auto& s : GetParam().expect) EXPECT_CONTAINS(msg, s);
}

const std::string species_ab = "begin species\n 1 A() 10\n 2 B() 0\nend species\n";
INSTANTIATE_TEST_SUITE_P(
    Cases, BioNetGenBadInput,
    ::testing::Values(
        bad_net{"DanglingSpeciesIndex", species_ab + "begin reactions\n 1 1 3 2.0\nend reactions\n",
                {"line 6", "product species index is '3'", "in [1, 2]"}},
        bad_net{"ZeroIndexInList", species_ab + "begin reactions\n 1 1,0 2 2.0\nend reactions\n",
                {"reactant species index is '0'"}},
        bad_net{"UnknownName", species_ab + "begin reactions\n 1 1 2 kf\nend reactions\n",
                {"line 6", "reads the name is kf"}},
        bad_net{"NegativeInitialCount", "begin parameters\n 1 n -3\nend parameters\n"
                                        "begin species\n 1 A() n\nend species\n",
                {"line 5", "initial count of species A() is -3"}},
        bad_net{"NonWholeInitialCount", "begin species\n 1 A() 2.5\nend species\n",
                {"line 2", "2.5", "a whole number"}},
        bad_net{"UnclosedBlock", "begin species\n 1 A() 2\n", {"block species is not ended"}},
        bad_net{"UnknownBlock", "begin molecule types\n A()\nend molecule types\n",
                {"line 1", "block is molecule types"}},
        bad_net{"MichaelisMentenRateLaw", species_ab + "begin reactions\n 1 1 2 MM(1,2)\nend reactions\n",
                {"line 6", "MM(...)", "not supported"}},
        bad_net{"LocalFunction", species_ab + "begin functions\n 1 f(x) 2*x\nend functions\n",
                {"line 6", "local function"}},
        bad_net{"DivisionByZero", species_ab + "begin reactions\n 1 1 2 1/0\nend reactions\n",
                {"<string>: channel 0 (R1)'s rate constant is inf"}},
        // Found by fuzzing (scripts/fuzz-readers.sh): a negative rate constant of a reaction
        // whose reactant is absent at the start escaped as a std::domain_error of
        // reaction_network, without the file's name.
        bad_net{"NegativeRateOfAnAbsentReactant",
                species_ab + "begin reactions\n 1 1 2 1\n 2 2 1 -.5 #split\nend reactions\n",
                {"<string>: channel 1 (split)'s rate constant is -0.5, but must be finite and >= 0"}},
        bad_net{"BadFormula", species_ab + "begin reactions\n 1 1 2 2*(3\nend reactions\n",
                {"line 6", "')'"}},
        bad_net{"StrayText", "hello\n", {"line 1", "'hello'"}}),
    [](const auto& p) { return std::string(p.param.name); });

// ---------------------------------------------------------------- SBML

#ifdef JUMPFLOW_TEST_SBML

TEST(Sbml, IsAvailable) { EXPECT_TRUE(jumpflow::sbml_available()); }

TEST(Sbml, BirthDeathIsTheMassActionNetworkInCpp) {
  for (unsigned level : {2u, 3u}) {
    auto spec = t::birth_death_sbml();
    spec.level = level;
    spec.version = level == 2 ? 4 : 1;
    const auto got = jumpflow::read_sbml_string(t::write_sbml(spec));
    EXPECT_EQ(got.species_names(), std::vector<std::string>{"X"});
    EXPECT_EQ(got.channel_names(), (std::vector<std::string>{"birth", "death"}));
    EXPECT_EQ(got.initial_state(), counts({30}));
    EXPECT_TRUE(got.is_mass_action(0) && got.is_mass_action(1));
    expect_same_network(got, birth_death_cpp(), one_species_states);
  }
}

TEST(Sbml, DimerisationIsDetectedAsMassActionWithFallingFactorials) {
  const std::string text = t::write_sbml(t::dimerisation_sbml());
  const auto got = jumpflow::read_sbml_string(text);
  EXPECT_TRUE(got.is_mass_action(0));
  expect_same_network(got, dimerisation_cpp(), two_species_states);
  // Without detection the law is evaluated literally: k A^2.
  const auto literal = jumpflow::read_sbml_string(text, {.detect_mass_action = false});
  EXPECT_FALSE(literal.is_mass_action(0));
  EXPECT_DOUBLE_EQ(literal.network().propensity(0, counts({10, 0})), 0.01 * 100.0);
}

TEST(Sbml, EnzymeWithFunctionDefinitionAndLocalParameter) {
  const auto got = jumpflow::read_sbml_string(t::write_sbml(t::enzyme_sbml()));
  EXPECT_FALSE(got.is_mass_action(0));
  expect_same_network(got, enzyme_cpp(), two_species_states);
}

TEST(Sbml, TimeDependentLawIsATimeDependentChannel) {
  expect_same_input(jumpflow::read_sbml_string(t::write_sbml(t::input_sbml())));
}

// A switch with events, written as SBML and built in C++: X is born at rate k G and dies at
// rate g X (G in concentration, cell of volume 2: the law is k [G] cell); the event at
// `time > 2` sets [G] to 3 (6 molecules) and the event `X >= 40` sets G to 0 (switches the gene off) and X to X / 2.
t::sbml_model switch_sbml() {
  t::sbml_model m;
  m.compartments = {{"cell", 2.0}};
  m.species = {{"X", 0}, {"G", 1}};
  m.species[1].boundary = true;
  m.parameters = {{"k", 5.0}, {"g", 0.2}};
  m.reactions = {{"birth", {}, {{"X", 1}}, "k * G * cell", {}, false, {"G"}},
                 {"death", {{"X", 1}}, {}, "g * X", {}}};
  m.events = {{"on", "time > 2", {{"G", "3"}}}, {"off", "X >= 40", {{"G", "0"}, {"X", "X / 2"}}}};
  m.species[1].amount = false;  // G's symbol is a concentration: its initial 1 is an amount
  return m;
}

reaction_network switch_cpp() {
  return reaction_network(
      2,
      {reaction_channel::mass_action(5.0, {{1, 1}}, {{0, 1}, {1, 1}}, "birth"),
       reaction_channel::mass_action(0.2, {{0, 1}}, {}, "death")},
      {reaction_event::when([](const count_vector&, double t) { return t >= 2.0; },
                            [](count_vector& x, double) { x[1] = 6; }, false, {2.0}, false, true, "on"),
       reaction_event::when([](const count_vector& x, double) { return x[0] >= 40; },
                            [](count_vector& x, double) {
                              x[1] = 0;
                              x[0] = static_cast<long long>(std::round(static_cast<double>(x[0]) / 2.0));
                            },
                            true, {}, false, true, "off")});
}

TEST(Sbml, SwitchWithEventsMatchesTheCppNetwork) {
  const auto got = jumpflow::read_sbml_string(t::write_sbml(switch_sbml()));
  const auto want = switch_cpp();
  expect_same_network(got, reaction_network(2, {reaction_channel::mass_action(5.0, {{1, 1}}, {{0, 1}, {1, 1}}),
                                                reaction_channel::mass_action(0.2, {{0, 1}}, {})}),
                      {counts({0, 1}), counts({7, 6}), counts({40, 0})});
  const auto& net = got.network();
  ASSERT_EQ(net.events().size(), 2u);
  EXPECT_EQ(net.event_times(), std::vector<double>{2.0});
  EXPECT_FALSE(net.events()[0].reads_state());
  EXPECT_TRUE(net.events()[1].reads_state());
  EXPECT_EQ(net.events()[1].name(), "off");
  // `time > 2` is read as its right limit `time >= 2`, so it fires at 2.
  EXPECT_TRUE(net.events()[0].trigger(counts({0, 1}), 2.0));
  EXPECT_FALSE(net.events()[0].trigger(counts({0, 1}), 1.999));
  count_vector y = counts({41, 6});
  net.events()[1].assign(y, 3.0);
  EXPECT_EQ(y, counts({21, 0}));
  // Same seed, same path: the events act identically in both networks.
  for (std::uint64_t r = 0; r < 5; ++r) {
    count_vector a = got.initial_state(), b = counts({0, 1});
    auto g1 = jumpflow::stream_factory(9)(r);
    auto g2 = jumpflow::stream_factory(9)(r);
    std::vector<double> ta, tb;
    const auto na = jumpflow::simulate_direct(net, a, 0.0, 30.0, g1, [&](const count_vector& x, double t) {
      ta.push_back(t + static_cast<double>(x[0] * 1000 + x[1]));
    });
    const auto nb = jumpflow::simulate_direct(want, b, 0.0, 30.0, g2, [&](const count_vector& x, double t) {
      tb.push_back(t + static_cast<double>(x[0] * 1000 + x[1]));
    });
    EXPECT_EQ(na, nb);
    EXPECT_EQ(a, b);
    EXPECT_EQ(ta, tb);
  }
}

TEST(Sbml, EventAssigningANegativeCountIsASimulationError) {
  auto m = t::birth_death_sbml();
  m.events = {{"drain", "time >= 1", {{"X", "X - 1000"}}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m));
  count_vector x = got.initial_state();
  auto g = jumpflow::stream_factory(7)(0);
  const auto msg = error_of([&] { jumpflow::simulate_direct(got.network(), x, 0.0, 2.0, g); });
  EXPECT_CONTAINS(msg, "the count event drain assigns to species X is -");
  EXPECT_CONTAINS(msg, "at time 1, but must be finite and >= 0");
}

TEST(Sbml, BothReadersGiveTheSameNetwork) {
  const auto a = jumpflow::read_sbml_string(t::write_sbml(t::birth_death_sbml()));
  const auto b = jumpflow::read_bionetgen_string(t::birth_death_net());
  expect_same_network(a, b.network(), one_species_states);
  const auto c = jumpflow::read_sbml_string(t::write_sbml(t::enzyme_sbml()));
  const auto d = jumpflow::read_bionetgen_string(t::enzyme_net);
  expect_same_network(c, d.network(), two_species_states);
}

// Concentrations: V = 100, A and B given as concentrations 0.5 and 0.2 (50 and 20 molecules),
// hasOnlySubstanceUnits false, law k [A] [B] V: propensity k (A/V)(B/V) V = (k/V) A B.
TEST(Sbml, ConcentrationsAreConvertedByTheCompartmentSize) {
  t::sbml_model m;
  m.compartments = {{"cell", 100.0}};
  m.species = {{"A", 0.5, false, true}, {"B", 0.2, false, true}, {"C", 0, false, true}};
  m.parameters = {{"k", 3.0}};
  m.reactions = {{"bind", {{"A", 1}, {"B", 1}}, {{"C", 1}}, "k * A * B * cell", {}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m));
  EXPECT_EQ(got.initial_state(), counts({50, 20, 0}));
  EXPECT_EQ(got.volume(), 100.0);
  EXPECT_TRUE(got.is_mass_action(0));
  EXPECT_NEAR(got.network().rate(0), 0.03, 1e-15);
  EXPECT_DOUBLE_EQ(got.network().propensity(0, counts({50, 20, 0})), 0.03 * 1000.0);
}

TEST(Sbml, ReadAtAnotherVolumeKeepsConcentrations) {
  t::sbml_model m;
  m.compartments = {{"cell", 100.0}};
  m.species = {{"A", 0.5, false, true}, {"B", 20, false, false}, {"C", 0, false, true}};
  m.parameters = {{"k", 3.0}};
  m.reactions = {{"bind", {{"A", 1}, {"B", 1}}, {{"C", 1}}, "k * A * B * cell", {}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m), {.volume = 1000.0});
  EXPECT_EQ(got.initial_state(), counts({500, 200, 0}));
  EXPECT_EQ(got.volume(), 1000.0);
  EXPECT_NEAR(got.network().rate(0), 0.003, 1e-16);
  m.compartments.push_back({"nucleus", 10.0});
  EXPECT_CONTAINS(error_of([&] { (void)jumpflow::read_sbml_string(t::write_sbml(m), {.volume = 5.0}); }),
                  "the number of compartments is 2");
}

TEST(Sbml, BoundarySpeciesAndModifiersAreReadButNotChanged) {
  t::sbml_model m;
  m.species = {{"S", 4}, {"E", 2}, {"X", 0}};
  m.species[0].boundary = true;
  m.parameters = {{"k", 1.5}};
  m.reactions = {{"make", {{"S", 1}}, {{"X", 1}}, "k * S * E", {}, false, {"E"}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m));
  EXPECT_TRUE(got.fixed(0));
  EXPECT_TRUE(got.is_mass_action(0));
  count_vector x = counts({4, 2, 0});
  EXPECT_DOUBLE_EQ(got.network().propensity(0, x), 12.0);
  got.network().fire(0, x);
  EXPECT_EQ(x, counts({4, 2, 1}));
}

TEST(Sbml, InitialAssignmentsAndAssignmentRules) {
  t::sbml_model m;
  m.species = {{"X", 0}, {"Y", 3}, {"Total", 0}};
  m.parameters = {{"p1", 2}, {"p2", 0}, {"base", 0.1}, {"kd", 0}};
  m.initial = {{"X", "p2 * 10"}, {"p2", "2 * p1"}};  // out of dependency order on purpose
  m.rules = {{"kd", "base * p1"}, {"Total", "X + Y"}};
  m.reactions = {{"decay", {{"X", 1}}, {{"Y", 1}}, "kd * X", {}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m));
  EXPECT_EQ(got.species_names(), (std::vector<std::string>{"X", "Y"}));
  EXPECT_EQ(got.initial_state(), counts({40, 3}));
  EXPECT_TRUE(got.is_mass_action(0));
  EXPECT_DOUBLE_EQ(got.network().rate(0), 0.2);
  ASSERT_EQ(got.observables().size(), 1u);
  EXPECT_EQ(got.observables()[0].name, "Total");
  EXPECT_DOUBLE_EQ((*got.observables()[0].value)(counts({40, 3}), 0.0), 43.0);
}

TEST(Sbml, HillRepressionWithPiecewiseIsACustomChannel) {
  t::sbml_model m;
  m.species = {{"P", 10}};
  m.parameters = {{"a", 50}, {"K", 20}};
  m.reactions = {{"make", {}, {{"P", 1}}, "piecewise(0, P > 1000, a / (1 + (P / K)^2))", {}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m));
  EXPECT_FALSE(got.is_mass_action(0));
  EXPECT_DOUBLE_EQ(got.network().propensity(0, counts({20})), 25.0);
  EXPECT_DOUBLE_EQ(got.network().propensity(0, counts({2000})), 0.0);
}

// A law that turns negative mid-run: the simulator throws naming the reaction and the time.
TEST(Sbml, PropensityTurningNegativeMidRunIsASimulationError) {
  t::sbml_model m;
  m.species = {{"X", 0}};
  m.reactions = {{"grow", {}, {{"X", 1}}, "4.5 - X", {}}};
  const auto got = jumpflow::read_sbml_string(t::write_sbml(m));
  count_vector x = got.initial_state();
  auto g = jumpflow::stream_factory(7)(0);
  const auto msg = error_of([&] { jumpflow::simulate_direct(got.network(), x, 0.0, 100.0, g); });
  EXPECT_CONTAINS(msg, "channel 0 (grow)");
  EXPECT_CONTAINS(msg, "is -0.5 at time");
  EXPECT_EQ(x, counts({5}));
}

struct bad_sbml {
  const char* name;
  t::sbml_model model;
  std::vector<std::string> expect;
};

t::sbml_model with(std::function<void(t::sbml_model&)> edit) {
  auto m = t::birth_death_sbml();
  edit(m);
  return m;
}

class SbmlBadInput : public ::testing::TestWithParam<bad_sbml> {};

TEST_P(SbmlBadInput, IsRefusedNamingTheElement) {
  const auto msg = error_of([&] { (void)jumpflow::read_sbml_string(t::write_sbml(GetParam().model)); });
  EXPECT_CONTAINS(msg, "jumpflow::read_sbml_string: <string>");
  for (const auto& s : GetParam().expect) EXPECT_CONTAINS(msg, s);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SbmlBadInput,
    ::testing::Values(
        bad_sbml{"UnknownId", with([](auto& m) { m.reactions[1].law = "g * Z"; }),
                 {"reaction death's kinetic law reads the id is Z"}},
        bad_sbml{"NegativeInitialAmount", with([](auto& m) { m.species[0].initial = -4; }),
                 {"initial amount of species X is -4", ">= 0"}},
        bad_sbml{"NonWholeInitialAmount", with([](auto& m) { m.species[0].initial = 2.5; }),
                 {"initial amount of species X is 2.5"}},
        bad_sbml{"DivisionByZero", with([](auto& m) { m.reactions[0].law = "k / 0"; }),
                 {"<string>: channel 0 (birth)'s propensity at the initial state is inf"}},
        bad_sbml{"RateRule", with([](auto& m) { m.rate_rules = {{"g", "1"}}; }),
                 {"rule for g is a rate rule"}},
        bad_sbml{"EventDelay", with([](auto& m) {
                   m.events = {{"switch_on", "time > 5", {{"X", "0"}}}};
                   m.events[0].delay = "1";
                 }),
                 {"event switch_on's delay is present", "delayed events are not supported"}},
        bad_sbml{"EventPriority", with([](auto& m) {
                   m.events = {{"switch_on", "time > 5", {{"X", "0"}}}};
                   m.events[0].priority = "1";
                 }),
                 {"event switch_on's priority is present", "not supported"}},
        bad_sbml{"EventAssignsAParameter", with([](auto& m) { m.events = {{"up", "time > 5", {{"k", "2 * k"}}}}; }),
                 {"event up's assignment to k is a parameter", "boundary species"}},
        bad_sbml{"EventTriggerContinuousInTime",
                 with([](auto& m) { m.events = {{"wave", "sin(time) > 0.5", {{"X", "0"}}}}; }),
                 {"event wave's trigger is a function of the time", "comparisons of time with constants"}},
        bad_sbml{"EventTriggerUnknownId", with([](auto& m) { m.events = {{"e", "Y > 3", {{"X", "0"}}}}; }),
                 {"event e's trigger reads the id is Y"}},
        bad_sbml{"Reversible", with([](auto& m) { m.reactions[1].reversible = true; }),
                 {"reaction death is reversible"}},
        bad_sbml{"Factorial", with([](auto& m) { m.reactions[0].law = "factorial(3)"; }),
                 {"reaction birth's kinetic law", "factorial"}},
        bad_sbml{"NonIntegerStoichiometry", with([](auto& m) { m.reactions[1].reactants[0].second = 1.5; }),
                 {"reactant X's stoichiometry is 1.5"}}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(Sbml, MalformedXmlNamesTheLine) {
  const auto msg = error_of([] { (void)jumpflow::read_sbml_string("<sbml level=\"3\" version=\"1\">\n<model>\n</sbml"); });
  EXPECT_CONTAINS(msg, "jumpflow::read_sbml_string: <string>: the document (line");
  EXPECT_CONTAINS(msg, "valid SBML");
}

TEST(Sbml, MissingFileIsNamed) {
  const auto msg = error_of([] { (void)jumpflow::read_sbml("/nonexistent/model.xml"); });
  EXPECT_CONTAINS(msg, "/nonexistent/model.xml");
}

#endif  // JUMPFLOW_TEST_SBML

}  // namespace
