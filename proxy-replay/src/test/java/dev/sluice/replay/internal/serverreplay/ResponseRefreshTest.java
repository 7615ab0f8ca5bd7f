package dev.sluice.replay.internal.serverreplay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HttpResponse;
import dev.sluice.api.Response;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResponseRefreshTest {

  private static final Instant RECORDED = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void dateExpiresAndLastModifiedMoveByTheTimeSinceRecording() {
    HttpResponse response = Response.builder().timestampStart(RECORDED)
        .header("Date", "Thu, 01 Jan 2026 00:00:00 GMT")
        .header("Expires", "Thu, 01 Jan 2026 01:00:00 GMT")
        .header("Last-Modified", "Wed, 31 Dec 2025 00:00:00 GMT")
        .header("X-Other", "Thu, 01 Jan 2026 00:00:00 GMT")
        .build();

    ResponseRefresh.refresh(response, RECORDED.plus(Duration.ofDays(2).plusSeconds(5)));

    assertThat(response.headers().get("Date")).isEqualTo("Sat, 03 Jan 2026 00:00:05 GMT");
    assertThat(response.headers().get("Expires")).isEqualTo("Sat, 03 Jan 2026 01:00:05 GMT");
    assertThat(response.headers().get("Last-Modified")).isEqualTo("Fri, 02 Jan 2026 00:00:05 GMT");
    assertThat(response.headers().get("X-Other")).isEqualTo("Thu, 01 Jan 2026 00:00:00 GMT");
  }

  @Test
  void anUnreadableDateHeaderIsLeftAlone() {
    HttpResponse response = Response.builder().timestampStart(RECORDED).header("Expires", "0").build();

    ResponseRefresh.refresh(response, RECORDED.plusSeconds(60));

    assertThat(response.headers().get("Expires")).isEqualTo("0");
  }

  @Test
  void cookieExpiryMovesAndAnUnreadableOneIsDropped() {
    HttpResponse response = Response.builder().timestampStart(RECORDED)
        .header("Set-Cookie", "id=1; Expires=Fri, 02-Jan-2026 00:00:00 GMT; Path=/")
        .header("Set-Cookie", "theme=dark; expires=someday; HttpOnly")
        .header("Set-Cookie", "plain=1")
        .build();

    ResponseRefresh.refresh(response, RECORDED.plus(Duration.ofHours(1)));

    assertThat(response.headers().getAll("Set-Cookie")).containsExactly(
        "id=1; Expires=Fri, 02 Jan 2026 01:00:00 GMT; Path=/",
        "theme=dark; HttpOnly",
        "plain=1");
  }
}
