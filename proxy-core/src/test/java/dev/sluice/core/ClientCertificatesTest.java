package dev.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.core.testing.HttpsOrigin;
import dev.sluice.core.testing.JdkClients;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.tls.ClientCertificates;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Client certificates (mitmproxy's {@code client_certs}) towards an origin that requires and verifies them. */
@ParameterizedClass(name = "{0}")
@EnumSource(value = TlsEngine.class, names = {"JDK", "OPENSSL"})
class ClientCertificatesTest {

  private static final CertificateAuthority originCa = CertificateAuthority.builder().commonName("Origin CA").build();
  private static final CertificateAuthority clientCa = CertificateAuthority.builder().commonName("Client CA").build();
  @RegisterExtension
  static final HttpsOrigin origin = HttpsOrigin.requiringClientCertificates(originCa, clientCa);

  private final TlsEngine engine;
  private final CompletableFuture<FlowError> error = new CompletableFuture<>();

  @TempDir
  Path dir;

  ClientCertificatesTest(TlsEngine engine) {
    this.engine = engine;
  }

  private ProxyServer.Builder proxy() {
    return ProxyServer.builder()
        .tlsEngine(engine)
        .upstreamTrust(originCa.trustManager())
        .hook(FlowHook.onError(flow -> error.complete(flow.error())));
  }

  private static HttpResponse<String> get(ProxyServer proxy, String host, String path) throws Exception {
    return JdkClients.via(proxy).send(HttpRequest.newBuilder(URI.create("https://" + host + ":" + origin.port() + path))
        .timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
  }

  private Path pem(String name, String commonName) throws Exception {
    return Files.writeString(dir.resolve(name), ClientCertificates.pem(clientCa.issueClientCertificate(commonName)));
  }

  @Test
  void withoutAClientCertificateTheOriginRefusesTheProxy() throws Exception {
    try (ProxyServer proxy = proxy().start()) {
      HttpResponse<String> response = get(proxy, "localhost", "/anonymous");

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(error.get(5, TimeUnit.SECONDS).message()).contains("localhost:" + origin.port());
    }
  }

  @Test
  void oneFileIsPresentedToEveryHost() throws Exception {
    Path file = pem("client.pem", "every-host");

    try (ProxyServer proxy = proxy().option("client_certs", file.toString()).start()) {
      HttpResponse<String> byName = get(proxy, "localhost", "/by-name");
      HttpResponse<String> byAddress = get(proxy, "127.0.0.1", "/by-address");

      assertThat(byName.statusCode()).isEqualTo(200);
      assertThat(byName.body()).isEqualTo("secure GET /by-name");
      assertThat(byName.headers().firstValue("X-Client-Certificate")).contains("CN=every-host");
      assertThat(byAddress.headers().firstValue("X-Client-Certificate")).contains("CN=every-host");
    }
  }

  @Test
  void aDirectoryHasOneFilePerHostLookedUpByTheNameAskedFor() throws Exception {
    Path certs = Files.createDirectory(dir.resolve("certs"));
    Files.move(pem("localhost.pem", "for-localhost"), certs.resolve("localhost.pem"));
    Files.move(pem("extra.pem", "for-extra"), certs.resolve(HttpsOrigin.EXTRA_NAME + ".pem"));

    try (ProxyServer proxy = proxy().clientCertificates(ClientCertificates.load(certs)).start()) {
      HttpResponse<String> localhost = get(proxy, "localhost", "/named");
      HttpResponse<String> unnamed = get(proxy, "127.0.0.1", "/unnamed");

      assertThat(localhost.statusCode()).isEqualTo(200);
      assertThat(localhost.headers().firstValue("X-Client-Certificate")).contains("CN=for-localhost");
      assertThat(unnamed.statusCode()).as("no 127.0.0.1.pem").isEqualTo(502);
    }
  }

  @Test
  void aHostFromTheBuilderGetsItsOwnCertificate() throws Exception {
    ClientCertificates certificates = ClientCertificates.load(pem("every.pem", "every-host"))
        .withHost("127.0.0.1", clientCa.issueClientCertificate("loopback-only"));

    try (ProxyServer proxy = proxy().clientCertificates(certificates).start()) {
      assertThat(get(proxy, "127.0.0.1", "/own").headers().firstValue("X-Client-Certificate"))
          .contains("CN=loopback-only");
      assertThat(get(proxy, "localhost", "/every").headers().firstValue("X-Client-Certificate"))
          .contains("CN=every-host");
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedByTheOrigin() throws Exception {
    CertificateAuthority stranger = CertificateAuthority.builder().commonName("Stranger CA").build();
    Path file = Files.writeString(dir.resolve("stranger.pem"),
        ClientCertificates.pem(stranger.issueClientCertificate("stranger")));

    try (ProxyServer proxy = proxy().option("client_certs", file.toString()).start()) {
      assertThat(get(proxy, "localhost", "/stranger").statusCode()).isEqualTo(502);
    }
  }

  @Test
  void aMalformedClientCertsFileIsRejectedNamingTheOptionAndTheFile() throws Exception {
    Path certificateOnly = Files.writeString(dir.resolve("certificate-only.pem"), clientCa.certificatePem());
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> proxy().option("client_certs", certificateOnly.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("client_certs: " + certificateOnly)
        .hasMessageContaining("expected one private key, found 0");
    assertThatThrownBy(() -> proxy().option("client_certs", missing.toString()))
        .hasMessage("client_certs: " + missing + ": no such file or directory");
  }
}
