package dev.sluice.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.core.testing.RawClient;
import dev.sluice.core.testing.RawWebSocket;
import dev.sluice.core.testing.WebSocketFlows;
import dev.sluice.core.testing.WebSocketOrigin;
import dev.sluice.core.testing.WebSocketRecorder;
import dev.sluice.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.WebSocket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Upstream mode intercepts TLS as regular mode does: the first proxy terminates the client's TLS,
 * and reaches the origin through a {@code CONNECT} on the next proxy (a second Sluice that passes
 * TLS through untouched and records the {@code CONNECT}s it saw).
 */
@ExtendWith(NettyLeakDetection.class)
class UpstreamModeTlsTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Chained origin CA").build();
  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.httpsExtension(originCa);
  @RegisterExtension
  static final EchoOrigin plainOrigin = EchoOrigin.extension();
  @RegisterExtension
  static final WebSocketOrigin wsOrigin = WebSocketOrigin.extension(originCa);
  @RegisterExtension
  static final WebSocketOrigin plainWsOrigin = WebSocketOrigin.extension();

  private final List<String> connectsSeenByNext = new CopyOnWriteArrayList<>();
  private final List<ProxyServer> proxies = new ArrayList<>();

  @AfterEach
  void closeProxies() {
    proxies.forEach(ProxyServer::close);
  }

  /** The next proxy: passes TLS through untouched, records each CONNECT, and answers some with {@code refusal}. */
  private ProxyServer next(Integer refusal) {
    ProxyServer next = ProxyServer.builder()
        .ignoreHosts(".*")
        .hook(new FlowHook() {
          @Override
          public void httpConnect(HttpFlow flow) {
            connectsSeenByNext.add(flow.request().authority());
            if (refusal != null) {
              flow.respond(Response.of(refusal, "text/plain", "refused by the next proxy\n"));
            }
          }
        })
        .start();
    proxies.add(next);
    return next;
  }

  /** The first proxy, chained to {@code next}, trusting the origins' CA. */
  private ProxyServer first(ProxyServer next, ProxyServer.Builder builder) {
    ProxyServer first = builder
        .mode(ProxyMode.upstream(URI.create("http://127.0.0.1:" + next.address().getPort())))
        .upstreamTrust(originCa.trustManager())
        .start();
    proxies.add(first);
    return first;
  }

  private static java.net.http.HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
      throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  private static String originAuthority() {
    return "localhost:" + origin.port();
  }

  @Test
  void hooksOfTheFirstProxySeeAndChangeDecryptedHttpsSentThroughAConnectOnTheNextProxy() throws Exception {
    List<String> seenByFirst = new CopyOnWriteArrayList<>();
    ProxyServer first = first(next(null), ProxyServer.builder().hook(FlowHook.onRequest(flow -> {
      seenByFirst.add(flow.request().method() + " " + flow.request().url());
      flow.request().headers().set("X-Chained", "first");
    })));

    java.net.http.HttpResponse<String> response = send(JdkClients.via(first),
        HttpRequest.newBuilder(origin.uri("/secret?x=1")).POST(BodyPublishers.ofString("decrypted body")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("decrypted body");
    X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    assertThat(leaf.getIssuerX500Principal())
        .isEqualTo(first.certificateAuthority().certificate().getSubjectX500Principal());
    assertThat(seenByFirst).containsExactly("POST https://" + originAuthority() + "/secret?x=1");
    EchoOrigin.Seen seen = origin.take();
    assertThat(seen.target()).isEqualTo("/secret?x=1");
    assertThat(seen.header("X-Chained")).isEqualTo("first");
    assertThat(connectsSeenByNext).contains(originAuthority());
  }

  @Test
  void upstreamCertReadsTheOriginsCertificateOnTheOneTunnelThroughTheNextProxy() throws Exception {
    ProxyServer first = first(next(null), ProxyServer.builder());
    String byIp = "127.0.0.1:" + origin.port();

    java.net.http.HttpResponse<String> response = send(JdkClients.via(first),
        HttpRequest.newBuilder(URI.create("https://" + byIp + "/by-ip")));

    assertThat(response.statusCode()).isEqualTo(200);
    X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    assertThat(leaf.getSubjectAlternativeNames()).extracting(name -> String.valueOf(name.get(1)))
        .contains("127.0.0.1", "localhost");
    // the eager tunnel carries the TLS handshake the leaf is minted from, then the request
    assertThat(connectsSeenByNext).containsExactly(byIp);
  }

  @Test
  void aHookOfTheFirstProxyAnswersHttpsWithoutAnyConnectForTheRequest() throws Exception {
    ProxyServer first = first(next(null), ProxyServer.builder()
        .connectionStrategy(ConnectionStrategy.LAZY)
        .hook(FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "answered by a hook")))));

    java.net.http.HttpResponse<String> response = send(JdkClients.via(first),
        HttpRequest.newBuilder(origin.uri("/answered")));

    assertThat(response.body()).isEqualTo("answered by a hook");
    assertThat(connectsSeenByNext).isEmpty();
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void requestsOnOneClientConnectionShareOneTunnelThroughTheNextProxy() throws Exception {
    ProxyServer first = first(next(null), ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY));
    HttpClient client = JdkClients.via(first);

    for (String path : List.of("/one", "/two", "/three")) {
      assertThat(send(client, HttpRequest.newBuilder(origin.uri(path))).statusCode()).isEqualTo(200);
    }

    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/one", "/two", "/three");
    assertThat(connectsSeenByNext).containsExactly(originAuthority());
  }

  @Test
  void aConnectRefusedByTheNextProxyFailsTheRequestWithA502NamingItsStatus() throws Exception {
    CompletableFuture<String> error = new CompletableFuture<>();
    ProxyServer first = first(next(407), ProxyServer.builder()
        .connectionStrategy(ConnectionStrategy.LAZY)
        .hook(new FlowHook() {
          @Override
          public void error(HttpFlow flow) {
            error.complete(flow.error().message());
          }
        }));

    java.net.http.HttpResponse<String> response = send(JdkClients.via(first),
        HttpRequest.newBuilder(origin.uri("/refused")));

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).contains("answered CONNECT " + originAuthority() + " with 407");
    assertThat(error.get(5, TimeUnit.SECONDS)).contains("upstream proxy 127.0.0.1:").contains("407");
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void withTheEagerStrategyARefusedConnectIsAnsweredWith502BeforeTheTunnel() {
    ProxyServer first = first(next(502), ProxyServer.builder());

    try (RawClient raw = RawClient.connect(first.address())) {
      raw.send("CONNECT " + originAuthority() + " HTTP/1.1\r\nHost: " + originAuthority() + "\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
          .contains("answered CONNECT " + originAuthority() + " with 502");
    }
  }

  @Test
  void ignoredHostsPassThroughBothProxiesUntouched() throws Exception {
    List<String> seenByFirst = new CopyOnWriteArrayList<>();
    ProxyServer first = first(next(null), ProxyServer.builder()
        .ignoreHosts("^localhost:")
        .hook(FlowHook.onRequest(flow -> seenByFirst.add(flow.request().url()))));

    java.net.http.HttpResponse<String> response = send(JdkClients.via(first, originCa.sslContext()),
        HttpRequest.newBuilder(origin.uri("/untouched")));

    assertThat(response.statusCode()).isEqualTo(200);
    X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(originCa.certificate().getSubjectX500Principal());
    assertThat(seenByFirst).isEmpty();
    assertThat(connectsSeenByNext).contains(originAuthority());
  }

  @Test
  void wssThroughTheChainIsInterceptedByTheFirstProxy() throws Exception {
    WebSocketFlows flows = new WebSocketFlows();
    ProxyServer first = first(next(null), ProxyServer.builder().hook(flows));
    HttpClient client = JdkClients.via(first);
    WebSocketRecorder recorder = new WebSocketRecorder();

    WebSocket ws = recorder.open(client, wsOrigin.uri("/chained"));
    ws.sendText("through two proxies", true).get(5, TimeUnit.SECONDS);
    assertThat(recorder.next()).isEqualTo("through two proxies");
    ws.sendClose(4001, "done").get(5, TimeUnit.SECONDS);
    assertThat(recorder.closed()).isEqualTo(new WebSocketRecorder.Close(4001, "done"));

    Flow flow = flows.next();
    assertThat(flow.request().scheme()).isEqualTo("https");
    assertThat(flow.server().tls()).isNotNull();
    assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::text)
        .containsExactly("through two proxies", "through two proxies");
    assertThat(connectsSeenByNext).contains(wsOrigin.uri("/").getRawAuthority());
  }

  @Test
  void plainHttpInsideAConnectTunnelGoesToTheNextProxyInAbsoluteForm() {
    List<String> seenByNext = new CopyOnWriteArrayList<>();
    ProxyServer next = ProxyServer.builder().hook(FlowHook.onRequest(flow -> seenByNext.add(flow.request().url())))
        .start();
    proxies.add(next);
    ProxyServer first = first(next, ProxyServer.builder());
    String authority = "127.0.0.1:" + plainOrigin.port();

    try (RawClient raw = RawClient.connect(first.address())) {
      raw.send("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
      assertThat(raw.readResponse(true)).startsWith("HTTP/1.1 200 ");
      raw.send("GET /inside HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
    }
    assertThat(seenByNext).containsExactly("http://" + authority + "/inside");
    assertThat(plainOrigin.take().target()).isEqualTo("/inside");
  }

  @Test
  void anAbsoluteFormWebSocketUpgradeGoesToTheNextProxyInAbsoluteForm() throws Exception {
    List<String> upgradesSeenByNext = new CopyOnWriteArrayList<>();
    ProxyServer next = ProxyServer.builder()
        .hook(FlowHook.onRequest(flow -> upgradesSeenByNext.add(flow.request().url())))
        .start();
    proxies.add(next);
    WebSocketFlows flows = new WebSocketFlows();
    ProxyServer first = first(next, ProxyServer.builder().hook(flows));
    String authority = "127.0.0.1:" + plainWsOrigin.port();

    try (RawWebSocket ws = RawWebSocket.connect(first.address())) {
      assertThat(ws.upgrade("ws://" + authority + "/plain", authority)).startsWith("HTTP/1.1 101");
      ws.sendFrame(true, RawWebSocket.TEXT, "plain chain".getBytes(UTF_8), true);
      assertThat(ws.readFrame().text()).isEqualTo("plain chain");
      ws.sendFrame(true, RawWebSocket.CLOSE, RawWebSocket.closePayload(1000, "bye"), true);
      assertThat(ws.readFrame().closeCode()).isEqualTo(1000);
    }

    assertThat(flows.next().webSocket().messages()).extracting(WebSocketMessage::text)
        .containsExactly("plain chain", "plain chain");
    assertThat(upgradesSeenByNext).containsExactly("http://" + authority + "/plain");
  }
}
