package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each feature hook, added with its builder method, through the running proxy against a real
 * origin over plain HTTP and over HTTPS (intercepted with the proxy's CA; the proxy verifies the
 * origin against the origin's own CA).
 */
class HooksThroughTheProxyTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin http = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin https = EchoOrigin.httpsExtension(ORIGIN_CA);

  /** Both origins; they are shared by every test, so the parameterized tests must not close them. */
  static Stream<EchoOrigin> origins() {
    return Stream.of(http, https);
  }

  private static HttpResponse<String> send(ProxyServer proxy, HttpRequest request) throws Exception {
    HttpClient client = JdkClients.via(proxy);
    return client.send(request, BodyHandlers.ofString());
  }

  private static ProxyServer start(UnaryOperator<ProxyServer.Builder> configure) {
    return configure.apply(ProxyServer.builder().upstreamTrust(ORIGIN_CA.trustManager())).start();
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("origins")
  void anticacheStripsConditionalHeadersBeforeTheOrigin(EchoOrigin origin) throws Exception {
    try (ProxyServer proxy = start(ProxyServer.Builder::anticache)) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/a")).header("If-None-Match", "\"v1\"")
          .header("If-Modified-Since", "Sat, 21 Nov 2026 10:00:00 GMT").header("X-Keep", "1").build());

      EchoOrigin.Seen seen = origin.take();
      assertThat(seen.header("If-None-Match")).isNull();
      assertThat(seen.header("If-Modified-Since")).isNull();
      assertThat(seen.header("X-Keep")).isEqualTo("1");
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("origins")
  void anticompAsksTheOriginForIdentityEncoding(EchoOrigin origin) throws Exception {
    try (ProxyServer proxy = start(ProxyServer.Builder::anticomp)) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/a")).header("Accept-Encoding", "gzip, br").build());

      assertThat(origin.take().header("Accept-Encoding")).isEqualTo("identity");
    }
  }

  @Test
  void proxyAuthAnswers407WithoutCredentialsAndNeverForwardsThem() throws Exception {
    EchoOrigin origin = http;
    try (ProxyServer proxy = start(b -> b.proxyAuth("ada:pa:ss").anticache())) {
      HttpResponse<String> refused = send(proxy, HttpRequest.newBuilder(origin.uri("/secret")).build());
      assertThat(refused.statusCode()).isEqualTo(407);
      assertThat(refused.headers().firstValue("Proxy-Authenticate")).hasValue("Basic realm=\"sluice\"");
      assertThat(origin.all()).isEmpty();
      assertThat(proxy.hooks().get(0)).isInstanceOf(ProxyAuth.class);

      assumeTrue(Curl.isInstalled(), "curl is not installed");
      Curl.Result allowed = Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "-U", "ada:pa:ss",
          "-x", "http://127.0.0.1:" + proxy.address().getPort(), origin.uri("/secret").toString());
      assertThat(allowed.stdout()).isEqualTo("200");
      assertThat(origin.take().header("Proxy-Authorization")).isNull();
    }
  }

  @Test
  void proxyAuthChecksTheConnectAndCoversTheWholeTunnel(@TempDir Path dir) throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed");
    try (ProxyServer proxy = start(b -> b.proxyAuth("ada:pw"))) {
      Path caPem = Files.writeString(dir.resolve("ca.pem"), proxy.certificateAuthority().certificatePem());
      String proxyUrl = "http://127.0.0.1:" + proxy.address().getPort();

      Curl.Result refused = Curl.run("-s", "-o", "/dev/null", "-w", "%{http_connect}", "--cacert", caPem.toString(),
          "-x", proxyUrl, https.uri("/a").toString());
      Curl.Result allowed = Curl.run("-s", "-w", " %{http_code}", "--cacert", caPem.toString(), "-U", "ada:pw",
          "-x", proxyUrl, https.uri("/b").toString(), https.uri("/c").toString());

      assertThat(refused.stdout()).isEqualTo("407");
      assertThat(allowed.stdout()).isEqualTo(" 200 200");
      assertThat(https.take().target()).isEqualTo("/b");
      assertThat(https.take().header("Proxy-Authorization")).isNull();
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("origins")
  void modifyHeadersChangesRequestAndResponseHeaders(EchoOrigin origin) throws Exception {
    try (ProxyServer proxy = start(b -> b.modifyHeaders("/~q/User-Agent/sluice-test", "/~s/X-Echo-Method/", "/~s/X-Added/yes"))) {
      HttpResponse<String> response = send(proxy, HttpRequest.newBuilder(origin.uri("/h"))
          .header("User-Agent", "original").build());

      assertThat(origin.take().header("User-Agent")).isEqualTo("sluice-test");
      assertThat(response.headers().firstValue("X-Echo-Method")).isEmpty();
      assertThat(response.headers().firstValue("X-Added")).hasValue("yes");
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("origins")
  void modifyBodyRewritesTheRequestOnTheWayInAndTheResponseOnTheWayOut(EchoOrigin origin) throws Exception {
    try (ProxyServer proxy = start(b -> b.modifyBody("/~q/apple/banana", "/~s/banana/cherry pie"))) {
      HttpResponse<String> response = send(proxy, HttpRequest.newBuilder(origin.uri("/echo"))
          .POST(HttpRequest.BodyPublishers.ofString("one apple a day")).build());

      assertThat(origin.take().text()).isEqualTo("one banana a day");
      assertThat(response.body()).isEqualTo("one cherry pie a day");
      assertThat(response.headers().firstValue("Content-Length")).hasValue("20");
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("origins")
  void stickyCookiesSendsACookieTheClientNeverKept(EchoOrigin origin) throws Exception {
    try (ProxyServer proxy = start(b -> b.stickyCookies("."))) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/cookie/session=abc")).build());
      send(proxy, HttpRequest.newBuilder(origin.uri("/page")).build());

      assertThat(origin.take().header("Cookie")).isNull();
      assertThat(origin.take().header("Cookie")).isEqualTo("session=abc");
    }
  }

  @ParameterizedTest(autoCloseArguments = false)
  @MethodSource("origins")
  void stickyAuthResendsTheLastAuthorizationToTheSameHost(EchoOrigin origin) throws Exception {
    try (ProxyServer proxy = start(b -> b.stickyAuth("."))) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/login")).header("Authorization", "Bearer t0k3n").build());
      send(proxy, HttpRequest.newBuilder(origin.uri("/data")).build());

      origin.take();
      assertThat(origin.take().header("Authorization")).isEqualTo("Bearer t0k3n");
    }
  }
}
