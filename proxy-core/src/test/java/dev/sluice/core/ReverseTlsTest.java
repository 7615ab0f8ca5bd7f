package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.testing.HttpsOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReverseTlsTest {

  private static final CertificateAuthority originCa =
      CertificateAuthority.builder().commonName("Reverse origin CA").build();
  @RegisterExtension
  static final HttpsOrigin origin = HttpsOrigin.extension(originCa);

  private static ProxyServer reverseProxy(FlowHook hook) {
    return ProxyServer.builder()
        .mode(ProxyMode.parse("reverse:https://localhost:" + origin.port()))
        .upstreamTrust(originCa.trustManager())
        .hook(hook)
        .start();
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  private static HttpClient trusting(CertificateAuthority ca) {
    return HttpClient.newBuilder().sslContext(ca.sslContext()).version(HttpClient.Version.HTTP_1_1).build();
  }

  @Test
  void plainClientsReachAnHttpsUpstream() throws Exception {
    CompletableFuture<HttpFlow> seen = new CompletableFuture<>();
    try (ProxyServer proxy = reverseProxy(FlowHook.onResponse(seen::complete))) {
      HttpClient client = JdkClients.via(proxy.address());
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + proxy.address().getPort() + "/plain?a=1")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("secure GET /plain?a=1");
      HttpFlow flow = seen.get(5, TimeUnit.SECONDS);
      assertThat(flow.request().url()).isEqualTo("https://localhost:" + origin.port() + "/plain?a=1");
      assertThat(flow.client().tls()).isNull();
      assertThat(flow.server().tls().sni()).isEqualTo("localhost");
    }
  }

  @Test
  void tlsClientsAreTerminatedWithALeafForTheirSni() throws Exception {
    CompletableFuture<HttpFlow> seen = new CompletableFuture<>();
    try (ProxyServer proxy = reverseProxy(FlowHook.onResponse(seen::complete))) {
      HttpResponse<String> response = get(trusting(proxy.certificateAuthority()),
          URI.create("https://localhost:" + proxy.address().getPort() + "/secure"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("secure GET /secure");
      X509Certificate leaf = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
      assertThat(leaf.getIssuerX500Principal()).isEqualTo(proxy.certificateAuthority().certificate().getSubjectX500Principal());
      HttpFlow flow = seen.get(5, TimeUnit.SECONDS);
      assertThat(flow.client().tls().sni()).isEqualTo("localhost");
      assertThat(flow.request().scheme()).isEqualTo("https");
    }
  }

  @Test
  void tlsClientsWithoutSniGetTheUpstreamsNames() throws Exception {
    try (ProxyServer proxy = reverseProxy(FlowHook.onRequest(flow -> { }))) {
      HttpResponse<String> response = get(trusting(proxy.certificateAuthority()),
          URI.create("https://127.0.0.1:" + proxy.address().getPort() + "/by-ip"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("secure GET /by-ip");
    }
  }
}
