package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.HookPhase;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code map_remote} through the running proxy with the JDK's client: the request reaches another
 * real origin on 127.0.0.1 than the one it named, over plain HTTP, out of an intercepted HTTPS
 * tunnel (HTTP/1.1 and HTTP/2), and from HTTPS to plain HTTP.
 */
class MapRemoteThroughTheProxyTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin named = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin mapped = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin namedTls = EchoOrigin.httpsExtension(ORIGIN_CA);

  @RegisterExtension
  static final EchoOrigin mappedTls = EchoOrigin.httpsExtension(ORIGIN_CA);

  private final BlockingQueue<Flow> flows = new LinkedBlockingQueue<>();

  /**
   * Lazy, so the server the client named is never contacted (eager, it is reached before the
   * client's TLS handshake) and an HTTP/2 client gets HTTP/2 though the origins speak HTTP/1.1 only.
   */
  private ProxyServer start(String spec) {
    return ProxyServer.builder().connectionStrategy(ConnectionStrategy.LAZY)
        .upstreamTrust(ORIGIN_CA.trustManager())
        .mapRemote(spec)
        .hook(HookPhase.RECORDING, FlowHook.onResponse(flow -> flows.add(flow.snapshot())))
        .start();
  }

  private Flow takeFlow() throws InterruptedException {
    Flow flow = flows.poll(5, TimeUnit.SECONDS);
    assertThat(flow).as("a finished flow").isNotNull();
    return flow;
  }

  @Test
  void aPlainRequestGoesToTheMappedOriginWithTheHostHeaderFollowing() throws Exception {
    try (ProxyServer proxy = start("|//127.0.0.1:" + named.port() + "/old/|//127.0.0.1:" + mapped.port() + "/new/")) {
      HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(named.uri("/old/page?q=1")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      EchoOrigin.Seen seen = mapped.take();
      assertThat(seen.target()).isEqualTo("/new/page?q=1");
      assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + mapped.port());
      assertThat(named.all()).isEmpty();
      Flow flow = takeFlow();
      assertThat(flow.request().url()).isEqualTo(mapped.uri("/new/page?q=1").toString());
      assertThat(flow.server().peer().getPort()).isEqualTo(mapped.port());
    }
  }

  @Test
  void anInterceptedHttpsRequestLeavesItsTunnelForTheMappedOriginNamingItInTheHandshake() throws Exception {
    try (ProxyServer proxy = start("|//localhost:" + namedTls.port() + "/|//127.0.0.1:" + mappedTls.port() + "/v2/")) {
      HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(namedTls.uri("/users")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      EchoOrigin.Seen seen = mappedTls.take();
      assertThat(seen.target()).isEqualTo("/v2/users");
      assertThat(seen.header("Host")).isEqualTo("127.0.0.1:" + mappedTls.port());
      assertThat(seen.sni()).as("no SNI for an IP address, not the tunnel's localhost").isNull();
      assertThat(namedTls.all()).isEmpty();
      assertThat(takeFlow().request().url()).isEqualTo("https://127.0.0.1:" + mappedTls.port() + "/v2/users");
    }
  }

  @Test
  void anHttp2RequestInATunnelIsMappedToo() throws Exception {
    try (ProxyServer proxy = start("|//localhost:" + namedTls.port() + "/|//localhost:" + mappedTls.port() + "/h2/")) {
      HttpClient client = JdkClients.http2Via(proxy);

      HttpResponse<String> response = client.send(HttpRequest.newBuilder(namedTls.uri("/x")).build(), BodyHandlers.ofString());

      assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
      EchoOrigin.Seen seen = mappedTls.take();
      assertThat(seen.target()).isEqualTo("/h2/x");
      assertThat(seen.header("Host")).isEqualTo("localhost:" + mappedTls.port());
      assertThat(seen.sni()).isEqualTo("localhost");
      assertThat(namedTls.all()).isEmpty();
    }
  }

  @Test
  void anHttpsRequestCanBeMappedToPlainHttp() throws Exception {
    try (ProxyServer proxy = start("|^https://localhost:" + namedTls.port() + "/|http://127.0.0.1:" + mapped.port() + "/")) {
      HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(namedTls.uri("/plain")).POST(HttpRequest.BodyPublishers.ofString("body")).build(),
          BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("body");
      EchoOrigin.Seen seen = mapped.take();
      assertThat(seen.method()).isEqualTo("POST");
      assertThat(seen.target()).isEqualTo("/plain");
      assertThat(namedTls.all()).isEmpty();
    }
  }
}
