package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.TlsFailure;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawClient;
import dev.sluice.core.testing.TcpEcho;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LazyConnectTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Lazy origin CA").build();
  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.httpsExtension(originCa);

  private static ProxyServer.Builder lazyProxy() {
    return ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void connectToAClosedPortIsAnsweredAtOnce() throws Exception {
    int port = closedPort();
    try (ProxyServer proxy = lazyProxy().start(); RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("CONNECT localhost:" + port + " HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n");

      assertThat(raw.readResponse(true)).startsWith("HTTP/1.1 200 Connection established\r\n");
    }
  }

  @Test
  void interceptedRequestToAClosedPortGets502NamingTheConnectFailure() throws Exception {
    int port = closedPort();
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    try (ProxyServer proxy = lazyProxy().hook(FlowHook.onError(flow -> error.complete(flow.error()))).start()) {
      java.net.http.HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/offline")).build(),
          BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("cannot connect to localhost:" + port);
      assertThat(error.get(10, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.CONNECT_FAILED);
    }
  }

  @Test
  void hookAnswersAnHttpsRequestWithoutAnyUpstreamConnection() throws Exception {
    FlowHook answer = FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "from the hook")));
    try (ServerSocketChannel upstream = ServerSocketChannel.open();
        ProxyServer proxy = lazyProxy().hook(answer).start()) {
      upstream.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
      upstream.configureBlocking(false);
      int port = ((InetSocketAddress) upstream.getLocalAddress()).getPort();
      java.net.http.HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/answered")).build(),
          BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("from the hook");
      assertThat(upstream.accept()).as("a connection the proxy opened upstream").isNull();
    }
  }

  @Test
  void interceptedRequestReachesAnUpstreamThatIsUp() throws Exception {
    CompletableFuture<HttpFlow> seen = new CompletableFuture<>();
    try (ProxyServer proxy = lazyProxy().upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onResponse(seen::complete)).start()) {
      java.net.http.HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(origin.uri("/lazy")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(origin.take().target()).isEqualTo("/lazy");
      assertThat(seen.get(10, TimeUnit.SECONDS).server().port()).isEqualTo(origin.port());
    }
  }

  @Test
  void passThroughToAClosedPortReportsTheConnectFailureAndClosesTheClient() throws Exception {
    int port = closedPort();
    CompletableFuture<TlsFailure> failed = new CompletableFuture<>();
    FlowHook tlsFailed = new FlowHook() {
      @Override
      public void tlsFailed(TlsFailure failure) {
        failed.complete(failure);
      }
    };
    try (ProxyServer proxy = lazyProxy().ignoreHosts(".*").hook(tlsFailed).start()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/passed")).build();

      assertThatThrownBy(() -> JdkClients.via(proxy).send(request, BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      TlsFailure failure = failed.get(10, TimeUnit.SECONDS);
      assertThat(failure.side()).isEqualTo(TlsFailure.Side.SERVER);
      assertThat(failure.reason()).startsWith("cannot connect to localhost:" + port);
    }
  }

  @Test
  void rawTunnelToAClosedPortClosesTheClient() throws Exception {
    int port = closedPort();
    try (ProxyServer proxy = lazyProxy().start(); RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("CONNECT 127.0.0.1:" + port + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n");
      assertThat(raw.readResponse(true)).startsWith("HTTP/1.1 200 Connection established\r\n");

      raw.send(new byte[] {0, 1, 2, 3, 4, 5, 6, 7});

      assertThat(raw.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void rawTunnelReachesAnUpstreamThatIsUp() throws Exception {
    try (TcpEcho echo = TcpEcho.start(); ProxyServer proxy = lazyProxy().start();
        RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(raw.readResponse(true)).startsWith("HTTP/1.1 200 Connection established\r\n");

      raw.send("\u0000raw bytes");

      assertThat(raw.readSome()).isEqualTo("\u0000raw bytes");
    }
  }
}
