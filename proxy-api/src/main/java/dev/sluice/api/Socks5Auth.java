package dev.sluice.api;

import java.util.Objects;

/**
 * The user name and password a SOCKS5 client sent (RFC 1929), before the proxy answers them
 * (mitmproxy's {@code socks5_auth} event). The client may use the proxy only if a hook
 * {@linkplain #accept() accepts} them; otherwise it gets the failure reply and the connection
 * closes. The proxy asks SOCKS5 clients for a password only when proxy authentication
 * ({@code proxyauth}) is configured, and its {@code ProxyAuth} hook answers this event.
 *
 * <pre>{@code
 * public void socks5Auth(Socks5Auth auth) {
 *   if (vault.check(auth.user(), auth.password())) auth.accept();
 * }
 * }</pre>
 */
public final class Socks5Auth {

  private final ClientConnection client;
  private final String user;
  private final String password;
  private volatile boolean accepted;

  private Socks5Auth(ClientConnection client, String user, String password) {
    this.client = Objects.requireNonNull(client, "client");
    this.user = Objects.requireNonNull(user, "user");
    this.password = Objects.requireNonNull(password, "password");
  }

  /** The credentials {@code client} sent, not accepted yet. */
  public static Socks5Auth of(ClientConnection client, String user, String password) {
    return new Socks5Auth(client, user, password);
  }

  /** The client connection. */
  public ClientConnection client() {
    return client;
  }

  /** The user name. */
  public String user() {
    return user;
  }

  /** The password. */
  public String password() {
    return password;
  }

  /** Lets the client in with these credentials. */
  public void accept() {
    accepted = true;
  }

  /** Whether a hook accepted the credentials. */
  public boolean isAccepted() {
    return accepted;
  }

  /** The client and user name; never the password. */
  @Override
  public String toString() {
    return "Socks5Auth[" + client.peer() + ", user " + user + (accepted ? ", accepted" : "") + "]";
  }
}
