// Spikes per second of the STDP rule (models/bnn) for d = 16, 256, 4096 and each difference
// scheme, next to the floor: drawing the d uniforms of the perturbation plus the loss
// evaluations the scheme needs (two values for two- and one-sided, one gradient for the
// linearised scheme), measured in the same process. The rule runs under simulate_prm_driven
// (Poisson clock, n = 1000 per unit time). Losses: log-cosh (evaluated), quadratic with a
// diagonal H through the evaluation path, and the same quadratic through its fast path (the
// exact change of loss along u in one pass), to show the gain. Last, the command-line tool's
// run-time perturbation law against the law as a template argument (d = 4, 16, 64).
//   ./build/ci/benchmarks/models/bnn_bench --benchmark_repetitions=3
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

#include "jumpflow/jump/simulate_prm_driven.hpp"
#include "jumpflow/models/bnn.hpp"
#include "jumpflow/random.hpp"
#include "perturbation_law.hpp"

namespace {

using jumpflow::difference_scheme;
using jumpflow::index;
using jumpflow::vector;

// The quadratic loss without its fast path (value and gradient only).
struct evaluated_quadratic {
  jumpflow::quadratic_loss q;
  index dimension() const { return q.dimension(); }
  double value(const vector& z) const { return q.value(z); }
  void gradient(const vector& z, vector& g) const { q.gradient(z, g); }
};

template <class Loss>
Loss make_loss(index d);
template <>
jumpflow::log_cosh_loss make_loss(index d) {
  return jumpflow::log_cosh_loss(vector::Zero(d));
}
template <>
jumpflow::quadratic_loss make_loss(index d) {
  return jumpflow::quadratic_loss::diagonal(vector::Zero(d), vector::LinSpaced(d, 0.5, 2.0));
}
template <>
evaluated_quadratic make_loss(index d) {
  return {make_loss<jumpflow::quadratic_loss>(d)};
}

constexpr double kN = 1000.0;

// Simulates `rule` on [0, 1] per iteration; items = spikes.
template <class Rule>
void run_rule(benchmark::State& state, const Rule& rule) {
  const index d = rule.dimension();
  vector x = vector::Constant(d, 1.0 / std::sqrt(static_cast<double>(d)));
  jumpflow::philox_engine g(1, 0);
  std::uint64_t spikes = 0;
  for (auto _ : state) {
    spikes += jumpflow::simulate_prm_driven(rule, x, 0.0, 1.0, g);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(spikes));
}

template <class Loss, difference_scheme Scheme>
void BM_Rule(benchmark::State& state) {
  const auto d = static_cast<index>(state.range(0));
  run_rule(state, jumpflow::stdp_rule<Loss>(make_loss<Loss>(d), kN, 1.0, 1.0, {.scheme = Scheme}));
}

// The floor: per spike, d uniforms and the loss evaluations of the scheme.
template <class Loss, difference_scheme Scheme>
void BM_Floor(benchmark::State& state) {
  const auto d = static_cast<index>(state.range(0));
  const Loss loss = make_loss<Loss>(d);
  const jumpflow::uniform_cube_law law(d);
  const vector x = vector::Constant(d, 1.0 / std::sqrt(static_cast<double>(d)));
  vector u(d), buffer(d);
  const double s = 1.0 / std::sqrt(kN);
  jumpflow::philox_engine g(1, 0);
  for (auto _ : state) {
    for (int k = 0; k < 1000; ++k) {
      law(g, u);
      double v = 0.0;
      if constexpr (Scheme == difference_scheme::linearised) {
        loss.gradient(x, buffer);
        v = buffer[0];
      } else if constexpr (Scheme == difference_scheme::two_sided) {
        buffer = x + s * u;
        v = loss.value(buffer);
        buffer = x - s * u;
        v -= loss.value(buffer);
      } else {
        buffer = x + s * u;
        v = loss.value(buffer) - loss.value(x);
      }
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

#define JF_SCHEMES(LOSS)                                                                  \
  BENCHMARK(BM_Floor<LOSS, difference_scheme::two_sided>)->Arg(16)->Arg(256)->Arg(4096);  \
  BENCHMARK(BM_Rule<LOSS, difference_scheme::two_sided>)->Arg(16)->Arg(256)->Arg(4096);   \
  BENCHMARK(BM_Floor<LOSS, difference_scheme::one_sided>)->Arg(16)->Arg(256)->Arg(4096);  \
  BENCHMARK(BM_Rule<LOSS, difference_scheme::one_sided>)->Arg(16)->Arg(256)->Arg(4096);   \
  BENCHMARK(BM_Floor<LOSS, difference_scheme::linearised>)->Arg(16)->Arg(256)->Arg(4096); \
  BENCHMARK(BM_Rule<LOSS, difference_scheme::linearised>)->Arg(16)->Arg(256)->Arg(4096)

JF_SCHEMES(jumpflow::log_cosh_loss);
JF_SCHEMES(evaluated_quadratic);
BENCHMARK(BM_Rule<jumpflow::quadratic_loss, difference_scheme::two_sided>)
    ->Arg(16)
    ->Arg(256)
    ->Arg(4096);
BENCHMARK(BM_Rule<jumpflow::quadratic_loss, difference_scheme::one_sided>)
    ->Arg(16)
    ->Arg(256)
    ->Arg(4096);

// The rule with the law as a template argument (Law) or as the command-line tool's run-time
// perturbation_law holding it (src/tool/perturbation_law.hpp: one switch per mark): the cost
// of compiling the tool's rule once per loss instead of once per loss and law. Quadratic loss
// through its fast path and small d, where a spike is cheapest and the switch weighs most.
template <class Law>
Law make_law(index d) {
  if constexpr (std::is_same_v<Law, jumpflow::tool::perturbation_law>) {
    return Law(jumpflow::uniform_cube_law(d));
  } else {
    return Law(d);
  }
}

template <class Law>
void BM_RuleLaw(benchmark::State& state) {
  const auto d = static_cast<index>(state.range(0));
  run_rule(state, jumpflow::stdp_rule<jumpflow::quadratic_loss, Law>(
                      make_loss<jumpflow::quadratic_loss>(d), make_law<Law>(d), kN, 1.0, 1.0));
}
BENCHMARK(BM_RuleLaw<jumpflow::uniform_cube_law>)->Arg(4)->Arg(16)->Arg(64);
BENCHMARK(BM_RuleLaw<jumpflow::tool::perturbation_law>)->Arg(4)->Arg(16)->Arg(64);

// Collects items_per_second of every run (the median of repetitions) for the ratio table.
class rate_reporter : public benchmark::ConsoleReporter {
 public:
  std::map<std::string, double> rates;
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& run : runs) {
      std::string name = run.benchmark_name();
      if (run.run_type == Run::RT_Aggregate) {  // with --benchmark_repetitions: the median
        if (run.aggregate_name != "median") continue;
        name = run.run_name.str();
      }
      const auto it = run.counters.find("items_per_second");
      if (it != run.counters.end()) rates[name] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  rate_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  const auto& r = reporter.rates;
  const auto rate = [&](const std::string& name) {
    const auto it = r.find(name);
    return it == r.end() ? std::nan("") : it->second;
  };
  std::printf(
      "\nspikes/s of the rule and slowdown vs the floor (floor rate / rule rate; target <= 1.5)\n");
  std::printf("  %-22s %-11s %6s %12s %12s %8s\n", "loss", "scheme", "d", "rule", "floor", "ratio");
  const char* schemes[] = {"difference_scheme::two_sided", "difference_scheme::one_sided",
                           "difference_scheme::linearised"};
  const char* short_names[] = {"two-sided", "one-sided", "linearised"};
  for (const char* loss : {"jumpflow::log_cosh_loss", "evaluated_quadratic"}) {
    for (int s = 0; s < 3; ++s) {
      for (const char* d : {"16", "256", "4096"}) {
        const std::string suffix = std::string("<") + loss + ", " + schemes[s] + ">/" + d;
        const double rule = rate("BM_Rule" + suffix), floor = rate("BM_Floor" + suffix);
        std::printf("  %-22s %-11s %6s %12.4g %12.4g %7.2fx%s\n", loss, short_names[s], d, rule,
                    floor, floor / rule, floor / rule <= 1.5 ? "" : "  TARGET MISSED");
      }
    }
  }
  std::printf(
      "\nquadratic fast path (exact change of loss along u, one pass) vs evaluation path\n");
  for (int s = 0; s < 2; ++s) {
    for (const char* d : {"16", "256", "4096"}) {
      const double fast =
          rate(std::string("BM_Rule<jumpflow::quadratic_loss, ") + schemes[s] + ">/" + d);
      const double slow =
          rate(std::string("BM_Rule<evaluated_quadratic, ") + schemes[s] + ">/" + d);
      const double floor =
          rate(std::string("BM_Floor<evaluated_quadratic, ") + schemes[s] + ">/" + d);
      std::printf(
          "  %-11s d %5s: fast %10.4g spikes/s = %.2fx the evaluation path, %.2fx the floor\n",
          short_names[s], d, fast, fast / slow, fast / floor);
    }
  }
  std::printf("\nthe tool's run-time law (perturbation_law) vs the law as a type, uniform law\n");
  for (const char* d : {"4", "16", "64"}) {
    const double typed = rate(std::string("BM_RuleLaw<jumpflow::uniform_cube_law>/") + d);
    const double erased = rate(std::string("BM_RuleLaw<jumpflow::tool::perturbation_law>/") + d);
    std::printf("  d %3s: typed %10.4g spikes/s, run-time law %10.4g spikes/s: %.3fx\n", d, typed,
                erased, erased / typed);
  }
  return 0;
}
