package dev.sluice.replay;

import dev.sluice.api.Flow;
import dev.sluice.replay.internal.dump.DumpCodec;
import dev.sluice.replay.internal.har.HarImporter;
import dev.sluice.replay.internal.tnetstring.TNetStringException;
import dev.sluice.replay.internal.tnetstring.TNetStringReader;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored flows, as mitmproxy's reader does: mitmproxy dumps of every format it still reads
 * (mitmproxy 0.11 up to flow format 21, migrated on the fly), and HAR files (plain, BOM-prefixed
 * or zlib-compressed {@code .zhar}), told apart by their first bytes.
 *
 * <p>Dumps are streamed one record at a time: a file of any size is read in constant memory.
 * TCP, UDP and DNS flows are skipped ({@link #skipped()} counts them). A truncated or corrupt
 * record ends the reading with a {@link FlowReadException} that names its byte offset; every
 * flow before it has been returned.
 *
 * <pre>{@code
 * try (FlowReader reader = FlowReader.open(Path.of("session.mitm"))) {
 *   for (Flow flow; (flow = reader.read()) != null; ) {
 *     System.out.println(flow.request().method() + " " + flow.request().url());
 *   }
 * }
 * List<Flow> all = FlowReader.readAll(Path.of("session.har"));
 * }</pre>
 */
public final class FlowReader implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(FlowReader.class);

  private final String source;
  private final InputStream in;
  private final TNetStringReader records;
  private final Iterator<Flow> document;
  private final DumpCodec codec = new DumpCodec();
  private int flowsRead;
  private int skipped;

  private FlowReader(String source, InputStream in) throws IOException {
    this.source = source;
    this.in = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
    if (HarImporter.looksLikeHar(this.in)) {
      this.records = null;
      this.document = HarImporter.read(this.in, source).iterator();
    } else {
      this.records = new TNetStringReader(this.in);
      this.document = null;
    }
  }

  /** A reader of {@code file}. */
  public static FlowReader open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    InputStream in = Files.newInputStream(file);
    try {
      return new FlowReader(file.toString(), in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** A reader of {@code in}; {@code name} names it in errors. Closing the reader closes {@code in}. */
  public static FlowReader of(InputStream in, String name) throws IOException {
    return new FlowReader(Objects.requireNonNull(name, "name"), Objects.requireNonNull(in, "in"));
  }

  /** Every HTTP flow of {@code file}, in order. */
  public static List<Flow> readAll(Path file) throws IOException {
    try (FlowReader reader = open(file)) {
      return reader.readAll();
    }
  }

  /**
   * The next HTTP flow, or {@code null} at the end.
   *
   * @throws FlowReadException at the first record that is truncated, corrupt or of a format
   *     mitmproxy does not read either
   */
  public Flow read() throws IOException {
    if (document != null) {
      if (!document.hasNext()) {
        return null;
      }
      flowsRead++;
      return document.next();
    }
    while (true) {
      Object record;
      try {
        record = records.read();
      } catch (TNetStringException e) {
        throw new FlowReadException(source, records.recordOffset(), flowsRead, e.getMessage(), e);
      }
      if (record == TNetStringReader.END) {
        return null;
      }
      Flow flow;
      try {
        flow = codec.decode(record);
      } catch (RuntimeException e) {
        throw new FlowReadException(source, records.recordOffset(), flowsRead,
            "not a flow mitmproxy wrote: " + e.getMessage(), e);
      }
      if (flow != null) {
        flowsRead++;
        return flow;
      }
      skipped++;
      log.debug("{}: skipped a {} flow at byte {}", source, DumpCodec.typeOf(record), records.recordOffset());
    }
  }

  /**
   * Every remaining flow.
   *
   * @throws FlowReadException at the first bad record, with the flows read before it in
   *     {@link FlowReadException#partialFlows()}
   */
  public List<Flow> readAll() throws IOException {
    List<Flow> flows = new ArrayList<>();
    try {
      for (Flow flow; (flow = read()) != null; ) {
        flows.add(flow);
      }
    } catch (FlowReadException e) {
      throw e.withPartialFlows(flows);
    }
    return flows;
  }

  /**
   * The remaining flows as a lazy stream; a bad record ends it with an
   * {@link UncheckedIOException} whose cause is the {@link FlowReadException}.
   */
  public Stream<Flow> stream() {
    Iterator<Flow> iterator = new Iterator<>() {
      private Flow next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          try {
            next = read();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return next != null;
      }

      @Override
      public Flow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Flow flow = next;
        next = null;
        return flow;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
        Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  /** How many TCP, UDP and DNS flows were skipped so far. */
  public int skipped() {
    return skipped;
  }

  /** How many HTTP flows were returned so far. */
  public int flowsRead() {
    return flowsRead;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
