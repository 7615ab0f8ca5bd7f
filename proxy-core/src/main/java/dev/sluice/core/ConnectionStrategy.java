package dev.sluice.core;

/**
 * When the proxy connects to the upstream of a {@code CONNECT} tunnel, as mitmproxy's
 * {@code connection_strategy} option.
 *
 * <ul>
 *   <li>{@link #EAGER} (the default): before answering {@code 200} to {@code CONNECT}, so a client
 *       whose upstream is unreachable gets a {@code 502} at once.</li>
 *   <li>{@link #LAZY}: {@code 200} at once; an intercepted TLS or plain HTTP tunnel connects only
 *       when a request must be forwarded, so hooks (server replay, say) can answer with the
 *       upstream down. Pass-through and raw tunnels connect once the client's first bytes are known.
 *       The upstream certificate is not read before the client's handshake (see
 *       {@link ProxyServer.Builder#upstreamCert(boolean)}): minted certificates name the SNI or the
 *       {@code CONNECT} host.</li>
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
