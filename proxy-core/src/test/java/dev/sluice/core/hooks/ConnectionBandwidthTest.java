package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.internal.FlowControls;
import dev.sluice.core.internal.Pacing;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code conn:} bandwidth through the running proxy: the flows of one client connection share one
 * budget. The budgets' clock stands still, so each rest the engine is asked to take is the time the
 * budget needs for every byte charged to it: the bytes the connection passed, not the flow.
 */
class ConnectionBandwidthTest {

  private static final long RATE = 1 << 20;
  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("Rate origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin secureOrigin = EchoOrigin.httpsExtension(originCa);

  /** The rests each client connection's flows were asked to take after passing on response body pieces. */
  private final Map<String, List<Duration>> restsByConnection = new ConcurrentHashMap<>();

  /** Lazy, so an HTTP/2 client gets HTTP/2 though the origin speaks HTTP/1.1 only. */
  private ProxyServer start(String spec) {
    return ProxyServer.builder().upstreamTrust(originCa.trustManager()).connectionStrategy(ConnectionStrategy.LAZY)
        .hook(Bandwidth.of(List.of(Bandwidth.spec(spec)), new Random(), () -> 0L))
        .hook(FlowHook.onRequestHeaders(this::recordRests))
        .start();
  }

  private void recordRests(HttpFlow flow) {
    Pacing paced = flow.attribute(FlowControls.PACING);
    List<Duration> rests = restsByConnection.computeIfAbsent(flow.client().id(), id -> new CopyOnWriteArrayList<>());
    flow.setAttribute(FlowControls.PACING, (direction, bytes) -> {
      Duration rest = paced.after(direction, bytes);
      if (direction == Pacing.Direction.RESPONSE) {
        rests.add(rest);
      }
      return rest;
    });
  }

  /** The time {@code bytes} take at {@link #RATE}. */
  private static Duration at(long bytes) {
    return Duration.ofNanos(bytes * 1_000_000_000L / RATE);
  }

  private static Duration longest(List<Duration> rests) {
    return rests.stream().max(Duration::compareTo).orElseThrow();
  }

  private static int bodySize(HttpClient client, HttpRequest request) throws Exception {
    HttpResponse<byte[]> response = client.send(request, BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body().length;
  }

  /** Two bodies, 20 000 and 30 000 bytes, on one kept-alive connection; the longest rest its flows took. */
  private Duration twoBodiesOnOneConnection(String spec) throws Exception {
    try (ProxyServer proxy = start(spec)) {
      HttpClient client = JdkClients.via(proxy);
      int first = bodySize(client, HttpRequest.newBuilder(origin.uri("/size/20000")).build());
      int second = bodySize(client, HttpRequest.newBuilder(origin.uri("/size/30000")).build());

      assertThat(first + second).isEqualTo(50_000);
      assertThat(restsByConnection).hasSize(1);
      return longest(restsByConnection.values().iterator().next());
    }
  }

  @Test
  void keepAliveRequestsOnOneConnectionShareItsBudget() throws Exception {
    // per flow the longest rest would be what the second body alone takes
    assertThat(twoBodiesOnOneConnection("/conn:down:1m")).isEqualTo(at(50_000));
  }

  @Test
  void eachConnectionHasABudgetOfItsOwn() throws Exception {
    try (ProxyServer proxy = start("/conn:down:1m")) {
      bodySize(JdkClients.via(proxy), HttpRequest.newBuilder(origin.uri("/size/20000")).build());
      bodySize(JdkClients.via(proxy), HttpRequest.newBuilder(origin.uri("/size/30000")).build());

      assertThat(restsByConnection.values()).map(ConnectionBandwidthTest::longest)
          .containsExactlyInAnyOrder(at(20_000), at(30_000));
    }
  }

  @Test
  void concurrentHttp2StreamsOnOneConnectionShareItsBudget() throws Exception {
    try (ProxyServer proxy = start("/conn:down:1m")) {
      HttpClient client = JdkClients.http2Via(proxy);
      // the JDK client opens one connection per request until it knows the server speaks HTTP/2
      int warmUp = bodySize(client, HttpRequest.newBuilder(secureOrigin.uri("/size/10000")).build());
      List<CompletableFuture<HttpResponse<byte[]>>> replies = List.of(
          client.sendAsync(HttpRequest.newBuilder(secureOrigin.uri("/size/20000")).build(), BodyHandlers.ofByteArray()),
          client.sendAsync(HttpRequest.newBuilder(secureOrigin.uri("/size/30000")).build(), BodyHandlers.ofByteArray()));
      int concurrent = 0;
      for (CompletableFuture<HttpResponse<byte[]>> reply : replies) {
        HttpResponse<byte[]> response = reply.get(10, TimeUnit.SECONDS);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        concurrent += response.body().length;
      }

      assertThat(warmUp + concurrent).isEqualTo(60_000);
      assertThat(restsByConnection).hasSize(1);
      assertThat(longest(restsByConnection.values().iterator().next())).isEqualTo(at(60_000));
    }
  }

  @Test
  void perFlowRatesStayPerFlowOnAKeptAliveConnection() throws Exception {
    assertThat(twoBodiesOnOneConnection("/down:1m")).isLessThanOrEqualTo(at(30_000));
  }
}
