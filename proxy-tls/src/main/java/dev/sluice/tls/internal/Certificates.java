package dev.sluice.tls.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** What the CA and the leaf builders share: serials, validity, names, key identifiers, signing. */
public final class Certificates {

  /** How far {@code notBefore} is back-dated, against clients whose clock is behind. */
  public static final Duration BACKDATE = Duration.ofDays(1);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

  private Certificates() {}

  /** A random positive serial of up to 127 bits (16 bytes in DER), never zero. */
  public static BigInteger randomSerial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  /** {@code now} minus {@link #BACKDATE}. */
  public static Date notBefore(Instant now) {
    return Date.from(now.minus(BACKDATE));
  }

  /** A subject or issuer name with an O (when not null) and a CN (when not null). */
  public static X500Name name(String commonName, String organization) {
    X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
    if (organization != null) {
      builder.addRDN(BCStyle.O, organization);
    }
    if (commonName != null) {
      builder.addRDN(BCStyle.CN, commonName);
    }
    return builder.build();
  }

  /** The RFC 5280 method-1 key identifier (SHA-1 of the key bits) of {@code key}. */
  public static SubjectKeyIdentifier keyIdentifier(PublicKey key) {
    // A new instance each time: its SHA-1 calculator is not thread-safe.
    return new BcX509ExtensionUtils()
        .createSubjectKeyIdentifier(SubjectPublicKeyInfo.getInstance(key.getEncoded()));
  }

  /** The subject key identifier extension of {@code certificate}, or one computed from its key. */
  public static byte[] subjectKeyIdentifier(X509Certificate certificate) {
    byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension == null) {
      return keyIdentifier(certificate.getPublicKey()).getKeyIdentifier();
    }
    byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
    return SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
  }

  /** Signs the certificate with {@code signingKey} (SHA-256) and returns it as a JDK certificate. */
  public static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
    try {
      var signer = new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(signingKey))
          .setProvider(BouncyCastle.PROVIDER)
          .build(signingKey);
      return CONVERTER.getCertificate(builder.build(signer));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate with a " + signingKey.getAlgorithm()
          + " key", e);
    }
  }

  /** Whether {@code privateKey} is the private half of {@code publicKey} (a sign-and-verify test). */
  public static boolean keysMatch(PrivateKey privateKey, PublicKey publicKey) {
    try {
      String algorithm = KeyPairs.signatureAlgorithm(privateKey);
      byte[] probe = "sluice key match".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signer.sign());
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
