package dev.sluice.core.internal.tls;

import java.util.concurrent.Executor;

/**
 * Both sides of TLS for one server: the contexts presented to clients and the one used towards
 * upstream servers.
 *
 * @param clients the minted server contexts, presented to clients
 * @param upstream TLS towards upstream servers
 */
public record TlsSupport(ServerContexts clients, UpstreamTls upstream) {

  /** TLS support as {@code settings} say, minting on {@code workers}. */
  public static TlsSupport create(TlsSettings settings, Executor workers) {
    return new TlsSupport(new ServerContexts(settings.issuer(), workers, settings.provider(), settings.http2()),
        UpstreamTls.create(settings.insecure(), settings.upstreamTrust(), settings.provider(), settings.http2()));
  }
}
