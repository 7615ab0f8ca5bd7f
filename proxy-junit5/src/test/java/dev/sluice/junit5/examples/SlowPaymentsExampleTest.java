package dev.sluice.junit5.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.junit5.Injection;
import dev.sluice.junit5.SluiceExtension;
import dev.sluice.junit5.TestProxy;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Example: a delay or a fault for one test only, so a test reads "when the payments API is slow, the client times out". */
class SlowPaymentsExampleTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final SluiceExtension sluice = SluiceExtension.builder().build();

  private static HttpRequest payment() {
    return payment(Duration.ofSeconds(5));
  }

  private static HttpRequest payment(Duration timeout) {
    return HttpRequest.newBuilder(origin.uri("/payments/42")).timeout(timeout).build();
  }

  @Test
  void whenThePaymentsApiIsSlowTheClientTimesOut(TestProxy proxy, HttpClient client) {
    proxy.latency("|~u /payments|800ms");

    assertThatThrownBy(() -> client.send(payment(Duration.ofMillis(200)), BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void whenThePaymentsApiFailsTheClientSeesTheStatus(TestProxy proxy, HttpClient client) throws Exception {
    proxy.faults("|~u /payments|status:503");

    assertThat(client.send(payment(), BodyHandlers.ofString()).statusCode()).isEqualTo(503);
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void anInjectionEndsWithItsTestOrWhenClosed(TestProxy proxy, HttpClient client) throws Exception {
    assertThat(client.send(payment(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);   // nothing left over

    try (Injection outage = proxy.faults("/status:502")) {
      assertThat(client.send(payment(), BodyHandlers.ofString()).statusCode()).isEqualTo(502);
    }
    assertThat(client.send(payment(), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }
}
