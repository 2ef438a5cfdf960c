/// \file
/// \brief expression: a kinetic law or observable compiled once into a flat program over the
/// species counts and the time.
#pragma once

#include <vector>

#include "jumpflow/core/types.hpp"
#include "jumpflow/io/detail/expression_tree.hpp"

namespace jumpflow {

/// \brief A formula of the species counts \f$x\f$ and the time \f$t\f$, compiled once.
/// \ingroup io
///
/// The readers (read_sbml(), read_bionetgen()) turn each kinetic law, function and observable
/// into one: function definitions are inlined, parameters are replaced by their values,
/// subtrees that read neither a species nor the time are folded into constants, and the rest
/// becomes a postfix program for an accumulator machine (the top of the stack in a register;
/// an operation whose right operand is a constant or a species count takes it from the
/// instruction, so `k * S * I` is three instructions), evaluated with no allocation and no
/// virtual call. Immutable, so one object is shared by threads.
///
/// Arithmetic follows IEEE 754: a division by zero gives an infinity or a NaN, which the
/// simulators report as a bad propensity naming the channel and the time.
class expression {
 public:
  /// \brief The largest evaluation stack a program may need.
  static constexpr std::size_t max_stack = 128;

  /// \brief Compiles a tree built by a reader (internal type).
  /// \param tree the tree; it is folded before it is compiled.
  /// \throws std::invalid_argument if the program would need more than max_stack stack slots.
  explicit expression(detail::expr_node tree);

  /// \brief Evaluates the formula.
  /// \param x the species counts (every species index the formula reads must be valid).
  /// \param t the time.
  /// \returns the value (possibly not finite: callers check).
  double operator()(const count_vector& x, double t) const noexcept;

  /// \brief Evaluates the formula on real-valued counts (for the deterministic rate
  /// equations, where the state is continuous).
  /// \param x the real counts.
  /// \param t the time.
  /// \returns the value (possibly not finite: callers check).
  double operator()(const vector& x, double t) const noexcept;

  /// \brief Whether the value depends on the time.
  /// \returns true if the folded formula reads \f$t\f$.
  bool depends_on_time() const noexcept { return reads_time_; }

  /// \brief The species the formula reads.
  /// \returns species indices, increasing, without repeats.
  const std::vector<index>& reads() const noexcept { return reads_; }

  /// \brief Whether the formula is a constant (reads no species and not the time).
  /// \returns true for a constant.
  bool is_constant() const noexcept { return reads_.empty() && !reads_time_; }

  /// \brief The folded tree the program was compiled from (internal type).
  /// \returns the tree.
  const detail::expr_node& tree() const noexcept { return tree_; }

 private:
  // One instruction of the accumulator machine (the opcodes are internal to expression.cpp).
  struct instruction {
    unsigned char op;
    detail::expr_function function;
    index species;
    double value;
  };
  template <class Vec>
  double evaluate(const Vec& x, double t) const noexcept;
  void emit(const detail::expr_node& node, std::size_t& depth, std::size_t& max_depth);

  detail::expr_node tree_;
  std::vector<instruction> code_;
  std::vector<index> reads_;
  bool reads_time_ = false;
};

}  // namespace jumpflow
