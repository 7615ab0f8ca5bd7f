package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawClient;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegularModeTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();
  private ProxyServer proxy;
  private HttpClient client;

  @BeforeEach
  void start() {
    proxy = ProxyServer.builder().start();
    client = JdkClients.via(proxy.address());
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  @Test
  void getIsForwardedInOriginFormAndAnswered() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(origin.uri("/hello?q=a%2Fb")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("GET");
    EchoOrigin.Seen seen = origin.take();
    assertThat(seen.target()).isEqualTo("/hello?q=a%2Fb");
    assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + origin.port());
  }

  @Test
  void postWithFixedLengthBodyReachesTheOrigin() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(origin.uri("/post"))
        .POST(BodyPublishers.ofString("name=sluice")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("name=sluice");
    assertThat(origin.take().header("Content-Length")).isEqualTo("11");
  }

  @Test
  void putWithChunkedBodyIsForwardedWithItsContent() throws Exception {
    byte[] body = "a chunked body of unknown length".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> response = send(HttpRequest.newBuilder(origin.uri("/put"))
        .PUT(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("PUT");
    assertThat(response.body()).isEqualTo("a chunked body of unknown length");
  }

  @Test
  void headAnswerHasItsHeadersAndNoBody() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(origin.uri("/size/1234"))
        .method("HEAD", BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("1234");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void chunkedResponseArrivesWhole() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(origin.uri("/chunked")));

    assertThat(response.body()).isEqualTo("first-second");
  }

  @Test
  void noContentResponseHasNoBody() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(origin.uri("/status/204")));

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void keepAliveReusesOneUpstreamConnectionForSeveralRequests() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(send(HttpRequest.newBuilder(origin.uri("/n" + i))).statusCode()).isEqualTo(200);
    }

    assertThat(origin.all()).hasSize(5);
    assertThat(origin.all().stream().map(EchoOrigin.Seen::remote).collect(Collectors.toSet())).hasSize(1);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host + "/first HTTP/1.1\r\nHost: " + host + "\r\n\r\n"
          + "POST http://" + host + "/second HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 3\r\n\r\nabc"
          + "GET http://" + host + "/third HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

      assertThat(raw.readResponse()).containsIgnoringCase("X-Echo-Target: /first");
      assertThat(raw.readResponse()).containsIgnoringCase("X-Echo-Target: /second").endsWith("\r\n\r\nabc");
      assertThat(raw.readResponse()).containsIgnoringCase("X-Echo-Target: /third");
    }
  }

  @Test
  void expectContinueGetsAContinueBeforeTheBodyIsSent() {
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("PUT http://" + host + "/upload HTTP/1.1\r\nHost: " + host
          + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 100 Continue\r\n");
      raw.send("hello");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ").endsWith("hello");
    }
    assertThat(origin.take().header("Expect")).isNull();
  }

  @Test
  void hopByHopHeadersDoNotReachTheOrigin() {
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host + "/hop HTTP/1.1\r\nHost: " + host + "\r\n"
          + "Proxy-Connection: keep-alive\r\nConnection: keep-alive, X-Private\r\nX-Private: secret\r\n"
          + "Keep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: foo/2\r\nX-Kept: yes\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
    }
    EchoOrigin.Seen seen = origin.take();
    assertThat(seen.header("X-Kept")).isEqualTo("yes");
    for (String hop : new String[] {"Proxy-Connection", "X-Private", "Keep-Alive", "TE", "Upgrade"}) {
      assertThat(seen.header(hop)).as(hop).isNull();
    }
  }

  @Test
  void http10ClientGetsAnAnswerAndTheConnectionCloses() {
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host + "/old HTTP/1.0\r\n\r\n");

      String response = raw.readUntilClosed();
      assertThat(response).containsIgnoringCase("X-Echo-Target: /old").contains("Connection: close");
    }
  }

  @Test
  void originFormAsTheFirstRequestOfAConnectionIsABadRequestSayingWhatToDo() {
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET /relative HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");

      assertThat(raw.readUntilClosed()).startsWith("HTTP/1.1 400 Bad Request\r\n")
          .contains("expects absolute-form requests").contains("as the first request of the connection")
          .contains("set this address as the client's HTTP proxy");
    }
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void originFormAfterAnAbsoluteFormRequestGoesToTheServerItsHostNames() {
    List<String> hookUrls = new CopyOnWriteArrayList<>();
    String host = "127.0.0.1:" + origin.port();
    try (ProxyServer hooked = ProxyServer.builder()
            .hook(FlowHook.onRequest(flow -> hookUrls.add(flow.request().url()))).start();
        RawClient raw = RawClient.connect(hooked.address())) {
      raw.send("GET http://" + host + "/first HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
      raw.send("GET /second?q=1 HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ").containsIgnoringCase("X-Echo-Target: /second?q=1");
    }
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/first", "/second?q=1");
    assertThat(hookUrls).containsExactly("http://" + host + "/first", "http://" + host + "/second?q=1");
  }

  @Test
  void originFormAfterAnAbsoluteFormRequestWithoutAHostIsABadRequestNamingIt() {
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host + "/first HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 ");
      raw.send("GET /nowhere HTTP/1.1\r\n\r\n");

      assertThat(raw.readUntilClosed()).startsWith("HTTP/1.1 400 Bad Request\r\n")
          .contains("origin-form request \"/nowhere\" without a Host header: destination unknown");
    }
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/first");
  }

  @Test
  void curlGetsThroughTheProxy() {
    assumeTrue(Curl.isInstalled(), "curl is not installed");

    Curl.Result result = Curl.run("--silent", "--noproxy", "", "-x", "http://127.0.0.1:" + proxy.address().getPort(),
        "--data-binary", "from curl", origin.uri("/curl").toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("from curl");
    assertThat(origin.take().method()).isEqualTo("POST");
  }
}
