package dev.sluice.api.internal.filter;

import dev.sluice.api.Flow;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator with a regex, such as {@code ~d example\.com}; the regex is compiled once, here.
 * Two nodes are equal when they have the same operator and the same regex text.
 */
record RegexNode(RegexField field, String regex, Pattern pattern) implements FilterNode {

  RegexNode {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(regex, "regex");
    Objects.requireNonNull(pattern, "pattern");
  }

  /**
   * {@code field} searching for {@code regex}.
   *
   * @throws java.util.regex.PatternSyntaxException if {@code regex} is not a valid regex
   */
  static RegexNode of(RegexField field, String regex) {
    return new RegexNode(field, regex, field.compile(regex));
  }

  @Override
  public boolean test(Flow flow) {
    return field.search(pattern, flow);
  }

  @Override
  public int precedence() {
    return 4;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RegexNode that && field == that.field && regex.equals(that.regex);
  }

  @Override
  public int hashCode() {
    return field.hashCode() * 31 + regex.hashCode();
  }

  @Override
  public String toString() {
    return "~" + field.code() + " " + (FilterLexer.isPlainWord(regex) ? regex : FilterLexer.quote(regex));
  }
}
