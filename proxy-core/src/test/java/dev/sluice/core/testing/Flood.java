package dev.sluice.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a head and then a generated body of any size to a socket on a thread of its own, never
 * holding the body: it tells how many body bytes the kernel took so far and, on a non-blocking
 * channel, whether the socket's send buffer is full (the peer is not taking more). For tests of
 * back-pressure: a slow reader on the other end must stop the flood.
 *
 * <pre>{@code
 * Flood flood = Flood.start(channel, "HTTP/1.1 200 OK\r\nContent-Length: 268435456\r\n\r\n", 256L << 20, false);
 * long written = flood.awaitStall(Duration.ofSeconds(30));   // the reader stopped, and so did the writer
 * }</pre>
 */
public final class Flood implements AutoCloseable {

  /** A body length that never ends (chunked framing only). */
  public static final long ENDLESS = Long.MAX_VALUE;

  private static final int BLOCK = 64 * 1024;
  private static final long POLL_MILLIS = 100;

  private final SocketChannel channel;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong waits = new AtomicLong();
  private final CompletableFuture<Long> finished = new CompletableFuture<>();
  private volatile boolean waiting;
  private volatile Selector selector;

  private Flood(SocketChannel channel) {
    this.channel = channel;
  }

  /**
   * Starts writing {@code head} and then {@code length} bytes of {@link #at(long)} to {@code channel},
   * in 64 KiB blocks framed as chunks when {@code chunked} (then the last chunk follows, unless the
   * length is {@link #ENDLESS}).
   */
  public static Flood start(SocketChannel channel, String head, long length, boolean chunked) {
    Flood flood = new Flood(channel);
    Thread writer = new Thread(() -> flood.run(head.getBytes(StandardCharsets.ISO_8859_1), length, chunked), "flood");
    writer.setDaemon(true);
    writer.start();
    return flood;
  }

  /** The byte at {@code position} of every generated body: cheap, and no two 64 KiB blocks alike. */
  public static byte at(long position) {
    return (byte) (position * 31 + (position >>> 16) * 7 + (position >>> 24));
  }

  /**
   * Reads {@code count} bytes from {@code in} and checks they are the body's bytes from
   * {@code from} on; returns the position after them.
   *
   * @throws AssertionError naming the position of the first wrong byte, or where the stream ended
   */
  public static long verify(InputStream in, long from, long count) throws IOException {
    byte[] buffer = new byte[BLOCK];
    long position = from;
    long end = from + count;
    while (position < end) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, end - position));
      if (n < 0) {
        throw new AssertionError("the body ended at byte " + position + " of " + end);
      }
      for (int i = 0; i < n; i++, position++) {
        if (buffer[i] != at(position)) {
          throw new AssertionError("wrong byte at position " + position);
        }
      }
    }
    return position;
  }

  /** How many body bytes the kernel has taken so far. */
  public long written() {
    return written.get();
  }

  /** Whether the flood is waiting for room in the socket's send buffer (non-blocking channels only). */
  public boolean isWaiting() {
    return waiting;
  }

  /** Completes with the body length when all was written, or exceptionally with the write's failure. */
  public CompletableFuture<Long> finished() {
    return finished;
  }

  /**
   * Waits until the flood has stalled: waiting for room in the send buffer, in the same wait and with
   * no byte written between two looks {@value #POLL_MILLIS} ms apart. Returns the bytes written.
   *
   * @throws AssertionError when it finished or failed instead, or did not stall within {@code within}
   */
  public long awaitStall(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    long lastWritten = -1;
    long lastWait = -1;
    while (System.nanoTime() < deadline) {
      if (finished.isDone()) {
        throw new AssertionError("the flood ended instead of stalling, after " + written() + " bytes: " + finished);
      }
      long nowWritten = written();
      long nowWait = waits.get();
      if (waiting && nowWritten == lastWritten && nowWait == lastWait) {
        return nowWritten;
      }
      lastWritten = nowWritten;
      lastWait = nowWait;
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
    throw new AssertionError("the flood did not stall within " + within + "; " + written() + " bytes written");
  }

  private void run(byte[] head, long length, boolean chunked) {
    try (Selector selector = channel.isBlocking() ? null : Selector.open()) {
      this.selector = selector;
      if (selector != null) {
        channel.register(selector, SelectionKey.OP_WRITE);
      }
      writeFully(ByteBuffer.wrap(head), selector);
      ByteBuffer block = ByteBuffer.allocate(BLOCK + 16);
      long position = 0;
      while (position < length) {
        int size = (int) Math.min(BLOCK, length - position);
        block.clear();
        if (chunked) {
          block.put((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        int bodyStart = block.position();
        for (int i = 0; i < size; i++) {
          block.put(at(position + i));
        }
        if (chunked) {
          block.put((byte) '\r').put((byte) '\n');
        }
        block.flip();
        while (block.hasRemaining()) {
          writeSome(block, selector);
          written.set(position + Math.max(0, Math.min(size, block.position() - bodyStart)));
        }
        position += size;
      }
      if (chunked) {
        writeFully(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)), selector);
      }
      if (selector != null) {
        selector.close();
        channel.configureBlocking(true);
      }
      finished.complete(position);
    } catch (IOException | RuntimeException e) {
      finished.completeExceptionally(e);
    }
  }

  /** Closes the channel, which ends the flood if it is still writing. */
  @Override
  public void close() throws IOException {
    channel.close();
    Selector waitingIn = selector;
    if (waitingIn != null) {
      waitingIn.wakeup();
    }
  }

  private void writeFully(ByteBuffer bytes, Selector selector) throws IOException {
    while (bytes.hasRemaining()) {
      writeSome(bytes, selector);
    }
  }

  /** Writes what the kernel takes now; on a non-blocking channel that took nothing, first waits for room. */
  private void writeSome(ByteBuffer bytes, Selector selector) throws IOException {
    if (channel.write(bytes) > 0 || selector == null) {
      return;
    }
    waits.incrementAndGet();
    waiting = true;
    try {
      selector.select();
      selector.selectedKeys().clear();
    } finally {
      waiting = false;
    }
    if (!channel.isOpen()) {
      throw new UncheckedIOException(new IOException("the channel was closed while the flood waited"));
    }
  }
}
