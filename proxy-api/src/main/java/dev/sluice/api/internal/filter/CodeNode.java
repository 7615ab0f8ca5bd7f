package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;

/** {@code ~c 404}: the flow has a response with exactly this status code. */
record CodeNode(long status) implements FilterNode {

  @Override
  public boolean test(Flow flow) {
    return flow.hasResponse() && flow.response().statusCode() == status;
  }

  @Override
  public int precedence() {
    return 4;
  }

  @Override
  public String toString() {
    return "~c " + status;
  }
}
