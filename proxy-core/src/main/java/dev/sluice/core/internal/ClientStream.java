package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import io.netty.channel.Channel;

/**
 * The client side of one {@link Exchange}, as the connection that carries it provides it: where
 * the response is written, the upstream connections to reuse, and what happens to the connection
 * when the exchange ends. An HTTP/1.1 connection carries its exchanges one after the other.
 */
interface ClientStream {

  /** What every session of the server shares. */
  SessionContext context();

  /** The channel responses go out on. */
  Channel channel();

  /** The client connection, with its TLS once intercepted. */
  ClientConnection client();

  /** The upstream connections kept for reuse. */
  UpstreamPool upstreams();

  /** Where origin-form requests go inside a {@code CONNECT} tunnel, or null outside one. */
  RequestTarget tunnelTarget();

  /** Whether the client has gone. */
  boolean isGone();

  /** The client left while the exchange's hooks ran: the session ends now. */
  void clientLeft();

  /** The exchange's needs changed: read from the client or the upstream again where it wants bytes. */
  void readsChanged();

  /** The exchange is over; with {@code keepAlive} the connection goes on with the next request, else it closes. */
  void exchangeFinished(Exchange exchange, boolean keepAlive);

  /** No further request will be read: the connection closes after its last answer. */
  void closing();

  /** Closes the client connection at once. */
  void closeNow();

  /** The {@code CONNECT} of {@code exchange} is answered: the connection becomes a tunnel to {@code upstream} (null: not yet connected). */
  void tunnel(Exchange exchange, UpstreamConnection upstream);

  /** The connection leaves HTTP (a websocket takes it over): nothing more is read as requests. */
  void handOver(Exchange exchange);
}
