package dev.sluice.tls.internal;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Creates self-signed CA certificates and checks loaded ones. */
public final class CaCertificates {

  private static final int KEY_CERT_SIGN = 5;

  private CaCertificates() {}

  /**
   * A self-signed CA certificate for {@code keyPair}: critical basicConstraints CA:TRUE with path
   * length 0 (it signs leaves only), critical keyUsage keyCertSign + cRLSign + digitalSignature, a
   * subject key identifier, SHA-256.
   */
  public static X509Certificate create(KeyPair keyPair, String commonName, String organization,
      Duration validity) {
    Instant now = Instant.now();
    X500Name subject = Certificates.name(commonName, organization);
    var builder = new JcaX509v3CertificateBuilder(subject, Certificates.randomSerial(),
        Certificates.notBefore(now), Date.from(now.plus(validity)), subject, keyPair.getPublic());
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      builder.addExtension(Extension.subjectKeyIdentifier, false,
          Certificates.keyIdentifier(keyPair.getPublic()));
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode the CA certificate's extensions", e);
    }
    return Certificates.sign(builder, keyPair.getPrivate());
  }

  /**
   * Checks that {@code ca} can issue leaves: a CA certificate (basicConstraints CA:TRUE, keyUsage
   * keyCertSign when keyUsage is present) whose public key matches the private key.
   *
   * @param source the file it came from, named in the error
   * @throws IOException naming {@code source} and what is wrong
   */
  public static KeyAndCertificate requireUsable(KeyAndCertificate ca, Object source)
      throws IOException {
    X509Certificate certificate = ca.certificate();
    KeyPairs.requireSupported(ca.privateKey(), source);
    if (certificate.getBasicConstraints() < 0) {
      throw new IOException(source + ": the certificate " + certificate.getSubjectX500Principal()
          + " is not a CA certificate (basicConstraints CA:TRUE is missing)");
    }
    boolean[] keyUsage = certificate.getKeyUsage();
    if (keyUsage != null && !keyUsage[KEY_CERT_SIGN]) {
      throw new IOException(source + ": the certificate " + certificate.getSubjectX500Principal()
          + " may not sign certificates (keyUsage lacks keyCertSign)");
    }
    if (!Certificates.keysMatch(ca.privateKey(), certificate.getPublicKey())) {
      throw new IOException(source + ": the private key does not match the certificate "
          + certificate.getSubjectX500Principal());
    }
    return ca;
  }
}
