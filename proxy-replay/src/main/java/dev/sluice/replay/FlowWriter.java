package dev.sluice.replay;

import dev.sluice.api.Flow;
import dev.sluice.replay.internal.dump.DumpCodec;
import dev.sluice.replay.internal.dump.DumpTail;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes flows as a mitmproxy dump (flow format 17: Debian's mitmproxy 8.1.1 reads it, and every
 * newer mitmproxy migrates it forward), so that mitmproxy's own tools open what Sluice recorded.
 *
 * <p>Append-only and crash-safe: each flow is encoded whole, then written with one call and
 * flushed, so a process killed mid-write leaves every earlier flow readable (the reader reports
 * the torn last record with its offset). {@link #append(Path)} cuts such a torn record off
 * before it appends. {@link #write(Flow)} may be called from several threads.
 *
 * <pre>{@code
 * try (FlowWriter writer = FlowWriter.append(Path.of("session.mitm"))) {
 *   writer.write(flow);
 * }
 * }</pre>
 */
public final class FlowWriter implements Closeable, Flushable {

  private final OutputStream out;

  private FlowWriter(OutputStream out) {
    this.out = out;
  }

  /**
   * A writer that appends to {@code file}, creating it if needed. A torn last record left by a
   * crash is cut off first, so the new flows stay readable.
   *
   * @throws IOException if the file cannot be opened, or holds something that is not a dump (it
   *     is then left untouched)
   */
  public static FlowWriter append(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.READ);
    try {
      long end = DumpTail.endOfLastWholeRecord(channel, file.toString());
      channel.truncate(end);
      channel.position(end);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new FlowWriter(Channels.newOutputStream(channel));
  }

  /** A writer to {@code out}; closing the writer closes it. */
  public static FlowWriter of(OutputStream out) {
    return new FlowWriter(Objects.requireNonNull(out, "out"));
  }

  /** Writes {@code flow} whole and flushes it. */
  public void write(Flow flow) throws IOException {
    byte[] record = DumpCodec.encode(Objects.requireNonNull(flow, "flow"));
    synchronized (out) {
      out.write(record);
      out.flush();
    }
  }

  @Override
  public void flush() throws IOException {
    synchronized (out) {
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    synchronized (out) {
      out.close();
    }
  }
}
