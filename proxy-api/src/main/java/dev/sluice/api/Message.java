package dev.sluice.api;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * What a request and a response let you read: the HTTP version, the {@link Headers}, the body and
 * the trailers. A kept flow ({@link Flow}) has its messages as this read-only type; a hook changes
 * the messages of a live {@link HttpFlow}, which are {@link HttpMessage}s.
 *
 * <pre>{@code
 * Flow kept = proxy.takeFlow();
 * Message response = kept.response();
 * String type = response.headers().get("Content-Type");
 * String body = response.text();          // Content-Encoding removed, charset applied
 * }</pre>
 */
public sealed interface Message permits Request, Response {

  /** The protocol version as it appears on the wire, such as {@code HTTP/1.1}. */
  String httpVersion();

  /** The header fields, in wire order and case (read-only in a kept flow). */
  Headers headers();

  /** The trailer fields of a chunked body, or {@code null} when there were none. */
  Headers trailers();

  /** A copy of the body as on the wire, {@code Content-Encoding} still applied; empty when streamed. */
  byte[] rawContent();

  /** A read-only view of the raw body, without a copy. */
  ByteBuffer rawContentBuffer();

  /** The length of the raw body in bytes. */
  int rawContentLength();

  /**
   * The body with its {@code Content-Encoding} (gzip, deflate, br, zstd) removed.
   *
   * @throws IllegalStateException if the encoding is unknown or the body does not decode
   */
  byte[] content();

  /**
   * A read-only view of the decoded body, without a copy.
   *
   * @throws IllegalStateException if the encoding is unknown or the body does not decode
   */
  ByteBuffer contentBuffer();

  /**
   * The decoded body as text, in the charset of {@code Content-Type} (UTF-8 when it names none).
   *
   * @throws IllegalStateException if the encoding is unknown or the body does not decode
   */
  String text();

  /** Whether the body was streamed through instead of aggregated (then the flow holds no body). */
  boolean isStreamed();

  /** When the first byte of this message was seen (or when it was made). */
  Instant timestampStart();

  /** When the last byte of this message was seen, or {@code null} while it is incomplete. */
  Instant timestampEnd();
}
