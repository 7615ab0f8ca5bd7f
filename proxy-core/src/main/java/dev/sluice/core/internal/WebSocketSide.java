package dev.sluice.core.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;

/** The last websocket handler of one side (client or upstream): hands frames and events to the relay. */
final class WebSocketSide extends ChannelInboundHandlerAdapter {

  private final WebSocketRelay relay;
  private final boolean client;

  WebSocketSide(WebSocketRelay relay, boolean client) {
    this.relay = relay;
    this.client = client;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof WebSocketFrame frame) {
      relay.frameRead(client, frame);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    relay.updateReads();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    relay.updateReads();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    relay.closed(client);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    relay.failed(client, cause);
  }
}
