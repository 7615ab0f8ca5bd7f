package dev.sluice.junit5;

import java.util.Locale;
import java.util.Objects;

/**
 * When a {@link Cassette} test records through to the real upstream and when it replays, with the
 * names of Ruby's VCR. The configuration parameter or system property {@value #PROPERTY} overrides
 * every annotation: {@code -Dsluice.record=all} re-records, {@code -Dsluice.record=none} is what CI
 * should use.
 *
 * <pre>{@code
 * @Cassette(mode = RecordMode.NONE)   // this test never touches the network
 * @Test void listsOrders(TestProxy proxy, HttpClient client) { ... }
 * }</pre>
 */
public enum RecordMode {
  /** Replay when the cassette exists, otherwise record it (the default). */
  MISSING,
  /** Replay only: a missing cassette fails the test at once, naming its path. */
  NONE,
  /** Record again, replacing the cassette when the test passes. */
  ALL;

  /** The configuration parameter (or system property) that overrides every annotation's mode. */
  public static final String PROPERTY = "sluice.record";

  /**
   * The mode named {@code name}, in any case: {@code missing}, {@code none} or {@code all}.
   *
   * <pre>{@code RecordMode mode = RecordMode.parse("all");}</pre>
   *
   * @throws IllegalArgumentException quoting {@code name} when it is none of these
   */
  public static RecordMode parse(String name) {
    Objects.requireNonNull(name, "name");
    for (RecordMode mode : values()) {
      if (mode.name().equals(name.trim().toUpperCase(Locale.ROOT))) {
        return mode;
      }
    }
    throw new IllegalArgumentException(PROPERTY + ": expected missing, none or all, got \"" + name + "\"");
  }
}
