package dev.sluice.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A websocket client on a plain socket, for what no well-behaved client sends: any request-target,
 * extension offers, unmasked or malformed frames. Also the frame codec for raw origins.
 *
 * <pre>{@code
 * try (RawWebSocket ws = RawWebSocket.connect(proxy.address())) {
 *   assertThat(ws.upgrade("http://127.0.0.1:" + port + "/", "127.0.0.1:" + port)).startsWith("HTTP/1.1 101");
 *   ws.sendFrame(true, RawWebSocket.TEXT, "hi".getBytes(UTF_8), true);
 *   assertThat(ws.readFrame().text()).isEqualTo("hi");
 * }
 * }</pre>
 */
public final class RawWebSocket implements AutoCloseable {

  /** Opcode of a continuation frame. */
  public static final int CONTINUATION = 0x0;
  /** Opcode of a text frame. */
  public static final int TEXT = 0x1;
  /** Opcode of a binary frame. */
  public static final int BINARY = 0x2;
  /** Opcode of a close frame. */
  public static final int CLOSE = 0x8;
  /** Opcode of a ping frame. */
  public static final int PING = 0x9;
  /** Opcode of a pong frame. */
  public static final int PONG = 0xA;
  /** The key the client sends in its handshakes. */
  public static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

  /**
   * One frame as read.
   *
   * @param fin whether it is the final fragment
   * @param opcode its opcode
   * @param payload its (unmasked) payload
   */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    /** The payload as UTF-8. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The status code of a close frame, or -1 when it has none. */
    public int closeCode() {
      return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private final RawClient raw;
  private final InputStream in;

  private RawWebSocket(RawClient raw) {
    this.raw = raw;
    this.in = raw.input();
  }

  /** Connects to {@code address}. */
  public static RawWebSocket connect(InetSocketAddress address) {
    return new RawWebSocket(RawClient.connect(address));
  }

  /** Sends {@code text} as ISO-8859-1 bytes. */
  public RawWebSocket send(String text) {
    raw.send(text);
    return this;
  }

  /** Sends {@code bytes}. */
  public RawWebSocket send(byte[] bytes) {
    raw.send(bytes);
    return this;
  }

  /** Sends an upgrade request for {@code target} with {@code Host: host} and {@code extraFields} (each {@code "Name: value"}), and returns the response head. */
  public String upgrade(String target, String host, String... extraFields) {
    StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n");
    for (String field : extraFields) {
      request.append(field).append("\r\n");
    }
    send(request.append("\r\n").toString());
    return readHead();
  }

  /** Reads a response head (up to the empty line), as ISO-8859-1. */
  public String readHead() {
    try {
      return head(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads exactly {@code length} bytes of a body. */
  public byte[] readBody(int length) {
    try {
      return in.readNBytes(length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one frame, masked as a client must unless {@code masked} is false. */
  public RawWebSocket sendFrame(boolean fin, int opcode, byte[] payload, boolean masked) {
    return send(frame(fin, opcode, payload, masked));
  }

  /** Reads the next frame. */
  public Frame readFrame() {
    try {
      return readFrame(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the peer closed the connection before sending anything more. */
  public boolean isClosedByPeer() {
    return raw.isClosedByPeer();
  }

  @Override
  public void close() {
    raw.close();
  }

  /** The bytes of one frame; a client masks, a server does not. */
  public static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      out.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      out.write(maskBit | 126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    } else {
      out.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (((long) payload.length >>> shift) & 0xff));
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      out.writeBytes(mask);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= mask[i % 4];
      }
    }
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** The payload of a close frame with {@code code} and {@code reason}. */
  public static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  /** Reads one frame from {@code in}, unmasking it if it is masked. */
  public static Frame readFrame(InputStream in) throws IOException {
    int first = read(in);
    int second = read(in);
    long length = second & 0x7f;
    if (length == 126) {
      length = (read(in) << 8) | read(in);
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | read(in);
      }
    }
    byte[] mask = (second & 0x80) != 0 ? in.readNBytes(4) : null;
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      throw new EOFException("frame cut short after " + payload.length + " of " + length + " bytes");
    }
    if (mask != null) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i % 4];
      }
    }
    return new Frame((first & 0x80) != 0, first & 0x0f, payload);
  }

  /** Reads a head (up to the empty line) from {@code in}, as ISO-8859-1. */
  public static String head(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      head.write(read(in));
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  /** The 101 a server answers a handshake with {@code key}. */
  public static String switchingProtocols(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(
          (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
      return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code bytes} to {@code out} and flushes. */
  public static void write(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  private static int read(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("connection closed");
    }
    return b;
  }
}
