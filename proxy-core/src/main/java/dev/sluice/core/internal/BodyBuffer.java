package dev.sluice.core.internal;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/** Collects a body up to a limit, copying each chunk so the network buffers go back at once. */
final class BodyBuffer {

  private final long limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  BodyBuffer(long limit) {
    this.limit = limit;
  }

  /** Appends the readable bytes of {@code chunk} (not released); returns false, appending nothing, past the limit. */
  boolean append(ByteBuf chunk) {
    int length = chunk.readableBytes();
    if ((long) bytes.size() + length > limit) {
      return false;
    }
    byte[] copy = new byte[length];
    chunk.getBytes(chunk.readerIndex(), copy);
    bytes.write(copy, 0, length);
    return true;
  }

  /** How many bytes were appended. */
  long size() {
    return bytes.size();
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }
}
