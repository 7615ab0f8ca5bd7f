package dev.sluice.web.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Message;
import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * A body as the page takes it: at most {@code limit} bytes in base64, the whole size, whether it
 * was cut, and its {@code Content-Type}, from which the page picks the view (JSON, image, text,
 * hex). The {@code Content-Encoding} is removed; a body that does not decode is shown as received,
 * with the reason.
 */
final class BodyJson {

  private BodyJson() {}

  /** The body of {@code message}. */
  static ObjectNode of(Message message, int limit) {
    if (message.isStreamed()) {
      return node(ByteBuffer.allocate(0), "", limit, null).put("streamed", true);
    }
    String contentType = message.headers().get("Content-Type");
    try {
      return node(message.contentBuffer(), contentType, limit, null);
    } catch (IllegalStateException e) {
      return node(message.rawContentBuffer(), contentType, limit, e.getMessage());
    }
  }

  /** A body of {@code content}, as the payload of a websocket message say. */
  static ObjectNode of(byte[] content, String contentType, int limit) {
    return node(ByteBuffer.wrap(content), contentType, limit, null);
  }

  private static ObjectNode node(ByteBuffer content, String contentType, int limit, String decodeError) {
    int size = content.remaining();
    byte[] shown = new byte[Math.min(size, limit)];
    content.duplicate().get(shown);
    return ScriptSafeJson.object()
        .put("size", size)
        .put("contentType", contentType == null ? "" : contentType)
        .put("base64", Base64.getEncoder().encodeToString(shown))
        .put("truncated", shown.length < size)
        .put("streamed", false)
        .put("decodeError", decodeError);
  }
}
