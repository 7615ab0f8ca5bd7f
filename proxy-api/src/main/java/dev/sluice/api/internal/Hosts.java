package dev.sluice.api.internal;

import java.net.InetSocketAddress;

/**
 * Hosts as URLs, authorities and {@code Host} headers write them: an IPv6 literal goes in brackets.
 *
 * <pre>{@code
 * Hosts.withPort("::1", 8080);                    // "[::1]:8080"
 * Hosts.hostHeader("https", "example.org", 443);  // "example.org"
 * }</pre>
 */
public final class Hosts {

  private Hosts() {}

  /** {@code host}, in brackets when it is an IPv6 literal. */
  public static String bracketed(String host) {
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
  }

  /** {@code host:port}, the host {@link #bracketed}. */
  public static String withPort(String host, int port) {
    return bracketed(host) + ":" + port;
  }

  /** The address as {@code host:port}: its IP literal when resolved, else the name it was given. */
  public static String withPort(InetSocketAddress address) {
    String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
    return withPort(host, address.getPort());
  }

  /** The value of a {@code Host} header: the port is left out when it is the scheme's default. */
  public static String hostHeader(String scheme, String host, int port) {
    return port == (scheme.equals("https") ? 443 : 80) ? bracketed(host) : withPort(host, port);
  }
}
