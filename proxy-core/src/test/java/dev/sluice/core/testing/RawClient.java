package dev.sluice.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * A client on a plain socket, for bytes no well-behaved HTTP client would send: malformed
 * requests, pipelining, half-sent bodies.
 *
 * <pre>{@code
 * try (RawClient client = RawClient.connect(proxy.address())) {
 *   client.send("NOT HTTP\r\n\r\n");
 *   assertThat(client.readResponse()).startsWith("HTTP/1.1 400");
 * }
 * }</pre>
 */
public final class RawClient implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  /** Connects to {@code address}, with a 5 s read timeout. */
  public static RawClient connect(InetSocketAddress address) {
    return connect(address, Duration.ofSeconds(5));
  }

  /** Connects to {@code address}; a read that waits longer than {@code readTimeout} fails. */
  public static RawClient connect(InetSocketAddress address, Duration readTimeout) {
    try {
      Socket socket = new Socket(address.getAddress(), address.getPort());
      socket.setSoTimeout((int) readTimeout.toMillis());
      return new RawClient(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code text} as ISO-8859-1 bytes. */
  public RawClient send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code bytes}. */
  public RawClient send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads one response: the head, then the body by {@code Content-Length} or chunked framing (no
   * body when {@code noBody}, as for HEAD). Returns it as text.
   */
  public String readResponse(boolean noBody) {
    try {
      String head = RawOrigin.readHead(in);
      if (head == null) {
        throw new AssertionError("the connection closed before a response arrived");
      }
      String lower = head.toLowerCase(Locale.ROOT);
      int status = Integer.parseInt(head.substring(9, 12));
      if (noBody || status == 204 || status == 304 || status < 200) {
        return head;
      }
      if (lower.contains("transfer-encoding: chunked")) {
        return head + readChunked();
      }
      int at = lower.indexOf("content-length:");
      if (at >= 0) {
        int end = lower.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + "content-length:".length(), end).trim());
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
      }
      return head + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #readResponse(boolean)} for a response that may have a body. */
  public String readResponse() {
    return readResponse(false);
  }

  /** Reads until the proxy closes the connection; returns everything read. */
  public String readUntilClosed() {
    try {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
      }
      return all.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads what is available (at least one byte) as ISO-8859-1 text; empty at the end of the stream. */
  public String readSome() {
    try {
      byte[] buffer = new byte[8192];
      int n = in.read(buffer);
      return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the proxy closed the connection (end of stream or reset) before sending anything more. */
  public boolean isClosedByPeer() {
    try {
      return in.read() < 0;
    } catch (SocketException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes from the peer, for clients that read a protocol of their own on this connection. */
  public InputStream input() {
    return in;
  }

  /** Closes the output side only, as a client that finished sending. */
  public void shutdownOutput() {
    try {
      socket.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readChunked() throws IOException {
    StringBuilder body = new StringBuilder();
    while (true) {
      String sizeLine = readLine();
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
          body.append("[trailer ").append(line).append(']');
        }
        return body.toString();
      }
      body.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
      readLine();
    }
  }

  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("end of stream inside a chunked body");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
