package dev.sluice.core.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Tells what a client starts a connection with, from its first bytes: a TLS ClientHello (read
 * whole, even across several records), the HTTP/2 connection preface (prior knowledge), an HTTP/1
 * request line, or anything else.
 */
public final class FirstBytes {

  /** The kinds of first bytes. */
  public enum Kind {
    /** Not enough bytes to tell yet. */
    NEED_MORE,
    /** A TLS ClientHello. */
    TLS,
    /** An HTTP/1 request (a method token and a space). */
    HTTP,
    /** The HTTP/2 connection preface ({@code PRI * HTTP/2.0}...): HTTP/2 with prior knowledge. */
    HTTP2,
    /** Anything else. */
    OTHER
  }

  /**
   * What was seen.
   *
   * @param kind the kind
   * @param hello the ClientHello when {@code kind} is {@code TLS}, else {@code null}
   */
  public record Peek(Kind kind, ClientHello hello) {
    static final Peek NEED_MORE = new Peek(Kind.NEED_MORE, null);
    static final Peek HTTP = new Peek(Kind.HTTP, null);
    static final Peek HTTP2 = new Peek(Kind.HTTP2, null);
    static final Peek OTHER = new Peek(Kind.OTHER, null);
  }

  private static final int HANDSHAKE = 22;
  private static final int CLIENT_HELLO = 1;
  private static final int RECORD_HEADER = 5;
  private static final int MAX_HELLO = 64 * 1024;
  private static final int MAX_METHOD = 20;
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private FirstBytes() {}

  /** Looks at {@code in} without moving its reader index. */
  public static Peek peek(ByteBuf in, ByteBufAllocator alloc) {
    if (!in.isReadable()) {
      return Peek.NEED_MORE;
    }
    int first = in.getUnsignedByte(in.readerIndex());
    if (first == HANDSHAKE) {
      return tls(in, alloc);
    }
    return http(in);
  }

  private static Peek tls(ByteBuf in, ByteBufAllocator alloc) {
    int start = in.readerIndex();
    if (in.readableBytes() < RECORD_HEADER + 1) {
      return Peek.NEED_MORE;
    }
    if (in.getUnsignedByte(start + 1) != 3 || in.getUnsignedByte(start + RECORD_HEADER) != CLIENT_HELLO) {
      return Peek.OTHER;
    }
    ByteBuf handshake = alloc.buffer();
    try {
      int offset = start;
      while (offset + RECORD_HEADER <= in.writerIndex()) {
        if (in.getUnsignedByte(offset) != HANDSHAKE) {
          return Peek.OTHER;
        }
        int length = in.getUnsignedShort(offset + 3);
        if (offset + RECORD_HEADER + length > in.writerIndex()) {
          break;
        }
        handshake.writeBytes(in, offset + RECORD_HEADER, length);
        offset += RECORD_HEADER + length;
        if (handshake.readableBytes() >= 4) {
          int helloLength = handshake.getUnsignedMedium(1);
          if (helloLength > MAX_HELLO) {
            return Peek.OTHER;
          }
          if (handshake.readableBytes() >= 4 + helloLength) {
            return new Peek(Kind.TLS, ClientHello.parse(handshake.slice(4, helloLength)));
          }
        }
      }
      return offset - start > MAX_HELLO ? Peek.OTHER : Peek.NEED_MORE;
    } finally {
      handshake.release();
    }
  }

  private static Peek http(ByteBuf in) {
    Peek preface = preface(in);
    if (preface != null) {
      return preface;
    }
    int limit = Math.min(in.readableBytes(), MAX_METHOD + 1);
    for (int i = 0; i < limit; i++) {
      int c = in.getUnsignedByte(in.readerIndex() + i);
      if (c == ' ') {
        return i > 0 ? Peek.HTTP : Peek.OTHER;
      }
      if (c < 'A' || c > 'Z') {
        return Peek.OTHER;
      }
    }
    return limit > MAX_METHOD ? Peek.OTHER : Peek.NEED_MORE;
  }

  /** HTTP/2, more needed, or null when the bytes are no connection preface. */
  private static Peek preface(ByteBuf in) {
    int length = Math.min(in.readableBytes(), PREFACE.length);
    for (int i = 0; i < length; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
        return null;
      }
    }
    return length == PREFACE.length ? Peek.HTTP2 : Peek.NEED_MORE;
  }
}
