package dev.sluice.core.internal.cookies;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cookies learnt from responses, keyed by domain, port, path and name, with the domain, path and
 * expiry rules of RFC 6265. Thread-safe: one jar serves every connection.
 */
public final class CookieJar {

  /** A cookie as stored. */
  public record Cookie(String name, String value, String domain, boolean hostOnly, int port, String path,
      Instant expiry, boolean secure) {}

  private record Key(String domain, int port, String path, String name) {}

  private final Map<Key, Cookie> cookies = new LinkedHashMap<>();

  /** Learns every cookie of the {@code Set-Cookie} field values of a response to {@code host:port}{@code requestPath}. */
  public synchronized void learn(String host, int port, String requestPath, List<String> setCookieValues, Instant now) {
    String requestHost = host.toLowerCase(Locale.ROOT);
    for (String fieldValue : setCookieValues) {
      for (SetCookie parsed : SetCookie.parseAll(fieldValue)) {
        store(parsed, requestHost, port, requestPath, now);
      }
    }
  }

  /**
   * The live cookies to send to {@code host:port}{@code requestPath}, longest path first, as RFC
   * 6265 section 5.4 orders them.
   */
  public synchronized List<Cookie> matching(String host, int port, String requestPath, boolean secureChannel,
      Instant now) {
    String requestHost = host.toLowerCase(Locale.ROOT);
    String path = pathOnly(requestPath);
    cookies.values().removeIf(c -> c.expiry != null && !c.expiry.isAfter(now));
    List<Cookie> matches = new ArrayList<>();
    for (Cookie cookie : cookies.values()) {
      boolean domainOk = cookie.hostOnly ? requestHost.equals(cookie.domain) : domainMatches(requestHost, cookie.domain);
      if (domainOk && cookie.port == port && pathMatches(path, cookie.path) && (!cookie.secure || secureChannel)) {
        matches.add(cookie);
      }
    }
    matches.sort(Comparator.comparingInt((Cookie c) -> c.path.length()).reversed());
    return matches;
  }

  /** The number of cookies stored. */
  public synchronized int size() {
    return cookies.size();
  }

  private void store(SetCookie parsed, String requestHost, int port, String requestPath, Instant now) {
    String domain = requestHost;
    boolean hostOnly = true;
    if (parsed.domain() != null && !parsed.domain().equals(requestHost)) {
      if (isPublicSuffix(parsed.domain()) || !domainMatches(requestHost, parsed.domain())) {
        return;
      }
      domain = parsed.domain();
      hostOnly = false;
    }
    String path = parsed.path() == null ? defaultPath(pathOnly(requestPath)) : parsed.path();
    Key key = new Key(domain, port, path, parsed.name());
    Instant expiry = parsed.expiry(now);
    if (expiry != null && !expiry.isAfter(now)) {
      cookies.remove(key);
      return;
    }
    cookies.remove(key);
    cookies.put(key, new Cookie(parsed.name(), parsed.value(), domain, hostOnly, port, path, expiry, parsed.secure()));
  }

  /** RFC 6265 5.1.3: identical, or a subdomain of a name (never of or under an IP address). */
  static boolean domainMatches(String host, String domain) {
    if (host.equals(domain)) {
      return true;
    }
    return host.endsWith("." + domain) && !InetAddresses.isInetAddress(host) && !InetAddresses.isInetAddress(domain);
  }

  /** RFC 6265 5.1.4: by whole segments, so {@code /foo} matches {@code /foo/bar} but not {@code /foobar}. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) {
      return true;
    }
    if (!requestPath.startsWith(cookiePath)) {
      return false;
    }
    return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
  }

  /** RFC 6265 5.1.4: the directory of the request path. */
  static String defaultPath(String requestPath) {
    if (!requestPath.startsWith("/")) {
      return "/";
    }
    int last = requestPath.lastIndexOf('/');
    return last <= 0 ? "/" : requestPath.substring(0, last);
  }

  private static String pathOnly(String target) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    return path.isEmpty() ? "/" : path;
  }

  private static boolean isPublicSuffix(String domain) {
    if (InetAddresses.isInetAddress(domain) || !InternetDomainName.isValid(domain)) {
      return false;
    }
    return InternetDomainName.from(domain).isPublicSuffix();
  }
}
