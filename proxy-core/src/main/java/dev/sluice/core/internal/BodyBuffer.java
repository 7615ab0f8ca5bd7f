package dev.sluice.core.internal;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Collects a body up to a limit into one array, copying each chunk once so the network buffers go
 * back at once. A declared length sizes the array when the first bytes come (up to
 * {@link #MAX_PRESIZE}, so a length that lies costs little more memory than the bytes that do
 * come) and caps each doubling after that, and an array the body fills exactly is handed over as
 * it is.
 */
final class BodyBuffer {

  /** The most a declared length reserves before the bytes arrive. */
  static final int MAX_PRESIZE = 1 << 20;

  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final long limit;
  private final long declaredLength;
  private final IntFunction<byte[]> arrays;
  private byte[] bytes = new byte[0];
  private int size;
  private boolean outOfMemory;

  /** A buffer for a body of at most {@code limit} bytes, expected to be {@code declaredLength} long (-1: unknown). */
  BodyBuffer(long limit, long declaredLength) {
    this(limit, declaredLength, byte[]::new);
  }

  /** As above, taking its arrays from {@code arrays} (a test's stand-in for a heap that runs out). */
  BodyBuffer(long limit, long declaredLength, IntFunction<byte[]> arrays) {
    this.limit = limit;
    this.declaredLength = declaredLength;
    this.arrays = arrays;
  }

  /**
   * Appends the readable bytes of {@code chunk} (not released); returns false, appending nothing,
   * past the limit or when the heap cannot hold the larger array the body needs ({@link #outOfMemory()}).
   */
  boolean append(ByteBuf chunk) {
    int length = chunk.readableBytes();
    if ((long) size + length > limit) {
      return false;
    }
    if (size + length > bytes.length) {
      long wanted = size == 0 ? Math.min(declaredLength, MAX_PRESIZE) : 2L * bytes.length;
      if (size > 0 && declaredLength > size) {
        // growing towards a declared length lands on it: no copy to trim the array at the end
        wanted = Math.min(wanted, declaredLength);
      }
      int capacity = (int) Math.min(Math.min(limit, MAX_ARRAY), Math.max(size + length, wanted));
      byte[] larger;
      try {
        larger = arrays.apply(capacity);
      } catch (OutOfMemoryError e) {
        // one large array the heap cannot hold: this body fails, the proxy goes on
        outOfMemory = true;
        return false;
      }
      System.arraycopy(bytes, 0, larger, 0, size);
      bytes = larger;
    }
    chunk.getBytes(chunk.readerIndex(), bytes, size, length);
    size += length;
    return true;
  }

  /** Whether the last append failed because the heap could not hold the body (not because of the limit). */
  boolean outOfMemory() {
    return outOfMemory;
  }

  /** Why the last append failed, as a flow's error says it of its {@code body} ("request body", ...). */
  String refusal(String body) {
    return outOfMemory
        ? body + " does not fit in the proxy's memory (" + size + " bytes held when the heap ran out): stream"
            + " large bodies (stream_large_bodies) or give the proxy's JVM more heap (-Xmx; SLUICE_JAVA_OPTS for ./sluice)"
        : body + " exceeds the limit of " + limit + " bytes";
  }

  /** How many bytes were appended. */
  long size() {
    return size;
  }

  /** The bytes appended, handed over: the buffer must not be used afterwards. */
  byte[] toByteArray() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }
}
