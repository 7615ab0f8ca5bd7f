package dev.sluice.core.internal;

import dev.sluice.api.WebSocketMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** Joins the data frames of one direction into whole messages, up to a size limit; and a message back into a frame. */
final class WebSocketAssembler {

  private final boolean fromClient;
  private final long limit;
  private WebSocketMessage.Type type;
  private BodyBuffer content;

  WebSocketAssembler(boolean fromClient, long limit) {
    this.fromClient = fromClient;
    this.limit = limit;
  }

  /**
   * Appends the payload of a text, binary or continuation {@code frame} (not released); false,
   * with the partial message dropped, when the message grows past the limit.
   */
  boolean append(WebSocketFrame frame) {
    if (type == null) {
      type = frame instanceof TextWebSocketFrame ? WebSocketMessage.Type.TEXT : WebSocketMessage.Type.BINARY;
      content = new BodyBuffer(limit, -1);
    }
    if (!content.append(frame.content())) {
      type = null;
      content = null;
      return false;
    }
    return true;
  }

  /** {@code message} as one final frame. */
  static WebSocketFrame frame(WebSocketMessage message) {
    ByteBuf content = Unpooled.wrappedBuffer(message.content());
    return message.isText() ? new TextWebSocketFrame(true, 0, content) : new BinaryWebSocketFrame(true, 0, content);
  }

  /** The whole message, after the final fragment was appended. */
  WebSocketMessage finish() {
    WebSocketMessage message = WebSocketMessage.of(fromClient, type, content.toByteArray());
    type = null;
    content = null;
    return message;
  }
}
