package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;
import java.util.Objects;

/** {@code !a}: the child does not match. */
record NotNode(FilterNode child) implements FilterNode {

  NotNode {
    Objects.requireNonNull(child, "child");
  }

  @Override
  public boolean test(Flow flow) {
    return !child.test(flow);
  }

  @Override
  public int precedence() {
    return 3;
  }

  @Override
  public String toString() {
    return "!" + child.printedWithin(3);
  }
}
