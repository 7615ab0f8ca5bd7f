package dev.sluice.tls.internal;

import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Mints leaf certificates signed by one CA, all for the same leaf key pair (EC P-256, made once per
 * minter), so that minting costs one signature. Thread-safe and immutable.
 *
 * <p>Every leaf has: a subjectAltName entry per name (critical when the subject is empty);
 * extendedKeyUsage serverAuth (a client certificate: clientAuth, and no subjectAltName); critical keyUsage digitalSignature; critical basicConstraints
 * CA:FALSE; an authority key identifier equal to the CA's subject key identifier; its own subject
 * key identifier; {@code notBefore} a day back and {@code notAfter} 365 days ahead (never after the
 * CA's); a random serial; a SHA-256 signature. The CN is the request's common name when it fits
 * the 64-character limit, and is left out otherwise.
 */
public final class LeafMinter {

  /** How long a leaf is valid from now (under the 397-day limit of browsers). */
  public static final Duration VALIDITY = Duration.ofDays(365);

  private static final int MAX_COMMON_NAME = 64;

  private final KeyAndCertificate ca;
  private final X500Name issuer;
  private final AuthorityKeyIdentifier authorityKeyIdentifier;
  private final KeyPair leafKeyPair;
  private final SubjectPublicKeyInfo leafPublicKey;
  private final SubjectKeyIdentifier leafKeyIdentifier;

  /** A minter for {@code ca}, with a fresh leaf key pair. */
  public LeafMinter(KeyAndCertificate ca) {
    this.ca = ca;
    this.issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    this.authorityKeyIdentifier =
        new AuthorityKeyIdentifier(Certificates.subjectKeyIdentifier(ca.certificate()));
    this.leafKeyPair = KeyPairs.ecP256();
    this.leafPublicKey = SubjectPublicKeyInfo.getInstance(leafKeyPair.getPublic().getEncoded());
    this.leafKeyIdentifier = Certificates.keyIdentifier(leafKeyPair.getPublic());
  }

  /**
   * A new leaf for {@code request}; the chain is the leaf, then the CA.
   *
   * @throws IllegalArgumentException naming a name that cannot go in a certificate
   * @throws IllegalStateException if the CA certificate has expired
   */
  public IssuedCertificate mint(CertificateRequest request) {
    X500Name subject = Certificates.name(commonName(request.commonName()), request.organization());
    return sign(subject, SubjectAltNames.of(request.names()), KeyPurposeId.id_kp_serverAuth, request.names());
  }

  /**
   * A new client certificate with the subject {@code CN=commonName}, no subjectAltName, and
   * extendedKeyUsage clientAuth instead of serverAuth; the chain is the leaf, then the CA.
   *
   * @throws IllegalArgumentException if {@code commonName} is empty or longer than 64 characters
   * @throws IllegalStateException if the CA certificate has expired
   */
  public IssuedCertificate mintClient(String commonName) {
    if (commonName(commonName) == null) {
      throw new IllegalArgumentException("commonName: expected 1 to " + MAX_COMMON_NAME + " characters, got \""
          + commonName + "\"");
    }
    return sign(Certificates.name(commonName, null), null, KeyPurposeId.id_kp_clientAuth, commonName);
  }

  private IssuedCertificate sign(X500Name subject, GeneralNames subjectAltNames, KeyPurposeId purpose, Object what) {
    Instant now = Instant.now();
    Date caNotAfter = ca.certificate().getNotAfter();
    if (caNotAfter.toInstant().isBefore(now)) {
      throw new IllegalStateException("the CA certificate " + ca.certificate().getSubjectX500Principal()
          + " expired on " + caNotAfter.toInstant());
    }
    Date notAfter = Date.from(now.plus(VALIDITY));
    var builder = new X509v3CertificateBuilder(issuer, Certificates.randomSerial(),
        Certificates.notBefore(now), notAfter.after(caNotAfter) ? caNotAfter : notAfter, subject,
        leafPublicKey);
    try {
      if (subjectAltNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, subject.getRDNs().length == 0,
            subjectAltNames);
      }
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier);
      builder.addExtension(Extension.subjectKeyIdentifier, false, leafKeyIdentifier);
    } catch (CertIOException e) {
      throw new IllegalStateException("cannot encode the extensions of a leaf for " + what, e);
    }
    X509Certificate leaf = Certificates.sign(builder, ca.privateKey());
    return new IssuedCertificate(leafKeyPair.getPrivate(), List.of(leaf, ca.certificate()));
  }

  private static String commonName(String requested) {
    return requested == null || requested.isEmpty() || requested.length() > MAX_COMMON_NAME
        ? null : requested;
  }
}
