package dev.sluice.core.internal;

import dev.sluice.core.ConnectionStrategy;
import dev.sluice.core.ProxyMode;
import java.time.Duration;

/**
 * The settings of one running proxy, checked by {@code ProxyServer.Builder}.
 *
 * @param listenHost the host to bind
 * @param port the port to bind, 0 for any free port
 * @param mode how destinations are found
 * @param maxHeaderSize the largest request or response header section, in bytes
 * @param maxBodySize the largest body aggregated for hooks, in bytes
 * @param connectTimeout how long to wait for an upstream connection
 * @param responseTimeout how long the upstream may stay silent while a response is due
 * @param idleTimeout how long an idle client connection is kept open
 * @param keepHostHeader in reverse mode, whether the client's {@code Host} header is sent upstream unchanged
 * @param connectionStrategy when a {@code CONNECT} tunnel connects upstream
 * @param streamWebSockets whether websocket frames go on at once, before the hooks see their message
 * @param webSocketMessageLimit how many websocket messages a flow keeps at most
 * @param upstreamAuthorization the {@code Basic ...} value sent to the next proxy (upstream mode)
 *     or the server (reverse mode), or null
 * @param maxConnections how many client connections may be open at once; more are refused with a 503
 * @param http2 whether HTTP/2 is spoken with clients and servers that offer it
 * @param hosts names connected to at other addresses than DNS gives ({@code hosts})
 * @param socks5Password in SOCKS5 mode, whether clients must send a user name and password (proxy
 *     authentication is on); the {@code socks5Auth} hooks decide
 */
public record ProxyConfig(String listenHost, int port, ProxyMode mode, int maxHeaderSize, long maxBodySize,
    Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, boolean keepHostHeader,
    ConnectionStrategy connectionStrategy, boolean streamWebSockets, int webSocketMessageLimit,
    String upstreamAuthorization, int maxConnections, boolean http2, HostAddresses hosts, boolean socks5Password) {}
