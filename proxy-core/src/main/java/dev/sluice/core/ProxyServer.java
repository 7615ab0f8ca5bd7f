package dev.sluice.core;

import dev.sluice.api.CertificateIssuer;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.core.hooks.Anticache;
import dev.sluice.core.hooks.Anticomp;
import dev.sluice.core.hooks.Bandwidth;
import dev.sluice.core.hooks.BlockList;
import dev.sluice.core.hooks.Faults;
import dev.sluice.core.hooks.Latency;
import dev.sluice.core.hooks.MapLocal;
import dev.sluice.core.hooks.MapRemote;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ProxyAuth;
import dev.sluice.core.hooks.ProxyAuthenticator;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
import dev.sluice.core.hooks.ModifySpec;
import dev.sluice.core.hooks.StreamLargeBodies;
import dev.sluice.core.hooks.TlsPassThrough;
import dev.sluice.core.internal.BasicCredentials;
import dev.sluice.core.internal.BuilderSettings;
import dev.sluice.core.internal.HookChain;
import dev.sluice.core.internal.HostAddresses;
import dev.sluice.core.internal.OpenFiles;
import dev.sluice.core.internal.ProxyConfig;
import dev.sluice.core.internal.ProxyEngine;
import dev.sluice.core.internal.tls.TlsProviders;
import dev.sluice.core.internal.tls.TlsSettings;
import dev.sluice.core.options.EngineOptions;
import dev.sluice.core.options.Option;
import dev.sluice.core.options.OptionRegistry;
import dev.sluice.tls.CertificateAuthority;
import dev.sluice.tls.ClientCertificates;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * Adds {@code hook} to {@link HookPhase#DEFAULT}, after the hooks there and before the recorders;
   * safe while running (flows already under way may or may not see it).
   */
  public void addHook(FlowHook hook) {
    addHook(HookPhase.DEFAULT, hook);
  }

  /**
   * Adds {@code hook} at the end of {@code phase}; safe while running (flows already under way may
   * or may not see it).
   *
   * <pre>{@code proxy.addHook(HookPhase.RECORDING, FlowRecorder.to(Path.of("from-now-on.mitm")));}</pre>
   */
  public void addHook(HookPhase phase, FlowHook hook) {
    engine.hooks().add(Objects.requireNonNull(phase, "phase"), Objects.requireNonNull(hook, "hook"));
  }

  /** Removes {@code hook} (the same instance); returns whether it was there. Safe while running. */
  public boolean removeHook(FlowHook hook) {
    return engine.hooks().remove(Objects.requireNonNull(hook, "hook"));
  }

  /**
   * Sends {@code request} again as if a client had sent it to this proxy (mitmproxy's client-side
   * replay): it goes in absolute form through this proxy's mode (to the next proxy in upstream
   * mode, to the target in reverse mode, as every request does; straight to its server in SOCKS5
   * mode, with no SOCKS handshake), upstream trust and
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

  /** The hooks, in the order they run ({@link HookPhase} by phase, then as added), as they are now. */
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
   * <p>Most settings are {@linkplain Option options} under mitmproxy's names, declared once beside
   * their hooks ({@link EngineOptions} for the engine's own): the typed methods ({@link #port(int)},
   * {@link #anticache()}, {@link #modifyHeaders(String...)}, ...) set them, as do
   * {@link #set(Option, Object)} and, from text, {@link #option(String, String)}. When the proxy
   * starts, each option configures it, mostly by adding its hook; see {@link HookPhase} for where
   * the hooks go.
   *
   * <p>TLS: {@code CONNECT} tunnels whose client starts a TLS handshake are intercepted with
   * certificates from the {@linkplain #certificateIssuer(CertificateIssuer) issuer} (a new
   * in-memory CA by default), widened with the names of the certificate the server presented on
   * the connection the flow uses ({@link #upstreamCert(boolean)}, on by default), and offered the
   * protocol the server chose by ALPN; hosts can be passed through untouched
   * ({@link #ignoreHosts(String...)}, {@link #allowHosts(String...)}). Upstream certificates are
   * verified against the JDK's trust store (or {@link #upstreamTrust(X509TrustManager)}) unless
   * {@link #sslInsecure(boolean)}.
   *
   * <pre>{@code
   * ProxyServer proxy = ProxyServer.builder()
   *     .port(8080)
   *     .mode(ProxyMode.parse("reverse:http://127.0.0.1:8000"))
   *     .maxBodySize(16 << 20)
   *     .option("stickycookie", "~d example.com")
   *     .responseTimeout(Duration.ofSeconds(30))
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private final BuilderSettings settings = new BuilderSettings();
    private HookChain starting;
    private int maxHeaderSize = 64 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(60);
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int webSocketMessageLimit = 10_000;
    private CertificateIssuer issuer;
    private X509TrustManager upstreamTrust;

    private Builder() {}

    /**
     * Sets {@code option} to {@code value}; a sequence option gets {@code value} as its whole list.
     * The first setting of an option decides where its hooks go among those of their phase.
     *
     * <pre>{@code builder.set(Anticache.ANTICACHE, true).set(EngineOptions.LISTEN_PORT, 8080)}</pre>
     *
     * @throws IllegalArgumentException naming the option when {@code value} fails its check
     * @throws NullPointerException naming the option when {@code value} is null and the option is not optional
     * @throws IllegalStateException when called by an option's configuration as the proxy starts
     */
    public <T> Builder set(Option<T> option, T value) {
      Objects.requireNonNull(option, "option");
      if (starting != null) {
        throw new IllegalStateException("option " + option + ": options cannot change while the proxy starts");
      }
      settings.set(option, option.check(value));
      return this;
    }

    /**
     * Sets an option of {@link OptionRegistry#core()} from its text, as {@code --set name=value}
     * does: a sequence option gains an entry. Options of other modules are set with
     * {@link #set(Option, Object)}.
     *
     * <pre>{@code builder.option("anticache", "true").option("modify_headers", "/~q/X-Test/1")}</pre>
     *
     * @throws IllegalArgumentException for an unknown name (suggesting the nearest known one) or a
     *     bad value, naming the option and quoting the value
     */
    public Builder option(String name, String text) {
      return fromText(OptionRegistry.core().get(name), Objects.requireNonNull(text, "text"));
    }

    /** The value of {@code option}: the one set, or its default. */
    public <T> T get(Option<T> option) {
      return settings.get(Objects.requireNonNull(option, "option"));
    }

    /** The host or IP address to listen on ({@code 127.0.0.1} by default; {@code listen_host}). */
    public Builder listenHost(String host) {
      return set(EngineOptions.LISTEN_HOST, Objects.requireNonNull(host, "host"));
    }

    /** The port to listen on, 0 (the default) for any free port ({@code listen_port}). */
    public Builder port(int port) {
      return set(EngineOptions.LISTEN_PORT, port);
    }

    /** The mode ({@link ProxyMode#regular()} by default; {@code mode}). */
    public Builder mode(ProxyMode mode) {
      return set(EngineOptions.MODE, Objects.requireNonNull(mode, "mode"));
    }

    /** Adds a hook to {@link HookPhase#DEFAULT}: it sees events after the hooks added before it. */
    public Builder hook(FlowHook hook) {
      return hook(HookPhase.DEFAULT, hook);
    }

    /**
     * Adds a hook to {@code phase}: it sees events after the hooks of the phases before, and after
     * the hooks added to {@code phase} before it (built-in ones included, from where their option
     * was first set).
     *
     * <pre>{@code builder.hook(HookPhase.RECORDING, FlowRecorder.to(Path.of("session.mitm")))}</pre>
     */
    public Builder hook(HookPhase phase, FlowHook hook) {
      Objects.requireNonNull(phase, "phase");
      Objects.requireNonNull(hook, "hook");
      if (starting != null) {
        starting.add(phase, hook);
      } else {
        settings.hook(phase, hook);
      }
      return this;
    }

    /**
     * Requires HTTP Basic proxy authentication ({@link ProxyAuth}, {@code proxyauth}):
     * {@code Proxy-Authorization} and 407 in regular and upstream modes, {@code Authorization} and
     * 401 in reverse mode. The hook runs in {@link HookPhase#AUTHENTICATION}, before every hook of
     * the later phases, whenever this is called.
     */
    public Builder proxyAuth(ProxyAuthenticator authenticator) {
      return set(ProxyAuth.PROXYAUTH, Objects.requireNonNull(authenticator, "authenticator"));
    }

    /** {@link #proxyAuth(ProxyAuthenticator)} from mitmproxy's {@code proxyauth} spec ({@code user:pass}, {@code any}, {@code @htpasswd}, {@code ldap[s]:...}). */
    public Builder proxyAuth(String spec) {
      return proxyAuth(ProxyAuthenticator.parse(Objects.requireNonNull(spec, "spec")));
    }

    /**
     * Adds mitmproxy's {@code block_list} specs ({@code /filter/status}); one {@link BlockList}
     * hook answers matching requests with an empty response of the status, or kills them with
     * {@code 444}, without contacting the upstream. The first matching spec decides, in the order
     * given, whatever the number of calls.
     *
     * <pre>{@code builder.blockList("|~d ads.example.com|404", "|~u /track|444")}</pre>
     *
     * @throws IllegalArgumentException quoting a spec with a bad filter or a status that is not a
     *     number from 200 to 999
     */
    public Builder blockList(String... specs) {
      return add(BlockList.BLOCK_LIST, List.of(specs));
    }

    /** Adds {@link Anticache} ({@code anticache}): conditional request headers are removed. */
    public Builder anticache() {
      return set(Anticache.ANTICACHE, true);
    }

    /** Adds {@link Anticomp} ({@code anticomp}): servers are asked for uncompressed bodies. */
    public Builder anticomp() {
      return set(Anticomp.ANTICOMP, true);
    }

    /**
     * Adds {@link StreamLargeBodies}: request and response bodies larger than {@code bytes} are
     * streamed through instead of aggregated (mitmproxy's {@code stream_large_bodies}).
     */
    public Builder streamLargeBodies(long bytes) {
      return set(StreamLargeBodies.STREAM_LARGE_BODIES, bytes);
    }

    /**
     * Adds mitmproxy's {@code modify_headers} specs; one {@link ModifyHeaders} hook applies them
     * all, in the order given, whatever the number of calls.
     */
    public Builder modifyHeaders(String... specs) {
      return add(ModifyHeaders.MODIFY_HEADERS, Arrays.stream(specs).map(ModifySpec::parse).toList());
    }

    /**
     * Adds mitmproxy's {@code modify_body} specs; one {@link ModifyBody} hook applies them all, in
     * the order given, whatever the number of calls.
     */
    public Builder modifyBody(String... specs) {
      return add(ModifyBody.MODIFY_BODY, Arrays.stream(specs).map(ModifySpec::parse).toList());
    }

    /**
     * Adds mitmproxy's {@code map_remote} specs ({@code [/filter]/url-regex/replacement}); one
     * {@link MapRemote} hook sends matching requests to the rewritten URL, the specs applied in
     * the order given, whatever the number of calls.
     *
     * <pre>{@code builder.mapRemote("|//api.example.com/|//127.0.0.1:8080/")}</pre>
     *
     * @throws IllegalArgumentException quoting a spec with a bad filter, regex or replacement
     */
    public Builder mapRemote(String... specs) {
      return add(MapRemote.MAP_REMOTE, List.of(specs));
    }

    /**
     * Adds mitmproxy's {@code map_local} specs ({@code [/filter]/url-regex/file-or-directory}); one
     * {@link MapLocal} hook answers matching requests from local files (a {@code 404} for what is
     * not there), the specs tried in the order given, whatever the number of calls.
     *
     * <pre>{@code builder.mapLocal("|//example.com/static/|" + Path.of("site"))}</pre>
     *
     * @throws IllegalArgumentException quoting a spec with a bad filter or regex, or a path that
     *     is neither a file nor a directory
     */
    public Builder mapLocal(String... specs) {
      return add(MapLocal.MAP_LOCAL, List.of(specs));
    }

    /**
     * Adds {@code latency} specs ({@code [/filter]/[chunk:]delay[/probability%]}); one {@link Latency}
     * hook applies them all, whatever the number of calls.
     */
    public Builder latency(String... specs) {
      return add(Latency.LATENCY, Arrays.stream(specs).map(Latency::spec).toList());
    }

    /**
     * Adds {@code bandwidth} specs ({@code [/filter]/[conn:][up:|down:]rate[/probability%]}); one
     * {@link Bandwidth} hook applies them all, whatever the number of calls.
     */
    public Builder bandwidth(String... specs) {
      return add(Bandwidth.BANDWIDTH, Arrays.stream(specs).map(Bandwidth::spec).toList());
    }

    /**
     * Adds {@code faults} specs ({@code [/filter]/fault[/probability%]}); one {@link Faults} hook
     * applies them all, the first that picks a flow winning, whatever the number of calls.
     */
    public Builder faults(String... specs) {
      return add(Faults.FAULTS, Arrays.stream(specs).map(Faults::spec).toList());
    }

    /** Adds {@link StickyAuth} for the requests {@code filter} (mitmproxy's language) matches ({@code stickyauth}). */
    public Builder stickyAuth(String filter) {
      return set(StickyAuth.STICKYAUTH, FlowFilter.parse(filter));
    }

    /** Adds {@link StickyCookies} for the requests {@code filter} (mitmproxy's language) matches ({@code stickycookie}). */
    public Builder stickyCookies(String filter) {
      return set(StickyCookies.STICKYCOOKIE, FlowFilter.parse(filter));
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
     * The largest body aggregated for the hooks, in bytes (64 MiB by default; {@code body_size_limit}).
     * A larger request gets a 413, a larger response a 502; streamed bodies have no limit, and a
     * message that asked to be streamed after some size ({@link #streamLargeBodies(long)}) is
     * streamed from the limit on instead of failing.
     */
    public Builder maxBodySize(long bytes) {
      return set(EngineOptions.BODY_SIZE_LIMIT, bytes);
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
     * connections. Where the JVM cannot tell the limit, the default is 2,000 ({@code max_connections}).
     *
     * <pre>{@code builder.maxConnections(500)}</pre>
     *
     * @throws IllegalArgumentException naming {@code max_connections} when {@code connections} is below 1
     */
    public Builder maxConnections(int connections) {
      return set(EngineOptions.MAX_CONNECTIONS, connections);
    }

    /**
     * Speak HTTP/2 with clients and servers that offer it (mitmproxy's {@code http2}; on by
     * default): {@code h2} by ALPN over intercepted TLS, and the HTTP/2 preface with prior knowledge.
     * With false, both sides speak HTTP/1.1 only.
     *
     * <pre>{@code builder.http2(false)}</pre>
     */
    public Builder http2(boolean on) {
      return set(EngineOptions.HTTP2, on);
    }

    /**
     * Forward websocket frames at once, before the {@code webSocketMessage} event runs (mitmproxy's
     * {@code stream_websockets}; off by default): hooks observe messages but cannot change, drop or
     * delay them. Messages are still recorded on the flow.
     *
     * <pre>{@code builder.streamWebSockets(true)}</pre>
     */
    public Builder streamWebSockets(boolean stream) {
      return set(EngineOptions.STREAM_WEBSOCKETS, stream);
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

    /** In reverse mode, send the client's {@code Host} header upstream unchanged (default: rewritten to the upstream; {@code keep_host_header}). */
    public Builder keepHostHeader(boolean keep) {
      return set(EngineOptions.KEEP_HOST_HEADER, keep);
    }

    /**
     * When a {@code CONNECT} tunnel connects upstream (mitmproxy's {@code connection_strategy};
     * {@link ConnectionStrategy#EAGER} by default). {@link ConnectionStrategy#LAZY} lets hooks
     * answer HTTPS requests with the upstream unreachable, and reaches no server before a client's TLS
     * handshake (no upstream certificate to copy names from, no ALPN choice to follow).
     *
     * <pre>{@code builder.connectionStrategy(ConnectionStrategy.LAZY)}</pre>
     */
    public Builder connectionStrategy(ConnectionStrategy strategy) {
      return set(EngineOptions.CONNECTION_STRATEGY, Objects.requireNonNull(strategy, "strategy"));
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
      return set(EngineOptions.SSL_INSECURE, insecure);
    }

    /**
     * The client certificates presented to upstream servers that ask for one (mutual TLS;
     * mitmproxy's {@code client_certs}): from one PEM file for every host, a directory of
     * {@code HOST.pem} files, or per host. Servers that ask get none by default.
     *
     * <pre>{@code
     * builder.clientCertificates(ClientCertificates.load(Path.of("client.pem")))
     * builder.clientCertificates(ClientCertificates.none().withHost("api.example.com", Path.of("api.pem")))
     * }</pre>
     */
    public Builder clientCertificates(ClientCertificates certificates) {
      return set(EngineOptions.CLIENT_CERTS, Objects.requireNonNull(certificates, "certificates"));
    }

    /**
     * Which TLS implementation both sides of intercepted connections use: {@link TlsEngine#AUTO} by
     * default (OpenSSL when it loads, else the JDK's provider; {@code tls_engine}).
     *
     * <pre>{@code builder.tlsEngine(TlsEngine.OPENSSL)}</pre>
     */
    public Builder tlsEngine(TlsEngine engine) {
      return set(EngineOptions.TLS_ENGINE, Objects.requireNonNull(engine, "engine"));
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
     * Whether the certificate minted for an intercepted TLS client also carries the names of the
     * certificate its server presented (mitmproxy's {@code upstream_cert}; true by default). With
     * the {@linkplain ConnectionStrategy#EAGER eager} strategy the proxy completes the TLS handshake
     * with the server before the client's, on the connection the first request then uses (through
     * the next proxy in upstream mode), whether this is on or off; off, with
     * {@link ConnectionStrategy#LAZY}, or when the server cannot be reached, certificates name the
     * SNI or the {@code CONNECT} host only.
     *
     * <pre>{@code ProxyServer.builder().upstreamCert(false)}</pre>
     */
    public Builder upstreamCert(boolean copyNames) {
      return set(EngineOptions.UPSTREAM_CERT, copyNames);
    }

    /**
     * Sends HTTP Basic credentials upstream (mitmproxy's {@code upstream_auth}), given as
     * {@code user:password}: in upstream mode as {@code Proxy-Authorization} on every
     * {@code CONNECT} and plain HTTP request to the next proxy, in reverse mode as {@code Authorization} on every request to the server.
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
      return set(EngineOptions.UPSTREAM_AUTH, credentials);
    }

    /**
     * Connects to {@code name} at {@code address} instead of what DNS gives (BrowserUp's host
     * remapping; the {@code hosts} option, {@code name=address}), added to those given before (a
     * later one for a name wins). Requests keep the name: the {@code Host} header, the SNI sent
     * upstream, and the certificate minted for the client all say {@code name}; upstream
     * certificates are verified against it. In upstream mode the next proxy resolves the servers'
     * names, so only the next proxy's own name is remapped.
     *
     * <pre>{@code builder.remapHost("api.example.test", "127.0.0.1")}</pre>
     *
     * @throws IllegalArgumentException if {@code name} is not a host name or {@code address} is
     *     not an IPv4 or IPv6 address
     */
    public Builder remapHost(String name, String address) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(address, "address");
      return add(EngineOptions.HOSTS, List.of(name + "=" + address));
    }

    /**
     * Passes TLS connections to matching hosts through untouched (mitmproxy's
     * {@code ignore_hosts}): regexes searched in {@code host:port}, added to those given before.
     * One {@link TlsPassThrough} in {@link HookPhase#CONNECTION} checks them all.
     *
     * @throws IllegalArgumentException naming a regex that does not compile
     */
    public Builder ignoreHosts(String... regexes) {
      return add(TlsPassThrough.IGNORE_HOSTS, List.of(regexes));
    }

    /**
     * Intercepts TLS connections to matching hosts only and passes every other through untouched
     * (mitmproxy's {@code allow_hosts}), the regexes added to those given before. One
     * {@link TlsPassThrough} in {@link HookPhase#CONNECTION} checks them all.
     *
     * @throws IllegalArgumentException naming a regex that does not compile
     */
    public Builder allowHosts(String... regexes) {
      return add(TlsPassThrough.ALLOW_HOSTS, List.of(regexes));
    }

    /**
     * Binds and starts the proxy. First each option configures it (adding its hooks), in the order
     * they were first set, then the options of {@link OptionRegistry#core()} that were never set.
     *
     * @throws java.io.UncheckedIOException naming {@code host:port} when the address cannot be bound
     * @throws IllegalStateException naming the reason when {@link TlsEngine#OPENSSL} was asked for
     *     and OpenSSL cannot be loaded
     */
    public ProxyServer start() {
      HookChain chain = new HookChain();
      starting = chain;
      try {
        for (BuilderSettings.Entry entry : settings.entries()) {
          if (entry instanceof BuilderSettings.HookEntry hook) {
            chain.add(hook.phase(), hook.hook());
          } else {
            configure(settings.option(((BuilderSettings.OptionEntry) entry).name()));
          }
        }
        OptionRegistry.core().options().stream().filter(option -> !settings.isSet(option)).forEach(this::configure);
      } finally {
        starting = null;
      }
      Integer maxConnections = get(EngineOptions.MAX_CONNECTIONS);
      ProxyConfig config = new ProxyConfig(get(EngineOptions.LISTEN_HOST), get(EngineOptions.LISTEN_PORT),
          get(EngineOptions.MODE), maxHeaderSize, get(EngineOptions.BODY_SIZE_LIMIT), connectTimeout, responseTimeout,
          idleTimeout, get(EngineOptions.KEEP_HOST_HEADER), get(EngineOptions.CONNECTION_STRATEGY),
          get(EngineOptions.STREAM_WEBSOCKETS), webSocketMessageLimit,
          BasicCredentials.header(get(EngineOptions.UPSTREAM_AUTH)),
          maxConnections != null ? maxConnections : OpenFiles.ofThisProcess().defaultMaxConnections(),
          get(EngineOptions.HTTP2), HostAddresses.of(get(EngineOptions.HOSTS)), get(ProxyAuth.PROXYAUTH) != null);
      CertificateIssuer minter = issuer != null ? issuer : CertificateAuthority.ephemeral();
      ClientCertificates clientCertificates = get(EngineOptions.CLIENT_CERTS);
      TlsSettings tls = new TlsSettings(minter, get(EngineOptions.SSL_INSECURE), upstreamTrust,
          TlsProviders.of(get(EngineOptions.TLS_ENGINE)), get(EngineOptions.HTTP2),
          clientCertificates != null ? clientCertificates : ClientCertificates.none(), get(EngineOptions.UPSTREAM_CERT));
      return new ProxyServer(ProxyEngine.start(config, chain, tls), minter);
    }

    private <T> void configure(Option<T> option) {
      option.configure(this, get(option));
    }

    private <T> Builder fromText(Option<T> option, String text) {
      return set(option, option.update(get(option), text));
    }

    private <E> Builder add(Option<List<E>> option, List<E> more) {
      List<E> all = new ArrayList<>(get(option));
      all.addAll(more);
      return set(option, all);
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
