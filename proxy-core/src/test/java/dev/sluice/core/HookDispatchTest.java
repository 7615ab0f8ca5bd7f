package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.ResponseSource;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.RawClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

class HookDispatchTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();
  private ProxyServer proxy;
  private HttpClient client;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  private void startProxy(ProxyServer.Builder builder) {
    proxy = builder.start();
    client = JdkClients.via(proxy.address());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(origin.uri(path)).timeout(Duration.ofSeconds(10)).build(),
        BodyHandlers.ofString());
  }

  private String rawGet(String path) {
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
      return raw.readUntilClosed();
    }
  }

  @Test
  void eventsFireInOrder() {
    FlowHook hook = mock(FlowHook.class);
    startProxy(ProxyServer.builder().hook(hook));

    assertThat(rawGet("/ordered")).startsWith("HTTP/1.1 200 ");

    verify(hook, timeout(5000)).clientDisconnected(any());
    InOrder order = inOrder(hook);
    order.verify(hook).clientConnected(any(ClientConnection.class));
    order.verify(hook).requestHeaders(any(HttpFlow.class));
    order.verify(hook).request(any(HttpFlow.class));
    order.verify(hook).responseHeaders(any(HttpFlow.class));
    order.verify(hook).response(any(HttpFlow.class));
    order.verify(hook).clientDisconnected(any(ClientConnection.class));
    verify(hook, never()).error(any());
  }

  @Test
  void eachEventSeesTheFlowStateOfItsStep() throws Exception {
    List<String> states = new CopyOnWriteArrayList<>();
    FlowHook recorder = new FlowHook() {
      @Override public void requestHeaders(HttpFlow flow) {
        states.add("requestHeaders body=" + flow.request().rawContentLength() + " response=" + flow.hasResponse());
      }

      @Override public void request(HttpFlow flow) {
        states.add("request body=" + flow.request().text() + " server=" + (flow.server() != null));
      }

      @Override public void responseHeaders(HttpFlow flow) {
        states.add("responseHeaders status=" + flow.response().statusCode() + " body="
            + flow.response().rawContentLength() + " server=" + (flow.server().peer() != null));
      }

      @Override public void response(HttpFlow flow) {
        states.add("response body=" + flow.response().text() + " source=" + flow.response().source()
            + " ended=" + (flow.response().timestampEnd() != null));
      }
    };
    startProxy(ProxyServer.builder().hook(recorder));

    client.send(HttpRequest.newBuilder(origin.uri("/state")).POST(BodyPublishers.ofString("ping")).build(),
        BodyHandlers.ofString());

    assertThat(states).containsExactly(
        "requestHeaders body=0 response=false",
        "request body=ping server=false",
        "responseHeaders status=200 body=0 server=true",
        "response body=ping source=UPSTREAM ended=true");
  }

  @Test
  void flowKeepsTheHeadersAsReceivedOnTheWire() throws Exception {
    CompletableFuture<Flow> seen = new CompletableFuture<>();
    startProxy(ProxyServer.builder().hook(FlowHook.onResponse(flow -> seen.complete(flow.snapshot()))));
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("POST http://" + host + "/wire HTTP/1.1\r\nHost: " + host + "\r\nProxy-Connection: keep-alive\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
      assertThat(raw.readResponse()).endsWith("abc");
    }

    Flow flow = seen.get(5, TimeUnit.SECONDS);
    assertThat(flow.request().headers().get("Proxy-Connection")).isEqualTo("keep-alive");
    assertThat(flow.request().headers().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(flow.request().headers().contains("Content-Length")).isFalse();
    assertThat(flow.request().text()).isEqualTo("abc");
    assertThat(origin.take().header("Content-Length")).isEqualTo("3");
  }

  @Test
  void respondInRequestSkipsTheUpstreamAndTheResponseEventsStillFire() throws Exception {
    FlowHook later = mock(FlowHook.class);
    CompletableFuture<ResponseSource> source = new CompletableFuture<>();
    doAnswer(call -> source.complete(call.<Flow>getArgument(0).response().source()))
        .when(later).response(any());
    startProxy(ProxyServer.builder()
        .hook(FlowHook.onRequest(flow -> flow.respond(dev.sluice.api.Response.of(418, "text/plain", "teapot"))))
        .hook(later));

    HttpResponse<String> response = get("/short");

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(response.body()).isEqualTo("teapot");
    assertThat(source.get(5, TimeUnit.SECONDS)).isEqualTo(ResponseSource.HOOK);
    verify(later).responseHeaders(any());
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void respondInRequestHeadersSkipsTheUpstreamAndKeepsTheConnection() throws Exception {
    startProxy(ProxyServer.builder()
        .hook(FlowHook.onRequestHeaders(flow -> {
          if (flow.request().path().equals("/early")) {
            flow.respond(dev.sluice.api.Response.of(403, "text/plain", "no"));
          }
        })));

    HttpResponse<String> refused = client.send(HttpRequest.newBuilder(origin.uri("/early"))
        .POST(BodyPublishers.ofString("body that is read and dropped")).build(), BodyHandlers.ofString());
    HttpResponse<String> next = get("/after");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/after");
  }

  @Test
  void respondInResponseHeadersReplacesTheUpstreamResponseAndItsBody() throws Exception {
    startProxy(ProxyServer.builder().hook(FlowHook.onResponseHeaders(flow -> {
      if (flow.request().path().equals("/size/100000")) {
        flow.respond(dev.sluice.api.Response.of(200, "text/plain", "replaced"));
      }
    })));

    HttpResponse<String> replaced = get("/size/100000");
    HttpResponse<String> next = get("/next");

    assertThat(replaced.body()).isEqualTo("replaced");
    assertThat(next.statusCode()).isEqualTo(200);
    assertThat(next.headers().firstValue("X-Echo-Target")).hasValue("/next");
  }

  @Test
  void throwingHookGetsItsFlowA502NamingItAndOtherFlowsGoOn() throws Exception {
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    FlowHook failing = new FlowHook() {
      @Override public void request(HttpFlow flow) {
        if (flow.request().path().equals("/boom")) {
          throw new IllegalStateException("boom");
        }
      }

      @Override public String name() {
        return "exploding-hook";
      }
    };
    startProxy(ProxyServer.builder().hook(failing).hook(FlowHook.onError(flow -> error.complete(flow.error()))));

    HttpResponse<String> failed = get("/boom");
    HttpResponse<String> fine = get("/fine");

    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(failed.body()).contains("hook exploding-hook failed in request").contains("boom");
    assertThat(error.get(5, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.HOOK_FAILED);
    assertThat(fine.statusCode()).isEqualTo(200);
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/fine");
  }

  @Test
  void blockingHookDoesNotStallAnotherConnection() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    startProxy(ProxyServer.builder().hook(FlowHook.blocking(FlowHook.onRequest(flow -> {
      if (flow.request().path().equals("/wait")) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        flow.request().headers().set("X-Waited", "yes");
      }
    }))));
    HttpClient other = JdkClients.via(proxy.address());

    CompletableFuture<HttpResponse<String>> waiting = client.sendAsync(
        HttpRequest.newBuilder(origin.uri("/wait")).build(), BodyHandlers.ofString());
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    HttpResponse<String> meanwhile = other.send(HttpRequest.newBuilder(origin.uri("/meanwhile")).build(),
        BodyHandlers.ofString());

    assertThat(meanwhile.statusCode()).isEqualTo(200);
    assertThat(waiting).isNotDone();
    release.countDown();
    assertThat(waiting.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/meanwhile", "/wait");
    assertThat(origin.all().get(1).header("X-Waited")).isEqualTo("yes");
  }

  @Test
  void hooksAddedAndRemovedWhileRunningApplyToTheNextFlows() throws Exception {
    startProxy(ProxyServer.builder());
    FlowHook tagger = FlowHook.onRequest(flow -> flow.request().headers().set("X-Tag", "on"));

    get("/before");
    proxy.addHook(tagger);
    get("/during");
    assertThat(proxy.removeHook(tagger)).isTrue();
    get("/after");

    assertThat(origin.all()).extracting(seen -> seen.header("X-Tag")).containsExactly(null, "on", null);
    assertThat(proxy.hooks()).doesNotContain(tagger);
    assertThat(proxy.removeHook(tagger)).isFalse();
  }

  @Test
  void killClosesTheClientConnectionWithoutAnAnswer() throws Exception {
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    startProxy(ProxyServer.builder()
        .hook(FlowHook.onRequest(HttpFlow::kill))
        .hook(FlowHook.onError(flow -> error.complete(flow.error()))));

    assertThat(rawGet("/killed")).isEmpty();
    assertThat(error.get(5, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.KILLED);
    assertThat(origin.all()).isEmpty();
  }

  @Test
  void streamedMessagesPassThroughWithoutAggregation() throws Exception {
    CompletableFuture<Flow> done = new CompletableFuture<>();
    startProxy(ProxyServer.builder()
        .maxBodySize(1000)
        .hook(FlowHook.onRequestHeaders(flow -> flow.request().setStreamed(true)))
        .hook(FlowHook.onResponseHeaders(flow -> flow.response().setStreamed(true)))
        .hook(FlowHook.onResponse(done::complete)));
    String large = "y".repeat(300_000);

    HttpResponse<String> echoed = client.send(HttpRequest.newBuilder(origin.uri("/stream"))
        .POST(BodyPublishers.ofString(large)).build(), BodyHandlers.ofString());

    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.body()).isEqualTo(large);
    Flow flow = done.get(5, TimeUnit.SECONDS);
    assertThat(flow.request().rawContentLength()).isZero();
    assertThat(flow.response().rawContentLength()).isZero();
    assertThat(get("/size/5000").body()).hasSize(5000);
  }

  @Test
  void hookThatThrowsBeforeTheBodyWasReadLeavesTheConnectionUsable() {
    startProxy(ProxyServer.builder().hook(FlowHook.onRequestHeaders(flow -> {
      if (flow.request().path().equals("/early-boom")) {
        throw new IllegalArgumentException("too early");
      }
    })));
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("POST http://" + host + "/early-boom HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 9\r\n\r\nleft over"
          + "GET http://" + host + "/next HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

      assertThat(raw.readResponse()).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("too early");
      assertThat(raw.readResponse()).startsWith("HTTP/1.1 200 OK\r\n");
    }
    assertThat(origin.all()).extracting(EchoOrigin.Seen::target).containsExactly("/next");
  }

  @Test
  void clientThatLeavesDuringABlockingHookAbortsItsFlowWhenTheHookReturns() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<FlowError> error = new CompletableFuture<>();
    CompletableFuture<ClientConnection> disconnected = new CompletableFuture<>();
    startProxy(ProxyServer.builder()
        .hook(FlowHook.blocking(FlowHook.onRequest(flow -> {
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })))
        .hook(FlowHook.onError(flow -> error.complete(flow.error())))
        .hook(new FlowHook() {
          @Override public void clientDisconnected(ClientConnection client) {
            disconnected.complete(client);
          }
        }));
    String host = "127.0.0.1:" + origin.port();
    try (RawClient raw = RawClient.connect(proxy.address())) {
      raw.send("GET http://" + host + "/left HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    }

    release.countDown();

    assertThat(error.get(5, TimeUnit.SECONDS).kind()).isEqualTo(FlowError.Kind.CLIENT_ABORTED);
    assertThat(disconnected.get(5, TimeUnit.SECONDS)).isNotNull();
  }
}
