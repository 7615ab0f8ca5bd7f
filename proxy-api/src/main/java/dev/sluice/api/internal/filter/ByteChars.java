package dev.sluice.api.internal.filter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bytes seen as characters one to one (ISO-8859-1), without a copy, so a regex searches a body
 * byte by byte as mitmproxy's bytes regexes do.
 */
final class ByteChars implements CharSequence {

  private final ByteBuffer bytes;

  /** A view of {@code bytes} from its position to its limit. */
  ByteChars(ByteBuffer bytes) {
    this.bytes = bytes.slice();
  }

  @Override
  public int length() {
    return bytes.remaining();
  }

  @Override
  public char charAt(int index) {
    return (char) (bytes.get(index) & 0xff);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new ByteChars(bytes.slice(start, end - start));
  }

  @Override
  public String toString() {
    byte[] copy = new byte[bytes.remaining()];
    bytes.get(0, copy);
    return new String(copy, StandardCharsets.ISO_8859_1);
  }

  /** {@code text} encoded as UTF-8, each byte as one character: a pattern for {@link ByteChars}. */
  static String utf8AsBytes(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }
}
