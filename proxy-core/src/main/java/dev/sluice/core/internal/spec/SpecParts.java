package dev.sluice.core.internal.spec;

import dev.sluice.api.FlowFilter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The parts of one of mitmproxy's specs, as written: the first character is the separator, and
 * the rest is split on it at most twice. Two parts are a subject and a replacement for every flow,
 * three are a filter, a subject and a replacement (which keeps any further separators). Nothing
 * is unescaped here: each option reads its parts as mitmproxy's addon does. Errors quote the spec.
 *
 * <pre>{@code
 * SpecParts parts = SpecParts.parse("|~d example.com|//example.com/|//example.org/");
 * parts.subject();       // "//example.com/"
 * SpecParts.split("/~u ads/404", "/filter/status", 2, 2);   // ["~u ads", "404"]
 * }</pre>
 *
 * @param text the spec as written
 * @param filter the flows it applies to (every flow when it has two parts)
 * @param subject the middle part
 * @param replacement the last part
 */
public record SpecParts(String text, FlowFilter filter, String subject, String replacement) {

  /**
   * The parts of {@code [/filter]/subject/replacement}.
   *
   * @throws IllegalArgumentException quoting the spec when it has fewer than two parts or a bad filter
   */
  public static SpecParts parse(String spec) {
    String[] parts = split(spec, "[/filter]/subject/replacement", 2, 3);
    if (parts.length == 2) {
      return new SpecParts(spec, FlowFilter.all(), parts[0], parts[1]);
    }
    return new SpecParts(spec, filter(spec, parts[0]), parts[1], parts[2]);
  }

  /**
   * The parts of {@code spec}, split on its first character at most twice: from {@code fewest} to
   * {@code most} of them (at most 3).
   *
   * @throws IllegalArgumentException quoting the spec and naming its {@code form} when it has too few or too many
   */
  public static String[] split(String spec, String form, int fewest, int most) {
    Objects.requireNonNull(spec, "spec");
    if (spec.length() < 2) {
      throw invalid(spec, "expected " + form);
    }
    String separator = spec.substring(0, 1);
    String[] parts = spec.substring(1).split(Pattern.quote(separator), 3);
    if (parts.length < fewest || parts.length > most) {
      throw invalid(spec, "expected " + (fewest == most ? fewest : fewest + " or " + most) + " parts separated by \""
          + separator + "\" (" + form + "), got " + parts.length);
    }
    return parts;
  }

  /**
   * The filter {@code expression} of {@code spec}.
   *
   * @throws IllegalArgumentException quoting the spec when it does not parse
   */
  public static FlowFilter filter(String spec, String expression) {
    try {
      return FlowFilter.parse(expression);
    } catch (IllegalArgumentException e) {
      throw invalid(spec, e.getMessage(), e);
    }
  }

  /** An error about {@code spec}: {@code spec "TEXT": MESSAGE}. */
  public static IllegalArgumentException invalid(String spec, String message) {
    return invalid(spec, message, null);
  }

  /** An error about {@code spec} caused by {@code cause}. */
  public static IllegalArgumentException invalid(String spec, String message, Throwable cause) {
    return new IllegalArgumentException("spec \"" + spec + "\": " + message, cause);
  }
}
