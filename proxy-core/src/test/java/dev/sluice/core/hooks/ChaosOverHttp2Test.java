package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowHook;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults and latency on intercepted HTTPS, to the JDK client speaking HTTP/2 (and HTTP/1.1 for the
 * reset): a fault or a delay hits its own stream, and the other streams of the connection go on.
 * The proxy connects lazily, so the client gets HTTP/2 though the origin speaks HTTP/1.1 only.
 */
class ChaosOverHttp2Test {

  /** Far longer than an answer on a connection that is up takes here, far shorter than the delay the spec asks for. */
  private static final Duration SLOW_TIMEOUT = Duration.ofMillis(500);
  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("Chaos origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.httpsExtension(originCa);

  /** The client connections the proxy accepted. */
  private final List<ClientConnection> connections = new CopyOnWriteArrayList<>();

  private ProxyServer start(UnaryOperator<ProxyServer.Builder> chaos) {
    return chaos.apply(ProxyServer.builder().upstreamTrust(originCa.trustManager())
        .connectionStrategy(ConnectionStrategy.LAZY).hook(new FlowHook() {
      @Override
      public void clientConnected(ClientConnection client) {
        connections.add(client);
      }
    })).start();
  }

  private static HttpRequest get(String path) {
    return HttpRequest.newBuilder(origin.uri(path)).timeout(Duration.ofSeconds(10)).build();
  }

  /** An HTTP/2 client whose connection is up: the JDK client opens one per request until it knows the server speaks HTTP/2. */
  private static HttpClient warmHttp2Client(ProxyServer proxy) throws Exception {
    HttpClient client = JdkClients.http2Via(proxy);
    HttpResponse<Void> first = client.send(get("/warm-up"), BodyHandlers.discarding());
    assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
    return client;
  }

  private static void assertFineOverHttp2(CompletableFuture<HttpResponse<String>> reply) throws Exception {
    HttpResponse<String> response = reply.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
  }

  @Test
  void aStatusFaultAnswersTheStreamOverHttp2WithoutTheUpstream() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.faults("/~u payments/status:503"))) {
      HttpClient client = warmHttp2Client(proxy);

      HttpResponse<String> failed = client.send(get("/payments"), BodyHandlers.ofString());

      assertThat(failed.statusCode()).isEqualTo(503);
      assertThat(failed.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(failed.body()).contains("/~u payments/status:503");
      assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/warm-up");
      assertFineOverHttp2(client.sendAsync(get("/catalog"), BodyHandlers.ofString()));
      assertThat(connections).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"reset", "close", "garbage"})
  void aConnectionFaultOverHttp2ResetsItsStreamOnlyAndTheOthersOnTheConnectionGoOn(String fault) throws Exception {
    try (ProxyServer proxy = start(builder -> builder.faults("/~u payments/" + fault))) {
      HttpClient client = warmHttp2Client(proxy);

      CompletableFuture<HttpResponse<String>> reset = client.sendAsync(get("/payments"), BodyHandlers.ofString());
      CompletableFuture<HttpResponse<String>> alongside = client.sendAsync(get("/catalog"), BodyHandlers.ofString());

      assertThatThrownBy(() -> reset.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
      assertFineOverHttp2(alongside);
      assertFineOverHttp2(client.sendAsync(get("/after"), BodyHandlers.ofString()));
      assertThat(connections).hasSize(1);
    }
  }

  @Test
  void latencyOverHttp2HoldsItsStreamAndTheOthersOnTheConnectionGoOn() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.latency("/~u payments/30s"))) {
      HttpClient client = warmHttp2Client(proxy);

      CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
          HttpRequest.newBuilder(origin.uri("/payments")).timeout(SLOW_TIMEOUT).build(), BodyHandlers.ofString());
      CompletableFuture<HttpResponse<String>> alongside = client.sendAsync(get("/catalog"), BodyHandlers.ofString());

      assertFineOverHttp2(alongside);
      assertThatThrownBy(() -> slow.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(HttpTimeoutException.class);
      assertThat(connections).hasSize(1);
    }
  }

  @Test
  void aResetOverInterceptedHttp11LeavesTheClientWithoutAResponse() throws Exception {
    try (ProxyServer proxy = start(builder -> builder.faults("/~u payments/reset"))) {
      HttpClient client = JdkClients.via(proxy);

      assertThatThrownBy(() -> client.send(get("/payments"), BodyHandlers.ofString())).isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class);
      assertThat(client.send(get("/catalog"), BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }
  }
}
