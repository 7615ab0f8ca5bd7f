package dev.sluice.api;

import dev.sluice.api.internal.Ids;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;

/**
 * One connection from a client to the proxy. Immutable: when TLS is established the engine
 * hands later flows a copy {@linkplain #withTls(TlsInfo) with the TLS details}.
 *
 * <pre>{@code
 * FlowHook audit = new FlowHook() {
 *   public void clientConnected(ClientConnection client) { log.info("from {}", client.peer()); }
 * };
 * }</pre>
 */
public final class ClientConnection {

  private final String id;
  private final InetSocketAddress peer;
  private final InetSocketAddress local;
  private final TlsInfo tls;
  private final Instant timestampStart;

  private ClientConnection(String id, InetSocketAddress peer, InetSocketAddress local, TlsInfo tls,
      Instant timestampStart) {
    this.id = id;
    this.peer = Objects.requireNonNull(peer, "peer");
    this.local = Objects.requireNonNull(local, "local");
    this.tls = tls;
    this.timestampStart = Objects.requireNonNull(timestampStart, "timestampStart");
  }

  /** A new connection from {@code peer} accepted at {@code local}, starting now. */
  public static ClientConnection of(InetSocketAddress peer, InetSocketAddress local) {
    return new ClientConnection(Ids.next(), peer, local, null, Instant.now());
  }

  /** A connection restored from a recording, keeping its recorded id and start time. */
  public static ClientConnection restore(String id, InetSocketAddress peer, InetSocketAddress local,
      TlsInfo tls, Instant timestampStart) {
    return new ClientConnection(Objects.requireNonNull(id, "id"), peer, local, tls, timestampStart);
  }

  /** The same connection, after a TLS handshake. */
  public ClientConnection withTls(TlsInfo tls) {
    return new ClientConnection(id, peer, local, Objects.requireNonNull(tls, "tls"), timestampStart);
  }

  /** A unique id, the same for every flow on this connection. */
  public String id() {
    return id;
  }

  /** The client's address. */
  public InetSocketAddress peer() {
    return peer;
  }

  /** The proxy's address that accepted the connection. */
  public InetSocketAddress local() {
    return local;
  }

  /** The TLS details when the client spoke TLS to the proxy, else {@code null}. */
  public TlsInfo tls() {
    return tls;
  }

  /** When the connection was accepted. */
  public Instant timestampStart() {
    return timestampStart;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClientConnection that && id.equals(that.id) && Objects.equals(tls, that.tls);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "client " + peer + (tls == null ? "" : " (" + tls.protocol() + ")");
  }
}
