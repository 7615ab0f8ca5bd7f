package dev.sluice.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * How the proxy finds the destination of a request, as mitmproxy's {@code --mode}: an immutable
 * value.
 *
 * <ul>
 *   <li>{@code regular}: clients send absolute-form requests ({@code GET http://host/path}) and
 *       {@code CONNECT host:port} tunnels. Once a connection has carried an absolute-form request,
 *       an origin-form one ({@code GET /path}) on it goes to the server its {@code Host} names; as
 *       the first request of a connection it gets a 400.</li>
 *   <li>{@code reverse:http://host:port} or {@code reverse:https://host:port}: every request goes
 *       to one fixed upstream server; clients talk to the proxy as if it were that server, in plain
 *       HTTP or with TLS (the proxy spots a TLS client by its first bytes and presents a minted
 *       certificate for its SNI or the upstream host).</li>
 *   <li>{@code upstream:http://host:port}: requests come as in regular mode; plain HTTP ones are
 *       forwarded to the next proxy, in absolute form; {@code CONNECT} tunnels are answered and
 *       their TLS intercepted as in regular mode, each server reached through a {@code CONNECT} on
 *       the next proxy (tunnels passed through go through it untouched).</li>
 *   <li>{@code socks5}: clients connect through a SOCKS5 handshake (RFC 1928; with a user name and
 *       password, RFC 1929, when proxy authentication is on) naming {@code host:port}; what they
 *       send then is treated as in a {@code CONNECT} tunnel: TLS intercepted, HTTP proxied,
 *       anything else relayed raw.</li>
 * </ul>
 *
 * <pre>{@code
 * ProxyMode mode = ProxyMode.parse("reverse:http://127.0.0.1:8000");
 * ProxyServer server = ProxyServer.builder().mode(mode).start();
 * }</pre>
 */
public final class ProxyMode {

  /** The kinds of mode. */
  public enum Kind {
    /** An ordinary forward proxy. */
    REGULAR,
    /** A reverse proxy in front of one upstream server. */
    REVERSE,
    /** A forward proxy that chains to another proxy. */
    UPSTREAM,
    /** A SOCKS5 proxy. */
    SOCKS5
  }

  private static final ProxyMode REGULAR = new ProxyMode(Kind.REGULAR, null);
  private static final ProxyMode SOCKS5 = new ProxyMode(Kind.SOCKS5, null);

  private final Kind kind;
  private final URI target;

  private ProxyMode(Kind kind, URI target) {
    this.kind = kind;
    this.target = target;
  }

  /** The regular forward-proxy mode (the default). */
  public static ProxyMode regular() {
    return REGULAR;
  }

  /** SOCKS5 mode (mitmproxy's {@code socks5}): no authentication, or user name and password with {@code proxyauth}. */
  public static ProxyMode socks5() {
    return SOCKS5;
  }

  /**
   * Reverse-proxy mode in front of {@code upstream}, an {@code http://host[:port]} or
   * {@code https://host[:port]} URL.
   *
   * @throws IllegalArgumentException if {@code upstream} is not such a URL
   */
  public static ProxyMode reverse(URI upstream) {
    return new ProxyMode(Kind.REVERSE, checkTarget("upstream", upstream, true));
  }

  /**
   * Upstream-proxy mode: forward everything to the proxy at {@code proxy}, an
   * {@code http://host[:port]} URL.
   *
   * @throws IllegalArgumentException if {@code proxy} is not such a URL
   */
  public static ProxyMode upstream(URI proxy) {
    return new ProxyMode(Kind.UPSTREAM, checkTarget("proxy", proxy, false));
  }

  /**
   * Parses mitmproxy's mode syntax: {@code regular}, {@code socks5}, {@code reverse:http://host:port},
   * {@code reverse:https://host:port} or {@code upstream:http://host:port}.
   *
   * @throws IllegalArgumentException naming {@code spec} when it is none of these
   */
  public static ProxyMode parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.equals("regular")) {
      return REGULAR;
    }
    if (spec.equals("socks5")) {
      return SOCKS5;
    }
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    if (colon < 0 || !(name.equals("reverse") || name.equals("upstream"))) {
      throw new IllegalArgumentException("mode: expected regular, socks5, reverse:URL or upstream:URL, got \""
          + spec + "\"");
    }
    URI url;
    try {
      url = new URI(spec.substring(colon + 1));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("mode \"" + spec + "\": not a URL: " + e.getMessage(), e);
    }
    try {
      return name.equals("reverse") ? reverse(url) : upstream(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mode \"" + spec + "\": " + e.getMessage(), e);
    }
  }

  /** The kind of mode. */
  public Kind kind() {
    return kind;
  }

  /**
   * The upstream server (reverse) as {@code http://host:port} or {@code https://host:port}, the
   * next proxy (upstream) as {@code http://host:port}, or {@code null} in regular and SOCKS5 mode.
   */
  public URI target() {
    return target;
  }

  private static URI checkTarget(String what, URI url, boolean httpsAllowed) {
    Objects.requireNonNull(url, what);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    boolean https = httpsAllowed && scheme.equals("https");
    String expected = httpsAllowed ? "http[s]://host[:port]" : "http://host[:port]";
    if (!(scheme.equals("http") || https) || url.getHost() == null) {
      throw new IllegalArgumentException(what + ": expected " + expected + ", got \"" + url + "\"");
    }
    boolean bareRoot = url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/");
    if (!bareRoot || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(what + ": expected " + expected + " with no path, query or user, got \""
          + url + "\"");
    }
    int port = url.getPort() >= 0 ? url.getPort() : https ? 443 : 80;
    return URI.create(scheme + "://" + url.getHost() + ":" + port);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProxyMode that && kind == that.kind && Objects.equals(target, that.target);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, target);
  }

  /** The spec, as {@link #parse(String)} reads it. */
  @Override
  public String toString() {
    String name = kind.name().toLowerCase(Locale.ROOT);
    return target == null ? name : name + ":" + target;
  }
}
