package dev.sluice.core.internal.tls;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.sluice.api.CertificateIssuer;
import dev.sluice.api.CertificateRequest;
import dev.sluice.api.IssuedCertificate;
import dev.sluice.tls.CertificateAuthority;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLException;

/**
 * The server-side {@link SslContext}s the proxy presents to clients, one per certificate request
 * and list of ALPN protocols accepted, minted by the {@link CertificateIssuer} on the worker pool
 * (never on an event loop) and cached. The protocols are those the proxy speaks ({@code h2} unless
 * HTTP/2 is off, and {@code http/1.1}, see {@link Alpn}), or only the one the server chose (a client
 * offering only other protocols is refused before its handshake: see {@link TlsAlert}). With
 * OpenSSL a context takes the leaf's key and chain as they are; with the JDK it reads them through
 * the CA's key manager.
 */
public final class ServerContexts {

  private static final int CACHE_SIZE = 1000;

  private final CertificateIssuer issuer;
  private final Executor workers;
  private final SslProvider provider;
  private final Cache<Key, SslContext> contexts = CacheBuilder.newBuilder().maximumSize(CACHE_SIZE).build();

  /** A context's certificate request and the ALPN protocols it accepts, in order. */
  private record Key(CertificateRequest request, List<String> protocols) {}

  /** Contexts minted by {@code issuer} on {@code workers}, implemented by {@code provider}. */
  public ServerContexts(CertificateIssuer issuer, Executor workers, SslProvider provider) {
    this.issuer = issuer;
    this.workers = workers;
    this.provider = provider;
  }

  /** The context for {@code request}, accepting {@code protocols} by ALPN; completes on {@code loop}. */
  public Future<SslContext> get(CertificateRequest request, List<String> protocols, EventExecutor loop) {
    Key key = new Key(request, List.copyOf(protocols));
    SslContext cached = contexts.getIfPresent(key);
    if (cached != null) {
      return loop.newSucceededFuture(cached);
    }
    Promise<SslContext> promise = loop.newPromise();
    try {
      workers.execute(() -> {
        try {
          SslContext context = contexts.get(key, () -> build(issuer.issue(request), key.protocols()));
          loop.execute(() -> promise.trySuccess(context));
        } catch (Exception | LinkageError e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          loop.execute(() -> promise.tryFailure(cause));
        }
      });
    } catch (RejectedExecutionException e) {
      promise.tryFailure(e);
    }
    return promise;
  }

  private SslContext build(IssuedCertificate leaf, List<String> protocols) throws SSLException {
    SslContextBuilder builder = provider == SslProvider.JDK
        ? SslContextBuilder.forServer(new KeyManagerFactoryWrapper(CertificateAuthority.keyManager(leaf)))
        : SslContextBuilder.forServer(leaf.privateKey(), leaf.chain());
    return builder.sslProvider(provider).applicationProtocolConfig(Alpn.protocols(protocols)).build();
  }
}
