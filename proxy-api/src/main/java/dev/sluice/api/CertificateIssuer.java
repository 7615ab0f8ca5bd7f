package dev.sluice.api;

/**
 * The seam between the engine and certificate minting: given the names a client connected to,
 * produce a leaf certificate the client will trust. {@code proxy-tls}'s
 * {@code CertificateAuthority} is the standard implementation; plug in your own to mint from an
 * HSM or a corporate CA. Implementations must be thread-safe and may cache.
 *
 * <pre>{@code
 * ProxyServer.builder().certificateIssuer(request -> myCa.sign(request.names())).start();
 * }</pre>
 */
@FunctionalInterface
public interface CertificateIssuer {

  /**
   * Mints (or returns a cached) leaf certificate covering every name of {@code request}.
   *
   * @throws IllegalArgumentException if a name cannot be put in a certificate
   */
  IssuedCertificate issue(CertificateRequest request);
}
