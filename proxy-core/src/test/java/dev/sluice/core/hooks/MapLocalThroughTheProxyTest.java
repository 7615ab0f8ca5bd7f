package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.Curl;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code map_local} through the running proxy: the JDK's client and curl get local files over
 * plain HTTP and intercepted HTTPS, a 404 for what is not there, and nothing from outside the
 * directory however the path is written; the origin never sees a mapped request.
 */
class MapLocalThroughTheProxyTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin http = EchoOrigin.extension();

  @RegisterExtension
  static final EchoOrigin https = EchoOrigin.httpsExtension(ORIGIN_CA);

  @TempDir
  Path temp;

  private Path site;

  @BeforeEach
  void makeTheSite() throws Exception {
    site = Files.createDirectories(temp.resolve("site"));
    Files.createDirectories(site.resolve("js"));
    Files.writeString(site.resolve("js/app.js"), "console.log('local');");
    Files.writeString(site.resolve("index.html"), "<h1>local</h1>");
    Path secret = Files.writeString(temp.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(site.resolve("link.txt"), secret);
  }

  private ProxyServer start(String spec) {
    return ProxyServer.builder().upstreamTrust(ORIGIN_CA.trustManager()).mapLocal(spec).start();
  }

  @Test
  void plainRequestsGetLocalFilesWithTheirContentTypeAnd404ForTheRest() throws Exception {
    try (ProxyServer proxy = start("|//127.0.0.1:" + http.port() + "/static/|" + site)) {
      HttpResponse<String> script = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(http.uri("/static/js/app.js?v=3")).build(), BodyHandlers.ofString());
      HttpResponse<String> index = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(http.uri("/static/")).build(), BodyHandlers.ofString());
      HttpResponse<String> missing = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(http.uri("/static/js/missing.js")).build(), BodyHandlers.ofString());
      HttpResponse<String> other = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(http.uri("/api/users")).build(), BodyHandlers.ofString());

      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.body()).isEqualTo("console.log('local');");
      assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript");
      assertThat(index.body()).isEqualTo("<h1>local</h1>");
      assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(other.statusCode()).isEqualTo(200);
      assertThat(http.take().target()).isEqualTo("/api/users");
      assertThat(http.all()).hasSize(1);
    }
  }

  @Test
  void interceptedHttpsRequestsGetLocalFilesToo() throws Exception {
    try (ProxyServer proxy = start("|^https://localhost:" + https.port() + "/|" + site)) {
      HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(https.uri("/js/app.js")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("console.log('local');");
      assertThat(https.all()).isEmpty();
    }
  }

  @Test
  void noPathLeavesTheDirectoryHoweverItIsWritten() throws Exception {
    assumeTrue(Curl.isInstalled(), "curl is not installed");
    try (ProxyServer proxy = start("|//127.0.0.1:" + http.port() + "/static/|" + site)) {
      String base = "http://127.0.0.1:" + http.port() + "/static/";
      String proxyUrl = "http://127.0.0.1:" + proxy.address().getPort();

      for (String path : new String[] {"../secret.txt", "js/../../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt",
          "js%2f..%2f..%2fsecret.txt", "link.txt", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"}) {
        Curl.Result result = Curl.run("-s", "--path-as-is", "-w", " %{http_code}", "-x", proxyUrl, base + path);
        assertThat(result.stdout()).as(path).isEqualTo(" 404");
      }
      Curl.Result inside = Curl.run("-s", "--path-as-is", "-x", proxyUrl, base + "./js%2Fapp.js");
      assertThat(inside.stdout()).isEqualTo("console.log('local');");
      assertThat(http.all()).isEmpty();
    }
  }
}
