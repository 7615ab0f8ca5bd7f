package dev.sluice.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted TCP server on 127.0.0.1 for misbehaving upstreams: for each connection it reads the
 * request head and hands the socket to a {@link Script}.
 *
 * <pre>{@code
 * try (RawOrigin origin = RawOrigin.start((socket, head) -> {
 *   socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes());
 *   socket.close();   // reset mid-response
 * })) { ... }
 * }</pre>
 */
public final class RawOrigin implements AutoCloseable {

  /** What the origin does with one connection once it has read the request head. */
  @FunctionalInterface
  public interface Script {
    /** Serves {@code socket}, whose request head was {@code head}. */
    void serve(Socket socket, String head) throws IOException;
  }

  private final ServerSocket listener;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch finished = new CountDownLatch(1);

  private RawOrigin(Script script) throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    executor.execute(() -> {
      while (!listener.isClosed()) {
        try {
          Socket socket = listener.accept();
          connections.incrementAndGet();
          executor.execute(() -> serve(socket, script));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  /** Starts an origin that runs {@code script} for each connection. */
  public static RawOrigin start(Script script) {
    try {
      return new RawOrigin(script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** How many connections were accepted. */
  public int connections() {
    return connections.get();
  }

  /** The next request head received, waiting up to 5 seconds, or {@code null}. */
  public String nextHead() throws InterruptedException {
    return heads.poll(5, TimeUnit.SECONDS);
  }

  /** Whether a script returned normally within 5 seconds. */
  public boolean awaitScript() throws InterruptedException {
    return finished.await(5, TimeUnit.SECONDS);
  }

  /** Reads up to the end of a header section ({@code CRLF CRLF}); null if the peer closed first. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int lastFour = 0;
    while (lastFour != 0x0D0A0D0A) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      lastFour = (lastFour << 8) | b;
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private void serve(Socket socket, Script script) {
    try (socket) {
      socket.setSoTimeout(10_000);
      String head = readHead(socket.getInputStream());
      if (head == null) {
        return;
      }
      heads.add(head);
      script.serve(socket, head);
      finished.countDown();
    } catch (IOException e) {
      // the script decides how the connection ends; errors are what some tests provoke
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    executor.shutdownNow();
  }
}
