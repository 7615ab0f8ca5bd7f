package dev.sluice.core.hooks;

import dev.sluice.core.internal.Pacing;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The bytes a second one client connection may pass in each direction, shared by all its flows (the
 * keep-alive requests of an HTTP/1.1 connection, the streams of an HTTP/2 one). Each piece passed
 * is charged to the budget of its direction, and the flow that passed it rests until the budget has
 * paid for everything charged so far: two streams passing at once each rest for both.
 *
 * <pre>{@code
 * ConnectionBudget budget = new ConnectionBudget(1024, System::nanoTime);
 * budget.charge(Pacing.Direction.RESPONSE, 512);   // half a second
 * budget.charge(Pacing.Direction.RESPONSE, 512);   // a second, if asked at the same moment
 * }</pre>
 */
final class ConnectionBudget {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final Map<Pacing.Direction, Account> accounts = new EnumMap<>(Pacing.Direction.class);

  ConnectionBudget(long bytesPerSecond, LongSupplier nanoTime) {
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
  }

  /** Charges {@code bytes} to {@code direction}; the rest until the budget has paid for all it was charged. */
  synchronized Duration charge(Pacing.Direction direction, int bytes) {
    long now = nanoTime.getAsLong();
    Account account = accounts.computeIfAbsent(direction, d -> new Account());
    if (now - account.paidAt(bytesPerSecond) >= 0) {
      // idle since everything was paid: the budget starts again from now
      account.since = now;
      account.bytes = 0;
    }
    account.bytes += bytes;
    return Duration.ofNanos(account.paidAt(bytesPerSecond) - now);
  }

  /** Bytes charged since {@code since}, the moment the direction last started from nothing. */
  private static final class Account {
    long since;
    long bytes;

    /** When the bytes charged are paid for at {@code bytesPerSecond}, on the budget's clock. */
    long paidAt(long bytesPerSecond) {
      long seconds = bytes / bytesPerSecond;
      long part = bytes % bytesPerSecond;
      long partNanos = part < Long.MAX_VALUE / NANOS_PER_SECOND ? part * NANOS_PER_SECOND / bytesPerSecond
          : (long) ((double) part * NANOS_PER_SECOND / bytesPerSecond);
      return since + seconds * NANOS_PER_SECOND + partNanos;
    }
  }
}
