/**
 * The implementation behind {@link dev.sluice.tls.CertificateAuthority}: key generation, the CA
 * and leaf certificate builders (BouncyCastle, used as a provider instance and never registered
 * with {@code java.security.Security}), PEM and PKCS#12 files, JDK trust material, and the names an upstream's certificate adds to a
 * minted one ({@link dev.sluice.tls.internal.UpstreamNames}, exported to the engine only). Not an API:
 * anything here may change without notice.
 */
package dev.sluice.tls.internal;
