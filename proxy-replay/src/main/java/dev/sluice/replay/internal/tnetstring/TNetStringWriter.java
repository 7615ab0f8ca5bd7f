package dev.sluice.replay.internal.tnetstring;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes values as typed netstrings, the inverse of {@link TNetStringReader}: {@code null},
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link BigInteger}, {@link Double} (finite),
 * {@code byte[]} (tag {@code ,}), {@link String} (tag {@code ;}), {@link List} and {@link Map}
 * with string keys (written as {@code ;} strings, as Python 3 mitmproxy writes them).
 *
 * <pre>{@code byte[] record = TNetStringWriter.encode(Map.of("version", 17L)); // 14:7:version;2:17#} }</pre>
 */
public final class TNetStringWriter {

  private TNetStringWriter() {}

  /** The encoding of {@code value}. */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(value, out);
    return out.toByteArray();
  }

  private static void write(Object value, ByteArrayOutputStream out) {
    if (value == null) {
      frame(new byte[0], '~', out);
    } else if (value instanceof Boolean b) {
      frame(ascii(b.toString()), '!', out);
    } else if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
      frame(ascii(value.toString()), '#', out);
    } else if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw new IllegalArgumentException("value: cannot encode the float " + d);
      }
      frame(ascii(BigDecimal.valueOf(d).toPlainString()), '^', out);
    } else if (value instanceof byte[] bytes) {
      frame(bytes, ',', out);
    } else if (value instanceof String s) {
      frame(s.getBytes(StandardCharsets.UTF_8), ';', out);
    } else if (value instanceof List<?> list) {
      ByteArrayOutputStream items = new ByteArrayOutputStream();
      list.forEach(item -> write(item, items));
      frame(items.toByteArray(), ']', out);
    } else if (value instanceof Map<?, ?> map) {
      ByteArrayOutputStream entries = new ByteArrayOutputStream();
      map.forEach((k, v) -> {
        if (!(k instanceof String)) {
          throw new IllegalArgumentException("value: dictionary key is not a string: " + k);
        }
        write(k, entries);
        write(v, entries);
      });
      frame(entries.toByteArray(), '}', out);
    } else {
      throw new IllegalArgumentException("value: cannot encode a " + value.getClass().getName());
    }
  }

  private static void frame(byte[] payload, char tag, ByteArrayOutputStream out) {
    out.writeBytes(ascii(Integer.toString(payload.length)));
    out.write(':');
    out.writeBytes(payload);
    out.write(tag);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
