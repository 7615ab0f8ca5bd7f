package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 client connection: the frame codec and the stream multiplexer in front, one
 * {@link Http2Stream} (and its {@link Exchange}) per stream behind, and this handler last, for
 * what belongs to the connection: the upstream connections its streams share, idleness, and the
 * end of the connection. Everything runs on the connection's event loop, its streams' too.
 */
final class Http2Connection extends ChannelInboundHandlerAdapter {

  /** The name of this handler in the client pipeline. */
  static final String NAME = "h2-connection";

  private static final Logger log = LoggerFactory.getLogger(Http2Connection.class);
  private static final int MAX_CONCURRENT_STREAMS = 100;

  private final SessionContext context;
  private final ClientConnection client;
  private final RequestTarget tunnelTarget;
  private final ReplayTicket replay;
  private final UpstreamPool upstreams;
  private int streams;
  private boolean ended;

  private Http2Connection(SessionContext context, ClientConnection client, RequestTarget tunnelTarget,
      ReplayTicket replay, UpstreamPool upstreams) {
    this.context = context;
    this.client = client;
    this.tunnelTarget = tunnelTarget;
    this.replay = replay;
    this.upstreams = upstreams;
  }

  /**
   * Makes {@code channel} speak HTTP/2 from now on: what it reads next is the client's connection
   * preface. Origin-form requests go to {@code tunnelTarget} when given (inside a {@code CONNECT}).
   * The streams take their upstream connections from {@code upstreams}, closed with the connection.
   */
  static void install(Channel channel, SessionContext context, ClientConnection client, RequestTarget tunnelTarget,
      ReplayTicket replay, UpstreamPool upstreams) {
    Http2Connection connection = new Http2Connection(context, client, tunnelTarget, replay, upstreams);
    int maxHeaderSize = context.config().maxHeaderSize();
    channel.pipeline()
        .addBefore(ClientPipeline.IDLE, "h2-codec", Http2FrameCodecBuilder.forServer()
            .initialSettings(Http2Settings.defaultSettings()
                .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                .maxHeaderListSize(maxHeaderSize))
            .validateHeaders(true)
            // rapid reset (CVE-2023-44487): a client that resets more streams than this gets ENHANCE_YOUR_CALM
            .decoderEnforceMaxRstFramesPerWindow(200, 30)
            // a client that floods PINGs or SETTINGS without reading the answers gets ENHANCE_YOUR_CALM
            .encoderEnforceMaxQueuedControlFrames(10_000)
            .build())
        .addBefore(ClientPipeline.IDLE, "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
          @Override
          protected void initChannel(Http2StreamChannel stream) {
            stream.config().setOption(ChannelOption.AUTO_READ, false);
            stream.pipeline().addLast(new Http2RequestRules(), new Http2StreamFrameToHttpObjectCodec(true, true),
                new Http2Stream(connection));
          }
        }))
        .addLast(NAME, connection);
    channel.pipeline().addBefore("h2-codec", "h2-flushes", FlushBatching.handler());
  }

  SessionContext context() {
    return context;
  }

  ClientConnection client() {
    return client;
  }

  RequestTarget tunnelTarget() {
    return tunnelTarget;
  }

  UpstreamPool upstreams() {
    return upstreams;
  }

  ReplayTicket replay() {
    return replay;
  }

  /** A stream opened. */
  void streamOpened() {
    streams++;
  }

  /** A stream closed. */
  void streamClosed() {
    streams--;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    // connection-level frames the codec handled itself (SETTINGS, PING, GOAWAY) end here
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!ended) {
      ctx.read();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent && streams == 0) {
      ctx.close();
    }
    ReferenceCountUtil.release(event);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ended) {
      return;
    }
    ended = true;
    upstreams.closeAll();
    context.hooks().run(HookEvent.CLIENT_DISCONNECTED, client, ctx.channel().eventLoop(), replay::finished);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/2 client connection {} failed", ctx.channel(), cause);
    if (!(cause instanceof Http2Exception)) {
      ctx.close();
    }
    // a protocol error: the codec sends GOAWAY with its code (ENHANCE_YOUR_CALM for a flood) and closes
  }
}
