package dev.sluice.core.internal;

import dev.sluice.api.HttpMessage;
import io.netty.handler.codec.http.HttpContent;

/** Where a body switches from aggregated to streamed: its stream point, capped by the body limit. */
final class StreamPoints {

  private final long maxBodySize;

  StreamPoints(long maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  /**
   * The body size past which {@code message} switches to streaming (its {@link HttpMessage#streamAfter()},
   * at most the body limit), or -1 when it asked for none.
   */
  long streamPoint(HttpMessage message) {
    long after = message.streamAfter();
    return after < 0 ? -1 : Math.min(after, maxBodySize);
  }

  /** Streams {@code message} from its head on when its declared length is past its stream point. */
  void streamIfDeclaredPast(HttpMessage message, long declaredLength) {
    long point = streamPoint(message);
    if (point >= 0 && declaredLength > point && !message.isStreamed()) {
      message.setStreamed(true);
    }
  }

  /** Whether appending {@code content} to {@code buffered} takes {@code message}'s body past its stream point. */
  boolean passesStreamPoint(HttpMessage message, BodyBuffer buffered, HttpContent content) {
    long point = streamPoint(message);
    return point >= 0 && buffered.size() + content.content().readableBytes() > point;
  }
}
