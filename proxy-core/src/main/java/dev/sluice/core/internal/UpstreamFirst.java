package dev.sluice.core.internal;

import dev.sluice.core.internal.tls.TlsInfos;
import dev.sluice.core.internal.tls.UpstreamHandshake;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches an intercepted TLS client's server before the client's own handshake goes on, as
 * mitmproxy does with the eager connection strategy: a TLS handshake (the usual upstream TLS: trust,
 * client certificates, SNI) on the connection the flow will use, the raw one opened for a
 * {@code CONNECT} (through the next proxy in upstream mode) or, in reverse mode, a new one. Once done,
 * the connection waits in the client connection's pool for the first request, kept (HTTP/1.1) or
 * shared ({@code h2}), and the leaf minted for the client comes from its certificate.
 *
 * <p>A server that cannot be reached, or whose handshake fails, completes the attempt with null and
 * only a debug line: the client's handshake then goes on as without, and the first request
 * connects (and reports the failure, or is answered by a replay) itself.
 */
final class UpstreamFirst {

  private static final Logger log = LoggerFactory.getLogger(UpstreamFirst.class);

  private UpstreamFirst() {}

  /**
   * Starts TLS asking for {@code serverName} on {@code raw}, the connected raw connection of a
   * tunnel to an {@code https} server; completes with the connection now in {@code pool}, or null.
   */
  static Future<UpstreamConnection> upgrade(SessionContext context, UpstreamPool pool, UpstreamConnection raw,
      String serverName) {
    Channel channel = raw.channel();
    UpstreamConnection connection = pooled(pool, raw.server().host(), raw.server().port());
    SslHandler tls = context.tls().upstream().newHandler(channel.alloc(), serverName, raw.server().port());
    UpstreamPipeline.upgrade(channel, tls, context.config().maxHeaderSize(), connection);
    EventLoop loop = channel.eventLoop();
    return settle(loop, pool, connection, tls, UpstreamHandshake.after(loop.newSucceededFuture(channel), tls, loop));
  }

  /**
   * Connects to the {@code https} server at {@code host:port} on the event loop of {@code client}
   * and completes the TLS handshake asking for {@code host}; completes with the connection now in
   * {@code pool}, or null.
   */
  static Future<UpstreamConnection> dial(SessionContext context, Channel client, UpstreamPool pool, String host,
      int port) {
    UpstreamConnection connection = pooled(pool, host, port);
    SslHandler tls = context.tls().upstream().newHandler(client.alloc(), host, port);
    EventLoop loop = client.eventLoop();
    return settle(loop, pool, connection, tls, UpstreamDial.connect(context, loop, connection, true, tls));
  }

  private static UpstreamConnection pooled(UpstreamPool pool, String host, int port) {
    return new UpstreamConnection(pool, UpstreamPool.key("https", host, port), host, port);
  }

  /** Once {@code handshake} is done, puts {@code connection} in {@code pool} by the protocol the server chose. */
  private static Future<UpstreamConnection> settle(EventLoop loop, UpstreamPool pool, UpstreamConnection connection,
      SslHandler tls, Future<Channel> handshake) {
    Promise<UpstreamConnection> settled = loop.newPromise();
    handshake.addListener((Future<Channel> done) -> {
      if (!done.isSuccess()) {
        log.debug("{} not reached before the client's handshake: {}", connection.describe(),
            TlsInfos.reason(done.cause()));
        settled.setSuccess(null);
        return;
      }
      connection.connected(done.getNow());
      if ("h2".equals(tls.applicationProtocol())) {
        Http2Upstream.install(pool, connection);
      } else {
        connection.release(true);
      }
      settled.setSuccess(connection);
    });
    return settled;
  }
}
