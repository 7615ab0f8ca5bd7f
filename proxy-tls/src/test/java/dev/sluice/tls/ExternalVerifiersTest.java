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
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl and OpenSSL's strict verifier accept minted leaves (skipped when the tool is missing). */
class ExternalVerifiersTest {

  private static final CertificateAuthority CA = CertificateAuthority.ephemeral();

  @TempDir Path dir;

  @Test
  void curlTrustsALeafForAHostNameWithTheCaPem() throws Exception {
    assertCurlGetsHello("curl.test", port -> List.of(
        "--resolve", "curl.test:" + port + ":127.0.0.1", "https://curl.test:" + port + "/"));
  }

  @Test
  void curlTrustsALeafForAnIpLiteral() throws Exception {
    assertCurlGetsHello("127.0.0.1", port -> List.of("https://127.0.0.1:" + port + "/"));
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
          "-purpose", "sslserver", "-CAfile", caPem().toString(), check[0], check[1], leaf.toString());
      assertThat(result.output()).as(check[1]).contains(": OK");
      assertThat(result.exitCode()).isZero();
    }
  }

  @Test
  void opensslRejectsALeafForANameItDoesNotCover() throws Exception {
    ExternalTool.assumeInstalled("openssl");
    Path leaf = pem("leaf.pem", CA.issue(CertificateRequest.forNames("www.example.com")).certificate());

    ExternalTool.Result result = ExternalTool.run("openssl", "verify", "-x509_strict",
        "-CAfile", caPem().toString(), "-verify_hostname", "other.example.com", leaf.toString());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("hostname mismatch");
  }

  /** Runs curl with {@code --cacert} and the arguments for the port against a server for {@code name}. */
  private void assertCurlGetsHello(String name, IntFunction<List<String>> arguments) throws Exception {
    ExternalTool.assumeInstalled("curl");
    HttpsServer server = httpsServer(name);
    try {
      List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert",
          caPem().toString()));
      command.addAll(arguments.apply(server.getAddress().getPort()));
      ExternalTool.Result result = ExternalTool.run(command.toArray(String[]::new));

      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(result.output()).isEqualTo("hello over TLS");
    } finally {
      server.stop(0);
    }
  }

  private HttpsServer httpsServer(String name) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(CA.serverSslContext(name)));
    server.createContext("/", exchange -> {
      byte[] body = "hello over TLS".getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private Path caPem() throws Exception {
    CA.save(dir);
    return dir.resolve(CertificateAuthority.CERTIFICATE_PEM_FILE);
  }

  private Path pem(String name, X509Certificate certificate) throws Exception {
    String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(certificate.getEncoded());
    return Files.writeString(dir.resolve(name),
        "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
  }
}
