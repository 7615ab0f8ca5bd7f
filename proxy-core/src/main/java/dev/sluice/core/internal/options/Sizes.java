package dev.sluice.core.internal.options;

import java.util.Locale;

/**
 * Sizes as mitmproxy writes them: {@code 512}, {@code 64k}, {@code 3m}, {@code 1g} (powers of 1024).
 *
 * <pre>{@code
 * Sizes.parse("3m");          // 3145728
 * Sizes.format(67108864);     // "64m"
 * }</pre>
 */
public final class Sizes {

  private static final String UNITS = "kmg";

  private Sizes() {}

  /**
   * Parses {@code text}: a number of bytes, optionally followed by {@code k}, {@code m} or
   * {@code g} and an optional {@code b}.
   *
   * @throws IllegalArgumentException quoting the text when it is not a size
   */
  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    int unit = s.isEmpty() ? -1 : UNITS.indexOf(s.charAt(s.length() - 1));
    if (unit >= 0) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      long value = Long.parseLong(s);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(value, 1L << (10 * (unit + 1)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a size (e.g. 512, 64k, 3m, 1g): \"" + text + "\"");
    }
  }

  /** {@code bytes} in the largest unit that keeps it whole: {@code 64m}, {@code 3k}, {@code 100}. */
  public static String format(long bytes) {
    int unit = -1;
    while (unit < UNITS.length() - 1 && bytes != 0 && bytes % 1024 == 0) {
      bytes /= 1024;
      unit++;
    }
    return unit < 0 ? Long.toString(bytes) : bytes + UNITS.substring(unit, unit + 1);
  }
}
