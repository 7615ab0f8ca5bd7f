package dev.sluice.bench;

import dev.sluice.bench.load.RawHttp;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A loopback origin that answers every request head with the same canned response, one thread
 * per connection, doing as little work as possible so that what a benchmark measures is the
 * proxy. Requests must have no body.
 *
 * <pre>{@code
 * try (CannedOrigin origin = CannedOrigin.start(1024)) {
 *   int port = origin.port();
 * }
 * }</pre>
 */
final class CannedOrigin implements AutoCloseable {

  private final ServerSocket server;
  private final byte[] response;

  private CannedOrigin(ServerSocket server, byte[] response) {
    this.server = server;
    this.response = response;
  }

  /** Starts an origin answering {@code 200} with a body of {@code bodySize} bytes. */
  static CannedOrigin start(int bodySize) throws IOException {
    byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nCache-Control: max-age=600\r\n"
        + "Set-Cookie: visit=1; Path=/; Max-Age=3600\r\nContent-Length: " + bodySize + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] response = new byte[head.length + bodySize];
    System.arraycopy(head, 0, response, 0, head.length);
    CannedOrigin origin = new CannedOrigin(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), response);
    Thread acceptor = new Thread(origin::accept, "canned-origin");
    acceptor.setDaemon(true);
    acceptor.start();
    return origin;
  }

  int port() {
    return server.getLocalPort();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread connection = new Thread(() -> serve(socket), "canned-origin-connection");
        connection.setDaemon(true);
        connection.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (RawHttp.skipHead(in)) {
        out.write(response);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away: this connection is done
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
