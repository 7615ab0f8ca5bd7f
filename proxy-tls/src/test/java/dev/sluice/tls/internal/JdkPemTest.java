package dev.sluice.tls.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;

/** The JDK-only reading of the usual PEM file, and what it leaves to BouncyCastle's parser. */
class JdkPemTest {

  private static X509Certificate selfSigned(KeyPair keys) {
    return CaCertificates.create(keys, "JdkPem test CA", "Sluice", Duration.ofDays(1));
  }

  @Test
  void readsTheFileSluiceWritesWithAnEcOrRsaKey() throws Exception {
    for (KeyPair keys : new KeyPair[] {KeyPairs.ecP256(), rsa()}) {
      X509Certificate certificate = selfSigned(keys);

      JdkPem.Blocks blocks = JdkPem.read(PemFiles.pem(keys.getPrivate(), certificate));

      assertThat(blocks).isNotNull();
      assertThat(blocks.key().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
      assertThat(blocks.certificates()).containsExactly(certificate);
    }
  }

  @Test
  void leavesTraditionalKeysAndUnreadableBlocksToTheFullReader() throws Exception {
    KeyPair keys = rsa();
    StringWriter traditional = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(traditional)) {
      writer.writeObject(keys.getPrivate());
    }
    String certificate = PemFiles.pem(selfSigned(keys));

    assertThat(traditional.toString()).contains("BEGIN RSA PRIVATE KEY");
    assertThat(JdkPem.read(traditional + certificate)).isNull();
    assertThat(JdkPem.read("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n" + certificate))
        .isNull();
    assertThat(JdkPem.read(certificate)).isNull();
    String whole = PemFiles.pem(keys.getPrivate(), selfSigned(keys), selfSigned(keys));
    assertThat(JdkPem.read(whole.substring(0, whole.length() - 40))).as("the last block cut short").isNull();
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }
}
