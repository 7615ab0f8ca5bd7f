/**
 * Sluice's certificate authority: TLS interception needs a CA that clients trust and leaf
 * certificates minted on the fly for every host.
 *
 * <p>Starting points:
 * <ul>
 *   <li>{@link dev.sluice.tls.CertificateAuthority}: create, load and save a CA; mint leaves (it is
 *       the standard {@link dev.sluice.api.CertificateIssuer}); hand trust material to clients.</li>
 *   <li>{@link dev.sluice.tls.ClientCertificates}: the client certificates presented to upstream
 *       servers that ask for one.</li>
 * </ul>
 *
 * <p>Unless a method says otherwise, parameters must not be {@code null}.
 */
package dev.sluice.tls;
