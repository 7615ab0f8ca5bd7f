package dev.sluice.api;

import java.util.Objects;

/**
 * A filter expression that does not parse: {@link #position()} is the offset (from 0) of the
 * offending character, and the message shows the expression with a caret under it.
 *
 * <pre>{@code
 * try {
 *   FlowFilter.parse("~d example.com & ");
 * } catch (FilterSyntaxException e) {
 *   int where = e.position();   // 17, the end of the expression
 * }
 * }</pre>
 */
public final class FilterSyntaxException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String expression;
  private final int position;

  /** A syntax error in {@code expression} at {@code position}, described by {@code problem}. */
  public FilterSyntaxException(String expression, int position, String problem) {
    super(message(Objects.requireNonNull(expression, "expression"), position,
        Objects.requireNonNull(problem, "problem")));
    this.expression = expression;
    this.position = position;
  }

  /** The expression that failed to parse. */
  public String expression() {
    return expression;
  }

  /** The offset (from 0) of the character where parsing failed; the length for "at the end". */
  public int position() {
    return position;
  }

  private static String message(String expression, int position, String problem) {
    String shown = expression.replaceAll("[\\t\\r\\n\\f]", " ");
    return problem + " at position " + position + " in filter expression:\n  " + shown + "\n  "
        + " ".repeat(Math.max(0, position)) + "^";
  }
}
