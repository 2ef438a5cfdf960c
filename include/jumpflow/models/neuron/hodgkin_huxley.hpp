/// \file
/// \brief The Hodgkin-Huxley neuron: the deterministic membrane ODE and the stochastic model
/// with \f$N_{Na}\f$ sodium and \f$N_K\f$ potassium channels (a PDMP), which converges to it.
#pragma once

#include <array>
#include <cmath>
#include <span>
#include <string>

#include "jumpflow/core/types.hpp"
#include "jumpflow/jump/pdmp_model.hpp"
#include "jumpflow/ode/dense_solution.hpp"

namespace jumpflow {

/// \brief Parameters of the Hodgkin-Huxley membrane (units: mV, ms, \f$\mu F/cm^2\f$,
/// \f$mS/cm^2\f$, \f$\mu A/cm^2\f$).
/// \ingroup models_neuron
///
/// The defaults are the standard squid-axon values of Hodgkin and Huxley (1952) with the
/// resting potential shifted to \f$-65\f$ mV (as in Dayan and Abbott, *Theoretical
/// Neuroscience*, 2001, and Goldwyn and Shea-Brown, PLoS Comput. Biol. 7 (2011) e1002247).
struct hodgkin_huxley_parameters {
  double capacitance = 1.0;  ///< \brief Membrane capacitance \f$C\f$ (> 0).
  double g_na = 120.0;       ///< \brief Maximal sodium conductance \f$\bar g_{Na}\f$ (>= 0).
  double g_k = 36.0;         ///< \brief Maximal potassium conductance \f$\bar g_K\f$ (>= 0).
  double g_leak = 0.3;       ///< \brief Leak conductance \f$g_L\f$ (>= 0).
  double e_na = 50.0;        ///< \brief Sodium reversal potential \f$E_{Na}\f$.
  double e_k = -77.0;        ///< \brief Potassium reversal potential \f$E_K\f$.
  double e_leak = -54.387;   ///< \brief Leak reversal potential \f$E_L\f$.
  double current = 0.0;      ///< \brief Applied current \f$I\f$ (10 fires periodically).
};

/// \brief The voltage-dependent opening and closing rates (1/ms) of the gates at voltage \f$V\f$.
/// \ingroup models_neuron
struct hodgkin_huxley_rates {
  double alpha_m;  ///< \brief \f$\alpha_m = 0.1 (V + 40) / (1 - e^{-(V + 40)/10})\f$.
  double beta_m;   ///< \brief \f$\beta_m = 4 e^{-(V + 65)/18}\f$.
  double alpha_h;  ///< \brief \f$\alpha_h = 0.07 e^{-(V + 65)/20}\f$.
  double beta_h;   ///< \brief \f$\beta_h = 1 / (1 + e^{-(V + 35)/10})\f$.
  double alpha_n;  ///< \brief \f$\alpha_n = 0.01 (V + 55) / (1 - e^{-(V + 55)/10})\f$.
  double beta_n;   ///< \brief \f$\beta_n = 0.125 e^{-(V + 65)/80}\f$.
};

namespace detail {
// x / (1 - e^{-x/10}) with its limit 10 at x = 0 (expm1 keeps it accurate near 0).
inline double hh_ratio(double x) noexcept {
  return std::abs(x) < 1e-9 ? 10.0 + 0.5 * x : x / -std::expm1(-x / 10.0);
}
}  // namespace detail

/// \brief The standard rate functions of Hodgkin and Huxley (1952), resting potential
/// \f$-65\f$ mV (see hodgkin_huxley_rates).
/// \ingroup models_neuron
/// \param v the membrane potential in mV.
/// \returns the six rates in 1/ms.
inline hodgkin_huxley_rates hodgkin_huxley_rate_functions(double v) noexcept {
  return {0.1 * detail::hh_ratio(v + 40.0),
          4.0 * std::exp(-(v + 65.0) / 18.0),
          0.07 * std::exp(-(v + 65.0) / 20.0),
          1.0 / (1.0 + std::exp(-(v + 35.0) / 10.0)),
          0.01 * detail::hh_ratio(v + 55.0),
          0.125 * std::exp(-(v + 65.0) / 80.0)};
}

/// \brief The deterministic Hodgkin-Huxley ODE on \f$x = (V, m, h, n)\f$:
/// \f$C \dot V = I - \bar g_{Na} m^3 h (V - E_{Na}) - \bar g_K n^4 (V - E_K) - g_L (V - E_L)\f$,
/// \f$\dot m = \alpha_m (1 - m) - \beta_m m\f$ (and likewise \f$h\f$, \f$n\f$).
/// \ingroup models_neuron
///
/// It is the limit of stochastic_hodgkin_huxley as the channel numbers grow (Pakdaman,
/// Thieullen and Wainrib 2010). Use it as the vector field of integrate() or dense_solution.
class hodgkin_huxley_ode {
 public:
  /// \brief The ODE with parameters `p`.
  /// \param p the parameters.
  /// \throws std::domain_error if a parameter is not finite or a conductance is negative or the
  ///         capacitance is not positive.
  explicit hodgkin_huxley_ode(const hodgkin_huxley_parameters& p = {});
  /// \brief The vector field in odeint's form.
  /// \param x the state \f$(V, m, h, n)\f$.
  /// \param dxdt the derivative (resized to 4 if needed).
  /// \param t the time (unused: the current is constant).
  void operator()(const vector& x, vector& dxdt, double t) const;
  /// \brief The resting state at the current `current`: the voltage \f$V^*\f$ where the
  /// membrane current with the gates at their steady states \f$m_\infty(V^*)\f$, ... vanishes,
  /// and those gates (found by TOMS 748 root bracketing on \f$[-100, 50]\f$ mV).
  /// \param current the applied current at rest (0 for the resting neuron).
  /// \returns \f$(V^*, m_\infty, h_\infty, n_\infty)\f$.
  /// \throws std::domain_error if no resting voltage lies in \f$[-100, 50]\f$ mV.
  vector resting_state(double current = 0.0) const;
  /// \brief The parameters.
  /// \returns them.
  const hodgkin_huxley_parameters& parameters() const noexcept { return p_; }

 private:
  hodgkin_huxley_parameters p_;
};

/// \brief The voltage \f$V(t)\f$ of a stored solution of hodgkin_huxley_ode, as the limit of a
/// sup_distance_observer (`limit(t, out)` writes the 1-vector \f$(V(t))\f$).
/// \ingroup models_neuron
///
/// Reads the solution through a dense_cursor (O(1) per call along a path) and declares its
/// speed bound and its horizon (\f$\ell^1\f$ bounds over the four components, so also bounds
/// for \f$V\f$), which let the observer skip evaluations that cannot raise the sup: the
/// horizon, from the speed of each step, gives it longer windows than the global speed bound.
/// Give each replicate its own.
class hodgkin_huxley_voltage {
 public:
  /// \brief The voltage of `solution` (a solution of hodgkin_huxley_ode, which must outlive
  /// this object).
  /// \param solution the solution, of dimension 4.
  /// \throws std::invalid_argument if the solution does not have dimension 4.
  explicit hodgkin_huxley_voltage(const dense_solution& solution);
  /// \brief Writes \f$(V(t))\f$ into `out` (resized to 1).
  /// \param t a time in the solution's span.
  /// \param out the output.
  /// \throws std::domain_error when `t` is outside the span.
  void operator()(double t, vector& out) const {
    cursor_(t, full_);
    out.resize(1);
    out[0] = full_[0];
  }
  /// \brief The solution's speed bound (dense_solution::speed_bound()).
  /// \returns \f$L\f$.
  double speed_bound() const noexcept { return cursor_.speed_bound(); }
  /// \brief The solution's horizon (dense_cursor::horizon()): \f$V\f$ moves by at most
  /// `distance` on \f$[t, \tau]\f$ (the four components together move at most that far in
  /// \f$\ell^1\f$).
  /// \param t a time in the solution's span.
  /// \param distance the distance, \f$\ge 0\f$.
  /// \returns \f$\tau\f$ in \f$[t, t_1]\f$.
  double horizon(double t, double distance) const noexcept { return cursor_.horizon(t, distance); }

 private:
  dense_cursor cursor_;
  mutable vector full_ = vector(4);
};

/// \brief The stochastic Hodgkin-Huxley neuron with \f$N_{Na}\f$ sodium and \f$N_K\f$ potassium
/// channels (Skaugen and Walloe 1979; Goldwyn and Shea-Brown 2011, "Markov chain" model): a
/// pdmp_model for simulate_pdmp().
/// \ingroup models_neuron
///
/// Each sodium channel is a Markov chain on the 8 states \f$m_i h_j\f$ (\f$i = 0..3\f$ open
/// m-gates, \f$j = 0, 1\f$ open h-gate): \f$m_i h_j \to m_{i+1} h_j\f$ at rate
/// \f$(3 - i)\alpha_m\f$, \f$\to m_{i-1} h_j\f$ at \f$i \beta_m\f$, \f$m_i h_0 \to m_i h_1\f$ at
/// \f$\alpha_h\f$, \f$m_i h_1 \to m_i h_0\f$ at \f$\beta_h\f$; open in \f$m_3 h_1\f$. Each
/// potassium channel is a chain on \f$n_0..n_4\f$: \f$n_i \to n_{i+1}\f$ at \f$(4 - i)\alpha_n\f$,
/// \f$\to n_{i-1}\f$ at \f$i \beta_n\f$; open in \f$n_4\f$. The discrete state \f$k\f$ counts the
/// channels in each state (13 entries: \f$m_i h_j\f$ at \f$i + 4j\f$, then \f$n_i\f$ at
/// \f$8 + i\f$); the 28 transitions are the channels of the PDMP, each of intensity
/// (count of its source state) \f$\times\f$ (rate at \f$V\f$). Between transitions
/// \f$C \dot V = I - \bar g_{Na} \frac{k_{m_3h_1}}{N_{Na}} (V - E_{Na}) - \bar g_K
/// \frac{k_{n_4}}{N_K} (V - E_K) - g_L (V - E_L)\f$.
///
/// As \f$N_{Na}, N_K \to \infty\f$ the voltage and the fractions of channels in each state
/// converge on compact time intervals to the Hodgkin-Huxley ODE (fractions
/// \f$\binom{3}{i} m^i (1-m)^{3-i} h^j (1-h)^{1-j}\f$ and \f$\binom{4}{i} n^i (1-n)^{4-i}\f$ when
/// started so), with fluctuations of order \f$N^{-1/2}\f$ (Pakdaman, Thieullen and Wainrib,
/// Adv. Appl. Probab. 42 (2010) 761-794).
class stochastic_hodgkin_huxley {
 public:
  /// \brief The discrete state: the channel counts per state.
  using discrete_type = count_vector;
  /// \brief Number of channel states (8 sodium, 5 potassium).
  static constexpr index states = 13;
  /// \brief Number of transitions (20 sodium, 8 potassium): the PDMP's channels.
  static constexpr index transitions = 28;
  /// \brief Index of the open sodium state \f$m_3 h_1\f$ in the counts.
  static constexpr index open_sodium = 7;
  /// \brief Index of the open potassium state \f$n_4\f$ in the counts.
  static constexpr index open_potassium = 12;

  /// \brief The model with `sodium` and `potassium` channels.
  /// \param p the membrane parameters.
  /// \param sodium \f$N_{Na} \ge 1\f$.
  /// \param potassium \f$N_K \ge 1\f$.
  /// \throws std::domain_error for bad parameters or channel numbers.
  stochastic_hodgkin_huxley(const hodgkin_huxley_parameters& p, long long sodium,
                            long long potassium);

  /// \brief Dimension of the continuous state (the voltage).
  /// \returns 1.
  index dimension() const noexcept { return 1; }
  /// \brief Number of PDMP channels (transitions).
  /// \returns 28.
  index channels() const noexcept { return transitions; }
  /// \brief \f$dV/dt\f$ at \f$(V, k)\f$.
  /// \param y the voltage (size 1).
  /// \param k the counts.
  /// \param t the time (unused).
  /// \param dydt the derivative (size 1).
  void flow(const vector& y, const count_vector& k, double t, vector& dydt) const {
    (void)t;
    const double v = y[0];
    const double open_na = static_cast<double>(k[open_sodium]) * inverse_na_;
    const double open_k = static_cast<double>(k[open_potassium]) * inverse_k_;
    dydt[0] = (p_.current - p_.g_na * open_na * (v - p_.e_na) - p_.g_k * open_k * (v - p_.e_k) -
               p_.g_leak * (v - p_.e_leak)) /
              p_.capacitance;
  }
  /// \brief The intensity of every transition at \f$(V, k)\f$.
  /// \param y the voltage (size 1).
  /// \param k the counts.
  /// \param t the time (unused).
  /// \param lambda the 28 intensities.
  void intensities(const vector& y, const count_vector& k, double t,
                   std::span<double> lambda) const {
    (void)t;
    const hodgkin_huxley_rates r = hodgkin_huxley_rate_functions(y[0]);
    const std::array<double, 6> rate{r.alpha_m, r.beta_m, r.alpha_h, r.beta_h, r.alpha_n, r.beta_n};
    for (std::size_t c = 0; c < static_cast<std::size_t>(transitions); ++c) {
      const transition& tr = table_[c];
      lambda[c] = static_cast<double>(k[tr.from]) * tr.multiplicity * rate[tr.rate];
    }
  }
  /// \brief Transition `j` fires: one channel moves from its source to its target state.
  /// \tparam URBG any engine (the kernel is deterministic).
  /// \param j the transition.
  /// \param y the voltage (unchanged).
  /// \param k the counts.
  /// \param t the time (unused).
  /// \param g the engine (unused).
  template <class URBG>
  void jump(index j, vector& y, count_vector& k, double t, URBG& g) const noexcept {
    (void)y, (void)t, (void)g;
    const transition& tr = table_[static_cast<std::size_t>(j)];
    --k[tr.from];
    ++k[tr.to];
  }
  /// \brief The name of transition `j`, e.g. `Na m0h1->m1h1` (for error messages).
  /// \param j the transition.
  /// \returns its name.
  std::string channel_name(index j) const;

  /// \brief A state with voltage `v` and the channels spread over their states in the
  /// proportions of the gates `m, h, n` (binomial fractions, rounded to counts that sum to
  /// \f$N_{Na}\f$ and \f$N_K\f$ by largest remainders).
  /// \param v the voltage.
  /// \param m,h,n the gate variables, in \f$[0, 1]\f$.
  /// \returns the state.
  /// \throws std::domain_error for a non-finite voltage or a gate outside \f$[0, 1]\f$.
  pdmp_state<count_vector> initial_state(double v, double m, double h, double n) const;
  /// \brief initial_state() at \f$x = (V, m, h, n)\f$ (e.g. hodgkin_huxley_ode::resting_state()).
  /// \param x the deterministic state, size 4.
  /// \returns the state.
  /// \throws std::invalid_argument if `x` does not have 4 entries; as the other overload.
  pdmp_state<count_vector> initial_state(const vector& x) const;

  /// \brief The fraction of open sodium channels \f$k_{m_3h_1}/N_{Na}\f$ (the limit's \f$m^3 h\f$).
  /// \param k the counts.
  /// \returns the fraction.
  double open_sodium_fraction(const count_vector& k) const noexcept {
    return static_cast<double>(k[open_sodium]) * inverse_na_;
  }
  /// \brief The fraction of open potassium channels \f$k_{n_4}/N_K\f$ (the limit's \f$n^4\f$).
  /// \param k the counts.
  /// \returns the fraction.
  double open_potassium_fraction(const count_vector& k) const noexcept {
    return static_cast<double>(k[open_potassium]) * inverse_k_;
  }
  /// \brief \f$N_{Na}\f$.
  /// \returns the number of sodium channels.
  long long sodium_channels() const noexcept { return n_na_; }
  /// \brief \f$N_K\f$.
  /// \returns the number of potassium channels.
  long long potassium_channels() const noexcept { return n_k_; }
  /// \brief The parameters.
  /// \returns them.
  const hodgkin_huxley_parameters& parameters() const noexcept { return p_; }

 private:
  struct transition {
    index from, to;
    double multiplicity;  // number of gates that can make the move
    std::size_t rate;     // index into (alpha_m, beta_m, alpha_h, beta_h, alpha_n, beta_n)
  };
  hodgkin_huxley_parameters p_;
  long long n_na_, n_k_;
  double inverse_na_, inverse_k_;
  std::array<transition, static_cast<std::size_t>(transitions)> table_{};
};

/// \brief The number of potassium channels that goes with `sodium` sodium channels at the
/// standard membrane densities (60 Na and 18 K channels per \f$\mu m^2\f$; Goldwyn and
/// Shea-Brown 2011): \f$\mathrm{round}(0.3\, N_{Na})\f$, at least 1.
/// \ingroup models_neuron
/// \param sodium \f$N_{Na} \ge 1\f$.
/// \returns \f$N_K\f$.
long long hodgkin_huxley_potassium_channels(long long sodium) noexcept;

}  // namespace jumpflow
