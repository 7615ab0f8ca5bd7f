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

/**
 * Real verifiers accept minted leaves: curl, wget (GnuTLS), Python's ssl module with OpenSSL's
 * strict checks (the default of Python 3.13+), Node, and {@code openssl verify -x509_strict}. Each
 * test is skipped when its tool is missing.
 */
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
  void wgetWithGnuTlsTrustsALeafForAnIpLiteral() throws Exception {
    ExternalTool.assumeInstalled("wget");

    ExternalTool.Result result = ExternalTool.run("wget", "-q", "-O", "-", "--timeout=20",
        "--ca-certificate=" + caPem, "https://127.0.0.1:" + port + "/");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).isEqualTo("hello over TLS");
  }

  @Test
  void pythonWithStrictVerificationTrustsLeavesForANameAndAnIpLiteral() throws Exception {
    ExternalTool.assumeInstalled("python3");
    String script = "import socket, ssl, sys\n"
        + "context = ssl.create_default_context(cafile=sys.argv[1])\n"
        + "context.verify_flags |= ssl.VERIFY_X509_STRICT\n"
        + "with socket.create_connection(('127.0.0.1', int(sys.argv[2])), timeout=20) as raw:\n"
        + "  with context.wrap_socket(raw, server_hostname=sys.argv[3]) as tls:\n"
        + "    print('hello over TLS', end='')\n";

    assertScriptConnectsToBothHosts("python3", "-c", script);
  }

  @Test
  void nodeTrustsLeavesForANameAndAnIpLiteral() throws Exception {
    ExternalTool.assumeInstalled("node");
    String script = "const [ca, port, host] = process.argv.slice(1);\n"
        + "const options = {host: '127.0.0.1', port: Number(port), ca: require('fs').readFileSync(ca)};\n"
        + "if (host !== '127.0.0.1') options.servername = host;\n"
        + "require('https').get({...options, headers: {host}}, response => {\n"
        + "  response.on('data', data => process.stdout.write(data));\n"
        + "}).on('error', error => { console.error(error.message); process.exit(1); });\n";

    assertScriptConnectsToBothHosts("node", "-e", script);
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

  /**
   * Runs {@code interpreter flag script caPem port host} for curl.test and for 127.0.0.1; the
   * script prints "hello over TLS" once it trusts the server.
   */
  private void assertScriptConnectsToBothHosts(String interpreter, String flag, String script)
      throws Exception {
    for (String host : List.of("curl.test", "127.0.0.1")) {
      ExternalTool.Result result = ExternalTool.run(
          interpreter, flag, script, caPem.toString(), String.valueOf(port), host);

      assertThat(result.output()).as(interpreter + " to " + host).isEqualTo("hello over TLS");
      assertThat(result.exitCode()).isZero();
    }
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
