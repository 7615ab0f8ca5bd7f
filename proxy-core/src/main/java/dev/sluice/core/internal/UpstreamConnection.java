package dev.sluice.core.internal;

import dev.sluice.api.ServerConnection;
import dev.sluice.core.internal.tls.TlsInfos;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection from the proxy to an upstream server or proxy, owned by one client session: the
 * last handler of its pipeline, handing everything it reads to the session.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);

  private final ClientSession session;
  private final String key;
  private ServerConnection server;
  private Channel channel;

  UpstreamConnection(ClientSession session, String key, String host, int port) {
    this.session = session;
    this.key = key;
    this.server = ServerConnection.of(host, port);
  }

  /** Records the connected channel. */
  void connected(Channel connected) {
    this.channel = connected;
    if (connected.remoteAddress() instanceof InetSocketAddress peer) {
      server = server.withPeer(peer);
    }
    SslHandler tls = connected.pipeline().get(SslHandler.class);
    if (tls != null && tls.handshakeFuture().isSuccess()) {
      server = server.withTls(TlsInfos.upstream(tls));
    }
  }

  /** The key under which the session pools this connection ({@code host:port}). */
  String key() {
    return key;
  }

  ServerConnection server() {
    return server;
  }

  Channel channel() {
    return channel;
  }

  boolean isActive() {
    return channel != null && channel.isActive();
  }

  /** {@code host:port} for messages. */
  String describe() {
    return server.host() + ":" + server.port();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    session.upstreamRead(this, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.upstreamClosed(this);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    session.pumpLater();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("upstream {} failed", describe(), cause);
    ctx.close();
  }
}
