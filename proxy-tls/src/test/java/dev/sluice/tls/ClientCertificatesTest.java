package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificatesTest {

  private static final CertificateAuthority clientCa = CertificateAuthority.builder().commonName("Client CA").build();

  @TempDir
  Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  private static String subjectOf(IssuedCertificate certificate) {
    return certificate.certificate().getSubjectX500Principal().getName();
  }

  @Test
  void aClientCertificateIsForClientAuthenticationAndSignedByItsCa() throws Exception {
    IssuedCertificate client = clientCa.issueClientCertificate("build-agent-7");

    X509Certificate leaf = client.certificate();
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=build-agent-7");
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    leaf.verify(clientCa.certificate().getPublicKey());
    assertThat(client.chain()).containsExactly(leaf, clientCa.certificate());
    assertThatThrownBy(() -> clientCa.issueClientCertificate("")).hasMessageContaining("commonName");
  }

  @Test
  void oneFileIsPresentedToEveryHostWithItsChain() throws Exception {
    IssuedCertificate client = clientCa.issueClientCertificate("everywhere");
    Path file = write("client.pem", ClientCertificates.pem(client));

    ClientCertificates certificates = ClientCertificates.load(file);

    IssuedCertificate loaded = certificates.forHost("api.example.com").orElseThrow();
    assertThat(loaded.chain()).isEqualTo(client.chain());
    assertThat(loaded.privateKey().getEncoded()).isEqualTo(client.privateKey().getEncoded());
    assertThat(certificates.forHost("127.0.0.1")).containsSame(loaded);
    assertThat(certificates.all()).containsExactly(loaded);
    assertThat(certificates).hasToString(file.toString());
  }

  @Test
  void theCertificateMatchingTheKeyComesFirstWhateverTheOrderOfTheFile() throws Exception {
    IssuedCertificate client = clientCa.issueClientCertificate("reordered");
    String pem = ClientCertificates.pem(client);
    String key = pem.substring(0, pem.indexOf("-----BEGIN CERTIFICATE"));
    Path file = write("reordered.pem", clientCa.certificatePem() + key
        + ClientCertificates.pem(new IssuedCertificate(client.privateKey(), List.of(client.certificate())))
            .substring(key.length()));

    assertThat(ClientCertificates.load(file).forHost("any").orElseThrow().chain())
        .containsExactly(client.certificate(), clientCa.certificate());
  }

  @Test
  void aDirectoryHoldsOneCertificatePerHostNamedAfterIt() throws Exception {
    write("api.example.com.pem", ClientCertificates.pem(clientCa.issueClientCertificate("api")));
    write("127.0.0.1.pem", ClientCertificates.pem(clientCa.issueClientCertificate("loopback")));
    write("README.txt", "not a certificate");

    ClientCertificates certificates = ClientCertificates.load(dir);

    assertThat(certificates.forHost("api.example.com").map(ClientCertificatesTest::subjectOf)).contains("CN=api");
    assertThat(certificates.forHost("API.Example.COM").map(ClientCertificatesTest::subjectOf)).contains("CN=api");
    assertThat(certificates.forHost("127.0.0.1").map(ClientCertificatesTest::subjectOf)).contains("CN=loopback");
    assertThat(certificates.forHost("other.example.com")).isEmpty();
    assertThat(certificates.all()).hasSize(2);
  }

  @Test
  void aHostAddedInCodeComesBeforeTheCertificateForEveryHost() throws Exception {
    Path everyHost = write("every.pem", ClientCertificates.pem(clientCa.issueClientCertificate("every")));
    Path special = write("special.pem", ClientCertificates.pem(clientCa.issueClientCertificate("special")));

    ClientCertificates certificates = ClientCertificates.load(everyHost)
        .withHost("special.example.com", special)
        .withHost("inline.example.com", clientCa.issueClientCertificate("inline"));

    assertThat(certificates.forHost("special.example.com").map(ClientCertificatesTest::subjectOf)).contains("CN=special");
    assertThat(certificates.forHost("inline.example.com").map(ClientCertificatesTest::subjectOf)).contains("CN=inline");
    assertThat(certificates.forHost("plain.example.com").map(ClientCertificatesTest::subjectOf)).contains("CN=every");
    assertThat(ClientCertificates.none().forHost("special.example.com")).isEmpty();
    assertThat(ClientCertificates.none().isEmpty()).isTrue();
    assertThat(certificates.isEmpty()).isFalse();
  }

  @Test
  void badFilesAreRejectedNamingTheFileAndWhatIsWrong() throws Exception {
    IssuedCertificate client = clientCa.issueClientCertificate("bad");
    String pem = ClientCertificates.pem(client);
    String keyOnly = pem.substring(0, pem.indexOf("-----BEGIN CERTIFICATE"));

    assertLoadFails(write("garbage.pem", "hello, not a PEM file\n"), "expected one private key, found 0");
    assertLoadFails(write("certificate-only.pem", clientCa.certificatePem()), "expected one private key, found 0");
    assertLoadFails(write("key-only.pem", keyOnly), "no CERTIFICATE block found");
    assertLoadFails(write("other-key.pem", keyOnly + clientCa.certificatePem()),
        "the private key matches none of the 1 certificate(s)");
    assertLoadFails(write("truncated.pem", pem.substring(0, pem.length() - 80)), "not a readable PEM file");
    assertLoadFails(dir.resolve("missing.pem"), "no such file or directory");
  }

  @Test
  void aBadFileInADirectoryFailsTheWholeDirectoryNamingTheFile() throws Exception {
    write("good.example.com.pem", ClientCertificates.pem(clientCa.issueClientCertificate("good")));
    Path bad = write("bad.example.com.pem", clientCa.certificatePem());

    assertThatThrownBy(() -> ClientCertificates.load(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(bad.toString())
        .hasMessageContaining("expected one private key");
  }

  @Test
  void aHostFileThatIsMissingIsRejectedNamingIt() {
    Path missing = dir.resolve("absent.pem");

    assertThatThrownBy(() -> ClientCertificates.none().withHost("api.example.com", missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> ClientCertificates.none().withHost(" ", clientCa.issueClientCertificate("x")))
        .hasMessage("host: must not be blank");
  }

  private static void assertLoadFails(Path file, String reason) {
    assertThatThrownBy(() -> ClientCertificates.load(file))
        .as(file.getFileName().toString())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(reason);
  }
}
