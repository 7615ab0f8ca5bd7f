package dev.sluice.core.internal;

import dev.sluice.api.internal.Hosts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A connection to a server through a {@code CONNECT} tunnel on the next proxy (upstream mode, as
 * mitmproxy's upstream proxy layer): connects to the proxy, asks it for {@code host:port}, and on a
 * 2xx answer puts the connection's real pipeline in place, so TLS and HTTP then run end to end
 * with the server. Bytes the proxy sent after its answer go on to that pipeline.
 *
 * <p>A refusal fails the attempt with the proxy's status line in the message, as does a proxy that
 * closes, sends a malformed answer, or stays silent for longer than the connect timeout.
 */
final class ChainedTunnel extends ByteToMessageDecoder {

  private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final RequestTarget proxy;
  private final String authority;
  private final ChannelHandler pipeline;
  private final int maxHeadSize;
  private final Promise<Channel> promise;

  private ChainedTunnel(RequestTarget proxy, String authority, ChannelHandler pipeline, int maxHeadSize,
      Promise<Channel> promise) {
    this.proxy = proxy;
    this.authority = authority;
    this.pipeline = pipeline;
    this.maxHeadSize = maxHeadSize;
    this.promise = promise;
  }

  /**
   * Opens a tunnel to {@code host:port} through {@code proxy} on {@code loop}, sending
   * {@code proxyAuthorization} (unless null) as {@code Proxy-Authorization}; once the proxy said
   * yes, {@code pipeline} (a {@link UpstreamPipeline}) sets the channel up and the future completes.
   */
  static Future<Channel> open(Dialer connector, EventLoop loop, RequestTarget proxy, String host, int port,
      ChannelHandler pipeline, int maxHeadSize, Duration timeout, String proxyAuthorization) {
    Promise<Channel> promise = loop.newPromise();
    String authority = Hosts.withPort(host, port);
    ChainedTunnel tunnel = new ChainedTunnel(proxy, authority, pipeline, maxHeadSize, promise);
    connector.connect(loop, proxy.host(), proxy.port(), tunnel).addListener((Future<Channel> connected) -> {
      if (!connected.isSuccess()) {
        promise.tryFailure(new IOException(tunnel.proxyName() + ": " + UpstreamDial.reason(connected.cause()),
            connected.cause()));
        return;
      }
      Channel channel = connected.getNow();
      ScheduledFuture<?> silence = loop.schedule(() -> tunnel.fail(channel, "did not answer CONNECT " + authority
          + " within " + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
      promise.addListener(done -> silence.cancel(false));
      String credentials = proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n";
      String connect = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n" + credentials + "\r\n";
      channel.writeAndFlush(Unpooled.copiedBuffer(connect, StandardCharsets.ISO_8859_1));
      channel.read();
    });
    return promise;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (promise.isDone()) {
      return;
    }
    int end = ByteBufUtil.indexOf(Unpooled.wrappedBuffer(END_OF_HEAD), in);
    if (end < 0) {
      if (in.readableBytes() > maxHeadSize) {
        fail(ctx.channel(), "sent an answer to CONNECT " + authority + " longer than " + maxHeadSize + " bytes");
      } else {
        ctx.read();
      }
      return;
    }
    String head = in.readCharSequence(end - in.readerIndex() + END_OF_HEAD.length, StandardCharsets.ISO_8859_1)
        .toString();
    String statusLine = head.substring(0, head.indexOf("\r\n"));
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
      fail(ctx.channel(), "sent a malformed answer to CONNECT " + authority + ": \"" + statusLine + "\"");
    } else if (parts[1].charAt(0) != '2') {
      fail(ctx.channel(), "answered CONNECT " + authority + " with " + statusLine.substring(parts[0].length() + 1));
    } else {
      ctx.pipeline().addLast(pipeline);
      ctx.pipeline().remove(this);
      promise.trySuccess(ctx.channel());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail(ctx.channel(), "closed the connection before answering CONNECT " + authority);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(ctx.channel(), "failed while asked for CONNECT " + authority + ": " + UpstreamDial.reason(cause));
  }

  private void fail(Channel channel, String what) {
    if (promise.tryFailure(new IOException(proxyName() + " " + what))) {
      channel.close();
    }
  }

  private String proxyName() {
    return "upstream proxy " + proxy.host() + ":" + proxy.port();
  }
}
