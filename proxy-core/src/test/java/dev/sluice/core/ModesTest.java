package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawClient;
import dev.sluice.core.testing.TcpEcho;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ModesTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static URI originUrl() {
    return URI.create("http://127.0.0.1:" + origin.port());
  }

  @Test
  void reverseModeSendsEveryRequestToTheUpstreamWithTheHostRewritten() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().mode(ProxyMode.reverse(originUrl())).start()) {
      HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      HttpResponse<String> response = direct.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/reverse?x=1"))
          .PUT(BodyPublishers.ofString("put body")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("put body");
      EchoOrigin.Seen seen = origin.take();
      assertThat(seen.method()).isEqualTo("PUT");
      assertThat(seen.target()).isEqualTo("/reverse?x=1");
      assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + origin.port());
    }
  }

  @Test
  void reverseModeKeepsTheClientsHostWhenToldTo() {
    try (ProxyServer proxy = ProxyServer.builder().mode(ProxyMode.reverse(originUrl())).keepHostHeader(true).start();
        RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET /kept HTTP/1.1\r\nHost: public.example\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
      assertThat(origin.take().header("Host")).isEqualTo("public.example");
    }
  }

  @Test
  void reverseModeServesCurlDirectly() {
    assumeThat(Curl.isInstalled()).as("curl is installed").isTrue();
    try (ProxyServer proxy = ProxyServer.builder().mode(ProxyMode.parse("reverse:" + originUrl())).start()) {
      Curl.Result result = Curl.run("--silent", "--noproxy", "*",
          "http://127.0.0.1:" + proxy.address().getPort() + "/chunked");

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("first-second");
    }
  }

  @Test
  void upstreamModeForwardsInAbsoluteFormToTheNextProxy() throws Exception {
    List<String> seenByNext = new CopyOnWriteArrayList<>();
    try (ProxyServer next = ProxyServer.builder()
            .hook(FlowHook.onRequest(flow -> seenByNext.add(flow.request().authority() + " " + flow.request().path())))
            .start();
        ProxyServer first = ProxyServer.builder()
            .mode(ProxyMode.upstream(URI.create("http://127.0.0.1:" + next.address().getPort())))
            .start()) {
      HttpClient client = JdkClients.via(first.address());

      HttpResponse<String> get = client.send(HttpRequest.newBuilder(origin.uri("/chained")).build(),
          BodyHandlers.ofString());
      HttpResponse<String> post = client.send(HttpRequest.newBuilder(origin.uri("/chained-post"))
          .POST(BodyPublishers.ofString("via two proxies")).build(), BodyHandlers.ofString());

      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(post.body()).isEqualTo("via two proxies");
      assertThat(seenByNext).containsExactly("127.0.0.1:" + origin.port() + " /chained",
          "127.0.0.1:" + origin.port() + " /chained-post");
      assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/chained", "/chained-post");
    }
  }

  @Test
  void upstreamModeSendsOriginFormAfterAbsoluteFormToTheNextProxyInAbsoluteForm() {
    List<String> seenByNext = new CopyOnWriteArrayList<>();
    String host = "127.0.0.1:" + origin.port();
    try (ProxyServer next = ProxyServer.builder()
            .hook(FlowHook.onRequest(flow -> seenByNext.add(flow.request().authority() + " " + flow.request().path())))
            .start();
        ProxyServer first = ProxyServer.builder()
            .mode(ProxyMode.upstream(URI.create("http://127.0.0.1:" + next.address().getPort())))
            .start();
        RawClient raw = RawClient.connect(first.address())) {
      raw.send("GET http://" + host + "/absolute HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
      raw.send("GET /origin-form HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
    }
    assertThat(seenByNext).containsExactly(host + " /absolute", host + " /origin-form");
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/absolute", "/origin-form");
  }

  @Test
  void upstreamModeServesCurl() {
    assumeThat(Curl.isInstalled()).as("curl is installed").isTrue();
    try (ProxyServer next = ProxyServer.builder().start();
        ProxyServer first = ProxyServer.builder()
            .mode(ProxyMode.parse("upstream:http://127.0.0.1:" + next.address().getPort()))
            .start()) {
      Curl.Result result = Curl.run("--silent", "--noproxy", "", "-x", "http://127.0.0.1:" + first.address().getPort(),
          "-X", "PUT", "--data-binary", "curl via two proxies", origin.uri("/curl-chain").toString());

      assertThat(result.exitCode()).isZero();
      assertThat(result.stdout()).isEqualTo("curl via two proxies");
      assertThat(origin.take().method()).isEqualTo("PUT");
    }
  }

  @Test
  void connectTunnelsRawBytesBothWays() throws Exception {
    CompletableFuture<String> connectTarget = new CompletableFuture<>();
    try (TcpEcho echo = TcpEcho.start();
        ProxyServer proxy = ProxyServer.builder()
            .hook(new FlowHook() {
              @Override public void httpConnect(HttpFlow flow) {
                connectTarget.complete(flow.request().host() + ":" + flow.request().port());
              }
            })
            .start();
        RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1:" + echo.port() + "\r\n\r\n");

      assertThat(raw.readResponse(true)).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
      raw.send("\u0016\u0003\u0001 not http at all \r\n\r\n");
      assertThat(readExactly(raw, 24)).isEqualTo("\u0016\u0003\u0001 not http at all \r\n\r\n");
      assertThat(connectTarget.get(5, TimeUnit.SECONDS)).isEqualTo("127.0.0.1:" + echo.port());
    }
  }

  @Test
  void connectToAClosedPortGets502() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (ProxyServer proxy = ProxyServer.builder().start(); RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("CONNECT 127.0.0.1:" + closedPort + " HTTP/1.1\r\nHost: x\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
          .contains("cannot connect to 127.0.0.1:" + closedPort);
    }
  }

  @Test
  void connectIsChainedThroughTheNextProxyInUpstreamMode() throws Exception {
    try (TcpEcho echo = TcpEcho.start();
        ProxyServer next = ProxyServer.builder().start();
        ProxyServer first = ProxyServer.builder()
            .mode(ProxyMode.upstream(URI.create("http://127.0.0.1:" + next.address().getPort())))
            .start();
        RawClient raw = RawClient.connect(first.address())) {
      raw.send("CONNECT 127.0.0.1:" + echo.port() + " HTTP/1.1\r\nHost: 127.0.0.1:" + echo.port() + "\r\n\r\n");

      assertThat(raw.readResponse(true)).isEqualTo("HTTP/1.1 200 Connection established\r\n\r\n");
      raw.send("through two tunnels");
      assertThat(readExactly(raw, 19)).isEqualTo("through two tunnels");
    }
  }

  @Test
  void connectRefusedByTheNextProxyIsAnswered502NamingItsStatus() {
    try (ProxyServer next = ProxyServer.builder()
            .hook(new FlowHook() {
              @Override public void httpConnect(HttpFlow flow) {
                flow.respond(dev.sluice.api.Response.of(403, "text/plain", "not there"));
              }
            })
            .start();
        ProxyServer first = ProxyServer.builder()
            .mode(ProxyMode.upstream(URI.create("http://127.0.0.1:" + next.address().getPort())))
            .start();
        RawClient raw = RawClient.connect(first.address())) {
      raw.send("CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
          .contains("upstream proxy 127.0.0.1:" + next.address().getPort() + " answered CONNECT 127.0.0.1:9 with 403 Forbidden");
    }
  }

  private static String readExactly(RawClient raw, int length) {
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      String some = raw.readSome();
      assertThat(some).as("bytes after %s", text).isNotEmpty();
      text.append(some);
    }
    return text.toString();
  }
}
