package dev.sluice.core;

/**
 * When the proxy connects to the upstream of a {@code CONNECT} tunnel, as mitmproxy's
 * {@code connection_strategy} option.
 *
 * <ul>
 *   <li>{@link #EAGER} (the default): before answering {@code 200} to {@code CONNECT}, so a client
 *       whose upstream is unreachable gets a {@code 502} at once. An intercepted TLS client's
 *       server gets its TLS handshake on that connection before the client's: the client is offered
 *       the protocol the server chose by ALPN, its certificate carries the server certificate's
 *       names ({@link ProxyServer.Builder#upstreamCert(boolean)}), and the first request uses that
 *       connection. In reverse mode, an {@code https} server is reached the same way.</li>
 *   <li>{@link #LAZY}: {@code 200} at once; an intercepted TLS or plain HTTP tunnel connects only
 *       when a request must be forwarded, so hooks (server replay, say) can answer with the
 *       upstream down. Pass-through and raw tunnels connect once the client's first bytes are known.
 *       The server is not reached before the client's TLS handshake: minted certificates name the
 *       SNI or the {@code CONNECT} host, and the client may choose {@code h2} whatever the server
 *       speaks (the proxy translates).</li>
 * </ul>
 *
 * <pre>{@code
 * ProxyServer proxy = ProxyServer.builder()
 *     .connectionStrategy(ConnectionStrategy.LAZY)
 *     .hook(ServerReplay.fromFile(Path.of("session.mitm")))
 *     .start();
 * }</pre>
 */
public enum ConnectionStrategy {
  /** Connect upstream before answering {@code CONNECT}. */
  EAGER,
  /** Answer {@code CONNECT} at once and connect upstream only when needed. */
  LAZY
}
