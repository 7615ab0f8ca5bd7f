package dev.sluice.api;

import dev.sluice.api.internal.Chars;
import dev.sluice.api.internal.Hosts;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * The request of a live {@link HttpFlow}, as the proxy received it and as it will send it
 * upstream: hooks change it in place. Build one with {@link Request#builder()}; a kept flow has
 * its request as the read-only {@link Request}.
 *
 * <p>{@link #host()} and {@link #port()} are where the request goes (from the absolute-form
 * target, the {@code CONNECT} tunnel, or the reverse-proxy target); {@link #path()} is the
 * origin-form target exactly as sent ({@code /search?q=a%2Fb}), never normalised.
 * {@link #authority()} is the authority of an absolute-form or {@code CONNECT} target, empty for
 * origin form.
 *
 * <pre>{@code
 * HttpRequest request = Request.builder()
 *     .method("POST")
 *     .url("http://127.0.0.1:8080/login")
 *     .header("Content-Type", "application/json")
 *     .content("{\"user\":\"ada\"}".getBytes(UTF_8))
 *     .build();
 * }</pre>
 */
public final class HttpRequest extends HttpMessage implements Request {

  private static final Chars METHOD_CHARS = Chars.matching(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0);
  private static final Chars NOT_IN_HOST = Chars.matching(c -> c <= 0x20 || c >= 0x7f || c == '/' || c == '@');
  private static final Chars NOT_IN_AUTHORITY = Chars.matching(c -> c <= 0x20 || c >= 0x7f || c == '/');
  private static final Chars NOT_IN_PATH = Chars.matching(c -> c <= 0x20 || c == 0x7f);

  private String method;
  private String scheme;
  private String host;
  private int port;
  private String authority;
  private String path;

  private HttpRequest(Builder b) {
    super(b);
    this.method = b.method;
    this.scheme = b.scheme;
    this.host = b.host;
    this.port = b.port;
    this.authority = b.authority;
    this.path = b.path;
  }

  /** The method, as sent ({@code GET}, {@code POST}, ...). */
  public String method() {
    return method;
  }

  /** Changes the method. */
  public void setMethod(String method) {
    checkWritable();
    this.method = checkMethod(method);
  }

  /** {@code http} or {@code https}. */
  public String scheme() {
    return scheme;
  }

  /** Changes the scheme used upstream. */
  public void setScheme(String scheme) {
    checkWritable();
    this.scheme = checkScheme(scheme);
  }

  /** The destination host: a name or an IP literal (IPv6 without brackets). */
  public String host() {
    return host;
  }

  /** Changes the destination host (the {@code Host} header is not touched). */
  public void setHost(String host) {
    checkWritable();
    this.host = checkHost(host);
  }

  /** The destination port. */
  public int port() {
    return port;
  }

  /** Changes the destination port. */
  public void setPort(int port) {
    checkWritable();
    this.port = checkPort(port);
  }

  /** The authority of an absolute-form or {@code CONNECT} request-target; empty for origin form. */
  public String authority() {
    return authority;
  }

  /**
   * Changes the authority, for a hook that sends the request elsewhere and keeps the record in
   * step ({@code map_remote} does); empty for origin form. It is a record only: the destination is
   * {@link #host()} and {@link #port()}.
   *
   * <pre>{@code
   * request.setHost("example.org");
   * request.setAuthority("example.org");
   * }</pre>
   */
  public void setAuthority(String authority) {
    checkWritable();
    this.authority = checkAuthority(authority);
  }

  /** The origin-form request-target (path and query) exactly as sent, or {@code *}. */
  public String path() {
    return path;
  }

  /** Changes the path and query sent upstream. */
  public void setPath(String path) {
    checkWritable();
    this.path = checkPath(path);
  }

  /**
   * The URL of the destination: {@code scheme://host[:port]path}, the port omitted when it is the
   * scheme's default.
   */
  public String url() {
    return urlFor(host, port);
  }

  /**
   * The host the client meant: the {@code Host} header's host when there is one (reverse proxies
   * rewrite the destination), else {@link #host()}.
   */
  public String prettyHost() {
    String header = headers().get("Host");
    if (header == null || header.isBlank()) {
      return host;
    }
    return HostAndPort.parse(header, defaultPort(scheme)).host();
  }

  /** Like {@link #url()}, but built from the {@code Host} header when there is one. */
  public String prettyUrl() {
    String header = headers().get("Host");
    if (header == null || header.isBlank()) {
      return url();
    }
    HostAndPort hp = HostAndPort.parse(header, defaultPort(scheme));
    return urlFor(hp.host(), hp.port());
  }

  /** A writable builder with this request's values (headers and body copied). */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.method = method;
    b.scheme = scheme;
    b.host = host;
    b.port = port;
    b.authority = authority;
    b.path = path;
    return b.from(this);
  }

  HttpRequest readOnlyCopy() {
    HttpRequest copy = newBuilder().build();
    copy.freeze();
    return copy;
  }

  private String urlFor(String h, int p) {
    String printedHost = Hosts.bracketed(h);
    String printedPort = p == defaultPort(scheme) ? "" : ":" + p;
    String printedPath = path.equals("*") ? "" : path;
    return scheme + "://" + printedHost + printedPort + printedPath;
  }

  @Override
  public String toString() {
    return method + " " + url() + " " + httpVersion();
  }

  static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  private static String checkMethod(String method) {
    Objects.requireNonNull(method, "method");
    if (method.isEmpty() || !METHOD_CHARS.matchAll(method)) {
      throw new IllegalArgumentException("method: not an HTTP method token: \"" + method + "\"");
    }
    return method;
  }

  private static String checkScheme(String scheme) {
    Objects.requireNonNull(scheme, "scheme");
    String lower = scheme.toLowerCase(Locale.ROOT);
    if (!lower.equals("http") && !lower.equals("https")) {
      throw new IllegalArgumentException("scheme: expected http or https, got \"" + scheme + "\"");
    }
    return lower;
  }

  private static String checkHost(String host) {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty() || NOT_IN_HOST.matchAny(host)) {
      throw new IllegalArgumentException("host: not a host name or IP literal: \"" + host + "\"");
    }
    return host;
  }

  private static int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port: out of range 1..65535: " + port);
    }
    return port;
  }

  private static String checkAuthority(String authority) {
    Objects.requireNonNull(authority, "authority");
    if (NOT_IN_AUTHORITY.matchAny(authority)) {
      throw new IllegalArgumentException("authority: not host[:port]: \"" + authority + "\"");
    }
    return authority;
  }

  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.equals("*") && !path.startsWith("/")) {
      throw new IllegalArgumentException("path: must start with '/' (or be '*'): \"" + path + "\"");
    }
    if (NOT_IN_PATH.matchAny(path)) {
      throw new IllegalArgumentException("path: contains whitespace or a control character: \"" + path + "\"");
    }
    return path;
  }

  /**
   * Builds an {@link HttpRequest}; {@link #build()} validates every part and names the bad one.
   * Headers and body are taken as given: no {@code Content-Length} is added.
   */
  public static final class Builder extends HttpMessage.Builder<Builder> {
    private String method = "GET";
    private String scheme = "http";
    private String host = "localhost";
    private int port = 80;
    private String authority = "";
    private String path = "/";

    Builder() {}

    @Override
    Builder self() {
      return this;
    }

    /** The method ({@code GET} by default). */
    public Builder method(String method) {
      this.method = method;
      return this;
    }

    /** Scheme, host, port and path from an absolute URL such as {@code https://example.com/a?b}. */
    public Builder url(String url) {
      URI uri;
      try {
        uri = new URI(Objects.requireNonNull(url, "url"));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("url: " + e.getMessage(), e);
      }
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        throw new IllegalArgumentException("url: expected an absolute http(s) URL, got \"" + url + "\"");
      }
      scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() != null) {
        host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
      } else {
        hostAndPortOf(uri.getRawAuthority(), url);
      }
      String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      path = uri.getRawQuery() == null ? rawPath : rawPath + "?" + uri.getRawQuery();
      return this;
    }

    /**
     * Host and port of an authority that {@link URI} leaves unparsed because the name is not a
     * strict internet host name ({@code my_service:8080}, as container networks name hosts).
     */
    private void hostAndPortOf(String authority, String url) {
      String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      if (colon < 0 || colon == hostPort.length() - 1) {
        port = defaultPort(scheme);
        return;
      }
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("url: invalid port in \"" + url + "\"", e);
      }
    }

    /** {@code http} (default) or {@code https}. */
    public Builder scheme(String scheme) {
      this.scheme = scheme;
      return this;
    }

    /** The destination host. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The destination port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The authority of an absolute-form or {@code CONNECT} target (empty for origin form). */
    public Builder authority(String authority) {
      this.authority = authority;
      return this;
    }

    /** The origin-form target, path and query. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Validates and builds. */
    public HttpRequest build() {
      checkMethod(method);
      scheme = checkScheme(scheme);
      checkHost(host);
      checkPort(port);
      checkPath(path);
      Objects.requireNonNull(authority, "authority");
      HttpRequest request = new HttpRequest(this);
      request.setStreamed(isStreamed());
      return request;
    }
  }
}
