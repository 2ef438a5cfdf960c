/// \file
/// \brief asymptotic_error_constant(): the sharp constant
/// \f$K_\infty = (E \sup_{t \le T} |G_t|^2)^{1/2}\f$ of the linear-noise limit
/// \f$\sqrt n (X^n - x) \Rightarrow G\f$, so that \f$\sqrt{E \sup_t |X^n_t - x_t|^2} \approx
/// K_\infty / \sqrt n\f$; by exact Gaussian transitions on a grid and Monte Carlo.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "jumpflow/core/error.hpp"
#include "jumpflow/core/types.hpp"
#include "jumpflow/limit/ensemble.hpp"
#include "jumpflow/limit/estimators.hpp"
#include "jumpflow/limit/norms.hpp"
#include "jumpflow/ode/detail/erased_ode.hpp"
#include "jumpflow/ode/integrate.hpp"
#include "jumpflow/random/normal.hpp"

namespace jumpflow {

/// \brief A model of the linear-noise (fluctuation) limit of a scaled family: the Jacobian of
/// the limit drift and the rate-scaled jump covariance, both as functions of the limit state.
/// \ingroup limit
///
/// | expression | meaning |
/// |---|---|
/// | `m.drift_jacobian(x, a)` | writes \f$Db(x)\f$ into the \f$d \times d\f$ matrix `a` |
/// | `m.jump_covariance(x, s)` | writes \f$\Sigma(x)\f$ (symmetric, positive semi-definite) into `s` |
///
/// For a family whose jumps \f$\Delta\f$ arrive at total rate \f$r_n(x)\f$, \f$\Sigma(x) =
/// \lim_n n\, r_n(x) E[\Delta \Delta^\top]\f$: \f$\sum_j \beta_j(x) l_j l_j^\top\f$ for a
/// density-dependent family (jumps \f$l_j/n\f$ at rates \f$n \beta_j\f$), \f$\lim n^2
/// E[J_n J_n^\top]\f$ for a rule with jumps \f$J_n\f$ at rate \f$n\f$. Both members must be
/// safe to call concurrently. Models: density_linear_noise, stdp_linear_noise.
/// \tparam M the model type.
template <class M>
concept linear_noise_model = requires(const M& m, const vector& x, matrix& out) {
  m.drift_jacobian(x, out);
  m.jump_covariance(x, out);
};

/// \brief Options of asymptotic_error_constant().
/// \ingroup limit
struct asymptotic_error_options {
  std::size_t steps = 512;    ///< \brief Grid steps \f$m\f$ on \f$[0, T]\f$ (even, \f$\ge 2\f$).
  std::uint64_t paths = 4000;  ///< \brief Monte Carlo paths \f$M \ge 2\f$.
  std::uint64_t seed = 0;      ///< \brief Seed of the streams.
  /// \brief Stream id of the first block of paths (block \f$b\f$ draws from stream
  /// `first_stream + b`); e.g. `study_stream_id(point, 0)` for grid point `point` of a study.
  std::uint64_t first_stream = 0;
  unsigned threads = 0;   ///< \brief Worker threads (0: all hardware threads).
  double level = 0.95;    ///< \brief Confidence level of the intervals.
  ode_options ode{};      ///< \brief Tolerances of the transfer and covariance ODEs.
};

/// \brief The result of asymptotic_error_constant().
/// \ingroup limit
///
/// The grid sup misses the peaks between grid points: for a diffusion its mean square falls
/// short of the continuous one by \f$c \sqrt h + O(h)\f$ (Asmussen, Glynn and Pitman 1995: the
/// maximum of Brownian motion on a grid of step \f$h\f$ falls short by \f$\beta \sqrt h\f$,
/// \f$\beta = -\zeta(1/2)/\sqrt{2\pi} \approx 0.5826\f$). Each path is observed on the grid of step \f$h = T/m\f$ and on every
/// other point of it (step \f$2h\f$); `constant` removes the \f$\sqrt h\f$ term path by path,
/// \f$Y = S_h^2 + (S_h^2 - S_{2h}^2)/(\sqrt 2 - 1)\f$, \f$K_\infty = \sqrt{\bar Y}\f$ (a
/// Richardson step in \f$\sqrt h\f$).
struct asymptotic_error_result {
  /// \brief \f$K_\infty\f$, extrapolated to the continuous sup, with its standard error and
  /// interval (rms_estimate() of \f$\sqrt Y\f$).
  estimate constant;
  /// \brief \f$(E \max_{k \le m} |G_{kh}|^2)^{1/2}\f$ on the grid of step \f$h\f$.
  estimate fine;
  /// \brief The same on the grid of step \f$2h\f$ (the same paths).
  estimate coarse;
  /// \brief The stated discretisation error of `constant`: \f$2 |K_\infty - K_h| \sqrt{h/T}\f$.
  /// After the \f$\sqrt h\f$ correction the residual is \f$O(h)\f$; measured (400,000 paths)
  /// at 0.9-1.3 times \f$|K_\infty - K_h| \sqrt{h/T}\f$ for Brownian motion (exact value
  /// known) and for a 2-D Ornstein-Uhlenbeck process with time-varying noise, \f$m = 8\f$ to
  /// 128; stated with a margin of 2 (and tested: asymptotic_error_constant_test).
  double discretisation_error = 0.0;
  std::size_t steps = 0;  ///< \brief The grid steps \f$m\f$.
  double horizon = 0.0;   ///< \brief \f$T\f$.
};

namespace detail {
// limit(t, out): writes x_t into out.
using path_function = function_ref<void(double, vector&)>;
// f(x, out): writes a d x d matrix at x into out.
using matrix_function = function_ref<void(const vector&, matrix&)>;
// F with F F^T = Q by the pivoted LDL^T of Eigen (src/limit/asymptotic_error_constant.cpp);
// `k` (the step) names the covariance in the error for a Q that is not positive semi-definite.
matrix factor_covariance(const matrix& q, std::size_t k);
}  // namespace detail

/// \brief The exact Gaussian transitions of the linear SDE \f$dG = A(t) G\, dt + \Sigma(t)^{1/2}
/// dW\f$ on a uniform grid: \f$G_{k+1} = \Phi_k G_k + F_k \xi_k\f$, \f$\xi_k \sim N(0, I)\f$,
/// \f$F_k F_k^\top = Q_k\f$.
/// \ingroup limit
///
/// On each step \f$[t_k, t_{k+1}]\f$ the transfer matrix (\f$\dot \Phi = A \Phi\f$,
/// \f$\Phi(t_k) = I\f$) and the covariance (\f$\dot Q = A Q + Q A^\top + \Sigma\f$,
/// \f$Q(t_k) = 0\f$) are integrated together by the ode module (adaptive Dormand-Prince, the
/// tolerances of `options`), so the law of \f$(G_{t_k})_k\f$ is exact up to those tolerances:
/// only the sup between grid points is discretised. \f$Q_k\f$ is factored once, by a pivoted
/// \f$LDL^\top\f$ decomposition that accepts a singular (semi-definite) \f$Q_k\f$ (e.g. a
/// conserved quantity, or \f$\Sigma = 0\f$ at a fixed point). The steps are independent and
/// are computed on `threads` threads.
class gaussian_transitions {
 public:
  /// \brief The transitions of the linear-noise limit along the path `limit`.
  /// \tparam Limit a callable `limit(t, out)` writing \f$x_t\f$ (e.g. dense_solution); the
  ///         three callables are called through const references.
  /// \tparam Jacobian a callable `jacobian(x, a)` writing \f$A = Db(x)\f$ (\f$d \times d\f$).
  /// \tparam Noise a callable `noise(x, s)` writing \f$\Sigma(x)\f$ (\f$d \times d\f$).
  /// \param limit the limit path on \f$[0, T]\f$.
  /// \param jacobian \f$Db\f$.
  /// \param noise \f$\Sigma\f$.
  /// \param horizon \f$T > 0\f$.
  /// \param steps the number of grid steps \f$m \ge 1\f$.
  /// \param options ODE tolerances.
  /// \param threads worker threads (0: all hardware threads); the callables are called
  ///        concurrently.
  /// \throws std::domain_error for a bad horizon, a non-finite coefficient or a \f$\Sigma\f$
  ///         that is not positive semi-definite (naming the step).
  /// \throws std::invalid_argument for `steps < 1` or mismatched sizes.
  template <class Limit, class Jacobian, class Noise>
  gaussian_transitions(const Limit& limit, const Jacobian& jacobian, const Noise& noise, double horizon,
                       std::size_t steps, const ode_options& options = {}, unsigned threads = 0)
      : gaussian_transitions(detail::path_function(limit), detail::matrix_function(jacobian),
                             detail::matrix_function(noise), horizon, steps, options, threads) {}

  /// \brief The dimension \f$d\f$ of \f$G\f$.
  /// \returns \f$d\f$.
  index dimension() const noexcept { return d_; }
  /// \brief The number of steps \f$m\f$.
  /// \returns \f$m\f$.
  std::size_t steps() const noexcept { return steps_; }
  /// \brief The horizon \f$T\f$.
  /// \returns \f$T\f$.
  double horizon() const noexcept { return horizon_; }
  /// \brief The transfer matrix \f$\Phi_k\f$ of step \f$k\f$.
  /// \param k the step, \f$< m\f$.
  /// \returns \f$\Phi_k\f$.
  const matrix& transfer(std::size_t k) const { return steps_data_.at(k).transfer; }
  /// \brief A factor \f$F_k\f$ of the step's covariance, \f$F_k F_k^\top = Q_k\f$.
  /// \param k the step, \f$< m\f$.
  /// \returns \f$F_k\f$.
  const matrix& noise_factor(std::size_t k) const { return steps_data_.at(k).factor; }

  /// \brief The covariance \f$\mathrm{Cov}(G_T) = \sum_k \Phi_{m-1} \cdots \Phi_{k+1} Q_k
  /// (\cdots)^\top\f$ that the transitions imply (to check them against a covariance ODE).
  /// \returns \f$\mathrm{Cov}(G_T)\f$.
  matrix terminal_covariance() const {
    matrix c = matrix::Zero(d_, d_);
    for (const auto& s : steps_data_) {
      c = s.transfer * c * s.transfer.transpose() + s.factor * s.factor.transpose();
    }
    return c;
  }

 private:
  struct step_transition {
    matrix transfer, factor;
  };

  // The constructor's work, compiled once in the library (src/limit/asymptotic_error_constant.cpp):
  // the three callables come as type-erased references, so that the ODE solver and the
  // threads are not instantiated in every file that computes a constant.
  gaussian_transitions(detail::path_function limit, detail::matrix_function jacobian,
                       detail::matrix_function noise, double horizon, std::size_t steps,
                       const ode_options& options, unsigned threads);

  double horizon_;
  std::size_t steps_;
  index d_ = 0;
  std::vector<step_transition> steps_data_;
};

/// \brief Paths per stream block in asymptotic_error_constant(): block \f$b\f$ simulates paths
/// \f$[32 b, 32 b + 32)\f$ together (one matrix product per step) from stream `first_stream + b`.
/// \ingroup limit
inline constexpr std::uint64_t asymptotic_error_block = 32;

namespace detail {

// Squares of the sup on the fine and the coarse grid, per path.
struct grid_sups {
  std::vector<double> fine, coarse;
};

// Builds the result from the per-path sups (src/limit/asymptotic_error_constant.cpp).
asymptotic_error_result assemble_asymptotic_error(const grid_sups& sups, std::size_t steps,
                                                  double horizon, double level);

void check_asymptotic_error_options(const char* fn, const asymptotic_error_options& o);

}  // namespace detail

/// \brief \f$K_\infty\f$ from precomputed transitions (see the other overload).
/// \ingroup limit
/// \tparam Norm the norm of the error (euclidean_norm by default, as sup_distance_observer).
/// \param transitions the transitions on an even number of steps.
/// \param options paths, seed, streams, threads and level (`steps` is ignored: the
///        transitions fix the grid).
/// \param norm the norm.
/// \returns \f$K_\infty\f$ and the grid estimates.
/// \throws std::invalid_argument for an odd number of steps or fewer than 2 paths.
template <class Norm = euclidean_norm>
asymptotic_error_result asymptotic_error_constant(const gaussian_transitions& transitions,
                                                  asymptotic_error_options options,
                                                  Norm norm = {}) {
  constexpr const char* fn = "jumpflow::asymptotic_error_constant";
  options.steps = transitions.steps();
  detail::check_asymptotic_error_options(fn, options);
  const index d = transitions.dimension();
  const std::uint64_t blocks =
      (options.paths + asymptotic_error_block - 1) / asymptotic_error_block;
  auto block = [&](philox_engine& g, std::uint64_t b) {
    const auto width = static_cast<index>(
        std::min(asymptotic_error_block, options.paths - b * asymptotic_error_block));
    matrix state = matrix::Zero(d, width), next(d, width), xi(d, width);
    std::vector<double> fine(static_cast<std::size_t>(width), 0.0), coarse = fine;
    for (std::size_t k = 0; k < transitions.steps(); ++k) {
      // Draw order: step by step, path by path, coordinate by coordinate, in Box-Muller pairs.
      double* z = xi.data();
      const index count = d * width;
      for (index i = 0; i + 1 < count; i += 2) {
        const auto [u, v] = standard_normal_pair(g);
        z[i] = u;
        z[i + 1] = v;
      }
      if (count % 2 != 0) z[count - 1] = standard_normal_pair(g).first;
      next.noalias() = transitions.transfer(k) * state;
      next.noalias() += transitions.noise_factor(k) * xi;
      state.swap(next);
      const bool on_coarse = (k + 1) % 2 == 0;
      for (index p = 0; p < width; ++p) {
        const double r = norm(state.col(p));
        const double r2 = r * r;
        auto& f = fine[static_cast<std::size_t>(p)];
        if (r2 > f || std::isnan(r2)) f = r2;
        if (on_coarse) {
          auto& c = coarse[static_cast<std::size_t>(p)];
          if (r2 > c || std::isnan(r2)) c = r2;
        }
      }
    }
    return detail::grid_sups{std::move(fine), std::move(coarse)};
  };
  const auto parts = run_ensemble(blocks, options.seed, options.threads, block, options.first_stream);
  detail::grid_sups all;
  for (const auto& p : parts) {
    all.fine.insert(all.fine.end(), p.fine.begin(), p.fine.end());
    all.coarse.insert(all.coarse.end(), p.coarse.begin(), p.coarse.end());
  }
  return detail::assemble_asymptotic_error(all, transitions.steps(), transitions.horizon(),
                                           options.level);
}

/// \cond INTERNAL
// The default norm's instance is compiled once in the library (src/limit/asymptotic_error_constant.cpp).
extern template asymptotic_error_result asymptotic_error_constant<euclidean_norm>(
    const gaussian_transitions&, asymptotic_error_options, euclidean_norm);
/// \endcond

/// \brief The sharp asymptotic constant \f$K_\infty = (E \sup_{t \le T} |G_t|^2)^{1/2}\f$ of
/// the linear-noise limit \f$dG = Db(x_t) G\, dt + \Sigma(x_t)^{1/2} dW\f$, \f$G_0 = 0\f$, the
/// limit in law of \f$\sqrt n (X^n - x)\f$; then \f$\sqrt n\, \sqrt{E \sup_t |X^n_t - x_t|^2}
/// \to K_\infty\f$.
/// \ingroup limit
///
/// **Method.** gaussian_transitions on the grid \f$t_k = kT/m\f$ (exact in law at the grid
/// points), then \f$M\f$ paths \f$G_{k+1} = \Phi_k G_k + F_k \xi_k\f$ in blocks of
/// asymptotic_error_block, block \f$b\f$ on stream `first_stream + b` of `seed` through
/// run_ensemble() (bitwise the same for any number of threads). Each path records
/// \f$\max_k |G_{t_k}|^2\f$ on the grid and on every other grid point; the result corrects the
/// \f$\sqrt h\f$ bias of the grid sup (see asymptotic_error_result) and states the size of
/// that correction as its discretisation error. Cost: \f$O(m d^3)\f$ for the transitions and
/// \f$O(M m d^2)\f$ for the paths.
///
/// Scaling \f$\Sigma\f$ by \f$1 + \epsilon\f$ scales \f$K_\infty\f$ by \f$\sqrt{1 + \epsilon}\f$
/// (2.5% for 5%); the default 4000 paths give a standard error of about 0.5%.
/// \tparam Limit a callable `limit(t, out)` writing \f$x_t\f$ (dense_solution, quadratic_flow, ...).
/// \tparam Model a linear_noise_model.
/// \tparam Norm the norm of the error (euclidean_norm by default, as sup_distance_observer).
/// \param limit the limit path on \f$[0, T]\f$.
/// \param model \f$Db\f$ and \f$\Sigma\f$.
/// \param horizon \f$T > 0\f$.
/// \param options grid, paths, seed, streams, threads, level, ODE tolerances.
/// \param norm the norm.
/// \returns \f$K_\infty\f$ with its standard error, the grid estimates and the discretisation
///          error.
/// \throws std::domain_error for a bad horizon or level, non-finite coefficients, a
///         \f$\Sigma\f$ that is not positive semi-definite.
/// \throws std::invalid_argument for an odd or too small number of steps, fewer than 2 paths.
template <class Limit, linear_noise_model Model, class Norm = euclidean_norm>
asymptotic_error_result asymptotic_error_constant(const Limit& limit, const Model& model,
                                                  double horizon,
                                                  const asymptotic_error_options& options = {},
                                                  Norm norm = {}) {
  detail::check_asymptotic_error_options("jumpflow::asymptotic_error_constant", options);
  const gaussian_transitions transitions(
      [&limit](double t, vector& out) { limit(t, out); },
      [&model](const vector& x, matrix& a) { model.drift_jacobian(x, a); },
      [&model](const vector& x, matrix& s) { model.jump_covariance(x, s); }, horizon, options.steps,
      options.ode, options.threads);
  return asymptotic_error_constant(transitions, options, norm);
}

}  // namespace jumpflow
