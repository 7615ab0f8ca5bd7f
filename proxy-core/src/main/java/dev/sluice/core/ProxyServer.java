package dev.sluice.core;

import dev.sluice.api.CertificateIssuer;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.Anticomp;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.ProxyAuthenticator;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
import dev.sluice.core.hooks.StreamLargeBodies;
import dev.sluice.core.hooks.TlsPassThrough;
import dev.sluice.core.internal.HookChain;
import dev.sluice.core.internal.OpenFiles;
import dev.sluice.core.internal.ProxyConfig;
import dev.sluice.core.internal.ProxyEngine;
import dev.sluice.core.internal.tls.TlsProviders;
import dev.sluice.core.internal.tls.TlsSettings;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.tls.UpstreamCertificates;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTP proxy running in this JVM: it binds a port, and every request that goes through it
 * becomes an {@link dev.sluice.api.HttpFlow} that the {@link FlowHook}s see and may change.
 *
 * <p>It binds to loopback unless told otherwise, on any free port by default ({@link #address()}
 * says which). {@link #close()} frees the port and every thread; it sets no JVM-global state.
 * HTTPS is intercepted with certificates from an in-memory CA of its own; clients that should
 * trust it take their trust material from {@link #certificateAuthority()}.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.builder()
 *     .hook(FlowHook.onRequest(flow -> flow.request().headers().set("X-Via", "sluice")))
 *     .start()) {
 *   HttpClient client = HttpClient.newBuilder()
 *       .proxy(ProxySelector.of(proxy.address()))
 *       .sslContext(proxy.certificateAuthority().sslContext())
 *       .build();
 *   // ... requests through the proxy ...
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {

  private final ProxyEngine engine;
  private final CertificateIssuer issuer;

  private ProxyServer(ProxyEngine engine, CertificateIssuer issuer) {
    this.engine = engine;
    this.issuer = issuer;
  }

  /** A builder with the defaults: loopback, any free port, regular mode, no hooks. */
  public static Builder builder() {
    return new Builder();
  }

  /** The bound address; the real port when the builder asked for port 0. */
  public InetSocketAddress address() {
    return engine.address();
  }

  /** The mode this proxy runs in. */
  public ProxyMode mode() {
    return engine.config().mode();
  }

  /** Appends {@code hook}; safe while running (flows already under way may or may not see it). */
  public void addHook(FlowHook hook) {
    engine.hooks().add(Objects.requireNonNull(hook, "hook"));
  }

  /** Removes {@code hook} (the same instance); returns whether it was there. Safe while running. */
  public boolean removeHook(FlowHook hook) {
    return engine.hooks().remove(Objects.requireNonNull(hook, "hook"));
  }

  /**
   * Sends {@code request} again as if a client had sent it to this proxy (mitmproxy's client-side
   * replay): it goes in absolute form through this proxy's mode (to the next proxy in upstream
   * mode, to the target in reverse mode, as every request does), upstream trust and
   * {@code ssl_insecure}, every hook sees it ({@code requestHeaders} to {@code response} or
   * {@code error}), and its flow is a new one marked {@link ReplayKind#REQUEST}, so hooks such as
   * {@link ProxyAuth} let it pass and recorders record it. {@code request} itself is copied and
   * never changed; hop-by-hop fields are dropped and {@code Content-Length} is recomputed, as for
   * any request the proxy forwards, and versions other than HTTP/1.0 are sent as HTTP/1.1.
   *
   * <p>The replay arrives over a loopback connection of its own, so {@code clientConnected} and
   * {@code clientDisconnected} fire for it too. The future completes, off the event loops, with
   * the finished flow, kept (a {@link Flow}): its response, or its {@link dev.sluice.api.FlowError} (an unreachable
   * upstream is a flow error, not a failed future). It fails only when the proxy closes first;
   * cancelling it hangs up, and the flow ends as client-aborted.
   *
   * <pre>{@code
   * Flow replayed = proxy.replay(recorded.request()).get(30, TimeUnit.SECONDS);
   * assert replayed.replay() == ReplayKind.REQUEST;
   * }</pre>
   */
  public CompletableFuture<Flow> replay(Request request) {
    Objects.requireNonNull(request, "request");
    return engine.replay(request.newBuilder().build());
  }

  /** The issuer of the certificates this proxy presents to TLS clients. */
  public CertificateIssuer certificateIssuer() {
    return issuer;
  }

  /**
   * The certificate authority this proxy mints with: the in-memory one it made itself, unless the
   * builder was given another {@link CertificateAuthority}. Clients that should trust the proxy
   * take their trust material from it.
   *
   * <pre>{@code
   * HttpClient client = HttpClient.newBuilder()
   *     .proxy(ProxySelector.of(proxy.address()))
   *     .sslContext(proxy.certificateAuthority().sslContext())
   *     .build();
   * }</pre>
   *
   * @throws IllegalStateException if the builder was given an issuer that is not a {@code CertificateAuthority}
   */
  public CertificateAuthority certificateAuthority() {
    if (issuer instanceof CertificateAuthority ca) {
      return ca;
    }
    throw new IllegalStateException("this proxy mints with " + issuer + ", not a CertificateAuthority");
  }

  /** The hooks, in order, as they are now. */
  public List<FlowHook> hooks() {
    return engine.hooks().all();
  }

  /**
   * Stops listening, closes every connection, stops every thread, and closes the hooks that are
   * {@link AutoCloseable} in reverse order. Calling it again does nothing.
   */
  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "ProxyServer[" + mode() + " on " + address() + "]";
  }

  /**
   * Configures and starts a {@link ProxyServer}. Each method checks its argument at once and names
   * it when it is bad.
   *
   * <p>TLS: {@code CONNECT} tunnels whose client starts a TLS handshake are intercepted with
   * certificates from the {@linkplain #certificateIssuer(CertificateIssuer) issuer} (a new
   * in-memory CA by default), widened with the upstream certificate's names
   * ({@link #upstreamCert(boolean)}, on by default); hosts can be passed through untouched
   * ({@link #ignoreHosts(String...)}, {@link #allowHosts(String...)}). Upstream certificates are
   * verified against the JDK's trust store (or {@link #upstreamTrust(X509TrustManager)}) unless
   * {@link #sslInsecure(boolean)}.
   *
   * <pre>{@code
   * ProxyServer proxy = ProxyServer.builder()
   *     .port(8080)
   *     .mode(ProxyMode.parse("reverse:http://127.0.0.1:8000"))
   *     .maxBodySize(16 << 20)
   *     .responseTimeout(Duration.ofSeconds(30))
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private static final long MAX_BODY_LIMIT = Integer.MAX_VALUE - 8;

    private String listenHost = "127.0.0.1";
    private int port;
    private ProxyMode mode = ProxyMode.regular();
    private final HookChain hooks = new HookChain();
    private int maxHeaderSize = 64 * 1024;
    private long maxBodySize = 64L * 1024 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(60);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxConnections;
    private boolean keepHostHeader;
    private ConnectionStrategy connectionStrategy = ConnectionStrategy.EAGER;
    private boolean streamWebSockets;
    private int webSocketMessageLimit = 10_000;
    private ProxyAuthenticator proxyAuthenticator;
    private CertificateIssuer issuer;
    private boolean sslInsecure;
    private X509TrustManager upstreamTrust;
    private String upstreamAuthorization;
    private TlsEngine tlsEngine = TlsEngine.AUTO;
    private boolean upstreamCert = true;
    private final List<FlowHook> passThrough = new ArrayList<>();

    private Builder() {}

    /** The host or IP address to listen on ({@code 127.0.0.1} by default). */
    public Builder listenHost(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("listenHost: must not be blank");
      }
      this.listenHost = host;
      return this;
    }

    /** The port to listen on, 0 (the default) for any free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: out of range 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** The mode ({@link ProxyMode#regular()} by default). */
    public Builder mode(ProxyMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Appends a hook; hooks see events in the order they were added. */
    public Builder hook(FlowHook hook) {
      hooks.add(Objects.requireNonNull(hook, "hook"));
      return this;
    }

    /**
     * Requires HTTP Basic proxy authentication ({@link ProxyAuth}): {@code Proxy-Authorization}
     * and 407 in regular and upstream modes, {@code Authorization} and 401 in reverse mode. The
     * hook runs before every other hook, whenever this is called.
     */
    public Builder proxyAuth(ProxyAuthenticator authenticator) {
      this.proxyAuthenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /** {@link #proxyAuth(ProxyAuthenticator)} from mitmproxy's {@code proxyauth} spec ({@code user:pass}, {@code any}, {@code @htpasswd}, {@code ldap[s]:...}). */
    public Builder proxyAuth(String spec) {
      return proxyAuth(ProxyAuthenticator.parse(Objects.requireNonNull(spec, "spec")));
    }

    /** Adds {@link Anticache}: conditional request headers are removed. */
    public Builder anticache() {
      return hook(new Anticache());
    }

    /** Adds {@link Anticomp}: servers are asked for uncompressed bodies. */
    public Builder anticomp() {
      return hook(new Anticomp());
    }

    /**
     * Adds {@link StreamLargeBodies}: request and response bodies larger than {@code bytes} are
     * streamed through instead of aggregated (mitmproxy's {@code stream_large_bodies}).
     */
    public Builder streamLargeBodies(long bytes) {
      return hook(new StreamLargeBodies(bytes));
    }

    /** Adds {@link ModifyHeaders} with mitmproxy's {@code modify_headers} specs. */
    public Builder modifyHeaders(String... specs) {
      return hook(ModifyHeaders.of(specs));
    }

    /** Adds {@link ModifyBody} with mitmproxy's {@code modify_body} specs. */
    public Builder modifyBody(String... specs) {
      return hook(ModifyBody.of(specs));
    }

    /** Adds {@link StickyAuth} for the requests {@code filter} (mitmproxy's language) matches. */
    public Builder stickyAuth(String filter) {
      return hook(new StickyAuth(FlowFilter.parse(filter)));
    }

    /** Adds {@link StickyCookies} for the requests {@code filter} (mitmproxy's language) matches. */
    public Builder stickyCookies(String filter) {
      return hook(new StickyCookies(FlowFilter.parse(filter)));
    }

    /** The largest request or response header section, in bytes (64 KiB by default); a larger request gets a 431. */
    public Builder maxHeaderSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxHeaderSize: must be at least 1024 bytes, got " + bytes);
      }
      this.maxHeaderSize = bytes;
      return this;
    }

    /**
     * The largest body aggregated for the hooks, in bytes (64 MiB by default). A larger request
     * gets a 413, a larger response a 502; streamed bodies have no limit, and a message that asked
     * to be streamed after some size ({@link #streamLargeBodies(long)}) is streamed from the limit
     * on instead of failing.
     */
    public Builder maxBodySize(long bytes) {
      if (bytes < 0 || bytes > MAX_BODY_LIMIT) {
        throw new IllegalArgumentException("maxBodySize: out of range 0.." + MAX_BODY_LIMIT + ": " + bytes);
      }
      this.maxBodySize = bytes;
      return this;
    }

    /** How long to wait for an upstream connection (10 s by default); then the client gets a 502. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** How long the upstream may stay silent while a response is due (60 s by default); then a 504. */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = positive("responseTimeout", timeout);
      return this;
    }

    /** How long an idle client connection stays open (60 s by default). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /**
     * How many client connections may be open at once, each counted from accept to close. A
     * connection beyond it is answered at once with a {@code 503} naming the limit and closed, so
     * the proxy refuses politely before it runs out of file descriptors.
     *
     * <p>By default it follows the process's open-file limit ({@code ulimit -n}): each proxied
     * connection takes two descriptors (the client's and the upstream's), after a reserve of a tenth
     * of the limit (at least 64) for the JVM's own files, so a limit of 20,000 allows 9,000
     * connections. Where the JVM cannot tell the limit, the default is 2,000.
     *
     * <pre>{@code builder.maxConnections(500)}</pre>
     */
    public Builder maxConnections(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxConnections: must be at least 1, got " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /**
     * Forward websocket frames at once, before the {@code webSocketMessage} event runs (mitmproxy's
     * {@code stream_websockets}; off by default): hooks observe messages but cannot change, drop or
     * delay them. Messages are still recorded on the flow.
     *
     * <pre>{@code builder.streamWebSockets(true)}</pre>
     */
    public Builder streamWebSockets(boolean stream) {
      this.streamWebSockets = stream;
      return this;
    }

    /**
     * How many websocket messages a flow keeps at most (10,000 by default). Past it the oldest go;
     * the flow's metadata {@code websocket_messages_dropped} counts them, and one warning is logged.
     *
     * <pre>{@code builder.webSocketMessageLimit(100)}</pre>
     */
    public Builder webSocketMessageLimit(int messages) {
      if (messages < 1) {
        throw new IllegalArgumentException("webSocketMessageLimit: must be at least 1, got " + messages);
      }
      this.webSocketMessageLimit = messages;
      return this;
    }

    /** In reverse mode, send the client's {@code Host} header upstream unchanged (default: rewritten to the upstream). */
    public Builder keepHostHeader(boolean keep) {
      this.keepHostHeader = keep;
      return this;
    }

    /**
     * When a {@code CONNECT} tunnel connects upstream (mitmproxy's {@code connection_strategy};
     * {@link ConnectionStrategy#EAGER} by default). {@link ConnectionStrategy#LAZY} lets hooks
     * answer HTTPS requests with the upstream unreachable, and reads no upstream certificate.
     *
     * <pre>{@code builder.connectionStrategy(ConnectionStrategy.LAZY)}</pre>
     */
    public Builder connectionStrategy(ConnectionStrategy strategy) {
      this.connectionStrategy = Objects.requireNonNull(strategy, "strategy");
      return this;
    }

    /**
     * What mints the certificates presented to TLS clients; by default each server makes its own
     * {@link CertificateAuthority#ephemeral()} (see {@link ProxyServer#certificateAuthority()}).
     */
    public Builder certificateIssuer(CertificateIssuer issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** Whether upstream certificates go unverified (mitmproxy's {@code ssl_insecure}; false by default). */
    public Builder sslInsecure(boolean insecure) {
      this.sslInsecure = insecure;
      return this;
    }

    /**
     * Which TLS implementation both sides of intercepted connections use: {@link TlsEngine#AUTO} by
     * default (OpenSSL when it loads, else the JDK's provider).
     *
     * <pre>{@code builder.tlsEngine(TlsEngine.OPENSSL)}</pre>
     */
    public Builder tlsEngine(TlsEngine engine) {
      this.tlsEngine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /**
     * What upstream certificates are verified against (with hostname verification) instead of the
     * JDK's default trust store: a private CA, say.
     *
     * <pre>{@code builder.upstreamTrust(originCa.trustManager())}</pre>
     */
    public Builder upstreamTrust(X509TrustManager trust) {
      this.upstreamTrust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /**
     * Whether to read the upstream's certificate before answering a client's TLS handshake and
     * copy its names into the minted one (mitmproxy's {@code upstream_cert}; true by default,
     * adding an {@link UpstreamCertificates} hook, which reads through the next proxy in upstream
     * mode). Off, or with
     * {@link ConnectionStrategy#LAZY}, certificates name the SNI or the
     * {@code CONNECT} host only.
     */
    public Builder upstreamCert(boolean sniff) {
      this.upstreamCert = sniff;
      return this;
    }

    /**
     * Sends HTTP Basic credentials upstream (mitmproxy's {@code upstream_auth}), given as
     * {@code user:password}: in upstream mode as {@code Proxy-Authorization} on every
     * {@code CONNECT} and plain HTTP request to the next proxy (and on the certificate sniffing's
     * {@code CONNECT}s), in reverse mode as {@code Authorization} on every request to the server.
     * The credentials go on the wire only: flows, hooks and recordings never hold them. Null (the
     * default) sends none.
     *
     * <pre>{@code
     * ProxyServer.builder()
     *     .mode(ProxyMode.parse("upstream:http://proxy.internal:3128"))
     *     .upstreamAuth("me:secret")
     *     .start();
     * }</pre>
     *
     * @throws IllegalArgumentException if {@code credentials} is not a non-empty user name, a colon
     *     and a password on one line (the message never repeats the credentials)
     */
    public Builder upstreamAuth(String credentials) {
      if (credentials == null) {
        upstreamAuthorization = null;
        return this;
      }
      int colon = credentials.indexOf(':');
      if (colon < 1 || credentials.chars().anyMatch(c -> c == '\r' || c == '\n')) {
        throw new IllegalArgumentException("upstreamAuth: expected user:password on one line, with a non-empty user");
      }
      upstreamAuthorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /**
     * Passes TLS connections to matching hosts through untouched (mitmproxy's
     * {@code ignore_hosts}): regexes searched in {@code host:port}. Adds a {@link TlsPassThrough}.
     *
     * @throws IllegalArgumentException naming a regex that does not compile
     */
    public Builder ignoreHosts(String... regexes) {
      passThrough.add(TlsPassThrough.ignoreHosts(regexes));
      return this;
    }

    /**
     * Intercepts TLS connections to matching hosts only and passes every other through untouched
     * (mitmproxy's {@code allow_hosts}). Adds a {@link TlsPassThrough}.
     *
     * @throws IllegalArgumentException naming a regex that does not compile
     */
    public Builder allowHosts(String... regexes) {
      passThrough.add(TlsPassThrough.allowHosts(regexes));
      return this;
    }

    /**
     * Binds and starts the proxy.
     *
     * @throws java.io.UncheckedIOException naming {@code host:port} when the address cannot be bound
     * @throws IllegalStateException naming the reason when {@link TlsEngine#OPENSSL} was asked for
     *     and OpenSSL cannot be loaded
     */
    public ProxyServer start() {
      int connections = maxConnections > 0 ? maxConnections : OpenFiles.ofThisProcess().defaultMaxConnections();
      ProxyConfig config = new ProxyConfig(listenHost, port, mode, maxHeaderSize, maxBodySize, connectTimeout,
          responseTimeout, idleTimeout, keepHostHeader, connectionStrategy, streamWebSockets, webSocketMessageLimit,
          upstreamAuthorization, connections);
      HookChain chain = new HookChain();
      if (proxyAuthenticator != null) {
        chain.add(mode.kind() == ProxyMode.Kind.REVERSE
            ? ProxyAuth.forReverseProxy(proxyAuthenticator) : ProxyAuth.forProxy(proxyAuthenticator));
      }
      passThrough.forEach(chain::add);
      if (upstreamCert && connectionStrategy == ConnectionStrategy.EAGER) {
        chain.add(mode.kind() == ProxyMode.Kind.UPSTREAM
            ? UpstreamCertificates.create().viaProxy(mode.target().getHost(), mode.target().getPort(),
                upstreamAuthorization)
            : UpstreamCertificates.create());
      }
      hooks.all().forEach(chain::add);
      CertificateIssuer minter = issuer != null ? issuer : CertificateAuthority.ephemeral();
      TlsSettings tls = new TlsSettings(minter, sslInsecure, upstreamTrust, TlsProviders.of(tlsEngine));
      return new ProxyServer(ProxyEngine.start(config, chain, tls), minter);
    }

    private static Duration positive(String name, Duration timeout) {
      Objects.requireNonNull(timeout, name);
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() == 0) {
        throw new IllegalArgumentException(name + ": must be at least 1 ms, got " + timeout);
      }
      return timeout;
    }
  }
}
