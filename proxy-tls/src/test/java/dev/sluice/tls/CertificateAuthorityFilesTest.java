package dev.sluice.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.CertificateRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading a CA: the file set, PEM (PKCS#8 and traditional keys), PKCS#12, errors. */
class CertificateAuthorityFilesTest {

  @TempDir Path dir;

  @Test
  void saveWritesTheFourFilesOfMitmproxysSetUnderSluicesNames() throws Exception {
    CertificateAuthority ca = CertificateAuthority.ephemeral();

    ca.save(dir);

    assertThat(dir.resolve("sluice-ca.pem")).content().contains("-----BEGIN PRIVATE KEY-----",
        "-----BEGIN CERTIFICATE-----");
    assertThat(dir.resolve("sluice-ca-cert.pem")).hasContent(ca.certificatePem().strip())
        .content().doesNotContain("PRIVATE KEY");
    assertThat(dir.resolve("sluice-ca-cert.cer")).hasBinaryContent(ca.certificateDer());
    KeyStore p12 = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(dir.resolve("sluice-ca-cert.p12"))) {
      p12.load(in, new char[0]);
    }
    assertThat(p12.getCertificate(p12.aliases().nextElement())).isEqualTo(ca.certificate());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
          "sluice-ca.pem", "sluice-ca-cert.pem", "sluice-ca-cert.cer", "sluice-ca-cert.p12");
    }
  }

  @Test
  void theKeyFileIsReadableByItsOwnerOnly() throws Exception {
    CertificateAuthority.ephemeral().save(dir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("sluice-ca.pem"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("sluice-ca-cert.pem")))).isEqualTo("rw-r--r--");
  }

  @Test
  void aSavedCaLoadsBackWithTheSameCertificateAndAWorkingKey() throws Exception {
    CertificateAuthority saved = CertificateAuthority.ephemeral();
    saved.save(dir);

    CertificateAuthority loaded = CertificateAuthority.load(dir.resolve("sluice-ca.pem"));

    assertThat(loaded.certificate()).isEqualTo(saved.certificate());
    mintedLeafVerifies(loaded);
  }

  @Test
  void loadOrCreateCreatesTheDirectoryThenLoadsTheSameCaNextTime() throws Exception {
    Path home = dir.resolve("home/.sluice");

    CertificateAuthority created = CertificateAuthority.loadOrCreate(home);
    CertificateAuthority reloaded = CertificateAuthority.loadOrCreate(home);

    assertThat(home.resolve("sluice-ca-cert.pem")).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
    assertThat(reloaded.certificate()).isEqualTo(created.certificate());
  }

  @Test
  void aTraditionalRsaKeyAfterTheCertificateLoads() throws Exception {
    CertificateAuthority rsa = CertificateAuthority.builder().rsa(2048).build();
    Path file = rewriteWithTraditionalKey(rsa, "traditional-rsa.pem");

    assertThat(file).content().contains("-----BEGIN RSA PRIVATE KEY-----");
    CertificateAuthority loaded = CertificateAuthority.load(file);
    assertThat(loaded.certificate()).isEqualTo(rsa.certificate());
    mintedLeafVerifies(loaded);
  }

  @Test
  void aTraditionalEcKeyMadeByOpensslLoads() throws Exception {
    ExternalTool.assumeInstalled("openssl");
    CertificateAuthority ec = CertificateAuthority.ephemeral();
    ec.save(dir);
    ExternalTool.Result key = ExternalTool.run("openssl", "ec", "-in",
        dir.resolve("sluice-ca.pem").toString());
    Path file = dir.resolve("traditional-ec.pem");
    Files.writeString(file, key.output().substring(key.output().indexOf("-----BEGIN"))
        + ec.certificatePem());

    assertThat(file).content().contains("-----BEGIN EC PRIVATE KEY-----");
    assertThat(CertificateAuthority.load(file).certificate()).isEqualTo(ec.certificate());
  }

  @Test
  void mitmproxysCaFileMadeByOpensslLoads() throws Exception {
    Path key = opensslSelfSigned("rsa:2048", "/CN=mitmproxy/O=mitmproxy",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    ExternalTool.Result traditional =
        ExternalTool.run("openssl", "rsa", "-in", key.toString(), "-traditional");
    Path mitmproxyCa = dir.resolve("mitmproxy-ca.pem");
    Files.writeString(mitmproxyCa, traditional.output() + Files.readString(dir.resolve("cert.pem")));

    CertificateAuthority loaded = CertificateAuthority.load(mitmproxyCa);

    assertThat(loaded.certificate().getSubjectX500Principal().getName())
        .isEqualTo("O=mitmproxy,CN=mitmproxy");
    mintedLeafVerifies(loaded);
  }

  @Test
  void aCaWithAKeyTypeThatCannotSignLeavesIsRefused() throws Exception {
    Path key = opensslSelfSigned("ed25519", "/CN=ed");

    assertLoadFails("ed25519-ca.pem", Files.readString(key) + Files.readString(dir.resolve("cert.pem")),
        "unsupported key algorithm Ed25519");
  }

  @Test
  void aPkcs12KeyStoreWithAPasswordLoads() throws Exception {
    CertificateAuthority ca = CertificateAuthority.ephemeral();
    ca.save(dir);
    PrivateKey key = readKey(dir.resolve("sluice-ca.pem"));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("ca", key, "secret".toCharArray(), new Certificate[] {ca.certificate()});
    Path p12 = dir.resolve("ca.p12");
    try (var out = Files.newOutputStream(p12)) {
      store.store(out, "secret".toCharArray());
    }

    CertificateAuthority loaded = CertificateAuthority.loadPkcs12(p12, "secret".toCharArray());

    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    mintedLeafVerifies(loaded);
    assertThatThrownBy(() -> CertificateAuthority.loadPkcs12(p12, "wrong".toCharArray()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(p12.toString())
        .hasMessageContaining("password is wrong");
  }

  @Test
  void aMissingFileIsReportedByName() {
    Path missing = dir.resolve("nope.pem");

    assertThatThrownBy(() -> CertificateAuthority.load(missing))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> CertificateAuthority.loadPkcs12(missing, new char[0]))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void corruptFilesAreReportedByNameWithWhatIsWrong() throws Exception {
    CertificateAuthority ca = CertificateAuthority.ephemeral();
    ca.save(dir);
    String keyAndCert = Files.readString(dir.resolve("sluice-ca.pem"));
    String keyOnly = keyAndCert.substring(0, keyAndCert.indexOf("-----BEGIN CERTIFICATE"));

    assertLoadFails("garbage.pem", "hello, not a PEM file\n", "expected one private key, found 0");
    assertLoadFails("cert-only.pem", ca.certificatePem(), "expected one private key, found 0");
    assertLoadFails("key-only.pem", keyOnly, "no CERTIFICATE block found");
    assertLoadFails("truncated.pem", keyAndCert.substring(0, keyAndCert.length() - 80),
        "not a readable PEM file");
    assertLoadFails("other-key.pem", keyOnly + CertificateAuthority.ephemeral().certificatePem(),
        "the private key matches none of the 1 certificate(s)");
    Files.write(dir.resolve("not.p12"), "not a key store".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> CertificateAuthority.loadPkcs12(dir.resolve("not.p12"), new char[0]))
        .hasMessageContaining(dir.resolve("not.p12").toString())
        .hasMessageContaining("not a PKCS#12 file");
    assertThatThrownBy(() -> CertificateAuthority.loadPkcs12(dir.resolve("sluice-ca-cert.p12"), new char[0]))
        .hasMessageContaining("holds no private key entry");
  }

  @Test
  void anEncryptedKeyIsReportedAsEncrypted() throws Exception {
    ExternalTool.assumeInstalled("openssl");
    CertificateAuthority ca = CertificateAuthority.ephemeral();
    ca.save(dir);
    ExternalTool.Result key = ExternalTool.run("openssl", "pkcs8", "-topk8", "-v2", "aes256",
        "-passout", "pass:secret", "-in", dir.resolve("sluice-ca.pem").toString());
    assertThat(key.output()).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");

    assertLoadFails("encrypted.pem", key.output() + ca.certificatePem(), "the private key is encrypted");
  }

  @Test
  void aLeafCertificateIsNotAcceptedAsACa() throws Exception {
    var leaf = CertificateAuthority.ephemeral().issue(CertificateRequest.forNames("example.com"));

    assertLoadFails("leaf.pem", pem(leaf.privateKey(), true, leaf.certificate()),
        "is not a CA certificate");
  }

  @Test
  void trustMaterialHoldsTheCaAndNothingElse() throws Exception {
    CertificateAuthority ca = CertificateAuthority.ephemeral();

    KeyStore trustStore = ca.trustStore();
    X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(ca.certificatePem().getBytes(StandardCharsets.US_ASCII)));

    assertThat(trustStore.size()).isEqualTo(1);
    assertThat(trustStore.getCertificate(trustStore.aliases().nextElement())).isEqualTo(ca.certificate());
    assertThat(ca.trustManager().getAcceptedIssuers()).containsExactly(ca.certificate());
    assertThat(fromPem).isEqualTo(ca.certificate());
    assertThat(ca.sslContext()).isSameAs(ca.sslContext());
    assertThat(Security.getProvider("BC")).isNull();
  }

  private void assertLoadFails(String name, String content, String reason) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    assertThatThrownBy(() -> CertificateAuthority.load(file))
        .as(name)
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file.toString())
        .hasMessageContaining(reason);
  }

  /** A self-signed certificate by openssl in dir/cert.pem; returns the key file (PKCS#8). */
  private Path opensslSelfSigned(String newKey, String subject, String... extensions)
      throws Exception {
    ExternalTool.assumeInstalled("openssl");
    Path key = dir.resolve("key.pem");
    List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", newKey,
        "-nodes", "-keyout", key.toString(), "-out", dir.resolve("cert.pem").toString(),
        "-days", "30", "-subj", subject));
    command.addAll(List.of(extensions));
    ExternalTool.Result made = ExternalTool.run(command.toArray(String[]::new));
    assertThat(made.exitCode()).as(made.output()).isZero();
    return key;
  }

  private static void mintedLeafVerifies(CertificateAuthority ca) throws Exception {
    X509Certificate leaf = ca.issue(CertificateRequest.forNames("example.com")).certificate();
    leaf.verify(ca.certificate().getPublicKey());
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
  }

  private Path rewriteWithTraditionalKey(CertificateAuthority ca, String name) throws Exception {
    ca.save(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, ca.certificatePem() + pem(readKey(dir.resolve("sluice-ca.pem")), false));
    return file;
  }

  /** PEM of a key and certificates, the key as PKCS#8 or (for RSA) traditional. */
  private static String pem(PrivateKey key, boolean pkcs8, X509Certificate... certificates)
      throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(pkcs8 ? new JcaPKCS8Generator(key, null) : key);
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    }
    return text.toString();
  }

  private static PrivateKey readKey(Path file) throws IOException {
    List<Object> blocks = new ArrayList<>();
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        blocks.add(block);
      }
    }
    assertThat(blocks).hasAtLeastOneElementOfType(X509CertificateHolder.class);
    PrivateKeyInfo key = blocks.stream().filter(PrivateKeyInfo.class::isInstance)
        .map(PrivateKeyInfo.class::cast).findFirst().orElseThrow();
    return new JcaPEMKeyConverter().getPrivateKey(key);
  }
}
