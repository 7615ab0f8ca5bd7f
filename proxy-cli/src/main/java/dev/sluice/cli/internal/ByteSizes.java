package dev.sluice.cli.internal;

import java.util.Locale;

/** Sizes for people reading a flow line: {@code 512b}, {@code 1.2k}, {@code 3.4m}. */
public final class ByteSizes {

  private ByteSizes() {}

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
