package dev.sluice.core.internal;

import dev.sluice.api.ServerConnection;
import dev.sluice.api.TlsInfo;
import dev.sluice.core.internal.tls.TlsInfos;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection from the proxy to an upstream server or proxy: the last handler of its pipeline.
 * What it reads goes to the exchange that holds it; an idle kept connection that speaks or closes
 * is dropped from its pool.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);
  private static final AttributeKey<TlsInfo> TLS_INFO = AttributeKey.valueOf("sluice.upstream-tls");

  private final UpstreamPool pool;
  private final String key;
  private ServerConnection server;
  private Channel channel;
  private Exchange holder;

  /** A connection (or HTTP/2 stream) to {@code host:port}, kept in {@code pool} under {@code key} (null: never kept). */
  UpstreamConnection(UpstreamPool pool, String key, String host, int port) {
    this.pool = pool;
    this.key = key;
    this.server = ServerConnection.of(host, port);
  }

  /** Records the connected channel: a connection, or one stream of a shared HTTP/2 connection. */
  void connected(Channel connected) {
    this.channel = connected;
    Channel transport = connected instanceof Http2StreamChannel stream ? stream.parent() : connected;
    if (transport.remoteAddress() instanceof InetSocketAddress peer) {
      server = server.withPeer(peer);
    }
    SslHandler tls = transport.pipeline().get(SslHandler.class);
    if (tls != null && tls.handshakeFuture().isSuccess()) {
      server = server.withTls(tlsInfo(transport, tls));
    }
  }

  /** What the TLS handshake of {@code transport} agreed on, worked out once per connection: its streams share it. */
  private static TlsInfo tlsInfo(Channel transport, SslHandler tls) {
    Attribute<TlsInfo> known = transport.attr(TLS_INFO);
    TlsInfo info = known.get();
    if (info == null) {
      info = TlsInfos.upstream(tls);
      known.set(info);
    }
    return info;
  }

  /** {@code exchange} uses this connection now: what it reads goes there, until {@link #release}. */
  void holdFor(Exchange exchange) {
    this.holder = exchange;
  }

  /** The exchange is done with this connection: back in the pool for the next request when reusable, else closed. */
  void release(boolean reusable) {
    holder = null;
    if (reusable && isActive() && key != null) {
      pool.put(this);
      channel.read();
    } else {
      close();
    }
  }

  /** The key under which the pool keeps this connection ({@code scheme://host:port}), or null. */
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

  boolean isWritable() {
    return channel != null && channel.isWritable();
  }

  void close() {
    holder = null;
    if (channel != null) {
      channel.close();
    }
  }

  /** {@code host:port} for messages. */
  String describe() {
    return server.host() + ":" + server.port();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    Exchange exchange = holder;
    if (exchange == null) {
      ReferenceCountUtil.release(msg);
      pool.discard(this);
      return;
    }
    exchange.upstreamMessage(this, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.remove(this);
    Exchange exchange = holder;
    if (exchange != null) {
      exchange.upstreamClosed(this);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange exchange = holder;
    if (exchange != null) {
      exchange.pumpLater();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("upstream {} failed", describe(), cause);
    ctx.close();
  }
}
