// Events per second of the stochastic Hodgkin-Huxley neuron under simulate_pdmp() at
// N = 10^3 and 10^5 sodium channels (current 10 from rest), next to the cost of the ODE steps
// alone: the same number of Dormand-Prince steps of the same mean size on the same vector field
// (voltage and integrated intensity, channel counts frozen), each restarted as after an event,
// without locating events, choosing channels or jumping. Measured in the same process (thread
// CPU time). Counters: ns_per_event, flow_ns (the ODE steps alone, per event) and x_flow (their
// ratio: 1 + the relative cost of event location).
//   ./build/ci/benchmarks/models/models_neuron_bench
// Target: x_flow < 3, i.e. locating events costs less than 2x integrating the flow.
#include <benchmark/benchmark.h>
#include <time.h>

#include <functional>
#include <span>
#include <vector>

#include "jumpflow/jump.hpp"
#include "jumpflow/models/neuron.hpp"
#include "jumpflow/random.hpp"

namespace {

using jumpflow::count_vector;
using jumpflow::vector;

double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

jumpflow::stochastic_hodgkin_huxley neuron(long long sodium) {
  jumpflow::hodgkin_huxley_parameters p;
  p.current = 10.0;
  return {p, sodium, jumpflow::hodgkin_huxley_potassium_channels(sodium)};
}

// About 10^5 events per run at either size.
double horizon(long long sodium) { return sodium <= 1000 ? 40.0 : 0.5; }

// The ODE steps alone: `steps` restarts + single steps of size h on (V, Lambda), counts frozen.
double flow_only_seconds(const jumpflow::stochastic_hodgkin_huxley& m,
                         const jumpflow::pdmp_state<count_vector>& x0, std::uint64_t steps,
                         double h) {
  std::vector<double> lambda(static_cast<std::size_t>(m.channels()));
  vector y(1), dydt(1);
  const auto sys = [&](const vector& z, vector& dz, double t) {
    y[0] = z[0];
    m.flow(y, x0.k, t, dydt);
    m.intensities(y, x0.k, t, std::span<double>(lambda));
    double total = 0.0;
    for (const double l : lambda) total += l;
    dz[0] = dydt[0];
    dz[1] = total;
  };
  auto stepper = jumpflow::detail::make_pdmp_stepper(jumpflow::pdmp_options{});
  vector z(2);
  double t = 0.0, sink = 0.0;
  const double start = thread_seconds();
  for (std::uint64_t i = 0; i < steps; ++i) {
    z[0] = x0.y[0] + 1e-9 * static_cast<double>(i % 7);
    z[1] = 0.0;
    stepper.initialize(z, t, h);
    stepper.do_step(std::cref(sys));
    t = stepper.current_time();
    sink += stepper.current_state()[1];
  }
  benchmark::DoNotOptimize(sink);
  return thread_seconds() - start;
}

void BM_NeuronPdmp(benchmark::State& state) {
  const long long sodium = state.range(0);
  const auto m = neuron(sodium);
  const auto x0 = m.initial_state(jumpflow::hodgkin_huxley_ode().resting_state());
  const double T = horizon(sodium);
  std::uint64_t events = 0, runs = 0;
  jumpflow::pdmp_counters counters;
  jumpflow::pdmp_options options;
  options.counters = &counters;
  double seconds = 0.0;
  for (auto _ : state) {
    jumpflow::philox_engine g(runs++);
    auto x = x0;
    const double start = thread_seconds();
    events += jumpflow::simulate_pdmp(m, x, 0.0, T, g, jumpflow::null_observer{},
                                      jumpflow::never_stop{}, options);
    seconds += thread_seconds() - start;
    benchmark::DoNotOptimize(x.y[0]);
  }
  const double per_event = seconds / static_cast<double>(events);
  const double mean_step = T * static_cast<double>(runs) / static_cast<double>(counters.flow_steps);
  const std::uint64_t steps = counters.flow_steps / runs;
  const double flow = flow_only_seconds(m, x0, steps, mean_step) / static_cast<double>(events / runs);
  state.counters["events_per_s"] = 1.0 / per_event;
  state.counters["ns_per_event"] = 1e9 * per_event;
  state.counters["flow_ns"] = 1e9 * flow;
  state.counters["x_flow"] = per_event / flow;
  state.counters["steps_per_event"] =
      static_cast<double>(counters.flow_steps) / static_cast<double>(events);
  state.counters["rhs_per_event"] =
      static_cast<double>(counters.rhs_evaluations) / static_cast<double>(events);
  state.counters["locator_per_event"] =
      static_cast<double>(counters.locator_evaluations) / static_cast<double>(events);
}
BENCHMARK(BM_NeuronPdmp)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
