package dev.sluice.cli.internal;

import java.util.Locale;

/** Sizes as mitmproxy writes them: {@code 512}, {@code 64k}, {@code 3m}, {@code 1g} (powers of 1024). */
public final class ByteSizes {

  private ByteSizes() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the text when it is not a size
   */
  public static long parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (s.endsWith("b")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!s.isEmpty()) {
      switch (s.charAt(s.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        default -> unit = 1;
      }
      if (unit > 1) {
        s = s.substring(0, s.length() - 1);
      }
    }
    try {
      long value = Long.parseLong(s);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(value, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a size: \"" + text + "\" (expected e.g. 512, 64k, 3m, 1g)");
    }
  }

  /** A short human form: {@code 512b}, {@code 1.2k}, {@code 3.4m}, {@code 1.0g}. */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + "b";
    }
    String[] units = {"k", "m", "g", "t"};
    double value = bytes;
    int i = -1;
    while (value >= 1024 && i < units.length - 1) {
      value /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f%s", value, units[i]);
  }
}
