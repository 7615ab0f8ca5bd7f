package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code block_list} through the running proxy with the JDK's client and curl: blocked requests
 * get their status or a closed connection over plain HTTP and intercepted HTTPS, and the origin
 * never sees them.
 */
class BlockListThroughTheProxyTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin http = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin https = EchoOrigin.httpsExtension(ORIGIN_CA);

  /** Lazy, so an HTTP/2 client gets HTTP/2 (and a killed stream its reset) though the origin speaks HTTP/1.1 only. */
  private static ProxyServer start() {
    return ProxyServer.builder().upstreamTrust(ORIGIN_CA.trustManager()).connectionStrategy(ConnectionStrategy.LAZY)
        .blockList("|~u /ads/|404", "|~u /track|444", "|~m DELETE|403")
        .start();
  }

  @Test
  void blockedRequestsGetTheirStatusAndNeverReachTheOrigin() throws Exception {
    try (ProxyServer proxy = start()) {
      HttpClient client = JdkClients.via(proxy);
      HttpResponse<String> ad = client.send(HttpRequest.newBuilder(http.uri("/ads/banner.js")).build(), BodyHandlers.ofString());
      HttpResponse<String> delete = client.send(HttpRequest.newBuilder(https.uri("/items/1")).DELETE().build(),
          BodyHandlers.ofString());
      HttpResponse<String> page = client.send(HttpRequest.newBuilder(https.uri("/page")).build(), BodyHandlers.ofString());

      assertThat(ad.statusCode()).isEqualTo(404);
      assertThat(ad.body()).isEmpty();
      assertThat(delete.statusCode()).isEqualTo(403);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(https.take().target()).isEqualTo("/page");
      assertThat(https.all()).hasSize(1);
      assertThat(http.all()).isEmpty();
    }
  }

  @Test
  void status444ClosesTheConnectionWithoutAnAnswerOverHttpAndHttps() throws Exception {
    try (ProxyServer proxy = start()) {
      HttpClient client = JdkClients.via(proxy);

      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(http.uri("/track")).build(), BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(https.uri("/track?id=1")).build(), BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThat(client.send(HttpRequest.newBuilder(http.uri("/after")).build(), BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      assertThat(http.take().target()).isEqualTo("/after");
      assertThat(https.all()).isEmpty();
    }
  }

  @Test
  void curlGetsAnEmptyReplyForAKilledRequestAndAResetForAKilledStream(@TempDir Path dir) throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed");
    try (ProxyServer proxy = start()) {
      Path caPem = Files.writeString(dir.resolve("ca.pem"), proxy.certificateAuthority().certificatePem());
      String proxyUrl = "http://127.0.0.1:" + proxy.address().getPort();

      Curl.Result killed = Curl.run("-s", "-o", "/dev/null", "-x", proxyUrl, http.uri("/track").toString());
      Curl.Result killedTls = Curl.run("-s", "-o", "/dev/null", "--http1.1", "--cacert", caPem.toString(), "-x", proxyUrl,
          https.uri("/track").toString());
      Curl.Result killedStream = Curl.run("-s", "-o", "/dev/null", "--http2", "--cacert", caPem.toString(), "-x", proxyUrl,
          https.uri("/track").toString());
      Curl.Result blocked = Curl.run("-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", caPem.toString(),
          "-x", proxyUrl, https.uri("/ads/x").toString());

      assertThat(killed.exitCode()).as("curl: empty reply from server").isEqualTo(52);
      assertThat(killedTls.exitCode()).isEqualTo(52);
      assertThat(killedStream.exitCode()).as("curl: HTTP/2 stream not closed cleanly").isEqualTo(92);
      assertThat(blocked.stdout()).isEqualTo("404");
      assertThat(http.all()).isEmpty();
      assertThat(https.all()).isEmpty();
    }
  }
}
