package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;
import java.util.Objects;

/** An operator without argument, such as {@code ~q} or {@code ~marked}. */
record FlagNode(Flag flag) implements FilterNode {

  FlagNode {
    Objects.requireNonNull(flag, "flag");
  }

  @Override
  public boolean test(Flow flow) {
    return flag.test(flow);
  }

  @Override
  public int precedence() {
    return 4;
  }

  @Override
  public String toString() {
    return "~" + flag.code();
  }
}
