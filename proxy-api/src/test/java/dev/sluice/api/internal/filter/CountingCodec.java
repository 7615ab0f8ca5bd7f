package dev.sluice.api.internal.filter;

import dev.sluice.api.ContentCodec;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code Content-Encoding: x-counting}, a test codec (registered in the test resources) that
 * reverses the bytes and counts how often it decodes; a body starting with {@code !} does not
 * decode.
 */
public final class CountingCodec implements ContentCodec {

  static final AtomicInteger DECODES = new AtomicInteger();

  @Override
  public String name() {
    return "x-counting";
  }

  @Override
  public byte[] decode(byte[] encoded) {
    DECODES.incrementAndGet();
    if (encoded.length > 0 && encoded[0] == '!') {
      throw new IllegalArgumentException("x-counting body starts with '!'");
    }
    return reverse(encoded);
  }

  @Override
  public byte[] encode(byte[] decoded) {
    return reverse(decoded);
  }

  private static byte[] reverse(byte[] in) {
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = in[in.length - 1 - i];
    }
    return out;
  }
}
