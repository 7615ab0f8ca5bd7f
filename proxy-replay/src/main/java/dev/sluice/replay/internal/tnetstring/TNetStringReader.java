package dev.sluice.replay.internal.tnetstring;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads typed netstrings one top-level value at a time from a stream, never reading past the
 * value it returns, and knows the byte offset where each value started.
 *
 * <p>Values come back as {@code null}, {@link Boolean}, {@link Long} (or {@link BigInteger} when
 * too large), {@link Double}, {@code byte[]} (tag {@code ,}), {@link String} (tag {@code ;}),
 * {@link List} and {@link Map}. Dictionary keys are always returned as strings (bytes keys are
 * decoded as UTF-8), in file order.
 *
 * <pre>{@code
 * TNetStringReader reader = new TNetStringReader(new BufferedInputStream(in));
 * for (Object value; (value = reader.read()) != TNetStringReader.END; ) { ... }
 * }</pre>
 */
public final class TNetStringReader {

  /** The longest length prefix accepted, as in mitmproxy: 12 digits. */
  private static final int MAX_PREFIX_DIGITS = 12;

  private final InputStream in;
  private long offset;
  private long recordOffset;

  /** A reader of {@code in}, which should be buffered. */
  public TNetStringReader(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  /** The byte offset of the next value (or of the end of the stream). */
  public long offset() {
    return offset;
  }

  /** The byte offset where the value last returned by {@link #read()} (or the one that failed) started. */
  public long recordOffset() {
    return recordOffset;
  }

  /**
   * Reads the next top-level value.
   *
   * @return the value, or {@link #END} at a clean end of the stream
   * @throws TNetStringException if the data is not a tnetstring or ends inside one
   */
  public Object read() throws IOException {
    recordOffset = offset;
    int c = in.read();
    if (c < 0) {
      return END;
    }
    offset++;
    long length = 0;
    int digits = 0;
    while (c >= '0' && c <= '9') {
      if (++digits > MAX_PREFIX_DIGITS) {
        throw new TNetStringException("absurdly large length prefix", recordOffset);
      }
      length = length * 10 + (c - '0');
      c = next();
    }
    if (c != ':' || digits == 0) {
      throw new TNetStringException("missing or invalid length prefix", recordOffset);
    }
    if (length > Integer.MAX_VALUE - 16) {
      throw new TNetStringException("value of " + length + " bytes is too large", recordOffset);
    }
    byte[] payload = in.readNBytes((int) length);
    offset += payload.length;
    if (payload.length < length) {
      throw new TNetStringException("truncated: the value needs " + length + " bytes, the data ends after "
          + payload.length, recordOffset);
    }
    int tag = next();
    return Parser.parse(tag, payload, 0, payload.length, recordOffset + 1 + digits + 1);
  }

  private int next() throws IOException {
    int c = in.read();
    if (c < 0) {
      throw new TNetStringException("truncated: the data ends inside a value", recordOffset);
    }
    offset++;
    return c;
  }

  /** Returned by {@link #read()} at the end of the stream. */
  public static final Object END = new Object() {
    @Override
    public String toString() {
      return "END";
    }
  };

  /** Parsing of one value held in memory; positions are reported relative to the stream. */
  private static final class Parser {

    private Parser() {}

    static Object parse(int tag, byte[] data, int from, int to, long base) throws TNetStringException {
      switch (tag) {
        case ',':
          return java.util.Arrays.copyOfRange(data, from, to);
        case ';':
          return new String(data, from, to - from, StandardCharsets.UTF_8);
        case '#':
          return parseInteger(ascii(data, from, to), base + from);
        case '^':
          try {
            return Double.parseDouble(ascii(data, from, to));
          } catch (NumberFormatException e) {
            throw new TNetStringException("invalid float literal", base + from);
          }
        case '!':
          String literal = ascii(data, from, to);
          if (literal.equals("true") || literal.equals("false")) {
            return Boolean.valueOf(literal);
          }
          throw new TNetStringException("invalid boolean literal", base + from);
        case '~':
          if (to != from) {
            throw new TNetStringException("invalid null literal", base + from);
          }
          return null;
        case ']':
          List<Object> list = new ArrayList<>();
          for (int at = from; at < to; ) {
            Slice item = slice(data, at, to, base);
            list.add(parse(item.tag, data, item.from, item.to, base));
            at = item.to + 1;
          }
          return list;
        case '}':
          Map<String, Object> map = new LinkedHashMap<>();
          for (int at = from; at < to; ) {
            Slice key = slice(data, at, to, base);
            Object k = parse(key.tag, data, key.from, key.to, base);
            if (!(k instanceof String) && !(k instanceof byte[])) {
              throw new TNetStringException("dictionary key is not a string", base + at);
            }
            at = key.to + 1;
            if (at >= to) {
              throw new TNetStringException("dictionary key without a value", base + at);
            }
            Slice value = slice(data, at, to, base);
            map.put(k instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) k,
                parse(value.tag, data, value.from, value.to, base));
            at = value.to + 1;
          }
          return map;
        default:
          throw new TNetStringException("unknown type tag 0x" + Integer.toHexString(tag), base + to);
      }
    }

    private static Object parseInteger(String literal, long position) throws TNetStringException {
      try {
        BigInteger value = new BigInteger(literal.trim());
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
      } catch (NumberFormatException e) {
        throw new TNetStringException("invalid integer literal", position);
      }
    }

    private record Slice(int from, int to, int tag) {}

    private static Slice slice(byte[] data, int at, int end, long base) throws TNetStringException {
      long length = 0;
      int i = at;
      while (i < end && data[i] >= '0' && data[i] <= '9' && i - at <= MAX_PREFIX_DIGITS) {
        length = length * 10 + (data[i] - '0');
        i++;
      }
      if (i == at || i >= end || data[i] != ':') {
        throw new TNetStringException("missing or invalid length prefix", base + at);
      }
      long valueEnd = i + 1 + length;
      if (valueEnd >= end) {
        throw new TNetStringException("invalid length prefix " + length, base + at);
      }
      return new Slice(i + 1, (int) valueEnd, data[(int) valueEnd] & 0xff);
    }

    private static String ascii(byte[] data, int from, int to) {
      return new String(data, from, to - from, StandardCharsets.US_ASCII);
    }
  }
}
