package dev.sluice.core.internal;

import dev.sluice.api.WebSocketMessage;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/** Joins the data frames of one direction into whole messages, up to a size limit. */
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
      content = new BodyBuffer(limit);
    }
    if (!content.append(frame.content())) {
      type = null;
      content = null;
      return false;
    }
    return true;
  }

  /** The whole message, after the final fragment was appended. */
  WebSocketMessage finish() {
    WebSocketMessage message = WebSocketMessage.of(fromClient, type, content.toByteArray());
    type = null;
    content = null;
    return message;
  }
}
