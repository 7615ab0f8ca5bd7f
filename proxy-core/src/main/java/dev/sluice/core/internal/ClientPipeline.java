package dev.sluice.core.internal;

import dev.sluice.core.ProxyMode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of an accepted client connection: a sniffer of its first bytes (TLS clients in
 * reverse mode, the HTTP/2 preface in every mode) or, in SOCKS5 mode, the SOCKS5 handshake, then
 * HTTP/1 decoder and encoder, idle timer and the connection handler; for a connection over the
 * limit, an encoder and its refusal.
 */
final class ClientPipeline extends ChannelInitializer<Channel> {

  static final String DECODER = "decoder";
  static final String ENCODER = "encoder";
  static final String IDLE = "idle";

  private final SessionContext context;

  ClientPipeline(SessionContext context) {
    this.context = context;
  }

  @Override
  protected void initChannel(Channel ch) {
    String refusal = ConnectionLimit.refusal(ch);
    if (refusal != null) {
      ch.pipeline().addLast(ENCODER, new HttpResponseEncoder()).addLast(new ConnectionRefusal(refusal));
      return;
    }
    ProxyConfig config = context.config();
    if (config.mode().kind() == ProxyMode.Kind.SOCKS5 && !context.replays().expects(ch.remoteAddress())) {
      initSocks5(ch, config);
      return;
    }
    Http1Connection connection = new Http1Connection(context);
    if (config.mode().kind() == ProxyMode.Kind.REVERSE) {
      RequestTarget target = RequestTarget.of(config.mode().target());
      ch.pipeline().addLast(TunnelSniffer.NAME,
          new TunnelSniffer(TunnelHandoff.reverse(connection, target)));
    } else if (config.http2()) {
      ch.pipeline().addLast(TunnelSniffer.NAME, new TunnelSniffer(TunnelHandoff.direct(connection)));
    }
    ch.pipeline()
        .addLast(DECODER, new StrictRequestDecoder(config.maxHeaderSize()))
        .addLast(ENCODER, new HttpResponseEncoder())
        .addLast(IDLE, idleTimer(config))
        .addLast(Http1Connection.NAME, connection);
  }

  /**
   * A SOCKS5 client (replayed requests come as HTTP, as in regular mode): the idle timer first, so
   * the handshake after it answers a client that stops halfway, then the handshake, then the
   * HTTP handlers that take over with the tunnel.
   */
  private void initSocks5(Channel ch, ProxyConfig config) {
    Socks5Handshake handshake = new Socks5Handshake(context);
    ch.pipeline().addLast(IDLE, idleTimer(config));
    handshake.addTo(ch.pipeline());
    ch.pipeline()
        .addLast(DECODER, new StrictRequestDecoder(config.maxHeaderSize()))
        .addLast(ENCODER, new HttpResponseEncoder())
        .addLast(Http1Connection.NAME, new Http1Connection(context, handshake));
  }

  private static IdleStateHandler idleTimer(ProxyConfig config) {
    return new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
