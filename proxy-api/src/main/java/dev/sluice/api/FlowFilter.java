package dev.sluice.api;

import java.util.Objects;

/**
 * A test on a flow; {@link #parse(String)} reads mitmproxy's filter language
 * ({@code ~d example.com & ~m POST}).
 *
 * <pre>{@code
 * FlowFilter posts = flow -> flow.request().method().equals("POST");
 * FlowHook hook = FlowHook.matching(posts.and(flow -> flow.hasResponse()), myHook);
 * }</pre>
 */
@FunctionalInterface
public interface FlowFilter {

  /** Whether {@code flow} matches. */
  boolean test(HttpFlow flow);

  /** A filter that matches every flow. */
  static FlowFilter all() {
    return flow -> true;
  }

  /** Matches when both match. */
  default FlowFilter and(FlowFilter other) {
    Objects.requireNonNull(other, "other");
    return flow -> test(flow) && other.test(flow);
  }

  /** Matches when either matches. */
  default FlowFilter or(FlowFilter other) {
    Objects.requireNonNull(other, "other");
    return flow -> test(flow) || other.test(flow);
  }

  /** Matches when this does not. */
  default FlowFilter negate() {
    return flow -> !test(flow);
  }
}
