package dev.sluice.core.internal;

import dev.sluice.core.ProxyMode;
import dev.sluice.core.internal.tls.UpstreamHandshake;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.net.UnknownHostException;

/**
 * Opens upstream connections: directly, or in upstream mode through a {@link ChainedTunnel} on
 * the next proxy; carrying HTTP or raw bytes, in TLS or not.
 */
final class UpstreamDial {

  private UpstreamDial() {}

  /**
   * Connects to the server {@code target} names, by mode: directly, or in upstream mode through a
   * {@code CONNECT} on the next proxy. The channel carries HTTP when {@code http}, else raw bytes,
   * and speaks TLS with {@code tls} when given.
   */
  static Future<Channel> connect(SessionContext context, EventLoop loop, UpstreamConnection target, boolean http,
      SslHandler tls) {
    ProxyConfig config = context.config();
    if (config.mode().kind() != ProxyMode.Kind.UPSTREAM) {
      return connectDirectly(context, loop, target, http, tls);
    }
    Future<Channel> tunnelled = ChainedTunnel.open(context.connector(), loop, RequestTarget.of(config.mode().target()),
        target.server().host(), target.server().port(), pipeline(config, target, http, tls), config.maxHeaderSize(),
        config.connectTimeout(), config.upstreamAuthorization());
    return tls == null ? tunnelled : UpstreamHandshake.after(tunnelled, tls, loop);
  }

  /** Connects straight to the host and port {@code target} names (the next proxy itself, in upstream mode). */
  static Future<Channel> connectDirectly(SessionContext context, EventLoop loop, UpstreamConnection target,
      boolean http, SslHandler tls) {
    Future<Channel> connecting = context.connector().connect(loop, target.server().host(), target.server().port(),
        pipeline(context.config(), target, http, tls));
    return tls == null ? connecting : UpstreamHandshake.after(connecting, tls, loop);
  }

  private static UpstreamPipeline pipeline(ProxyConfig config, UpstreamConnection target, boolean http, SslHandler tls) {
    return new UpstreamPipeline(target, http ? config.maxHeaderSize() : 0, tls);
  }

  /** Why a connect attempt failed, in words. */
  static String reason(Throwable cause) {
    if (cause instanceof UnknownHostException) {
      return "unknown host " + cause.getMessage();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
