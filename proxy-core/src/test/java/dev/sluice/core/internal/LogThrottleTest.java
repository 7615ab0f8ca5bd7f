package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

  private long now = TimeUnit.HOURS.toNanos(5);
  private final Ticker ticker = new Ticker() {
    @Override public long read() {
      return now;
    }
  };
  private final LogThrottle throttle = new LogThrottle(Duration.ofMinutes(1), ticker);
  private final List<Long> reports = new ArrayList<>();

  private void event() {
    throttle.report(reports::add);
  }

  @Test
  void theFirstEventIsReportedAndTheRestOfTheMinuteIsHeldBack() {
    event();
    now += TimeUnit.SECONDS.toNanos(30);
    event();
    now += TimeUnit.SECONDS.toNanos(29);
    event();

    assertThat(reports).containsExactly(0L);
  }

  @Test
  void aMinuteLaterTheNextEventIsReportedWithHowManyWereHeldBack() {
    event();
    event();
    event();
    now += TimeUnit.MINUTES.toNanos(1);
    event();
    event();

    assertThat(reports).containsExactly(0L, 2L);
  }

  @Test
  void theMinuteCountsFromTheLastReportNotFromTheLastEvent() {
    event();
    now += TimeUnit.SECONDS.toNanos(50);
    event();
    now += TimeUnit.SECONDS.toNanos(10);
    event();

    assertThat(reports).containsExactly(0L, 1L);
  }

  @Test
  void aTickerThatStartsNegativeStillReportsTheFirstEvent() {
    now = Long.MIN_VALUE + 5;
    event();
    now += TimeUnit.SECONDS.toNanos(1);
    event();

    assertThat(reports).containsExactly(0L);
  }
}
