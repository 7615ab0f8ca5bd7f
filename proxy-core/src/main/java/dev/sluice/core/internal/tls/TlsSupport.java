package dev.sluice.core.internal.tls;

import java.util.concurrent.Executor;

/**
 * Both sides of TLS for one server: the contexts presented to clients and the one used towards
 * upstream servers.
 *
 * @param clients the minted server contexts, presented to clients
 * @param upstream TLS towards upstream servers
 * @param upstreamCert whether minted certificates also carry the names of the server's own ({@code upstream_cert})
 */
public record TlsSupport(ServerContexts clients, UpstreamTls upstream, boolean upstreamCert) {

  /** TLS support as {@code settings} say, minting on {@code workers}. */
  public static TlsSupport create(TlsSettings settings, Executor workers) {
    return new TlsSupport(new ServerContexts(settings.issuer(), workers, settings.provider()),
        UpstreamTls.create(settings.insecure(), settings.upstreamTrust(), settings.provider(), settings.http2(),
            settings.clientCertificates()), settings.upstreamCert());
  }
}
