package dev.sluice.cli.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyMode;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.TlsEngine;
import dev.sluice.core.hooks.ModifyBody;
import dev.sluice.core.hooks.ModifyHeaders;
import dev.sluice.core.hooks.ModifySpec;
import dev.sluice.core.hooks.ProxyAuthenticator;
import dev.sluice.core.hooks.StickyAuth;
import dev.sluice.core.hooks.StickyCookies;
import dev.sluice.replay.ClientReplay;
import dev.sluice.replay.FlowReader;
import dev.sluice.replay.FlowRecorder;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The command line's settings under mitmproxy's option names, as {@code --set name=value} and the
 * dedicated flags write them. Values are checked as they are set, so a bad one fails before the
 * proxy starts; {@link #toBuilder()} turns them into a server with its hooks.
 */
public final class ProxyOptions {

  private static final Map<String, BiConsumer<ProxyOptions, String>> SETTERS = new TreeMap<>();

  static {
    SETTERS.put("listen_host", (o, v) -> o.listenHost = v);
    SETTERS.put("listen_port", (o, v) -> o.listenPort = port(v));
    SETTERS.put("mode", (o, v) -> o.mode = ProxyMode.parse(v));
    SETTERS.put("body_size_limit", (o, v) -> o.bodySizeLimit = ByteSizes.parse(v));
    SETTERS.put("stream_large_bodies", (o, v) -> o.streamLargeBodies = v.isEmpty() ? null : ByteSizes.parse(v));
    SETTERS.put("stream_websockets", (o, v) -> o.streamWebSockets = bool(v));
    SETTERS.put("connection_strategy", (o, v) -> o.connectionStrategy = strategy(v));
    SETTERS.put("tls_engine", (o, v) -> o.tlsEngine = tlsEngine(v));
    SETTERS.put("keep_host_header", (o, v) -> o.keepHostHeader = bool(v));
    SETTERS.put("anticache", (o, v) -> o.anticache = bool(v));
    SETTERS.put("anticomp", (o, v) -> o.anticomp = bool(v));
    SETTERS.put("proxyauth", (o, v) -> o.proxyAuth = v.isEmpty() ? null : ProxyAuthenticator.parse(v));
    SETTERS.put("stickyauth", (o, v) -> o.stickyAuth = v.isEmpty() ? null : FlowFilter.parse(v));
    SETTERS.put("stickycookie", (o, v) -> o.stickyCookie = v.isEmpty() ? null : FlowFilter.parse(v));
    SETTERS.put("modify_body", (o, v) -> o.modifyBody.add(ModifySpec.parse(v)));
    SETTERS.put("modify_headers", (o, v) -> o.modifyHeaders.add(ModifySpec.parse(v)));
    SETTERS.put("confdir", (o, v) -> o.confdir = o.expandHome(v));
    SETTERS.put("ssl_insecure", (o, v) -> o.sslInsecure = bool(v));
    SETTERS.put("upstream_cert", (o, v) -> o.upstreamCert = bool(v));
    SETTERS.put("upstream_auth", (o, v) -> o.upstreamAuth = v.isEmpty() ? null : upstreamAuth(v));
    SETTERS.put("ignore_hosts", (o, v) -> o.ignoreHosts.add(regex(v)));
    SETTERS.put("allow_hosts", (o, v) -> o.allowHosts.add(regex(v)));
    SETTERS.put("replacements", SETTERS.get("modify_body"));
    SETTERS.put("setheaders", SETTERS.get("modify_headers"));
    SETTERS.put("save_stream_file", (o, v) -> o.saveStreamFile = v.isEmpty() ? null : v);
    SETTERS.put("save_stream_filter", (o, v) -> o.saveStreamFilter = v.isEmpty() ? FlowFilter.all() : FlowFilter.parse(v));
    SETTERS.put("server_replay", (o, v) -> o.serverReplay.add(Path.of(v)));
    SETTERS.put("server_replay_use_headers", (o, v) -> o.replay.useHeaders(v));
    SETTERS.put("server_replay_ignore_params", (o, v) -> o.replay.ignoreParams(v));
    SETTERS.put("server_replay_ignore_payload_params", (o, v) -> o.replay.ignorePayloadParams(v));
    SETTERS.put("server_replay_ignore_content", (o, v) -> o.replay.ignoreContent(bool(v)));
    SETTERS.put("server_replay_ignore_host", (o, v) -> o.replay.ignoreHost(bool(v)));
    SETTERS.put("server_replay_ignore_port", (o, v) -> o.replay.ignorePort(bool(v)));
    SETTERS.put("server_replay_reuse", (o, v) -> o.replay.reuse(bool(v)));
    SETTERS.put("server_replay_nopop", (o, v) -> o.replay.nopop(bool(v)));
    SETTERS.put("server_replay_kill_extra", (o, v) -> o.replay.killExtra(bool(v)));
    SETTERS.put("server_replay_extra", (o, v) -> o.replay.extra(v));
    SETTERS.put("server_replay_refresh", (o, v) -> o.replay.refresh(bool(v)));
    SETTERS.put("client_replay", (o, v) -> o.clientReplay.add(Path.of(v)));
    SETTERS.put("client_replay_concurrency", (o, v) -> o.clientReplayConcurrency = concurrency(v));
    SETTERS.put("keepserving", (o, v) -> o.keepServing = bool(v));
    SETTERS.put("showhost", (o, v) -> o.showHost = bool(v));
    SETTERS.put("max_connections", (o, v) -> o.maxConnections = connections(v));
  }

  private String listenHost = "127.0.0.1";
  private int listenPort = 8080;
  private ProxyMode mode = ProxyMode.regular();
  private Long bodySizeLimit;
  private Long streamLargeBodies;
  private boolean keepHostHeader;
  private boolean streamWebSockets;
  private TlsEngine tlsEngine = TlsEngine.AUTO;
  private ConnectionStrategy connectionStrategy;
  private boolean anticache;
  private boolean anticomp;
  private ProxyAuthenticator proxyAuth;
  private FlowFilter stickyAuth;
  private FlowFilter stickyCookie;
  private final List<ModifySpec> modifyBody = new ArrayList<>();
  private final Path home;
  private Path confdir;
  private boolean sslInsecure;
  private String upstreamAuth;
  private boolean upstreamCert = true;
  private final List<String> ignoreHosts = new ArrayList<>();
  private final List<String> allowHosts = new ArrayList<>();
  private final List<ModifySpec> modifyHeaders = new ArrayList<>();
  private String saveStreamFile;
  private FlowFilter saveStreamFilter = FlowFilter.all();
  private final List<Path> serverReplay = new ArrayList<>();
  private final ServerReplayOptions.Builder replay = ServerReplayOptions.builder();
  private final List<Path> clientReplay = new ArrayList<>();
  private int clientReplayConcurrency = 1;
  private boolean keepServing;
  private boolean showHost;
  private Integer maxConnections;

  /** Options with their defaults; {@code home} is what {@code ~} stands for ({@code confdir} is {@code ~/.sluice}). */
  public ProxyOptions(Path home) {
    this.home = home;
    this.confdir = home.resolve(".sluice");
  }

  /**
   * Sets option {@code name} from its text; list options ({@code modify_body},
   * {@code modify_headers}, {@code server_replay}, {@code client_replay} and the
   * {@code server_replay_*} name lists) add one more entry each time.
   *
   * @throws IllegalArgumentException naming the option when the name is unknown or the value is bad
   */
  public void set(String name, String value) {
    BiConsumer<ProxyOptions, String> setter = SETTERS.get(name);
    if (setter == null) {
      throw new IllegalArgumentException("unknown option \"" + name + "\" (known: " + String.join(", ", SETTERS.keySet()) + ")");
    }
    try {
      setter.accept(this, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** Sets an option from {@code name=value}. */
  public void set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("--set: expected name=value, got \"" + assignment + "\"");
    }
    set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
  }

  /** Whether {@code client_replay} names files to replay. */
  public boolean hasClientReplay() {
    return !clientReplay.isEmpty();
  }

  /**
   * Every flow of the {@code client_replay} files, in order, read now (so a bad file fails before
   * the proxy starts).
   *
   * @throws IOException naming the file (and the offset of a corrupt record)
   */
  public List<Flow> readClientReplayFlows() throws IOException {
    List<Flow> flows = new ArrayList<>();
    for (Path file : clientReplay) {
      flows.addAll(FlowReader.readAll(file));
    }
    return flows;
  }

  /**
   * How many replayed requests may be in flight at once ({@code client_replay_concurrency}: 1 by
   * default, {@link ClientReplay#UNLIMITED} for no limit).
   */
  public int clientReplayConcurrency() {
    return clientReplayConcurrency;
  }

  /** Whether to keep serving after the client replay has finished ({@code keepserving}; false by default). */
  public boolean keepServing() {
    return keepServing;
  }

  /**
   * Whether flow lines show the URL built from the {@code Host} header instead of the one the
   * request went to ({@code showhost}; off by default).
   */
  public boolean showHost() {
    return showHost;
  }

  /**
   * The directory of the CA files (mitmproxy's {@code confdir}; {@code ~/.sluice} by default, a
   * leading {@code ~} standing for the home directory).
   */
  public Path confdir() {
    return confdir;
  }

  /**
   * When {@code CONNECT} tunnels connect upstream: {@code connection_strategy} when set, else lazy
   * when {@code server_replay} files are given (so replay works with the upstream down), else eager.
   */
  public ConnectionStrategy connectionStrategy() {
    if (connectionStrategy != null) {
      return connectionStrategy;
    }
    return serverReplay.isEmpty() ? ConnectionStrategy.EAGER : ConnectionStrategy.LAZY;
  }

  /** Whether websocket frames go on before hooks see their message ({@code stream_websockets}; off by default). */
  public boolean streamWebSockets() {
    return streamWebSockets;
  }

  /** The file {@code save_stream_file} names (without mitmdump's {@code +} append prefix), or {@code null}. */
  public Path saveStreamPath() {
    if (saveStreamFile == null) {
      return null;
    }
    return Path.of(saveStreamFile.startsWith("+") ? saveStreamFile.substring(1) : saveStreamFile);
  }

  /**
   * The recorder of {@code save_stream_file} with {@code save_stream_filter}, or {@code null} when
   * no file is set. As with mitmdump, the file is replaced, unless its name starts with {@code +}:
   * then it is appended to.
   */
  public FlowRecorder openRecorder() throws IOException {
    Path file = saveStreamPath();
    if (file == null) {
      return null;
    }
    if (!saveStreamFile.startsWith("+")) {
      Files.deleteIfExists(file);
    }
    return FlowRecorder.to(file, saveStreamFilter);
  }

  /**
   * A server builder with these settings and hooks (proxy authentication runs first, server
   * replay last).
   *
   * @throws UncheckedIOException naming the file when a {@code server_replay} file cannot be read
   */
  public ProxyServer.Builder toBuilder() {
    ProxyServer.Builder builder = ProxyServer.builder()
        .listenHost(listenHost)
        .port(listenPort)
        .mode(mode)
        .keepHostHeader(keepHostHeader)
        .streamWebSockets(streamWebSockets)
        .tlsEngine(tlsEngine)
        .connectionStrategy(connectionStrategy())
        .sslInsecure(sslInsecure)
        .upstreamAuth(upstreamAuth)
        .upstreamCert(upstreamCert);
    if (!ignoreHosts.isEmpty()) {
      builder.ignoreHosts(ignoreHosts.toArray(String[]::new));
    }
    if (!allowHosts.isEmpty()) {
      builder.allowHosts(allowHosts.toArray(String[]::new));
    }
    if (bodySizeLimit != null) {
      builder.maxBodySize(bodySizeLimit);
    }
    if (maxConnections != null) {
      builder.maxConnections(maxConnections);
    }
    if (proxyAuth != null) {
      builder.proxyAuth(proxyAuth);
    }
    if (anticache) {
      builder.anticache();
    }
    if (anticomp) {
      builder.anticomp();
    }
    if (streamLargeBodies != null) {
      builder.streamLargeBodies(streamLargeBodies);
    }
    if (stickyAuth != null) {
      builder.hook(new StickyAuth(stickyAuth));
    }
    if (stickyCookie != null) {
      builder.hook(new StickyCookies(stickyCookie));
    }
    if (!modifyHeaders.isEmpty()) {
      builder.hook(ModifyHeaders.of(modifyHeaders));
    }
    if (!modifyBody.isEmpty()) {
      builder.hook(ModifyBody.of(modifyBody));
    }
    if (!serverReplay.isEmpty()) {
      try {
        builder.hook(ServerReplay.fromFiles(serverReplay, replay.build()));
      } catch (IOException e) {
        throw new UncheckedIOException("server_replay: " + e.getMessage(), e);
      }
    }
    return builder;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("not a port (0-65535): \"" + value + "\"");
  }

  private static int concurrency(String value) {
    return count(value, requests -> requests >= 1 || requests == ClientReplay.UNLIMITED,
        "a number of requests (1 or more), or -1 for unlimited");
  }

  private static int connections(String value) {
    return count(value, connections -> connections >= 1, "a number of connections (1 or more)");
  }

  /** {@code value} as a whole number that is {@code allowed}; else the error says it expected {@code expected}. */
  private static int count(String value, IntPredicate allowed, String expected) {
    try {
      int count = Integer.parseInt(value.trim());
      if (allowed.test(count)) {
        return count;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("expected " + expected + ", got \"" + value + "\"");
  }

  private static ConnectionStrategy strategy(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "eager" -> ConnectionStrategy.EAGER;
      case "lazy" -> ConnectionStrategy.LAZY;
      default -> throw new IllegalArgumentException("not a connection strategy (eager/lazy): \"" + value + "\"");
    };
  }

  private static TlsEngine tlsEngine(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> TlsEngine.AUTO;
      case "jdk" -> TlsEngine.JDK;
      case "openssl" -> TlsEngine.OPENSSL;
      default -> throw new IllegalArgumentException("not a TLS engine (auto/jdk/openssl): \"" + value + "\"");
    };
  }

  /** {@code value} with a leading {@code ~} or {@code ~/} standing for the home directory. */
  private Path expandHome(String value) {
    if (value.equals("~")) {
      return home;
    }
    return value.startsWith("~/") ? home.resolve(value.substring(2)) : Path.of(value);
  }

  /** {@code user:password}, checked now (by the builder's own rule) so that a bad value fails at {@code --set}. */
  private static String upstreamAuth(String value) {
    ProxyServer.builder().upstreamAuth(value);
    return value;
  }

  private static String regex(String value) {
    try {
      Pattern.compile(value);
      return value;
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("not a regular expression: \"" + value + "\" (" + e.getDescription() + ")");
    }
  }

  private static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException("not a boolean (true/false): \"" + value + "\"");
    };
  }
}
