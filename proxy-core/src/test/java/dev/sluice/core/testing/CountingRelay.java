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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 and a free port in front of a server on 127.0.0.1, counting the
 * connections it accepts: how many connections a proxy opened to that server.
 *
 * <pre>{@code
 * try (CountingRelay relay = CountingRelay.to(origin.port())) {
 *   ... origin.uri("localhost", relay.port(), "/") ...
 *   assertThat(relay.accepted()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class CountingRelay implements AutoCloseable {

  private final ServerSocket listener;
  private final int target;
  private final AtomicInteger accepted = new AtomicInteger();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private CountingRelay(int target) throws IOException {
    this.target = target;
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(this::acceptAll);
  }

  /** A relay to 127.0.0.1:{@code port}. */
  public static CountingRelay to(int port) {
    try {
      return new CountingRelay(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The relay's port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many connections the relay accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  private void acceptAll() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        accepted.incrementAndGet();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        executor.execute(() -> pipe(client, server));
        executor.execute(() -> pipe(server, client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // either side went away: the other goes too
    } finally {
      close(from);
      close(to);
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    executor.shutdownNow();
  }
}
