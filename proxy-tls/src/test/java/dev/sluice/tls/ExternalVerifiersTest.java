package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.api.CertificateRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl and OpenSSL's strict verifier accept minted leaves (skipped when the tool is missing). */
class ExternalVerifiersTest {

  private static final CertificateAuthority CA = CertificateAuthority.ephemeral();
  private static HttpsServer server;
  private static int port;

  @TempDir Path dir;
  private Path caPem;

  /** An HTTPS server on 127.0.0.1 presenting a leaf for curl.test and 127.0.0.1. */
  @BeforeAll
  static void startServer() throws Exception {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(CA.serverSslContext("curl.test", "127.0.0.1")));
    server.createContext("/", exchange -> {
      byte[] body = "hello over TLS".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  /** The CA saved the way the CLI saves it; tests use its sluice-ca-cert.pem. */
  @BeforeEach
  void saveCa() throws Exception {
    CA.save(dir);
    caPem = dir.resolve(CertificateAuthority.CERTIFICATE_PEM_FILE);
  }

  @Test
  void curlTrustsALeafForAHostNameWithTheCaPem() throws Exception {
    assertCurlGetsHello("--resolve", "curl.test:" + port + ":127.0.0.1", "https://curl.test:" + port + "/");
  }

  @Test
  void curlTrustsALeafForAnIpLiteral() throws Exception {
    assertCurlGetsHello("https://127.0.0.1:" + port + "/");
  }

  @Test
  void opensslsStrictVerifierAcceptsLeavesForNamesAndAddresses() throws Exception {
    ExternalTool.assumeInstalled("openssl");
    Path leaf = pem("leaf.pem",
        CA.issue(CertificateRequest.forNames("www.example.com", "*.example.org", "10.1.2.3", "::1"))
            .certificate());

    for (String[] check : new String[][] {{"-verify_hostname", "www.example.com"},
        {"-verify_hostname", "api.example.org"}, {"-verify_ip", "10.1.2.3"}, {"-verify_ip", "::1"}}) {
      ExternalTool.Result result = ExternalTool.run("openssl", "verify", "-x509_strict",
          "-purpose", "sslserver", "-CAfile", caPem.toString(), check[0], check[1], leaf.toString());
      assertThat(result.output()).as(check[1]).contains(": OK");
      assertThat(result.exitCode()).isZero();
    }
  }

  @Test
  void opensslRejectsALeafForANameItDoesNotCover() throws Exception {
    ExternalTool.assumeInstalled("openssl");
    Path leaf = pem("leaf.pem", CA.issue(CertificateRequest.forNames("www.example.com")).certificate());

    ExternalTool.Result result = ExternalTool.run("openssl", "verify", "-x509_strict",
        "-CAfile", caPem.toString(), "-verify_hostname", "other.example.com", leaf.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("hostname mismatch");
  }

  private void assertCurlGetsHello(String... arguments) throws Exception {
    ExternalTool.assumeInstalled("curl");
    List<String> command = new ArrayList<>(
        List.of("curl", "-sS", "--max-time", "20", "--cacert", caPem.toString()));
    command.addAll(List.of(arguments));

    ExternalTool.Result result = ExternalTool.run(command.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("hello over TLS");
  }

  private Path pem(String name, X509Certificate certificate) throws Exception {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded());
    return Files.writeString(dir.resolve(name),
        "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
  }
}
