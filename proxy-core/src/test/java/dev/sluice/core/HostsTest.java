package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.testing.EchoOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code hosts} option through the running proxy: requests for names that resolve nowhere
 * reach real origins on 127.0.0.1, and keep their names in the {@code Host} header, the SNI the
 * origin sees and the certificate the client gets.
 */
class HostsTest {

  private static final CertificateAuthority ORIGIN_CA = CertificateAuthority.builder().commonName("Origin CA").build();

  @RegisterExtension
  static final EchoOrigin api = EchoOrigin.httpsExtension(ORIGIN_CA, "api.example.test", "also-known-as.example.test");

  @RegisterExtension
  static final EchoOrigin other = EchoOrigin.httpsExtension(ORIGIN_CA, "other.example.test");

  @RegisterExtension
  static final EchoOrigin plain = EchoOrigin.extension();

  private final BlockingQueue<Flow> flows = new LinkedBlockingQueue<>();

  private ProxyServer.Builder builder() {
    return ProxyServer.builder()
        .upstreamTrust(ORIGIN_CA.trustManager())
        .hook(HookPhase.RECORDING, FlowHook.onResponse(flow -> flows.add(flow.snapshot())));
  }

  @Test
  void anHttpsRequestReachesTheMappedAddressUnderItsOwnName() throws Exception {
    try (ProxyServer proxy = builder().remapHost("api.example.test", "127.0.0.1").start()) {
      HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(api.uri("api.example.test", "/users")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      EchoOrigin.Seen seen = api.take();
      assertThat(seen.sni()).isEqualTo("api.example.test");
      assertThat(seen.header("Host")).isEqualTo("api.example.test:" + api.port());
      X509Certificate minted = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
      assertThat(minted.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
          .as("the SNI, and the names read from the origin's certificate at the mapped address")
          .contains((Object) "api.example.test", "also-known-as.example.test");
      Flow flow = flows.poll(5, TimeUnit.SECONDS);
      assertThat(flow.request().url()).isEqualTo("https://api.example.test:" + api.port() + "/users");
      assertThat(flow.server().host()).isEqualTo("api.example.test");
      assertThat(flow.server().peer().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void aPlainRequestReachesTheMappedAddressWithItsHostHeader() throws Exception {
    try (ProxyServer proxy = builder().option("hosts", "plain.example.test=127.0.0.1").start()) {
      HttpResponse<String> response = JdkClients.via(proxy).send(
          HttpRequest.newBuilder(plain.uri("plain.example.test", "/p")).build(), BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(plain.take().header("Host")).isEqualTo("plain.example.test:" + plain.port());
    }
  }

  @Test
  void mapRemoteToAnotherRemappedNameAsksTheNewOriginForItsName() throws Exception {
    try (ProxyServer proxy = builder()
        .remapHost("api.example.test", "127.0.0.1")
        .remapHost("other.example.test", "127.0.0.1")
        .mapRemote("|//api.example.test:" + api.port() + "/|//other.example.test:" + other.port() + "/")
        .start()) {
      HttpClient client = JdkClients.via(proxy);

      HttpResponse<String> response = client.send(HttpRequest.newBuilder(api.uri("api.example.test", "/moved")).build(),
          BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      EchoOrigin.Seen seen = other.take();
      assertThat(seen.sni()).isEqualTo("other.example.test");
      assertThat(seen.header("Host")).isEqualTo("other.example.test:" + other.port());
      assertThat(seen.target()).isEqualTo("/moved");
    }
  }

  @Test
  void badEntriesAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> ProxyServer.builder().remapHost("api.example.test", "localhost"))
        .hasMessage("hosts: \"api.example.test=localhost\": \"localhost\" is not an IP address");
    assertThatThrownBy(() -> ProxyServer.builder().option("hosts", "api.example.test"))
        .hasMessage("hosts: \"api.example.test\": expected name=address, such as api.example.test=127.0.0.1");
    assertThat(ProxyServer.builder().remapHost("a.test", "::1").get(EngineOptions.HOSTS)).isEqualTo(List.of("a.test=::1"));
  }
}
