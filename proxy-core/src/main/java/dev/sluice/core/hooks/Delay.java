package dev.sluice.core.hooks;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delay for {@link Latency}: fixed ({@code 250ms}, {@code 2s}), uniform between two bounds
 * ({@code 100ms..2s}) or log-normal around a median ({@code lognormal:200ms:0.5}, the second number
 * the standard deviation of the logarithm). Immutable.
 *
 * <pre>{@code
 * Delay.parse("100ms..2s").sample(new Random(42));   // a Duration between 100 ms and 2 s
 * }</pre>
 */
public final class Delay {

  private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)");
  private static final String FORMS = "expected 250ms, 2s, 100ms..2s or lognormal:200ms:0.5";

  private final String text;
  private final long minNanos;
  private final long maxNanos;
  private final double sigma;

  private Delay(String text, long minNanos, long maxNanos, double sigma) {
    this.text = text;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
    this.sigma = sigma;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException quoting the text when it is none of the forms, or its bounds are reversed
   */
  public static Delay parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.trim();
    if (trimmed.startsWith("lognormal:")) {
      String[] parts = trimmed.split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("not a delay: \"" + text + "\" (" + FORMS + ")");
      }
      long median = nanos(parts[1], text);
      double sigma;
      try {
        sigma = Double.parseDouble(parts[2]);
      } catch (NumberFormatException e) {
        sigma = -1;
      }
      if (!(sigma >= 0 && sigma <= 10)) {
        throw new IllegalArgumentException("not a log-normal sigma (0..10): \"" + parts[2] + "\" in \"" + text + "\"");
      }
      return new Delay(trimmed, median, median, sigma);
    }
    int range = trimmed.indexOf("..");
    if (range >= 0) {
      long min = nanos(trimmed.substring(0, range), text);
      long max = nanos(trimmed.substring(range + 2), text);
      if (min > max) {
        throw new IllegalArgumentException("delay range \"" + text + "\" ends before it starts");
      }
      return new Delay(trimmed, min, max, 0);
    }
    long fixed = nanos(trimmed, text);
    return new Delay(trimmed, fixed, fixed, 0);
  }

  /** A fixed delay. */
  public static Delay of(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    return new Delay(delay.toMillis() + "ms", delay.toNanos(), delay.toNanos(), 0);
  }

  /** One delay drawn with {@code random} (the same every time for a fixed delay). */
  public Duration sample(Random random) {
    if (sigma > 0) {
      return Duration.ofNanos((long) (minNanos * Math.exp(sigma * random.nextGaussian())));
    }
    if (minNanos == maxNanos) {
      return Duration.ofNanos(minNanos);
    }
    return Duration.ofNanos(minNanos + (long) (random.nextDouble() * (maxNanos - minNanos)));
  }

  /** The delay as written. */
  @Override
  public String toString() {
    return text;
  }

  private static long nanos(String part, String text) {
    Matcher m = TIME.matcher(part.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a delay: \"" + text + "\" (" + FORMS + ")");
    }
    double amount = Double.parseDouble(m.group(1));
    return (long) (amount * (m.group(2).equals("ms") ? 1e6 : 1e9));
  }
}
