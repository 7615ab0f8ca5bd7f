package dev.sluice.core.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/2 connection to an upstream server, shared by the exchanges of one client connection:
 * each exchange gets a stream of its own, as an {@link UpstreamConnection} that speaks HTTP/1-style
 * messages through Netty's stream codec, so the exchange cannot tell it from an HTTP/1.1
 * connection. It stays in the pool while it is open.
 */
final class Http2Upstream extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Http2Upstream.class);

  private final UpstreamPool pool;
  private final String key;
  private Channel channel;

  private Http2Upstream(UpstreamPool pool, String key) {
    this.pool = pool;
    this.key = key;
  }

  /**
   * Makes {@code connection}'s channel (connected, TLS done if any) speak HTTP/2 from now on: its
   * HTTP/1 handlers give way to the frame codec and the stream multiplexer, and the pool shares it.
   */
  static Http2Upstream install(UpstreamPool pool, UpstreamConnection connection) {
    Http2Upstream upstream = new Http2Upstream(pool, connection.key());
    Channel channel = connection.channel();
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(UpstreamPipeline.CODEC) != null) {
      pipeline.remove(UpstreamPipeline.CODEC);
    }
    pipeline.remove(UpstreamPipeline.CONNECTION);
    pipeline.addLast(FlushBatching.handler(), Http2FrameCodecBuilder.forClient()
            .initialSettings(Http2Settings.defaultSettings().pushEnabled(false))
            .validateHeaders(true)
            .build(),
        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
        upstream);
    upstream.channel = channel;
    pool.share(upstream);
    return upstream;
  }

  /** The key under which the pool shares this connection ({@code scheme://host:port}). */
  String key() {
    return key;
  }

  boolean isActive() {
    return channel.isActive();
  }

  /** Opens a stream for one exchange, with {@code stream} (never pooled itself) last in its pipeline. */
  Future<Channel> openStream(UpstreamConnection stream) {
    Promise<Channel> opened = channel.eventLoop().newPromise();
    new Http2StreamChannelBootstrap(channel).handler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.config().setOption(ChannelOption.AUTO_READ, false);
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(false, true));
        ch.pipeline().addLast(UpstreamPipeline.CONNECTION, stream);
      }
    }).open().addListener((Future<Http2StreamChannel> f) -> {
      if (f.isSuccess()) {
        opened.trySuccess(f.getNow());
      } else {
        opened.tryFailure(f.cause());
      }
    });
    return opened;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // connection-level frames the codec handled itself (SETTINGS, PING, GOAWAY) end here
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    pool.unshare(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/2 upstream {} failed", key, cause);
    ctx.close();
  }

  void close() {
    channel.close();
  }
}
