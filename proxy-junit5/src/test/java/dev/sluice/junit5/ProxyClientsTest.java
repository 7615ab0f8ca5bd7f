package dev.sluice.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.tls.CertificateAuthority;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ProxySelector;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every client set-up of the README, over HTTPS through the proxy: each trusts the proxy's CA for
 * its own connections, and none changes a JVM default.
 */
class ProxyClientsTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Client recipes origin CA").build();

  @RegisterExtension
  static final EchoOrigin origin = EchoOrigin.httpsExtension(originCa);

  @RegisterExtension
  static final SluiceExtension sluice =
      SluiceExtension.builder().proxy(proxy -> proxy.upstreamTrust(originCa.trustManager())).build();

  private SSLContext defaultContext;
  private SSLSocketFactory defaultFactory;
  private HostnameVerifier defaultVerifier;
  private ProxySelector defaultSelector;

  @BeforeEach
  void rememberTheJvmDefaults() throws Exception {
    defaultContext = SSLContext.getDefault();
    defaultFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
    defaultVerifier = HttpsURLConnection.getDefaultHostnameVerifier();
    defaultSelector = ProxySelector.getDefault();
  }

  @AfterEach
  void theJvmDefaultsAreUnchanged() throws Exception {
    assertThat(SSLContext.getDefault()).isSameAs(defaultContext);
    assertThat(HttpsURLConnection.getDefaultSSLSocketFactory()).isSameAs(defaultFactory);
    assertThat(HttpsURLConnection.getDefaultHostnameVerifier()).isSameAs(defaultVerifier);
    assertThat(ProxySelector.getDefault()).isSameAs(defaultSelector);
  }

  @Test
  void theJdkHttpClientGoesThroughTheProxyOverHttp2(TestProxy proxy) throws Exception {
    HttpClient client = ProxyClients.httpClient(proxy.server());

    HttpResponse<String> response = client.send(HttpRequest.newBuilder(origin.uri("/jdk")).build(),
        BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    Flow flow = proxy.takeFlow();
    assertThat(flow.request().path()).isEqualTo("/jdk");
    assertThat(flow.request().httpVersion()).isEqualTo("HTTP/2.0");
  }

  @Test
  void anHttpsUrlConnectionTrustsTheProxyOnThatConnectionOnly(TestProxy proxy) throws Exception {
    HttpURLConnection connection = ProxyClients.openConnection(proxy.server(), origin.uri("/url-connection").toURL());

    assertThat(connection.getResponseCode()).isEqualTo(200);
    assertThat(connection.getHeaderField("X-Echo-Target")).isEqualTo("/url-connection");
    assertThat(((HttpsURLConnection) connection).getSSLSocketFactory()).isNotSameAs(defaultFactory);
    assertThat(proxy.takeFlow().request().path()).isEqualTo("/url-connection");
    HttpURLConnection direct = (HttpURLConnection) origin.uri("/direct").toURL().openConnection();
    assertThatThrownBy(direct::getResponseCode).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  @Test
  void openConnectionRefusesANonHttpUrl(ProxyServer server) {
    assertThatThrownBy(() -> ProxyClients.openConnection(server, new URL("ftp://127.0.0.1/file")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("url: not an http or https URL: ftp://127.0.0.1/file");
  }

  @Test
  void okHttpTakesTheProxyAndTrustInTwoLinesAndNegotiatesHttp2(TestProxy proxy) throws Exception {
    ProxyServer server = proxy.server();
    // README okhttp start
    CertificateAuthority ca = server.certificateAuthority();
    OkHttpClient okHttp = new OkHttpClient.Builder().proxy(ProxyClients.proxy(server))
        .sslSocketFactory(ca.sslContext().getSocketFactory(), ca.trustManager()).build();
    // README okhttp end

    try (Response response = okHttp.newCall(new Request.Builder().url(origin.uri("/okhttp").toURL()).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.protocol()).isEqualTo(Protocol.HTTP_2);
      assertThat(response.header("X-Echo-Target")).isEqualTo("/okhttp");
    }
    Flow flow = proxy.takeFlow();
    assertThat(flow.request().path()).isEqualTo("/okhttp");
    assertThat(flow.request().httpVersion()).isEqualTo("HTTP/2.0");
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
  }

  @Test
  void apacheHttpClient5TakesTheProxyAndTrustInTwoLines(TestProxy proxy) throws Exception {
    ProxyServer server = proxy.server();
    // README apache start
    CloseableHttpClient apache = HttpClients.custom().setProxy(new HttpHost("127.0.0.1", server.address().getPort()))
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setSSLSocketFactory(
            new SSLConnectionSocketFactory(server.certificateAuthority().sslContext())).build()).build();
    // README apache end

    try (apache; CloseableHttpResponse response = apache.execute(new HttpGet(origin.uri("/apache")))) {
      assertThat(response.getCode()).isEqualTo(200);
      assertThat(response.getFirstHeader("X-Echo-Target").getValue()).isEqualTo("/apache");
      EntityUtils.consume(response.getEntity());
    }
    assertThat(proxy.takeFlow().request().path()).isEqualTo("/apache");
  }

  @Test
  void plainHttpWorksThroughTheSameHelpers(TestProxy proxy) throws Exception {
    try (EchoOrigin plain = EchoOrigin.start()) {
      HttpURLConnection connection = ProxyClients.openConnection(proxy.server(), plain.uri("/plain").toURL());
      try (InputStream body = connection.getInputStream()) {
        assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
      }
      assertThat(plain.take().target()).isEqualTo("/plain");
    }
    assertThat(proxy.takeFlow().request().url()).startsWith("http://127.0.0.1:");
  }
}
