package dev.sluice.api.internal;

import java.util.function.IntPredicate;

/** Character checks on the hot path, where building a stream per string showed in profiles. */
public final class Chars {

  private Chars() {}

  /** Whether any character of {@code text} is one that {@code test} accepts. */
  public static boolean any(String text, IntPredicate test) {
    for (int i = 0; i < text.length(); i++) {
      if (test.test(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether every character of {@code text} is one that {@code test} accepts (true for the empty string). */
  public static boolean all(String text, IntPredicate test) {
    return !any(text, test.negate());
  }
}
