package dev.sluice.core.internal.tls;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import io.netty.handler.ssl.SslProvider;
import java.util.concurrent.Executor;

/**
 * Both sides of TLS for one server: the contexts presented to clients and the one used towards
 * upstream servers. Each is set up on first use: loading OpenSSL and the JDK's trust store was a
 * third of the time from launch to the first proxied response, which a proxy that sees no TLS yet
 * need not wait for. Client certificates are the exception: their contexts are built at once, so a
 * certificate the TLS engine refuses stops the start.
 */
public final class TlsSupport {

  private final Supplier<ServerContexts> clients;
  private final Supplier<UpstreamTls> upstream;
  private final boolean upstreamCert;

  private TlsSupport(Supplier<ServerContexts> clients, Supplier<UpstreamTls> upstream, boolean upstreamCert) {
    this.clients = clients;
    this.upstream = upstream;
    this.upstreamCert = upstreamCert;
  }

  /** TLS support as {@code settings} say, minting on {@code workers}. */
  public static TlsSupport create(TlsSettings settings, Executor workers) {
    Supplier<SslProvider> provider = Suppliers.memoize(() -> TlsProviders.of(settings.engine()));
    TlsSupport support = new TlsSupport(
        Suppliers.memoize(() -> new ServerContexts(settings.issuer(), workers, provider.get())),
        Suppliers.memoize(() -> UpstreamTls.create(settings.insecure(), settings.upstreamTrust(), provider.get(),
            settings.http2(), settings.clientCertificates())),
        settings.upstreamCert());
    if (!settings.clientCertificates().all().isEmpty()) {
      support.upstream();
    }
    return support;
  }

  /** The minted server contexts, presented to clients. */
  public ServerContexts clients() {
    return clients.get();
  }

  /** TLS towards upstream servers. */
  public UpstreamTls upstream() {
    return upstream.get();
  }

  /** Whether minted certificates also carry the names of the server's own ({@code upstream_cert}). */
  public boolean upstreamCert() {
    return upstreamCert;
  }
}
