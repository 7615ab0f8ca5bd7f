package dev.sluice.replay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowError;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlowPartsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Connection killed. | KILLED",
      "Connection refused by unreachable.test:80 | CONNECT_FAILED",
      "[Errno -2] Name or service not known | CONNECT_FAILED",
      "net::ERR_INTERNET_DISCONNECTED | CONNECT_FAILED",
      "Client disconnected. | CLIENT_ABORTED",
      "Server disconnected. | UPSTREAM_RESET",
      "stream reset by client (CANCEL) | UPSTREAM_RESET",
      "TLS handshake failed: certificate verify failed | TLS_FAILED",
      "Connection timed out | TIMEOUT",
      "HTTP/2 protocol error: invalid frame | PROTOCOL_ERROR",
  })
  void storedErrorMessagesGetTheCauseTheyDescribe(String message, FlowError.Kind kind) {
    assertThat(FlowParts.errorKind(message)).isEqualTo(kind);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"HTTP/1.1, HTTP/1.1", "h2, HTTP/2.0", "http/2.0, HTTP/2.0", "HTTP/2, HTTP/2", "h3, HTTP/3",
      "HTTP/3, HTTP/3", "'', HTTP/1.1", "unknown, HTTP/1.1", "HTTP/1.0, HTTP/1.0"})
  void versionSpellingsBecomeTheModels(String stored, String model) {
    assertThat(FlowParts.httpVersion(stored)).isEqualTo(model);
  }

  @Property(tries = 500)
  void microsecondTimestampsSurviveTheTripThroughSeconds(@ForAll @LongRange(min = 0, max = 4_102_444_800_000_000L)
      long micros) {
    Instant instant = Instant.EPOCH.plusNanos(micros * 1000);

    assertThat(FlowParts.instant(FlowParts.seconds(instant))).isEqualTo(instant);
  }

  @ParameterizedTest(name = "\"{0}\"")
  @CsvSource({"127.0.0.1, true", "::1, true", "2001:db8::1, true", "example.com, false", "'', true"})
  void addressesAreNeverLookedUp(String host, boolean resolved) {
    assertThat(FlowParts.address(host, 80).isUnresolved()).isEqualTo(!resolved);
  }
}
