package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.core.hooks.ProxyAuthenticator;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.tls.CertificateAuthority;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ProxyServer#replay(HttpRequest)}: a request sent again through the running proxy's hooks and out. */
@ExtendWith(NettyLeakDetection.class)
class RequestReplayTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin httpsOrigin = EchoOrigin.httpsExtension(ORIGIN_CA);

  @Test
  void aReplayedRequestReachesTheOriginAndComesBackAsANewFlowMarkedAsAReplay() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    FlowHook spy = new FlowHook() {
      @Override
      public void requestHeaders(HttpFlow flow) {
        seen.add("requestHeaders " + flow.replay());
      }

      @Override
      public void request(HttpFlow flow) {
        seen.add("request " + flow.replay());
      }

      @Override
      public void responseHeaders(HttpFlow flow) {
        seen.add("responseHeaders " + flow.replay());
      }

      @Override
      public void response(HttpFlow flow) {
        seen.add("response " + flow.replay());
      }
    };
    HttpRequest request = post(origin.uri("/echo?x=1").toString(), "hello");
    try (ProxyServer proxy = ProxyServer.builder().hook(spy).start()) {
      Flow flow = proxy.replay(request).get(10, TimeUnit.SECONDS);

      assertThat(flow.replay()).isEqualTo(ReplayKind.REQUEST);
      assertThat(flow.response().statusCode()).isEqualTo(200);
      assertThat(flow.response().text()).isEqualTo("hello");
      assertThat(flow.request().url()).isEqualTo(request.url());
      assertThat(flow.request()).isNotSameAs(request);
    }
    EchoOrigin.Seen arrived = origin.take();
    assertThat(arrived.method()).isEqualTo("POST");
    assertThat(arrived.target()).isEqualTo("/echo?x=1");
    assertThat(arrived.text()).isEqualTo("hello");
    assertThat(seen).containsExactly("requestHeaders REQUEST", "request REQUEST", "responseHeaders REQUEST",
        "response REQUEST");
  }

  @Test
  void aStaleContentLengthIsRecomputedAndTheCallersRequestIsLeftAlone() throws Exception {
    HttpRequest request = post(origin.uri("/echo").toString(), "abc");
    request.headers().set("Content-Length", "999");
    try (ProxyServer proxy = ProxyServer.builder().start()) {
      Flow flow = proxy.replay(request).get(10, TimeUnit.SECONDS);

      assertThat(flow.response().text()).isEqualTo("abc");
    }
    assertThat(origin.take().header("Content-Length")).isEqualTo("3");
    assertThat(request.headers().get("Content-Length")).isEqualTo("999");
  }

  @Test
  void anHttpsRequestIsReplayedOverTlsWithTheProxysUpstreamTrust() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().upstreamTrust(ORIGIN_CA.trustManager()).start()) {
      Flow flow = proxy.replay(post(httpsOrigin.uri("/secure").toString(), "over tls")).get(10, TimeUnit.SECONDS);

      assertThat(flow.error()).isNull();
      assertThat(flow.request().scheme()).isEqualTo("https");
      assertThat(flow.response().text()).isEqualTo("over tls");
    }
    assertThat(httpsOrigin.take().target()).isEqualTo("/secure");
  }

  @Test
  void anUntrustedUpstreamCertificateFailsTheFlowUnlessSslInsecure() throws Exception {
    HttpRequest request = post(httpsOrigin.uri("/secure").toString(), "x");
    try (ProxyServer strict = ProxyServer.builder().start();
        ProxyServer insecure = ProxyServer.builder().sslInsecure(true).start()) {
      Flow refused = strict.replay(request).get(10, TimeUnit.SECONDS);
      Flow accepted = insecure.replay(request).get(10, TimeUnit.SECONDS);

      assertThat(refused.error().kind()).isEqualTo(FlowError.Kind.TLS_FAILED);
      assertThat(accepted.response().statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anUnreachableUpstreamIsAnErrorOfTheFlowThatTheErrorHookSees() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    List<Flow> errors = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = ProxyServer.builder().hook(FlowHook.onError(errors::add)).start()) {
      Flow flow = proxy.replay(post("http://127.0.0.1:" + closedPort + "/gone", "x")).get(10, TimeUnit.SECONDS);

      assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.CONNECT_FAILED);
      assertThat(flow.error().message()).contains("127.0.0.1:" + closedPort);
      assertThat(errors).extracting(Flow::id).containsExactly(flow.id());
      assertThat(flow.isReplay()).isTrue();
    }
  }

  @Test
  void inUpstreamModeTheReplayGoesThroughTheNextProxy() throws Exception {
    List<String> seenUpstream = new CopyOnWriteArrayList<>();
    try (ProxyServer next = ProxyServer.builder()
            .hook(FlowHook.onRequest(flow -> seenUpstream.add(flow.request().url()))).start();
        ProxyServer proxy = ProxyServer.builder()
            .mode(ProxyMode.parse("upstream:http://127.0.0.1:" + next.address().getPort())).start()) {
      Flow flow = proxy.replay(post(origin.uri("/chained").toString(), "via")).get(10, TimeUnit.SECONDS);

      assertThat(flow.response().text()).isEqualTo("via");
    }
    assertThat(seenUpstream).containsExactly(origin.uri("/chained").toString());
  }

  @Test
  void inReverseModeTheReplayGoesToTheReverseTargetAsEveryRequestDoes() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder()
        .mode(ProxyMode.parse("reverse:http://127.0.0.1:" + origin.port())).start()) {
      Flow flow = proxy.replay(post("http://recorded.invalid/reversed", "back")).get(10, TimeUnit.SECONDS);

      assertThat(flow.response().text()).isEqualTo("back");
      assertThat(flow.request().port()).isEqualTo(origin.port());
    }
    assertThat(origin.take().target()).isEqualTo("/reversed");
  }

  @Test
  void replayedRequestsPassProxyAuthenticationWhileOrdinaryClientsMustLogIn() throws Exception {
    try (ProxyServer proxy = ProxyServer.builder().proxyAuth(ProxyAuthenticator.parse("ada:secret")).start()) {
      Flow flow = proxy.replay(post(origin.uri("/private").toString(), "ok")).get(10, TimeUnit.SECONDS);

      assertThat(flow.response().statusCode()).isEqualTo(200);
      int live = dev.sluice.core.testing.JdkClients.via(proxy)
          .send(java.net.http.HttpRequest.newBuilder(origin.uri("/live")).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
      assertThat(live).isEqualTo(407);
    }
  }

  @Test
  void aReplayStillUnderWayWhenTheProxyClosesFailsNamingTheClose() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FlowHook holding = FlowHook.blocking(FlowHook.onRequest(flow -> {
      held.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    ProxyServer proxy = ProxyServer.builder().hook(holding).start();
    var replay = proxy.replay(post(origin.uri("/slow").toString(), "x"));
    assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

    proxy.close();
    release.countDown();

    assertThatThrownBy(() -> replay.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("the proxy was closed before the replayed request finished");
    assertThatThrownBy(() -> proxy.replay(post(origin.uri("/late").toString(), "x")).get(10, TimeUnit.SECONDS))
        .hasMessageContaining("the proxy was closed");
  }

  private static HttpRequest post(String url, String body) {
    HttpRequest request = Request.builder().method("POST").url(url).header("Content-Type", "text/plain")
        .content(body.getBytes(StandardCharsets.UTF_8)).build();
    request.headers().set("Host", request.authority());
    return request;
  }
}
