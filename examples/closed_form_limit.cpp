// A limit known in closed form: immigration-death X^n (immigration n, death 1 per molecule, from
// n/2) converges to x(t) = 1 - e^{-t}/2. The sup distance sup_t |X^n_t / n - x(t)| is measured
// against the closed form twice on the same paths: as a plain callable, which the observer must
// evaluate at every jump, and as a jumpflow::bounded_limit, whose bounds on x' and x'' let the
// observer (and the simulator) skip the jumps that cannot raise the sup. The sups agree to the
// last bit; the program prints how many evaluations each needed and exits with status 1 if the
// sups differ or the bounded limit saved nothing.
//   ./build/ci/examples/closed_form_limit [n] [paths]
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "jumpflow/jump/simulate_direct.hpp"
#include "jumpflow/limit.hpp"
#include "jumpflow/models/classic.hpp"

int main(int argc, char** argv) {
  const double n = argc > 1 ? std::strtod(argv[1], nullptr) : 10000.0;
  const std::uint64_t paths = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10;
  const jumpflow::immigration_death_family family(1.0, 1.0, 0.5);
  const auto net = family.model(n);
  const double t_end = 2.0;

  //! [bounded]
  // x(t) = 1 - e^{-t}/2: x'(t) = e^{-t}/2 and x''(t) = -e^{-t}/2, both at most 1/2 in absolute
  // value for t >= 0. The observer may evaluate the limit beyond t_end (at the ends of its
  // windows): the bounds hold for every t >= 0.
  const auto exact = [](double t) { return 1.0 - 0.5 * std::exp(-t); };
  const jumpflow::bounded_limit bounded(exact, /*speed_bound=*/0.5, /*curvature_bound=*/0.5);
  //! [bounded]

  bool same = true;
  std::uint64_t jumps = 0, plain_evaluations = 0, bounded_evaluations = 0;
  for (std::uint64_t r = 0; r < paths; ++r) {
    //! [observe]
    jumpflow::sup_distance_observer plain(exact, jumpflow::euclidean_norm{}, 1.0 / n);
    jumpflow::sup_distance_observer pruned(bounded, jumpflow::euclidean_norm{}, 1.0 / n);
    auto x = family.initial_counts(n), y = x;
    jumpflow::philox_engine g(2026, r), h(2026, r);  // the same path twice
    jumps += jumpflow::simulate_direct(net, x, 0.0, t_end, g, plain);
    jumpflow::simulate_direct(net, y, 0.0, t_end, h, pruned);
    //! [observe]
    same = same && plain.sup() == pruned.sup() && plain.argsup() == pruned.argsup();
    plain_evaluations += plain.evaluations();
    bounded_evaluations += pruned.evaluations();
    std::printf("path %llu: sup %.6f at t = %.4f (plain), %.6f at t = %.4f (bounded)\n",
                static_cast<unsigned long long>(r), plain.sup(), plain.argsup(), pruned.sup(),
                pruned.argsup());
  }
  std::printf(
      "n = %g, %llu paths, %llu jumps: the plain closed form was evaluated %llu times, "
      "the bounded one %llu times (%.1f%% of the jumps)\n",
      n, static_cast<unsigned long long>(paths), static_cast<unsigned long long>(jumps),
      static_cast<unsigned long long>(plain_evaluations),
      static_cast<unsigned long long>(bounded_evaluations),
      100.0 * static_cast<double>(bounded_evaluations) / static_cast<double>(jumps));
  if (!same) {
    std::printf("FAILED: the sups differ\n");
    return 1;
  }
  if (bounded_evaluations >= plain_evaluations) {
    std::printf("FAILED: the bounds saved no evaluation\n");
    return 1;
  }
  return 0;
}
