package dev.sluice.core.internal;

import java.time.Duration;

/**
 * How long an exchange rests after passing on a piece of a body, before it reads or passes on
 * more: nothing is read from that side meanwhile, so a slow pace holds back the sender instead of
 * filling memory.
 *
 * <pre>{@code
 * Pacing oneKibPerSecond = (direction, bytes) -> Duration.ofMillis(bytes * 1000L / 1024);
 * }</pre>
 */
@FunctionalInterface
public interface Pacing {

  /** Which body a piece belongs to. */
  enum Direction {
    /** The request body, from the client to the upstream. */
    REQUEST,
    /** The response body, from the upstream to the client. */
    RESPONSE
  }

  /** The rest after {@code bytes} of the {@code direction} body were passed on; zero for none. */
  Duration after(Direction direction, int bytes);

  /** This pacing and {@code other}: the longer of their rests. */
  default Pacing and(Pacing other) {
    return (direction, bytes) -> {
      Duration mine = after(direction, bytes);
      Duration theirs = other.after(direction, bytes);
      return mine.compareTo(theirs) >= 0 ? mine : theirs;
    };
  }
}
