/**
 * The implementation behind {@link dev.sluice.tls.CertificateAuthority}: key generation, the CA
 * and leaf certificate builders (BouncyCastle, used as a provider instance and never registered
 * with {@code java.security.Security}), PEM and PKCS#12 files, and JDK trust material. Not an API:
 * anything here may change without notice.
 */
package dev.sluice.tls.internal;
