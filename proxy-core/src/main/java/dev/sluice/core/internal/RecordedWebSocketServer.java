package dev.sluice.core.internal;

import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * The server side of a websocket that a hook answered with a 101 (server replay): an in-memory
 * channel that plays the recorded server messages in order, then the recorded close if the server
 * closed, and otherwise answers the client's close. What the client sends is dropped here (the
 * relay has recorded it already); the relay closes this channel as it closes an upstream.
 */
final class RecordedWebSocketServer extends ChannelOutboundHandlerAdapter {

  private final EmbeddedChannel channel;
  private boolean closeSent;

  private RecordedWebSocketServer() {
    this.channel = new EmbeddedChannel();
    channel.pipeline().addLast(this);
  }

  /** A channel for {@link WebSocketRelay#startReplay}, ready to {@link #play} into. */
  static RecordedWebSocketServer open() {
    return new RecordedWebSocketServer();
  }

  EmbeddedChannel channel() {
    return channel;
  }

  /** Sends the server's messages of {@code recording} (null: none), then its close if the server closed. */
  void play(WebSocketData recording) {
    if (recording == null) {
      return;
    }
    for (WebSocketMessage message : recording.messages()) {
      if (!message.fromClient() && !message.isDropped()) {
        channel.writeInbound(WebSocketAssembler.frame(message));
      }
    }
    Integer code = recording.closeCode();
    if (Boolean.FALSE.equals(recording.closedByClient()) && code != null && WebSocketCloseStatus.isValidStatusCode(code)) {
      closeSent = true;
      channel.writeInbound(new CloseWebSocketFrame(code, recording.closeReason()));
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof CloseWebSocketFrame close && !closeSent) {
      closeSent = true;
      ctx.fireChannelRead(close.retainedDuplicate());
    }
    ReferenceCountUtil.release(msg);
    promise.setSuccess();
  }
}
