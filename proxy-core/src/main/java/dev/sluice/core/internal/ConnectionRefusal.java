package dev.sluice.core.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The whole life of a refused client connection: a {@code 503} naming the reason goes out at once,
 * without waiting for a request, with {@code Connection: close}; then the connection lingers
 * (dropping what the client sends) and closes.
 */
final class ConnectionRefusal extends ChannelInboundHandlerAdapter {

  private static final String HTTP_1_1 = "HTTP/1.1";

  private final String reason;

  ConnectionRefusal(String reason) {
    this.reason = reason;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Linger.closeAfter(ctx.channel(), Messages.writeAll(ctx.channel(),
        Messages.wholeResponse(Messages.errorResponse(503, reason), false, false, HTTP_1_1)));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.read();
  }
}
