package dev.sluice.api;

import java.nio.ByteBuffer;

/**
 * Rewrites a streamed body on the fly, chunk by chunk, as mitmproxy allows with a callable
 * {@code stream}: each chunk comes in read-only and the returned bytes go out in its place; after
 * the last chunk, {@link #finish()} may add more. Set one with
 * {@link HttpMessage#setStreamTransformer(StreamTransformer)} in a headers event. A transformed
 * body loses its {@code Content-Length} and goes out chunked (or delimited by closing the
 * connection for an HTTP/1.0 client). It runs on the connection's event loop, so it must not block.
 * If it throws, the flow fails and the connection of the side being written is closed.
 *
 * <pre>{@code
 * public void responseHeaders(HttpFlow flow) {
 *   flow.response().setStreamTransformer(chunk -> {
 *     byte[] bytes = new byte[chunk.remaining()];
 *     chunk.get(bytes);
 *     return new String(bytes, US_ASCII).toUpperCase(Locale.ROOT).getBytes(US_ASCII);
 *   });
 * }
 * }</pre>
 */
@FunctionalInterface
public interface StreamTransformer {

  /** The bytes to send in place of {@code chunk}, a read-only view valid during this call only. */
  byte[] transform(ByteBuffer chunk);

  /** The bytes to send after the last chunk; none by default. */
  default byte[] finish() {
    return new byte[0];
  }
}
