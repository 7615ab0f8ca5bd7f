package dev.sluice.core.internal.tls;

import dev.sluice.api.CertificateIssuer;
import dev.sluice.tls.ClientCertificates;
import io.netty.handler.ssl.SslProvider;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS choices of {@code ProxyServer.Builder}.
 *
 * @param issuer mints the certificates presented to clients
 * @param insecure whether upstream certificates go unverified
 * @param upstreamTrust what upstream certificates are verified against, or null for the JDK's trust store
 * @param provider the TLS implementation of both sides
 * @param http2 whether {@code h2} is offered and accepted by ALPN, besides {@code http/1.1}
 * @param clientCertificates what the proxy presents to upstream servers that ask for a client certificate
 * @param upstreamCert whether a certificate minted for a client also carries the names of the certificate its
 *     server presented, when the server was reached before the client's handshake ({@code upstream_cert})
 */
public record TlsSettings(CertificateIssuer issuer, boolean insecure, X509TrustManager upstreamTrust,
    SslProvider provider, boolean http2, ClientCertificates clientCertificates, boolean upstreamCert) {}
