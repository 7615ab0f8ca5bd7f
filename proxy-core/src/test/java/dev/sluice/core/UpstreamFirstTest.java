package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.FlowHook;
import dev.sluice.api.Response;
import dev.sluice.api.TlsClientHello;
import dev.sluice.core.testing.CountingRelay;
import dev.sluice.core.testing.Http2Origin;
import dev.sluice.core.testing.HttpsOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An intercepted TLS client's server is reached first, on the connection the flow then uses: one
 * upstream connection per new host, the minted leaf from that connection's certificate, and the
 * client offered the protocol the server chose.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TlsEngine.class, names = {"JDK", "OPENSSL"})
class UpstreamFirstTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Upstream-first origin CA").build();
  @RegisterExtension
  static final HttpsOrigin http11Origin = HttpsOrigin.extension(originCa);
  @RegisterExtension
  static final Http2Origin http2Origin = Http2Origin.extension(originCa);

  private final TlsEngine engine;
  private final List<Flow> flows = new CopyOnWriteArrayList<>();

  UpstreamFirstTest(TlsEngine engine) {
    this.engine = engine;
  }

  private ProxyServer.Builder proxy() {
    return ProxyServer.builder().tlsEngine(engine).upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onResponse(flow -> flows.add(flow.snapshot())));
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  private static List<String> subjectAltNamesSeenBy(HttpResponse<?> response) throws Exception {
    X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return leaf.getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))).toList();
  }

  @Test
  void oneRequestOverInterceptedTlsMakesOneUpstreamConnectionWhoseCertificateTheLeafCopies() throws Exception {
    try (ProxyServer proxy = proxy().start(); CountingRelay relay = CountingRelay.to(http11Origin.port())) {
      HttpResponse<String> response = get(JdkClients.via(proxy), URI.create("https://localhost:" + relay.port() + "/one"));

      assertThat(response.body()).isEqualTo("secure GET /one");
      assertThat(subjectAltNamesSeenBy(response)).contains("localhost", "127.0.0.1", HttpsOrigin.EXTRA_NAME);
      assertThat(relay.accepted()).as("connections the proxy opened to the origin").isEqualTo(1);
      assertThat(flows.get(0).server().tls().sni()).isEqualTo("localhost");
    }
  }

  @Test
  void anHttp2ClientNegotiatesHttp11WhenTheOriginSpeaksOnlyThat() throws Exception {
    try (ProxyServer proxy = proxy().start(); CountingRelay relay = CountingRelay.to(http11Origin.port())) {
      HttpResponse<String> response =
          get(JdkClients.http2Via(proxy), URI.create("https://localhost:" + relay.port() + "/h1"));

      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(response.body()).isEqualTo("secure GET /h1");
      assertThat(flows.get(0).request().httpVersion()).isEqualTo("HTTP/1.1");
      assertThat(relay.accepted()).isEqualTo(1);
    }
  }

  @Test
  void anHttp2ClientSpeaksHttp2EndToEndWithAnHttp2OriginOnOneUpstreamConnection() throws Exception {
    try (ProxyServer proxy = proxy().start(); CountingRelay relay = CountingRelay.to(http2Origin.port())) {
      HttpResponse<String> response =
          get(JdkClients.http2Via(proxy), URI.create("https://localhost:" + relay.port() + "/h2"));

      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(response.body()).isEqualTo("h2 GET /h2 ");
      assertThat(http2Origin.take().path()).isEqualTo("/h2");
      assertThat(flows.get(0).server().tls().alpn()).isEqualTo("h2");
      assertThat(relay.accepted()).isEqualTo(1);
    }
  }

  @Test
  void aHookThatSetsTheCertificateRequestKeepsItsNames() throws Exception {
    try (ProxyServer proxy = proxy().hook(new FlowHook() {
          @Override public void tlsClientHello(TlsClientHello hello) {
            hello.setCertificateRequest(CertificateRequest.forNames("localhost", "chosen.test"));
          }
        }).start();
        CountingRelay relay = CountingRelay.to(http11Origin.port())) {
      HttpResponse<String> response = get(JdkClients.via(proxy), URI.create("https://localhost:" + relay.port() + "/set"));

      assertThat(response.body()).isEqualTo("secure GET /set");
      assertThat(subjectAltNamesSeenBy(response)).containsExactly("localhost", "chosen.test");
      assertThat(relay.accepted()).isEqualTo(1);
    }
  }

  @Test
  void aReverseProxyReachesItsHttpsServerBeforeTheClientsHandshakeOnTheConnectionTheRequestUses() throws Exception {
    try (CountingRelay relay = CountingRelay.to(http11Origin.port());
        ProxyServer proxy = proxy().mode(ProxyMode.parse("reverse:https://localhost:" + relay.port())).start()) {
      HttpResponse<String> response = get(direct(proxy), URI.create("https://localhost:" + proxy.address().getPort() + "/rev"));

      assertThat(response.body()).isEqualTo("secure GET /rev");
      assertThat(subjectAltNamesSeenBy(response)).contains(HttpsOrigin.EXTRA_NAME);
      assertThat(relay.accepted()).isEqualTo(1);
    }
  }

  @Test
  void withItsServerDownAReverseProxyStillCompletesTheClientsHandshakeForAHookToAnswer() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (ProxyServer proxy = proxy().mode(ProxyMode.parse("reverse:https://localhost:" + closedPort))
        .hook(FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "answered offline")))).start()) {
      HttpResponse<String> response = get(direct(proxy), URI.create("https://localhost:" + proxy.address().getPort() + "/off"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("answered offline");
      assertThat(subjectAltNamesSeenBy(response)).containsExactly("localhost");
    }
  }

  /** A client of a reverse proxy: straight to it, trusting its CA. */
  private static HttpClient direct(ProxyServer proxy) {
    return HttpClient.newBuilder().sslContext(proxy.certificateAuthority().sslContext())
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }
}
