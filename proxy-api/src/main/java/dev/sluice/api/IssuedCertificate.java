package dev.sluice.api;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A leaf certificate with its private key and the chain up to (and including) the CA: minted by
 * a {@link CertificateIssuer}, or read from a file (a client certificate).
 *
 * <pre>{@code
 * IssuedCertificate leaf = issuer.issue(CertificateRequest.forNames("example.com"));
 * X509Certificate cert = leaf.certificate();
 * }</pre>
 *
 * @param privateKey the leaf's private key
 * @param chain the leaf first, then the issuing CA certificates (when known)
 */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

  /** Validates and copies. */
  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("chain: needs at least the leaf certificate");
    }
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }
}
