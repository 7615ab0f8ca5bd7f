package dev.sluice.tls.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate with its private key, as read from or written to a file.
 *
 * @param certificate the certificate
 * @param privateKey the private key matching the certificate's public key
 */
public record KeyAndCertificate(X509Certificate certificate, PrivateKey privateKey) {

  /** Checks both parts are present. */
  public KeyAndCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }
}
