package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each feature hook, added with its builder method, through the running proxy against a real origin. */
class HooksThroughTheProxyTest {

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.extension();

  private static HttpResponse<String> send(ProxyServer proxy, HttpRequest request) throws Exception {
    HttpClient client = JdkClients.via(proxy.address());
    return client.send(request, BodyHandlers.ofString());
  }

  private static ProxyServer start(UnaryOperator<ProxyServer.Builder> configure) {
    return configure.apply(ProxyServer.builder()).start();
  }

  @Test
  void anticacheStripsConditionalHeadersBeforeTheOrigin() throws Exception {
    try (ProxyServer proxy = start(ProxyServer.Builder::anticache)) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/a")).header("If-None-Match", "\"v1\"")
          .header("If-Modified-Since", "Sat, 21 Nov 2026 10:00:00 GMT").header("X-Keep", "1").build());

      EchoOrigin.Seen seen = origin.take();
      assertThat(seen.header("If-None-Match")).isNull();
      assertThat(seen.header("If-Modified-Since")).isNull();
      assertThat(seen.header("X-Keep")).isEqualTo("1");
    }
  }

  @Test
  void anticompAsksTheOriginForIdentityEncoding() throws Exception {
    try (ProxyServer proxy = start(ProxyServer.Builder::anticomp)) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/a")).header("Accept-Encoding", "gzip, br").build());

      assertThat(origin.take().header("Accept-Encoding")).isEqualTo("identity");
    }
  }

  @Test
  void proxyAuthAnswers407WithoutCredentialsAndNeverForwardsThem() throws Exception {
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
  void modifyHeadersChangesRequestAndResponseHeaders() throws Exception {
    try (ProxyServer proxy = start(b -> b.modifyHeaders("/~q/User-Agent/sluice-test", "/~s/X-Echo-Method/", "/~s/X-Added/yes"))) {
      HttpResponse<String> response = send(proxy, HttpRequest.newBuilder(origin.uri("/h"))
          .header("User-Agent", "original").build());

      assertThat(origin.take().header("User-Agent")).isEqualTo("sluice-test");
      assertThat(response.headers().firstValue("X-Echo-Method")).isEmpty();
      assertThat(response.headers().firstValue("X-Added")).hasValue("yes");
    }
  }

  @Test
  void modifyBodyRewritesTheRequestOnTheWayInAndTheResponseOnTheWayOut() throws Exception {
    try (ProxyServer proxy = start(b -> b.modifyBody("/~q/apple/banana", "/~s/banana/cherry pie"))) {
      HttpResponse<String> response = send(proxy, HttpRequest.newBuilder(origin.uri("/echo"))
          .POST(HttpRequest.BodyPublishers.ofString("one apple a day")).build());

      assertThat(origin.take().text()).isEqualTo("one banana a day");
      assertThat(response.body()).isEqualTo("one cherry pie a day");
      assertThat(response.headers().firstValue("Content-Length")).hasValue("20");
    }
  }

  @Test
  void stickyCookiesSendsACookieTheClientNeverKept() throws Exception {
    try (ProxyServer proxy = start(b -> b.stickyCookies("."))) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/cookie/session=abc")).build());
      send(proxy, HttpRequest.newBuilder(origin.uri("/page")).build());

      assertThat(origin.take().header("Cookie")).isNull();
      assertThat(origin.take().header("Cookie")).isEqualTo("session=abc");
    }
  }

  @Test
  void stickyAuthResendsTheLastAuthorizationToTheSameHost() throws Exception {
    try (ProxyServer proxy = start(b -> b.stickyAuth("."))) {
      send(proxy, HttpRequest.newBuilder(origin.uri("/login")).header("Authorization", "Bearer t0k3n").build());
      send(proxy, HttpRequest.newBuilder(origin.uri("/data")).build());

      origin.take();
      assertThat(origin.take().header("Authorization")).isEqualTo("Bearer t0k3n");
    }
  }
}
