package dev.sluice.api;

/** A parsed {@code host[:port]} authority; IPv6 literals in brackets, returned without them. */
record HostAndPort(String host, int port) {

  static HostAndPort parse(String authority, int defaultPort) {
    String a = authority.trim();
    if (a.startsWith("[")) {
      int close = a.indexOf(']');
      if (close < 0) {
        return new HostAndPort(a, defaultPort);
      }
      String host = a.substring(1, close);
      return new HostAndPort(host, portAfter(a, close + 1, defaultPort));
    }
    int colon = a.lastIndexOf(':');
    if (colon < 0 || a.indexOf(':') != colon) {
      return new HostAndPort(a, defaultPort);
    }
    return new HostAndPort(a.substring(0, colon), portAfter(a, colon, defaultPort));
  }

  private static int portAfter(String a, int colon, int defaultPort) {
    if (colon >= a.length() || a.charAt(colon) != ':') {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(a.substring(colon + 1));
      return port >= 1 && port <= 65535 ? port : defaultPort;
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }
}
