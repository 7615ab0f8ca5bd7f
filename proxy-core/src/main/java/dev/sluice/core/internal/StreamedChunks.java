package dev.sluice.core.internal;

import dev.sluice.api.HttpMessage;
import dev.sluice.api.StreamTransformer;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Objects;

/** Passes the chunks of a streamed body through the message's {@link StreamTransformer}, if it has one. */
final class StreamedChunks {

  private StreamedChunks() {}

  /**
   * What to write for {@code content}: {@code content} itself when {@code message} has no
   * transformer, else the transformed chunk ({@code content} is then released, and after the last
   * chunk comes what {@link StreamTransformer#finish()} adds, then the trailers).
   *
   * @throws RuntimeException whatever the transformer throws
   */
  static HttpContent next(HttpMessage message, HttpContent content) {
    StreamTransformer transformer = message.streamTransformer();
    if (transformer == null) {
      return content;
    }
    try {
      byte[] out = Objects.requireNonNull(transformer.transform(content.content().nioBuffer().asReadOnlyBuffer()),
          "the stream transformer returned null");
      if (!(content instanceof LastHttpContent last)) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(out));
      }
      byte[] tail = Objects.requireNonNull(transformer.finish(), "the stream transformer's finish() returned null");
      LastHttpContent end = new DefaultLastHttpContent(Unpooled.wrappedBuffer(out, tail));
      end.trailingHeaders().set(last.trailingHeaders());
      return end;
    } finally {
      content.release();
    }
  }
}
