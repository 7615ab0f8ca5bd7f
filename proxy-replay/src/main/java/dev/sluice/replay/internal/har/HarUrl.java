package dev.sluice.replay.internal.har;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An absolute URL from a HAR file split into what a request needs, leniently: HAR writers store
 * URLs as the browser showed them, with characters {@link java.net.URI} refuses (spaces,
 * braces, pipes), which are percent-encoded here; the fragment is dropped.
 */
record HarUrl(String scheme, String host, int port, String path) {

  static HarUrl parse(String url) {
    int colon = url.indexOf("://");
    if (colon <= 0) {
      throw new IllegalArgumentException("request.url is not an absolute URL: \"" + url + "\"");
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    scheme = scheme.equals("wss") ? "https" : scheme.equals("ws") ? "http" : scheme;
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("request.url is not an http(s) URL: \"" + url + "\"");
    }
    String rest = url.substring(colon + 3);
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      rest = rest.substring(0, hash);
    }
    int slash = indexOfAny(rest, "/?");
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "/" : rest.substring(slash);
    if (path.startsWith("?")) {
      path = "/" + path;
    }
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int defaultPort = scheme.equals("https") ? 443 : 80;
    String host = authority;
    int port = defaultPort;
    int portColon = authority.lastIndexOf(':');
    if (portColon >= 0 && portColon > authority.lastIndexOf(']')) {
      host = authority.substring(0, portColon);
      String digits = authority.substring(portColon + 1);
      port = digits.isEmpty() ? defaultPort : Integer.parseInt(digits);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("request.url has no host: \"" + url + "\"");
    }
    return new HarUrl(scheme, host, port, escape(path));
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** Percent-encodes what may not stand in a request target: controls, spaces and non-ASCII. */
  private static String escape(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c >= 0x7f) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }
}
