package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension with the defaults of {@code @Sluice}: one proxy per class, everything injected. */
@Sluice
class SluiceAnnotationTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static final AtomicReference<ProxyServer> classProxy = new AtomicReference<>();

  @Test
  void injectsTheProxyAClientThatUsesItAndItsTrustMaterial(TestProxy proxy, ProxyServer server, HttpClient client,
      SSLContext sslContext, @CaPem Path caPem) throws Exception {
    assertThat(server).isSameAs(proxy.server());
    assertThat(client).isSameAs(proxy.client());
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.address().getPort()).isPositive();
    assertThat(client.proxy()).isPresent();
    assertThat(sslContext).isSameAs(server.certificateAuthority().sslContext());
    assertThat(Files.readString(caPem)).isEqualTo(server.certificateAuthority().certificatePem())
        .doesNotContain("PRIVATE KEY");
    assertThat(classProxy.compareAndSet(null, server) || classProxy.get() == server).isTrue();
  }

  @Test
  void logsEveryFinishedFlowInOrder(TestProxy proxy, HttpClient client) throws Exception {
    client.send(HttpRequest.newBuilder(origin.uri("/first")).build(), BodyHandlers.ofString());
    client.send(HttpRequest.newBuilder(origin.uri("/login")).POST(BodyPublishers.ofString("user=ada")).build(),
        BodyHandlers.ofString());

    assertThat(proxy.flows()).extracting(flow -> flow.request().path()).containsExactly("/first", "/login");
    assertThat(proxy.flows("~m POST & ~u /login")).singleElement()
        .satisfies(flow -> assertThat(flow.request().text()).isEqualTo("user=ada"));
    assertThat(proxy.flows(flow -> flow.response().statusCode() == 200)).hasSize(2);
    assertThat(proxy.takeFlow().request().path()).isEqualTo("/first");
    assertThat(proxy.takeFlow().request().path()).isEqualTo("/login");
    proxy.assertNoMoreFlows();
    assertThat(classProxy.compareAndSet(null, proxy.server()) || classProxy.get() == proxy.server()).isTrue();
  }

  @Test
  void startsEachTestWithAnEmptyLog(TestProxy proxy) {
    assertThat(proxy.flows()).isEmpty();
  }

  @Test
  void answersHttpsFromAHookWithNoUpstreamAtAll(TestProxy proxy, HttpClient client) throws Exception {
    FlowHook answer = FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "from the hook")));
    proxy.server().addHook(answer);
    try {
      var response = client.send(HttpRequest.newBuilder(URI.create("https://api.example.test/v1/items")).build(),
          BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("from the hook");
      Flow flow = proxy.takeFlow();
      assertThat(flow.request().url()).isEqualTo("https://api.example.test/v1/items");
      assertThat(flow).isNotInstanceOf(HttpFlow.class);
    } finally {
      proxy.server().removeHook(answer);
    }
  }

  @Test
  void takeFlowFailsListingTheFlowsSeenInsteadOfHanging(TestProxy proxy, HttpClient client) throws Exception {
    client.send(HttpRequest.newBuilder(origin.uri("/only")).build(), BodyHandlers.ofString());
    proxy.takeFlow();

    assertThatThrownBy(() -> proxy.takeFlow(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no flow finished through the proxy within 50 ms (1 taken before)")
        .hasMessageContaining("1. GET " + origin.uri("/only") + " -> 200 (upstream, 0 bytes)");
  }

  @Test
  void environmentSendsSubprocessesThroughTheProxyTrustingTheCa(TestProxy proxy, @CaPem Path caPem) {
    String proxyUrl = "http://127.0.0.1:" + proxy.server().address().getPort();

    assertThat(proxy.environment())
        .containsEntry("HTTPS_PROXY", proxyUrl).containsEntry("http_proxy", proxyUrl)
        .containsEntry("SSL_CERT_FILE", caPem.toAbsolutePath().toString())
        .containsEntry("NODE_EXTRA_CA_CERTS", caPem.toAbsolutePath().toString());
  }

  @Nested
  class NestedTests {
    @Test
    void shareTheEnclosingClassesProxy(ProxyServer server) {
      assertThat(classProxy.compareAndSet(null, server) || classProxy.get() == server).isTrue();
    }
  }
}
