package dev.sluice.core.internal;

import dev.sluice.api.internal.Chars;
import dev.sluice.api.internal.Hosts;
import dev.sluice.core.ProxyMode;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A parsed request-target (RFC 9112, section 3.2): where a request goes and the origin-form path
 * to send there.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host, IPv6 literals without brackets
 * @param port the port
 * @param authority the authority as written, or empty for origin form
 * @param path the origin-form target, or {@code *}
 */
public record RequestTarget(String scheme, String host, int port, String authority, String path) {

  private static final String TARGET = "request-target";
  /** What may appear in an authority (RFC 3986: unreserved, %-escapes, sub-delims, {@code :[]@}). */
  private static final Chars AUTHORITY_CHARS = Chars.matching(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
      || c >= '0' && c <= '9' || "-._~%!$&'()*+,;=:[]@".indexOf(c) >= 0);
  private static final Chars LETTERS = Chars.matching(Character::isLetter);
  private static final Chars DIGITS = Chars.matching(c -> c >= '0' && c <= '9');

  /**
   * The destination of a request with request-target {@code uri} in {@code mode}: absolute form
   * in regular and upstream mode, any form in reverse mode (where the destination is the mode's
   * upstream), authority form for {@code CONNECT}. (An origin-form request that follows an
   * absolute-form one in regular or upstream mode goes by {@link #fromHostHeader}.)
   *
   * @throws IllegalArgumentException naming the target when it does not fit the mode
   */
  static RequestTarget forMode(ProxyMode mode, String uri, boolean connect) {
    boolean reverse = mode.kind() == ProxyMode.Kind.REVERSE;
    if (connect) {
      if (reverse) {
        throw new IllegalArgumentException("CONNECT is not supported in reverse proxy mode");
      }
      return connect(uri);
    }
    if (reverse) {
      RequestTarget upstream = of(mode.target());
      String path = isAbsolute(uri) ? absolute(uri).path() : uri;
      return new RequestTarget(upstream.scheme(), upstream.host(), upstream.port(), "", path);
    }
    if (!isAbsolute(uri)) {
      throw new IllegalArgumentException(mode.kind().name().toLowerCase(Locale.ROOT)
          + " proxy mode expects absolute-form requests such as GET http://host/path, got \"" + uri
          + "\" as the first request of the connection: set this address as the client's HTTP proxy"
          + " rather than requesting from it as a web server");
    }
    return absolute(uri);
  }

  /**
   * The destination of an origin-form request {@code path} on a plain connection in regular or
   * upstream mode: the server its one {@code Host} header, of the values {@code hosts}, names
   * (port 80 by default).
   *
   * @throws IllegalArgumentException naming the problem when there is no such header, more than
   *     one, or one that is no host[:port]
   */
  static RequestTarget fromHostHeader(List<String> hosts, String path) {
    String request = "origin-form request \"" + path + "\"";
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(request + " without a Host header: destination unknown");
    }
    if (hosts.size() > 1) {
      throw new IllegalArgumentException(request + " with " + hosts.size() + " Host headers: destination ambiguous");
    }
    String host = hosts.get(0);
    String what = request + ": Host header";
    if (host.isEmpty() || !AUTHORITY_CHARS.matchAll(host)) {
      throw new IllegalArgumentException(what + ": expected host[:port], got \"" + host + "\"");
    }
    RequestTarget named = withAuthority("http", host, 80, path, what, host);
    return new RequestTarget(named.scheme(), named.host(), named.port(), "", path);
  }

  /** The destination a mode's {@code http://host:port} or {@code https://host:port} target names. */
  static RequestTarget of(URI target) {
    String scheme = target.getScheme().toLowerCase(Locale.ROOT);
    return withAuthority(scheme, target.getRawAuthority(), scheme.equals("https") ? 443 : 80, "/", TARGET,
        target.toString());
  }

  /** The value of a {@code Host} header for this destination (no port when it is the scheme's default). */
  public String hostHeader() {
    return Hosts.hostHeader(scheme, host, port);
  }

  /** Whether {@code target} is in absolute form ({@code http://host/path}). */
  static boolean isAbsolute(String target) {
    int colon = target.indexOf("://");
    return colon > 0 && LETTERS.matchAll(target.substring(0, colon));
  }

  /**
   * Parses an absolute-form target such as {@code http://example.com:8080/a?b}.
   *
   * @throws IllegalArgumentException naming the target when it is not one
   */
  public static RequestTarget absolute(String target) {
    int colon = target.indexOf("://");
    if (colon <= 0) {
      throw new IllegalArgumentException("request-target: not in absolute form: \"" + target + "\"");
    }
    String scheme = target.substring(0, colon).toLowerCase(Locale.ROOT);
    int defaultPort = switch (scheme) {
      case "http", "ws" -> 80;
      case "https", "wss" -> 443;
      default -> throw new IllegalArgumentException("request-target: scheme must be http, https, ws or wss: \"" + target + "\"");
    };
    int start = colon + 3;
    int end = start;
    while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
      end++;
    }
    String authority = target.substring(start, end);
    String rest = target.substring(end);
    String path = rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
    int hash = path.indexOf('#');
    path = hash < 0 ? path : path.substring(0, hash);
    // ws and wss (as some clients send them) are HTTP and HTTPS until the upgrade
    return withAuthority(defaultPort == 443 ? "https" : "http", authority, defaultPort, path, TARGET, target);
  }

  /**
   * Parses the authority-form target of {@code CONNECT} ({@code host:port}; the port is required).
   *
   * @throws IllegalArgumentException naming the target when it is not one
   */
  static RequestTarget connect(String target) {
    RequestTarget parsed = withAuthority("http", target, -1, "/", TARGET, target);
    if (parsed.port() < 0) {
      throw new IllegalArgumentException("CONNECT target: expected host:port, got \"" + target + "\"");
    }
    return parsed;
  }

  /**
   * The destination {@code authority} names; errors name {@code what} held it (such as
   * {@value #TARGET}) and quote {@code text}, where it came from.
   */
  private static RequestTarget withAuthority(String scheme, String authority, int defaultPort, String path,
      String what, String text) {
    if (authority.isEmpty() || authority.contains("@")) {
      throw new IllegalArgumentException(what + ": expected host[:port] without user info: \"" + text + "\"");
    }
    String host;
    String portText;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException(what + ": unclosed IPv6 literal: \"" + text + "\"");
      }
      host = authority.substring(1, close);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw new IllegalArgumentException(what + ": junk after IPv6 literal: \"" + text + "\"");
      }
      portText = after.isEmpty() ? "" : after.substring(1);
    } else {
      int portColon = authority.lastIndexOf(':');
      host = portColon < 0 ? authority : authority.substring(0, portColon);
      portText = portColon < 0 ? "" : authority.substring(portColon + 1);
    }
    int port = portText.isEmpty() ? defaultPort : parsePort(portText, what, text);
    if (host.isEmpty()) {
      throw new IllegalArgumentException(what + ": empty host: \"" + text + "\"");
    }
    return new RequestTarget(scheme, host, port, authority, path);
  }

  private static int parsePort(String digits, String what, String text) {
    if (!DIGITS.matchAll(digits) || digits.length() > 5) {
      throw new IllegalArgumentException(what + ": bad port \"" + digits + "\" in \"" + text + "\"");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + ": port out of range 1..65535 in \"" + text + "\"");
    }
    return port;
  }
}
