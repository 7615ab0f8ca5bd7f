package dev.sluice.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP server on 127.0.0.1 (or another loopback address) that writes back every byte it reads,
 * for tunnel tests.
 *
 * <pre>{@code
 * try (TcpEcho echo = TcpEcho.start()) { ... "CONNECT 127.0.0.1:" + echo.port() ... }
 * }</pre>
 */
public final class TcpEcho implements AutoCloseable {

  private final ServerSocket listener;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private TcpEcho(InetAddress address) throws IOException {
    listener = new ServerSocket(0, 50, address);
    executor.execute(() -> {
      while (!listener.isClosed()) {
        try {
          Socket socket = listener.accept();
          executor.execute(() -> echo(socket));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** Starts an echo server on 127.0.0.1 and a free port. */
  public static TcpEcho start() {
    return on(InetAddress.getLoopbackAddress());
  }

  /** Starts an echo server on {@code address} (a loopback address, {@code ::1} say) and a free port. */
  public static TcpEcho on(InetAddress address) {
    try {
      return new TcpEcho(address);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port. */
  public int port() {
    return listener.getLocalPort();
  }

  private static void echo(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the peer went away
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    executor.shutdownNow();
  }
}
