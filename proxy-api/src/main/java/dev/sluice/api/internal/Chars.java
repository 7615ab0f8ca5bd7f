package dev.sluice.api.internal;

import java.util.function.IntPredicate;

/**
 * A set of characters for checks on the hot path, decided once for every Latin-1 code. One shared
 * loop calling many predicates was megamorphic (no inlining, a virtual call per character) and
 * showed in profiles; a lookup per character does not.
 *
 * <pre>{@code
 * private static final Chars DIGITS = Chars.matching(c -> c >= '0' && c <= '9');
 * DIGITS.matchAll("8080");   // true
 * }</pre>
 */
public final class Chars {

  private static final int LATIN_1 = 256;

  private final boolean[] latin1 = new boolean[LATIN_1];
  private final IntPredicate beyond;

  private Chars(IntPredicate test) {
    for (char c = 0; c < LATIN_1; c++) {
      latin1[c] = test.test(c);
    }
    this.beyond = test;
  }

  /** The characters that {@code test} accepts. */
  public static Chars matching(IntPredicate test) {
    return new Chars(test);
  }

  /** Whether {@code c} is in the set. */
  public boolean matches(char c) {
    return c < LATIN_1 ? latin1[c] : beyond.test(c);
  }

  /** Whether any character of {@code text} is in the set. */
  public boolean matchAny(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (matches(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether every character of {@code text} is in the set (true for the empty string). */
  public boolean matchAll(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!matches(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
