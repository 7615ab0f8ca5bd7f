package dev.sluice.api.internal.filter;

import dev.sluice.api.FlowFilter;
import java.util.List;

/**
 * A parsed filter expression. Every node prints back, with {@link #toString()}, as an
 * expression that parses to an equal node; {@code and}, {@code or} and {@code negate} of two
 * nodes give nodes, so combined filters print too.
 */
sealed interface FilterNode extends FlowFilter permits JunctionNode, NotNode, FlagNode, RegexNode, CodeNode {

  /** How tightly the printed node binds: 1 for {@code |}, 2 for {@code &}, 3 for {@code !}, 4 for an operator. */
  int precedence();

  /** The printed node, in parentheses when it binds less tightly than {@code outer}. */
  default String printedWithin(int outer) {
    return precedence() < outer ? "(" + this + ")" : toString();
  }

  @Override
  default FlowFilter and(FlowFilter other) {
    return other instanceof FilterNode node ? JunctionNode.of(JunctionNode.Junction.AND, List.of(this, node)) : FlowFilter.super.and(other);
  }

  @Override
  default FlowFilter or(FlowFilter other) {
    return other instanceof FilterNode node ? JunctionNode.of(JunctionNode.Junction.OR, List.of(this, node)) : FlowFilter.super.or(other);
  }

  @Override
  default FlowFilter negate() {
    return new NotNode(this);
  }
}
