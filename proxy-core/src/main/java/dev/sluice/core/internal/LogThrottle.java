package dev.sluice.core.internal;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Keeps a log line that can repeat at every connection from flooding the log: of a run of events,
 * the first is reported, then none until the interval has passed since that report; the next
 * report says how many were held back meanwhile. Thread-safe.
 *
 * <pre>{@code
 * LogThrottle throttle = LogThrottle.oncePerMinute();
 * throttle.report(heldBack -> log.warn("out of file descriptors{}", LogThrottle.heldBack(heldBack)));
 * }</pre>
 */
final class LogThrottle {

  private final long intervalNanos;
  private final Ticker ticker;
  private boolean reported;
  private long lastReport;
  private long heldBack;

  LogThrottle(Duration interval, Ticker ticker) {
    this.intervalNanos = interval.toNanos();
    this.ticker = ticker;
  }

  /** A throttle that reports at most once a minute by the system ticker. */
  static LogThrottle oncePerMinute() {
    return new LogThrottle(Duration.ofMinutes(1), Ticker.systemTicker());
  }

  /** What a report adds for {@code heldBack} events held back before it: nothing, or how many. */
  static String heldBack(long heldBack) {
    return heldBack == 0 ? "" : " (" + heldBack + " more like it since the last report)";
  }

  /**
   * One more event: runs {@code report} with how many events were held back since the last
   * report, unless that report was less than the interval ago (then this event is held back).
   */
  void report(LongConsumer report) {
    long held;
    synchronized (this) {
      long now = ticker.read();
      if (reported && now - lastReport < intervalNanos) {
        heldBack++;
        return;
      }
      reported = true;
      lastReport = now;
      held = heldBack;
      heldBack = 0;
    }
    report.accept(held);
  }
}
