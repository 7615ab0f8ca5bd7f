package dev.sluice.core;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.core.testing.NettyLeakDetection;
import dev.sluice.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code upstreamAuth} (mitmproxy's {@code upstream_auth}): credentials for a next proxy that asks
 * for them (a second Sluice with {@code proxyAuth}), and for a reverse-mode server; never on the
 * flows.
 */
@ExtendWith(NettyLeakDetection.class)
class UpstreamAuthTest {

  private static final String CREDENTIALS = "me:s3cret:with-colon";
  private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(CREDENTIALS.getBytes(UTF_8));
  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Upstream auth origin CA").build();
  @RegisterExtension
  static final EchoOrigin httpsOrigin = EchoOrigin.httpsExtension(originCa);
  @RegisterExtension
  static final EchoOrigin plainOrigin = EchoOrigin.extension();

  private final List<ProxyServer> proxies = new ArrayList<>();
  private final List<HttpFlow> flowsOfTheFirst = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeProxies() {
    proxies.forEach(ProxyServer::close);
  }

  private ProxyServer started(ProxyServer.Builder builder) {
    ProxyServer proxy = builder.start();
    proxies.add(proxy);
    return proxy;
  }

  /** The next proxy: asks for {@link #CREDENTIALS}, passes TLS through untouched. */
  private ProxyServer nextAskingForCredentials() {
    return started(ProxyServer.builder().proxyAuth(CREDENTIALS).ignoreHosts(".*"));
  }

  private ProxyServer chainedTo(ProxyServer next, String credentials) {
    return chainedTo(next, credentials, ConnectionStrategy.EAGER);
  }

  private ProxyServer chainedTo(ProxyServer next, String credentials, ConnectionStrategy strategy) {
    return started(ProxyServer.builder()
        .connectionStrategy(strategy)
        .mode(ProxyMode.upstream(URI.create("http://127.0.0.1:" + next.address().getPort())))
        .upstreamTrust(originCa.trustManager())
        .upstreamAuth(credentials)
        .hook(FlowHook.onResponse(flowsOfTheFirst::add)));
  }

  private static java.net.http.HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  @Test
  void plainHttpReachesTheOriginThroughANextProxyThatAsksForCredentials() throws Exception {
    ProxyServer first = chainedTo(nextAskingForCredentials(), CREDENTIALS);

    var response = get(JdkClients.via(first), plainOrigin.uri("/plain"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(plainOrigin.take().target()).isEqualTo("/plain");
    assertThat(flowsOfTheFirst).singleElement()
        .satisfies(flow -> assertThat(flow.request().headers().get("Proxy-Authorization")).isNull());
  }

  @Test
  void interceptedHttpsReachesTheOriginThroughAnAuthenticatedConnect() throws Exception {
    ProxyServer first = chainedTo(nextAskingForCredentials(), CREDENTIALS);

    var response = get(JdkClients.via(first), httpsOrigin.uri("/secure"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(httpsOrigin.take().target()).isEqualTo("/secure");
    assertThat(flowsOfTheFirst).singleElement()
        .satisfies(flow -> assertThat(flow.request().url()).endsWith("/secure"));
  }

  @Test
  void withoutCredentialsTheNextProxysRefusalReachesTheClient() throws Exception {
    ProxyServer first = chainedTo(nextAskingForCredentials(), null);

    var plain = get(JdkClients.via(first), plainOrigin.uri("/plain"));

    assertThat(plain.statusCode()).isEqualTo(407);
  }

  @Test
  void withoutCredentialsAnInterceptedRequestFailsNamingTheRefusal() throws Exception {
    ProxyServer first = chainedTo(nextAskingForCredentials(), null, ConnectionStrategy.LAZY);

    var https = get(JdkClients.via(first), httpsOrigin.uri("/secure"));

    assertThat(https.statusCode()).isEqualTo(502);
    assertThat(https.body()).contains("407");
  }

  @Test
  void reverseModeSendsTheCredentialsAsAuthorizationToTheServer() throws Exception {
    ProxyServer reverse = started(ProxyServer.builder()
        .mode(ProxyMode.reverse(URI.create("http://127.0.0.1:" + plainOrigin.port())))
        .upstreamAuth(CREDENTIALS)
        .hook(FlowHook.onResponse(flowsOfTheFirst::add)));

    var response = get(HttpClient.newHttpClient(),
        URI.create("http://127.0.0.1:" + reverse.address().getPort() + "/reverse"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(plainOrigin.take().header("Authorization")).isEqualTo(BASIC);
    assertThat(flowsOfTheFirst).singleElement()
        .satisfies(flow -> assertThat(flow.request().headers().get("Authorization")).isNull());
  }

  @Test
  void malformedCredentialsAreRefusedWithoutRepeatingThem() {
    assertThatThrownBy(() -> ProxyServer.builder().upstreamAuth("no-colon-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user:password")
        .hasMessageNotContaining("no-colon-secret");
    assertThatThrownBy(() -> ProxyServer.builder().upstreamAuth(":password-only"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProxyServer.builder().upstreamAuth("me:secret\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
