package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Latency, Bandwidth and Faults, each added with its builder method, through the running proxy to a real origin. */
class ChaosHooksTest {

  /** Far longer than any answer takes here, far shorter than the delays the specs ask for. */
  private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static ProxyServer start(UnaryOperator<ProxyServer.Builder> configure) {
    return configure.apply(ProxyServer.builder()).start();
  }

  private static HttpResponse<String> get(ProxyServer proxy, String path) throws Exception {
    HttpClient client = JdkClients.via(proxy);
    return client.send(HttpRequest.newBuilder(origin.uri(path)).timeout(CLIENT_TIMEOUT).build(),
        BodyHandlers.ofString());
  }

  @Test
  void latencyDelaysTheMatchingResponsesPastTheClientsTimeoutAndNoOthers() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.latency("/~u payments/30s"))) {
      assertThatThrownBy(() -> get(proxy, "/payments")).isInstanceOf(HttpTimeoutException.class);

      assertThat(get(proxy, "/catalog").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void chunkLatencyDelaysEachPieceOfTheBodyButNotTheHead() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.latency("/chunk:30s"))) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<java.io.InputStream> response = client.send(
          HttpRequest.newBuilder(origin.uri("/chunked")).timeout(CLIENT_TIMEOUT).build(), BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);

      try (java.io.InputStream body = response.body()) {
        java.util.concurrent.CompletableFuture<byte[]> whole = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            return body.readAllBytes();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
        assertThatThrownBy(() -> whole.get(CLIENT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
            .isInstanceOf(java.util.concurrent.TimeoutException.class);
      }
    }
  }

  @Test
  void bandwidthPassesASmallBodyWholeAndHoldsBackALargeOnePastTheClientsTimeout() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.bandwidth("/down:64k"))) {
      assertThat(get(proxy, "/size/4096").body()).hasSize(4096).matches("x+");

      // 8 MiB at 64 KiB a second takes two minutes
      assertThatThrownBy(() -> get(proxy, "/size/" + (8 << 20))).isInstanceOf(HttpTimeoutException.class);
    }
  }

  @Test
  void bandwidthUpHoldsBackTheRequestBody() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.bandwidth("/up:16k"))) {
      HttpClient client = JdkClients.via(proxy);
      HttpRequest upload = HttpRequest.newBuilder(origin.uri("/upload")).timeout(CLIENT_TIMEOUT)
          .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1 << 20])).build();

      assertThatThrownBy(() -> client.send(upload, BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    }
  }

  @Test
  void statusFaultAnswersForTheUpstreamWithABodyNamingTheSpec() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.faults("/~u payments/status:503"))) {
      HttpResponse<String> response = get(proxy, "/payments");

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).contains("/~u payments/status:503");
      assertThat(origin.all()).isEmpty();
      assertThat(get(proxy, "/catalog").statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"reset", "close", "garbage"})
  void faultsBeforeTheUpstreamLeaveTheClientWithoutAResponse(String fault) {
    try (ProxyServer proxy = start(builder -> builder.faults("/" + fault))) {
      assertThatThrownBy(() -> get(proxy, "/a")).isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class);
      assertThat(origin.all()).isEmpty();
    }
  }

  @Test
  void malformedChunkBreaksTheResponseBodyForTheClient() {
    try (ProxyServer proxy = start(builder -> builder.faults("/malformed_chunk"))) {
      assertThatThrownBy(() -> get(proxy, "/size/1000")).isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class);
      assertThat(origin.all()).hasSize(1);
    }
  }

  @Test
  void dropUpstreamCutsTheResponseBodyShort() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.faults("/drop_upstream"))) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<java.io.InputStream> response = client.send(
          HttpRequest.newBuilder(origin.uri("/size/100000")).timeout(CLIENT_TIMEOUT).build(),
          BodyHandlers.ofInputStream());

      assertThat(response.statusCode()).isEqualTo(200);
      try (var body = response.body()) {
        assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class)
            .isNotInstanceOf(HttpTimeoutException.class);
      }
    }
  }

  @Test
  void aProbabilityFailsTheShareOfRequestsItsRandomPicks() throws Exception {
    long seed = 17;
    int requests = 40;
    try (ProxyServer proxy = start(builder -> builder.hook(Faults.of(
        List.of(Faults.spec("/status:503/25%")), new Random(seed))))) {
      int failed = 0;
      for (int i = 0; i < requests; i++) {
        failed += get(proxy, "/a").statusCode() == 503 ? 1 : 0;
      }

      Random same = new Random(seed);
      int expected = 0;
      for (int i = 0; i < requests; i++) {
        expected += same.nextDouble() < 0.25 ? 1 : 0;
      }
      assertThat(failed).isEqualTo(expected).isBetween(1, requests - 1);
    }
  }

  @Test
  void theOptionsTakeTheSpecsAsText() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().option("faults", "/~u payments/status:502")
        .option("latency", "/~u catalog/0ms").option("bandwidth", "/1m").start()) {
      assertThat(get(proxy, "/payments").statusCode()).isEqualTo(502);
      assertThat(get(proxy, "/catalog").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void badSpecsAreRejectedNamingTheSpecAndWhatIsWrong() {
    assertThatThrownBy(() -> ProxyServer.builder().faults("/~u x/explode"))
        .hasMessageContaining("spec \"/~u x/explode\"").hasMessageContaining("unknown fault \"explode\"");
    assertThatThrownBy(() -> ProxyServer.builder().faults("/status:700"))
        .hasMessageContaining("not a status code (200-599) in \"status:700\"");
    assertThatThrownBy(() -> ProxyServer.builder().latency("/~u x/fast"))
        .hasMessageContaining("spec \"/~u x/fast\"").hasMessageContaining("not a delay: \"fast\"");
    assertThatThrownBy(() -> ProxyServer.builder().bandwidth("/down:lots"))
        .hasMessageContaining("not a rate in bytes a second: \"down:lots\"");
    assertThatThrownBy(() -> ProxyServer.builder().option("faults", "/reset/150%"))
        .hasMessageContaining("probability out of range 0%..100%: \"150%\"");
  }
}
