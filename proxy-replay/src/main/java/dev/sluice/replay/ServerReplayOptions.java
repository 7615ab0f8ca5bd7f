package dev.sluice.replay;

import dev.sluice.core.ProxyServer;
import dev.sluice.core.options.Option;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link ServerReplay} matches requests to recorded flows and what it does with the rest:
 * mitmproxy's {@code server_replay_*} options, one builder method each, under the same names.
 * Immutable; {@link #newBuilder()} derives a changed copy.
 *
 * <p>Each is also an {@linkplain Option option} ({@link #SERVER_REPLAY_EXTRA}, ...) that the
 * {@link ServerReplay#SERVER_REPLAY} option reads when it adds its hook.
 *
 * <p>By default a request matches a recording with the same method, scheme, host, port, path,
 * query and body; each recorded response is served once, in recording order; an unmatched request
 * is forwarded upstream; and replayed responses are refreshed (their dates shifted by the time
 * elapsed since recording).
 *
 * <pre>{@code
 * ServerReplayOptions options = ServerReplayOptions.builder()
 *     .ignoreParams("timestamp")          // server_replay_ignore_params
 *     .useHeaders("Accept")               // server_replay_use_headers
 *     .extra("404")                       // server_replay_extra
 *     .build();
 * }</pre>
 */
public final class ServerReplayOptions {

  /** {@code server_replay_use_headers}: request headers whose values must match too; none by default. */
  public static final Option<List<String>> SERVER_REPLAY_USE_HEADERS = Option.sequence("server_replay_use_headers",
          ServerReplayOptions::headerName)
      .help("Server replay: a request header whose value must match the recorded one too.")
      .build();

  /** {@code server_replay_ignore_params}: query parameters left out of the match; none by default. */
  public static final Option<List<String>> SERVER_REPLAY_IGNORE_PARAMS = Option.sequence("server_replay_ignore_params",
          name -> name)
      .help("Server replay: a query parameter left out of the match.")
      .build();

  /** {@code server_replay_ignore_payload_params}: form fields left out of the match; none by default. */
  public static final Option<List<String>> SERVER_REPLAY_IGNORE_PAYLOAD_PARAMS = Option.sequence(
          "server_replay_ignore_payload_params", name -> name)
      .help("Server replay: a form field (URL-encoded or multipart) left out of the match; the other fields must "
          + "match instead of the whole body.")
      .build();

  /** {@code server_replay_ignore_content}: whether request bodies are left out of the match; false by default. */
  public static final Option<Boolean> SERVER_REPLAY_IGNORE_CONTENT = Option.bool("server_replay_ignore_content")
      .help("Server replay: leave request bodies out of the match.")
      .build();

  /** {@code server_replay_ignore_host}: whether the host is left out of the match; false by default. */
  public static final Option<Boolean> SERVER_REPLAY_IGNORE_HOST = Option.bool("server_replay_ignore_host")
      .help("Server replay: leave the destination host out of the match.")
      .build();

  /** {@code server_replay_ignore_port}: whether the port is left out of the match; false by default. */
  public static final Option<Boolean> SERVER_REPLAY_IGNORE_PORT = Option.bool("server_replay_ignore_port")
      .help("Server replay: leave the destination port out of the match.")
      .build();

  /** {@code server_replay_reuse}: whether recorded responses are kept after use; false by default. */
  public static final Option<Boolean> SERVER_REPLAY_REUSE = Option.bool("server_replay_reuse")
      .help("Server replay: keep recorded responses after use, so the first one of a match answers every time.")
      .build();

  /** {@code server_replay_nopop}: the older name of {@link #SERVER_REPLAY_REUSE}; false by default. */
  public static final Option<Boolean> SERVER_REPLAY_NOPOP = Option.bool("server_replay_nopop")
      .help("Server replay: the older name of server_replay_reuse.")
      .build();

  /** {@code server_replay_kill_extra}: whether unmatched requests are killed, whatever {@link #SERVER_REPLAY_EXTRA} says. */
  public static final Option<Boolean> SERVER_REPLAY_KILL_EXTRA = Option.bool("server_replay_kill_extra")
      .help("Server replay: kill requests the recording cannot answer (server_replay_extra=kill).")
      .build();

  /** {@code server_replay_extra}: what an unmatched request gets; {@code forward} by default. */
  public static final Option<String> SERVER_REPLAY_EXTRA = Option.of("server_replay_extra", "str",
          ServerReplayOptions::checkedExtra)
      .defaultValue("forward")
      .help("Server replay: what a request the recording cannot answer gets: forward (sent upstream), kill (the "
          + "connection is closed), or a status code such as 404.")
      .check(ServerReplayOptions::checkedExtra)
      .build();

  /** {@code server_replay_refresh}: whether replayed responses have their dates shifted; true by default. */
  public static final Option<Boolean> SERVER_REPLAY_REFRESH = Option.bool("server_replay_refresh")
      .defaultValue(true)
      .help("Server replay: shift the dates and cookie expiry of replayed responses by the time since recording.")
      .build();

  /** The {@code server_replay_*} options that say how requests match and what misses get. */
  static final List<Option<?>> OPTIONS = List.of(SERVER_REPLAY_USE_HEADERS, SERVER_REPLAY_IGNORE_PARAMS,
      SERVER_REPLAY_IGNORE_PAYLOAD_PARAMS, SERVER_REPLAY_IGNORE_CONTENT, SERVER_REPLAY_IGNORE_HOST,
      SERVER_REPLAY_IGNORE_PORT, SERVER_REPLAY_REUSE, SERVER_REPLAY_NOPOP, SERVER_REPLAY_KILL_EXTRA,
      SERVER_REPLAY_EXTRA, SERVER_REPLAY_REFRESH);

  private static final ServerReplayOptions DEFAULTS = builder().build();

  private final List<String> useHeaders;
  private final Set<String> ignoreParams;
  private final boolean ignoreContent;
  private final Set<String> ignorePayloadParams;
  private final boolean ignoreHost;
  private final boolean ignorePort;
  private final boolean reuse;
  private final boolean nopop;
  private final boolean killExtra;
  private final String extra;
  private final boolean refresh;

  private ServerReplayOptions(Builder b) {
    this.useHeaders = List.copyOf(b.useHeaders);
    this.ignoreParams = Set.copyOf(b.ignoreParams);
    this.ignoreContent = b.ignoreContent;
    this.ignorePayloadParams = Set.copyOf(b.ignorePayloadParams);
    this.ignoreHost = b.ignoreHost;
    this.ignorePort = b.ignorePort;
    this.reuse = b.reuse;
    this.nopop = b.nopop;
    this.killExtra = b.killExtra;
    this.extra = b.extra;
    this.refresh = b.refresh;
  }

  /** mitmproxy's defaults. */
  public static ServerReplayOptions defaults() {
    return DEFAULTS;
  }

  /** The options {@code builder} holds under the {@code server_replay_*} names. */
  static ServerReplayOptions of(ProxyServer.Builder builder) {
    return builder()
        .useHeaders(builder.get(SERVER_REPLAY_USE_HEADERS).toArray(String[]::new))
        .ignoreParams(builder.get(SERVER_REPLAY_IGNORE_PARAMS).toArray(String[]::new))
        .ignorePayloadParams(builder.get(SERVER_REPLAY_IGNORE_PAYLOAD_PARAMS).toArray(String[]::new))
        .ignoreContent(builder.get(SERVER_REPLAY_IGNORE_CONTENT))
        .ignoreHost(builder.get(SERVER_REPLAY_IGNORE_HOST))
        .ignorePort(builder.get(SERVER_REPLAY_IGNORE_PORT))
        .reuse(builder.get(SERVER_REPLAY_REUSE))
        .nopop(builder.get(SERVER_REPLAY_NOPOP))
        .killExtra(builder.get(SERVER_REPLAY_KILL_EXTRA))
        .extra(builder.get(SERVER_REPLAY_EXTRA))
        .refresh(builder.get(SERVER_REPLAY_REFRESH))
        .build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.useHeaders.addAll(useHeaders);
    b.ignoreParams.addAll(ignoreParams);
    b.ignoreContent = ignoreContent;
    b.ignorePayloadParams.addAll(ignorePayloadParams);
    b.ignoreHost = ignoreHost;
    b.ignorePort = ignorePort;
    b.reuse = reuse;
    b.nopop = nopop;
    b.killExtra = killExtra;
    b.extra = extra;
    b.refresh = refresh;
    return b;
  }

  /** {@code server_replay_use_headers}: request headers whose values must match too. */
  public List<String> useHeaders() {
    return useHeaders;
  }

  /** {@code server_replay_ignore_params}: query parameters left out of the match. */
  public Set<String> ignoreParams() {
    return ignoreParams;
  }

  /** {@code server_replay_ignore_content}: whether request bodies are left out of the match. */
  public boolean ignoreContent() {
    return ignoreContent;
  }

  /**
   * {@code server_replay_ignore_payload_params}: form fields (URL-encoded or multipart) left out
   * of the match; the other fields must match instead of the whole body.
   */
  public Set<String> ignorePayloadParams() {
    return ignorePayloadParams;
  }

  /** {@code server_replay_ignore_host}: whether the destination host is left out of the match. */
  public boolean ignoreHost() {
    return ignoreHost;
  }

  /** {@code server_replay_ignore_port}: whether the destination port is left out of the match. */
  public boolean ignorePort() {
    return ignorePort;
  }

  /**
   * Whether recorded responses are kept after use, so the first one of a match answers every
   * time ({@code server_replay_reuse}, or its older name {@code server_replay_nopop}).
   */
  public boolean reuse() {
    return reuse || nopop;
  }

  /**
   * What an unmatched request gets ({@code server_replay_extra}): {@code forward} (sent upstream),
   * {@code kill} (the connection is closed), or a status code answered with a plain-text body.
   * {@code server_replay_kill_extra} makes it {@code kill}.
   */
  public String extra() {
    return killExtra ? "kill" : extra;
  }

  /** Whether replayed responses have their dates and cookie expiry shifted ({@code server_replay_refresh}). */
  public boolean refresh() {
    return refresh;
  }

  @Override
  public String toString() {
    return "ServerReplayOptions[useHeaders=" + useHeaders + ", ignoreParams=" + ignoreParams
        + ", ignoreContent=" + ignoreContent + ", ignorePayloadParams=" + ignorePayloadParams
        + ", ignoreHost=" + ignoreHost + ", ignorePort=" + ignorePort + ", reuse=" + reuse()
        + ", extra=" + extra() + ", refresh=" + refresh + "]";
  }

  /** Builds {@link ServerReplayOptions}; every method is named after its mitmproxy option. */
  public static final class Builder {
    private final List<String> useHeaders = new ArrayList<>();
    private final Set<String> ignoreParams = new LinkedHashSet<>();
    private boolean ignoreContent;
    private final Set<String> ignorePayloadParams = new LinkedHashSet<>();
    private boolean ignoreHost;
    private boolean ignorePort;
    private boolean reuse;
    private boolean nopop;
    private boolean killExtra;
    private String extra = "forward";
    private boolean refresh = true;

    private Builder() {}

    /** Adds request headers that must match ({@code server_replay_use_headers}). */
    public Builder useHeaders(String... names) {
      for (String name : names) {
        useHeaders.add(headerName(Objects.requireNonNull(name, "name")));
      }
      return this;
    }

    /** Adds query parameters to ignore ({@code server_replay_ignore_params}). */
    public Builder ignoreParams(String... names) {
      addAll(ignoreParams, names);
      return this;
    }

    /** Ignores request bodies ({@code server_replay_ignore_content}). */
    public Builder ignoreContent(boolean ignore) {
      this.ignoreContent = ignore;
      return this;
    }

    /** Adds form fields to ignore ({@code server_replay_ignore_payload_params}). */
    public Builder ignorePayloadParams(String... names) {
      addAll(ignorePayloadParams, names);
      return this;
    }

    /** Ignores the destination host ({@code server_replay_ignore_host}). */
    public Builder ignoreHost(boolean ignore) {
      this.ignoreHost = ignore;
      return this;
    }

    /** Ignores the destination port ({@code server_replay_ignore_port}). */
    public Builder ignorePort(boolean ignore) {
      this.ignorePort = ignore;
      return this;
    }

    /** Keeps recorded responses after use ({@code server_replay_reuse}). */
    public Builder reuse(boolean reuse) {
      this.reuse = reuse;
      return this;
    }

    /** The older name of {@link #reuse(boolean)} ({@code server_replay_nopop}). */
    public Builder nopop(boolean nopop) {
      this.nopop = nopop;
      return this;
    }

    /** Kills unmatched requests, whatever {@link #extra(String)} says ({@code server_replay_kill_extra}). */
    public Builder killExtra(boolean kill) {
      this.killExtra = kill;
      return this;
    }

    /**
     * What unmatched requests get ({@code server_replay_extra}): {@code forward}, {@code kill}, or
     * a status code from 200 to 599 such as {@code 404}.
     *
     * @throws IllegalArgumentException quoting {@code extra} when it is none of these
     */
    public Builder extra(String extra) {
      this.extra = checkedExtra(Objects.requireNonNull(extra, "extra"));
      return this;
    }

    /** Refreshes replayed responses ({@code server_replay_refresh}, on by default). */
    public Builder refresh(boolean refresh) {
      this.refresh = refresh;
      return this;
    }

    /** The options. */
    public ServerReplayOptions build() {
      return new ServerReplayOptions(this);
    }

    private static void addAll(Set<String> set, String... names) {
      for (String name : names) {
        set.add(Objects.requireNonNull(name, "name"));
      }
    }
  }

  private static String headerName(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("server_replay_use_headers: blank header name");
    }
    return name.trim();
  }

  /** {@code extra} in lower case, once it is forward, kill or a status code from 200 to 599. */
  private static String checkedExtra(String extra) {
    String value = extra.trim().toLowerCase(Locale.ROOT);
    if (!value.equals("forward") && !value.equals("kill") && extraStatus(value) < 0) {
      throw new IllegalArgumentException(
          "server_replay_extra: expected forward, kill or a status code 200-599, got \"" + extra + "\"");
    }
    return value;
  }

  /** The status code {@code extra} names, or -1 when it names none. */
  static int extraStatus(String extra) {
    if (extra.length() != 3 || !extra.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    int status = Integer.parseInt(extra);
    return status >= 200 && status <= 599 ? status : -1;
  }
}
