package dev.sluice.core.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * A deliberately naive HTTP/2 client over a plain socket with prior knowledge, for bad-input tests:
 * it writes whatever frames a test asks for, in any order, and reads the frames that come back.
 *
 * <pre>{@code
 * try (RawHttp2Client h2 = RawHttp2Client.connect(proxy.address())) {
 *   h2.headers(1, headers, true, true);
 *   RawHttp2Client.Frame answer = h2.awaitFrame(f -> f.streamId() == 1);
 * }
 * }</pre>
 */
public final class RawHttp2Client implements AutoCloseable {

  /** Frame types (RFC 9113, section 6). */
  public static final int DATA = 0;
  public static final int HEADERS = 1;
  public static final int RST_STREAM = 3;
  public static final int SETTINGS = 4;
  public static final int PING = 6;
  public static final int GOAWAY = 7;
  public static final int CONTINUATION = 9;

  /** One frame read: its type, flags, stream and payload. */
  public record Frame(int type, int flags, int streamId, byte[] payload) {
    /** The error code of a {@code RST_STREAM} or {@code GOAWAY}. */
    public long errorCode() {
      int offset = type == GOAWAY ? 4 : 0;
      return ((payload[offset] & 0xffL) << 24) | ((payload[offset + 1] & 0xff) << 16)
          | ((payload[offset + 2] & 0xff) << 8) | (payload[offset + 3] & 0xff);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
  private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(true);

  private RawHttp2Client(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects to {@code address} and sends the preface and an empty SETTINGS frame. */
  public static RawHttp2Client connect(InetSocketAddress address) throws IOException {
    return connect(address, 0);
  }

  /**
   * Like {@link #connect(InetSocketAddress)}, with a receive buffer of {@code receiveBuffer} bytes
   * (0: the system's), so that a client that does not read holds the proxy's writes back soon.
   */
  public static RawHttp2Client connect(InetSocketAddress address, int receiveBuffer) throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(address);
    socket.setSoTimeout(10_000);
    RawHttp2Client client = new RawHttp2Client(socket);
    client.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    client.frame(SETTINGS, 0, 0, new byte[0]);
    return client;
  }

  /** Writes one frame. */
  public void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
    byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
        (byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8),
        (byte) streamId};
    out.write(header);
    out.write(payload);
  }

  /** The HPACK block of {@code headers}, as this client's encoder (with its dynamic table) writes it. */
  public byte[] encode(int streamId, Http2Headers headers) throws Http2Exception {
    ByteBuf block = Unpooled.buffer();
    try {
      encoder.encodeHeaders(streamId, headers, block);
      byte[] bytes = new byte[block.readableBytes()];
      block.readBytes(bytes);
      return bytes;
    } finally {
      block.release();
    }
  }

  /** A HEADERS frame for {@code headers}, ending the headers and optionally the stream. */
  public void headers(int streamId, Http2Headers headers, boolean endHeaders, boolean endStream) throws IOException,
      Http2Exception {
    frame(HEADERS, (endStream ? 0x1 : 0) | (endHeaders ? 0x4 : 0), streamId, encode(streamId, headers));
  }

  /** Flushes what was written. */
  public void flush() throws IOException {
    out.flush();
  }

  /** Reads frames until one matches {@code wanted} (acknowledging SETTINGS as a client must); null if the proxy closed first. */
  public Frame awaitFrame(Predicate<Frame> wanted) throws IOException {
    while (true) {
      Frame frame;
      try {
        frame = read();
      } catch (EOFException | SocketException e) {
        return null;
      }
      if (frame.type() == SETTINGS && (frame.flags() & 0x1) == 0) {
        try {
          frame(SETTINGS, 0x1, 0, new byte[0]);
          flush();
        } catch (SocketException e) {
          // the proxy hung up; the frames it sent before are still read
        }
      }
      if (wanted.test(frame)) {
        return frame;
      }
    }
  }

  /** The {@code :status} of a response HEADERS frame (frames must be decoded in the order they came). */
  public String status(Frame headers) throws Http2Exception {
    return headers(headers).status().toString();
  }

  /** The header block of a HEADERS frame, decoded (frames must be decoded in the order they came). */
  public Http2Headers headers(Frame headers) throws Http2Exception {
    ByteBuf block = Unpooled.wrappedBuffer(headers.payload());
    try {
      return decoder.decodeHeaders(headers.streamId(), block);
    } finally {
      block.release();
    }
  }

  private Frame read() throws IOException {
    int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int streamId = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(type, flags, streamId, payload);
  }

  /** Whether the proxy closed the connection (reads end) within the socket's timeout. */
  public boolean closedByPeer() throws IOException {
    try {
      while (true) {
        read();
      }
    } catch (EOFException | SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
