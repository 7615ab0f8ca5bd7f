package dev.sluice.api;

import dev.sluice.api.internal.Ids;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One connection from the proxy to an upstream server (or to the next proxy in upstream mode).
 * Immutable; the engine hands flows a new copy as the connection progresses.
 *
 * <pre>{@code
 * ServerConnection server = flow.server();
 * if (server != null && server.tls() != null) {
 *   X509Certificate cert = server.tls().peerCertificates().get(0);
 * }
 * }</pre>
 */
public final class ServerConnection {

  private final String id;
  private final String host;
  private final int port;
  private final InetSocketAddress peer;
  private final TlsInfo tls;
  private final Instant timestampStart;

  private ServerConnection(String id, String host, int port, InetSocketAddress peer, TlsInfo tls,
      Instant timestampStart) {
    this.id = id;
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.peer = peer;
    this.tls = tls;
    this.timestampStart = Objects.requireNonNull(timestampStart, "timestampStart");
  }

  /** A connection to {@code host:port}, opening now, not yet connected. */
  public static ServerConnection of(String host, int port) {
    return new ServerConnection(Ids.next(), host, port, null, null, Instant.now());
  }

  /**
   * A connection restored from a recording, keeping its recorded id and start time;
   * {@code peer} and {@code tls} may be {@code null}.
   */
  public static ServerConnection restore(String id, String host, int port, InetSocketAddress peer,
      TlsInfo tls, Instant timestampStart) {
    return new ServerConnection(Objects.requireNonNull(id, "id"), host, port, peer, tls, timestampStart);
  }

  /** The same connection once connected to {@code peer}. */
  public ServerConnection withPeer(InetSocketAddress peer) {
    return new ServerConnection(id, host, port, Objects.requireNonNull(peer, "peer"), tls, timestampStart);
  }

  /** The same connection after a TLS handshake. */
  public ServerConnection withTls(TlsInfo tls) {
    return new ServerConnection(id, host, port, peer, Objects.requireNonNull(tls, "tls"), timestampStart);
  }

  /** A unique id, the same for every flow that re-uses this connection. */
  public String id() {
    return id;
  }

  /** The host name or IP literal the proxy connects to. */
  public String host() {
    return host;
  }

  /** The port the proxy connects to. */
  public int port() {
    return port;
  }

  /** The resolved address once connected, else {@code null}. */
  public InetSocketAddress peer() {
    return peer;
  }

  /** The TLS details when the proxy speaks TLS to the server, else {@code null}. */
  public TlsInfo tls() {
    return tls;
  }

  /** When the connection was started. */
  public Instant timestampStart() {
    return timestampStart;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerConnection that && id.equals(that.id)
        && Objects.equals(peer, that.peer) && Objects.equals(tls, that.tls);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "server " + host + ":" + port + (tls == null ? "" : " (" + tls.protocol() + ")");
  }
}
