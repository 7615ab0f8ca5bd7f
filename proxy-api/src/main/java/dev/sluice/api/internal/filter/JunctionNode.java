package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code a & b & ...} (every child matches; juxtaposition {@code a b} means the same) or
 * {@code a | b | ...} (at least one does). Nested junctions of the same kind are flattened.
 */
record JunctionNode(Junction junction, List<FilterNode> children) implements FilterNode {

  /** The two ways to join filters. */
  enum Junction {
    /** Every child matches. */
    AND(" & ", 2),
    /** At least one child matches. */
    OR(" | ", 1);

    private final String separator;
    private final int precedence;

    Junction(String separator, int precedence) {
      this.separator = separator;
      this.precedence = precedence;
    }
  }

  JunctionNode {
    Objects.requireNonNull(junction, "junction");
    children = List.copyOf(children);
  }

  /** {@code nodes} joined by {@code junction}; a single node stands alone. */
  static FilterNode of(Junction junction, List<FilterNode> nodes) {
    if (nodes.size() == 1) {
      return nodes.get(0);
    }
    List<FilterNode> flat = new ArrayList<>(nodes.size());
    for (FilterNode node : nodes) {
      if (node instanceof JunctionNode inner && inner.junction == junction) {
        flat.addAll(inner.children);
      } else {
        flat.add(node);
      }
    }
    return new JunctionNode(junction, flat);
  }

  @Override
  public boolean test(Flow flow) {
    boolean any = junction == Junction.OR;
    for (FilterNode child : children) {
      if (child.test(flow) == any) {
        return any;
      }
    }
    return !any;
  }

  @Override
  public int precedence() {
    return junction.precedence;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (FilterNode child : children) {
      if (out.length() > 0) {
        out.append(junction.separator);
      }
      out.append(child.printedWithin(junction.precedence));
    }
    return out.toString();
  }
}
