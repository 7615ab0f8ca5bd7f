package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.TlsClientHello;
import dev.sluice.api.TlsFailure;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.HttpsOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(value = TlsEngine.class, names = {"JDK", "OPENSSL"})
class HttpsInterceptionTest {

  @RegisterExtension
  static final EchoOrigin plainOrigin = EchoOrigin.extension();
  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Test origin CA").build();
  @RegisterExtension
  static final HttpsOrigin origin = HttpsOrigin.extension(originCa);

  private final TlsEngine engine;

  HttpsInterceptionTest(TlsEngine engine) {
    this.engine = engine;
  }

  private ProxyServer.Builder proxy() {
    return ProxyServer.builder().tlsEngine(engine);
  }

  private ProxyServer.Builder proxyTrustingTheOrigin() {
    return proxy().upstreamTrust(originCa.trustManager());
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  private static X509Certificate leafSeenBy(HttpResponse<?> response) throws Exception {
    return (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
  }

  private static List<String> subjectAltNames(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))).toList();
  }

  @Test
  void httpsToANameIsInterceptedWithALeafFromTheProxyCa() throws Exception {
    try (ProxyServer proxy = proxyTrustingTheOrigin().start()) {
      HttpResponse<String> response =
          get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("localhost", "/by-name?x=1"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("secure GET /by-name?x=1");
      X509Certificate leaf = leafSeenBy(response);
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(proxy.certificateAuthority().certificate().getSubjectX500Principal());
      assertThat(subjectAltNames(leaf)).contains("localhost");
    }
  }

  @Test
  void httpsToAnIpLiteralWithoutSniGetsALeafForTheConnectHost() throws Exception {
    try (ProxyServer proxy = proxyTrustingTheOrigin().upstreamCert(false).start()) {
      HttpResponse<String> response =
          get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("127.0.0.1", "/by-ip"));

      assertThat(response.body()).isEqualTo("secure GET /by-ip");
      assertThat(subjectAltNames(leafSeenBy(response))).containsExactly("127.0.0.1");
    }
  }

  @Test
  void upstreamCertCopiesTheOriginsNamesIntoTheMintedLeaf() throws Exception {
    try (ProxyServer proxy = proxyTrustingTheOrigin().start()) {
      HttpResponse<String> response =
          get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("127.0.0.1", "/sniffed"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(subjectAltNames(leafSeenBy(response)))
          .contains("127.0.0.1", "localhost", HttpsOrigin.EXTRA_NAME);
    }
  }

  @Test
  void withoutUpstreamCertTheLeafNamesOnlyTheSni() throws Exception {
    try (ProxyServer proxy = proxyTrustingTheOrigin().upstreamCert(false).start()) {
      HttpResponse<String> response =
          get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("localhost", "/not-sniffed"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(subjectAltNames(leafSeenBy(response))).containsExactly("localhost");
    }
  }

  @Test
  void ignoredHostsArePassedThroughAndTheClientSeesTheOriginsCertificate() throws Exception {
    List<HttpFlow> flows = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (ProxyServer proxy = proxyTrustingTheOrigin()
        .ignoreHosts("^localhost:" + origin.port() + "$")
        .hook(FlowHook.onRequest(flows::add))
        .start()) {
      HttpResponse<String> response = get(JdkClients.via(proxy, originCa.sslContext()), origin.uri("localhost", "/passed"));

      assertThat(response.body()).isEqualTo("secure GET /passed");
      assertThat(leafSeenBy(response).getIssuerX500Principal()).isEqualTo(originCa.certificate().getSubjectX500Principal());
      assertThat(flows).isEmpty();
    }
  }

  @Test
  void allowHostsPassesThroughEveryOtherHost() throws Exception {
    try (ProxyServer proxy = proxyTrustingTheOrigin().allowHosts("^intercept\\.me:").start()) {
      HttpResponse<String> response = get(JdkClients.via(proxy, originCa.sslContext()), origin.uri("localhost", "/allowed"));

      assertThat(leafSeenBy(response).getIssuerX500Principal()).isEqualTo(originCa.certificate().getSubjectX500Principal());
    }
  }

  @Test
  void anUntrustedUpstreamCertificateGetsA502NamingTheTlsFailure() throws Exception {
    CompletableFuture<TlsFailure> failed = new CompletableFuture<>();
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    try (ProxyServer proxy = proxy()
        .hook(new FlowHook() {
          @Override public void tlsFailed(TlsFailure failure) {
            failed.complete(failure);
          }

          @Override public void error(HttpFlow flow) {
            error.complete(flow.error());
          }
        })
        .start()) {
      HttpResponse<String> response =
          get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("localhost", "/untrusted"));

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.body()).contains("TLS handshake with upstream localhost:" + origin.port() + " failed");
      TlsFailure failure = failed.get(5, TimeUnit.SECONDS);
      assertThat(failure.side()).isEqualTo(TlsFailure.Side.SERVER);
      assertThat(failure.sni()).isEqualTo("localhost");
      assertThat(failure.reason()).isNotBlank();
      assertThat(error.get(5, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.TLS_FAILED);
    }
  }

  @Test
  void sslInsecureAcceptsAnUntrustedUpstreamCertificate() throws Exception {
    try (ProxyServer proxy = proxy().sslInsecure(true).start()) {
      HttpResponse<String> response =
          get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("localhost", "/insecure"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("secure GET /insecure");
    }
  }

  @Test
  void hooksSeeHttpsFlowsWithBothSidesTls() throws Exception {
    CompletableFuture<HttpFlow> seen = new CompletableFuture<>();
    try (ProxyServer proxy = proxyTrustingTheOrigin().hook(FlowHook.onResponse(seen::complete)).start()) {
      get(JdkClients.via(proxy, proxy.certificateAuthority().sslContext()), origin.uri("localhost", "/seen?q=1"));

      HttpFlow flow = seen.get(5, TimeUnit.SECONDS);
      assertThat(flow.request().scheme()).isEqualTo("https");
      assertThat(flow.request().url()).isEqualTo("https://localhost:" + origin.port() + "/seen?q=1");
      ClientConnection client = flow.client();
      assertThat(client.tls()).isNotNull();
      assertThat(client.tls().sni()).isEqualTo("localhost");
      assertThat(client.tls().alpn()).isIn(null, "http/1.1");
      assertThat(client.tls().protocol()).isEqualTo("TLSv1.3");
      assertThat(client.tls().cipherSuite()).startsWith("TLS_");
      assertThat(flow.server().tls()).isNotNull();
      assertThat(flow.server().tls().sni()).isEqualTo("localhost");
      assertThat(flow.server().tls().protocol()).isEqualTo("TLSv1.3");
      assertThat(flow.server().tls().peerCertificates().get(0).getIssuerX500Principal())
          .isEqualTo(originCa.certificate().getSubjectX500Principal());
    }
  }

  @Test
  void tlsClientHelloShowsSniAlpnAndTheConnectTargetAndTheClientGetsTheProtocolTheOriginChose() throws Exception {
    CompletableFuture<TlsClientHello> hello = new CompletableFuture<>();
    try (ProxyServer proxy = proxyTrustingTheOrigin().upstreamCert(false)
        .hook(new FlowHook() {
          @Override public void tlsClientHello(TlsClientHello clientHello) {
            hello.complete(clientHello);
          }
        })
        .start();
        SSLSocket socket = tlsThroughTunnel(proxy, "localhost", "h2", "http/1.1")) {
      socket.startHandshake();

      // the origin speaks HTTP/1.1 only (no ALPN): the client offering h2 too is not offered it
      assertThat(socket.getApplicationProtocol()).isEqualTo("http/1.1");
      TlsClientHello seen = hello.get(5, TimeUnit.SECONDS);
      assertThat(seen.sni()).isEqualTo("localhost");
      assertThat(seen.alpnProtocols()).containsExactly("h2", "http/1.1");
      assertThat(seen.targetHost()).isEqualTo("localhost");
      assertThat(seen.targetPort()).isEqualTo(origin.port());
      assertThat(seen.certificateRequest().names()).containsExactly("localhost");
    }
  }

  @Test
  void connectionCloseInsideTlsEndsWithACleanTlsClose() throws Exception {
    try (ProxyServer proxy = proxyTrustingTheOrigin().upstreamCert(false).start();
        SSLSocket socket = tlsThroughTunnel(proxy, "localhost", "http/1.1")) {
      socket.getOutputStream().write("GET /closing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));

      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("secure GET /closing");
    }
  }

  @Test
  void aClientOfferingOnlyProtocolsTheProxyDoesNotSpeakFailsTheHandshakeClearly() throws Exception {
    CompletableFuture<TlsFailure> failed = new CompletableFuture<>();
    try (ProxyServer proxy = proxyTrustingTheOrigin().upstreamCert(false)
        .hook(new FlowHook() {
          @Override public void tlsFailed(TlsFailure failure) {
            failed.complete(failure);
          }
        })
        .start();
        SSLSocket socket = tlsThroughTunnel(proxy, "localhost", "spdy/3.1")) {
      assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class)
          .hasMessageContaining("no_application_protocol");

      TlsFailure failure = failed.get(5, TimeUnit.SECONDS);
      assertThat(failure.side()).isEqualTo(TlsFailure.Side.CLIENT);
      assertThat(failure.reason()).contains("[spdy/3.1]").contains("h2 and http/1.1 only");
    }
  }

  @Test
  void aClientThatDistrustsTheProxyCaFiresTlsFailedOnTheClientSide() throws Exception {
    CompletableFuture<TlsFailure> failed = new CompletableFuture<>();
    CompletableFuture<ClientConnection> gone = new CompletableFuture<>();
    try (ProxyServer proxy = proxyTrustingTheOrigin().upstreamCert(false)
        .hook(new FlowHook() {
          @Override public void tlsFailed(TlsFailure failure) {
            failed.complete(failure);
          }

          @Override public void clientDisconnected(ClientConnection client) {
            gone.complete(client);
          }
        })
        .start()) {
      assertThatThrownBy(() -> get(JdkClients.via(proxy, originCa.sslContext()), origin.uri("localhost", "/distrusted")))
          .isInstanceOf(SSLHandshakeException.class);

      TlsFailure failure = failed.get(5, TimeUnit.SECONDS);
      assertThat(failure.side()).isEqualTo(TlsFailure.Side.CLIENT);
      assertThat(failure.sni()).isEqualTo("localhost");
      assertThat(failure.reason()).startsWith("the client did not complete the TLS handshake");
      assertThat(gone.get(5, TimeUnit.SECONDS).peer()).isEqualTo(failure.client().peer());
    }
  }

  @Test
  void plainHttpInsideATunnelGoesToTheConnectTarget() throws Exception {
    try (ProxyServer proxy = proxy().start();
        Socket socket = tunnel(proxy, "127.0.0.1", plainOrigin.port())) {
      socket.getOutputStream().write(("GET /inside HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));

      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(response).startsWith("HTTP/1.1 200 ");
      assertThat(plainOrigin.take().target()).isEqualTo("/inside");
    }
  }

  @Test
  void aTunnelWhoseClientNeverSpeaksIsClosedWhenIdle() throws Exception {
    try (ProxyServer proxy = proxy().idleTimeout(Duration.ofMillis(200)).start();
        Socket socket = tunnel(proxy, "127.0.0.1", plainOrigin.port())) {
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void curlTrustingTheProxyCaGetsThroughTheProxy(@TempDir Path dir) throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is installed");
    try (ProxyServer proxy = proxyTrustingTheOrigin().start()) {
      Path caFile = Files.writeString(dir.resolve("proxy-ca.pem"), proxy.certificateAuthority().certificatePem());

      Curl.Result result = Curl.run("--silent", "--show-error", "--max-time", "10", "--noproxy", "",
          "--cacert", caFile.toString(), "-x", "http://127.0.0.1:" + proxy.address().getPort(),
          origin.uri("localhost", "/curl").toString());

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("secure GET /curl");
    }
  }

  /** A socket through a {@code CONNECT} tunnel of {@code proxy} to {@code host:port}, after the 200. */
  static Socket tunnel(ProxyServer proxy, String host, int port) throws IOException {
    InetSocketAddress address = proxy.address();
    Socket socket = new Socket(address.getAddress(), address.getPort());
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("proxy closed during CONNECT: " + head);
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 200 ");
    return socket;
  }

  private SSLSocket tlsThroughTunnel(ProxyServer proxy, String host, String... alpn) throws IOException {
    Socket plain = tunnel(proxy, host, origin.port());
    SSLSocket socket = (SSLSocket) proxy.certificateAuthority().sslContext().getSocketFactory()
        .createSocket(plain, host, origin.port(), true);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(alpn);
    parameters.setServerNames(List.of(new SNIHostName(host)));
    socket.setSSLParameters(parameters);
    return socket;
  }
}
