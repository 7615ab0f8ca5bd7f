package dev.sluice.api;

import dev.sluice.api.internal.filter.FilterParser;
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
  boolean test(Flow flow);

  /**
   * Reads a filter in mitmproxy's filter language: {@code ~q ~s ~e ~h ~b ~d ~u ~m ~c ...},
   * {@code !}, {@code &}, {@code |}, parentheses; juxtaposition means AND and a bare word or
   * quoted string is a {@code ~u} regex. Regexes are unanchored and case-insensitive. The result
   * prints back, with {@link Object#toString()}, as an equivalent expression.
   *
   * <p>Every expression mitmproxy accepts means the same here, except where mitmproxy reads a
   * mistake as a URL regex: a dangling operator ({@code ~q &}, {@code !}) is a missing operand and
   * {@code ~c 2xx} is not a status code. Sluice also accepts an operator touching a parenthesis or
   * another operator ({@code (~s)}, {@code ~q&~s}) and juxtaposition inside parentheses. Regexes
   * are Java regexes, which differ from Python's in rare constructs ({@code (?P<name>...)}).
   *
   * <pre>{@code
   * FlowFilter apiPosts = FlowFilter.parse("~d api.example.com & ~m POST & !~c 204");
   * }</pre>
   *
   * @throws FilterSyntaxException if the expression does not parse; it names the position
   */
  static FlowFilter parse(String expression) {
    return FilterParser.parse(Objects.requireNonNull(expression, "expression"));
  }

  /** A filter that matches every flow. */
  static FlowFilter all() {
    return parse("~all");
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
