/// \file
/// \brief Reading a density-dependent family: counts to the scaled state \f$X^n = x/n\f$ and back.
#pragma once

#include "jumpflow/core/types.hpp"

namespace jumpflow {

/// \brief The scaled state of a density-dependent family: \f$X^n = x / n\f$ for counts \f$x\f$.
/// \ingroup models_classic
///
/// A `<name>_family` simulates counts with `model(n)`; its limit drift acts on
/// \f$X^n\f$. Use it inside an observer: `to_density(counts, n, X)` then compare `X` with the
/// limit. Writes into a caller-owned buffer (no allocation once `out` has the right size).
/// \param counts the counts \f$x\f$.
/// \param n the scale \f$n > 0\f$.
/// \param out the scaled state \f$x/n\f$ (resized if needed).
void to_density(const count_vector& counts, double n, vector& out);

/// \brief The counts that start a density-dependent family at scale `n`:
/// \f$\mathrm{round}(n x_0)\f$.
/// \ingroup models_classic
/// \param x0 the initial density, finite and \f$\ge 0\f$ in every coordinate.
/// \param n the scale \f$n > 0\f$, finite.
/// \returns the counts (nearest integers), so \f$|X^n_0 - x_0| \le \sqrt{d}/(2n)\f$.
/// \throws std::domain_error if `n` or a coordinate of `x0` is out of its domain.
count_vector to_counts(const vector& x0, double n);

}  // namespace jumpflow
