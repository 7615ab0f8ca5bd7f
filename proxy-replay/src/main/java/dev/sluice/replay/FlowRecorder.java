package dev.sluice.replay;

import dev.sluice.api.Blocking;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.options.Option;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records every finished flow to a file, as mitmproxy's {@code save_stream_file}
 * ({@code -w}) does: a flow is written when its response is complete, when it fails, or, for a
 * websocket, when the websocket ends (with all its messages). An optional filter picks the
 * flows to keep.
 *
 * <p>The format follows the file name: {@code .har} and {@code .zhar} give a HAR document
 * (written whole when the recorder closes), anything else a mitmproxy dump, appended to and
 * flushed flow by flow, so a crash loses no finished flow. The recorder writes to disk, so it is
 * a {@link Blocking} hook; it is closed with the proxy. It belongs in
 * {@link dev.sluice.core.HookPhase#RECORDING}, where it sees each flow as every other hook left it.
 *
 * <pre>{@code
 * try (FlowRecorder recorder = FlowRecorder.to(Path.of("session.mitm"),
 *     flow -> flow.request().host().endsWith("example.com"))) {
 *   ProxyServer.builder().hook(HookPhase.RECORDING, recorder).start();
 *   ...
 * }
 * }</pre>
 */
@Blocking
public final class FlowRecorder implements FlowHook, AutoCloseable {

  /**
   * mitmproxy's {@code save_stream_file} option: the file flows are saved to; none by default. A
   * tool opens the recorder (the command line's {@code -w}, into which {@code -r} also writes).
   */
  public static final Option<String> SAVE_STREAM_FILE = Option.string("save_stream_file")
      .optional()
      .help("Save flows to this file as they finish, replacing it (+FILE appends): .har or .zhar gives a HAR "
          + "document, anything else a mitmproxy dump.")
      .build();

  /** mitmproxy's {@code save_stream_filter} option: which flows {@link #SAVE_STREAM_FILE} keeps; all by default. */
  public static final Option<FlowFilter> SAVE_STREAM_FILTER = Option.of("save_stream_filter", "str", FlowFilter::parse)
      .optional()
      .help("A filter: save only the flows it matches.")
      .build();

  /** The options of recording: {@link #SAVE_STREAM_FILE} and {@link #SAVE_STREAM_FILTER}. */
  public static final List<Option<?>> OPTIONS = List.of(SAVE_STREAM_FILE, SAVE_STREAM_FILTER);

  private final Path file;
  private final FlowFilter filter;
  private final FlowWriter dump;
  private final List<Flow> harFlows;
  private boolean closed;

  private FlowRecorder(Path file, FlowFilter filter) throws IOException {
    this.file = file;
    this.filter = filter;
    this.dump = Har.isHar(file) ? null : FlowWriter.append(file);
    this.harFlows = dump == null ? new ArrayList<>() : null;
  }

  /** A recorder of every flow to {@code file}. */
  public static FlowRecorder to(Path file) throws IOException {
    return to(file, FlowFilter.all());
  }

  /** A recorder of the flows {@code filter} matches to {@code file}. */
  public static FlowRecorder to(Path file, FlowFilter filter) throws IOException {
    return new FlowRecorder(Objects.requireNonNull(file, "file"), Objects.requireNonNull(filter, "filter"));
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public void response(HttpFlow flow) {
    if (flow.webSocket() == null) {
      save(flow);
    }
  }

  @Override
  public void error(HttpFlow flow) {
    response(flow);
  }

  @Override
  public void webSocketEnd(HttpFlow flow) {
    save(flow);
  }

  /**
   * Records {@code flow} now, whatever its state, if the filter matches it: for flows that did not
   * come through a proxy, such as flows read from a file to convert.
   */
  public void record(Flow flow) {
    save(Objects.requireNonNull(flow, "flow"));
  }

  private void save(Flow flow) {
    if (!filter.test(flow)) {
      return;
    }
    if (dump == null) {
      synchronized (harFlows) {
        harFlows.add(Flow.copyOf(flow));
      }
      return;
    }
    try {
      dump.write(flow);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot record flow " + flow.id() + ": " + e.getMessage(), e);
    }
  }

  /** Closes the dump, or writes the HAR document; closing again does nothing. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (dump != null) {
      dump.close();
    } else {
      synchronized (harFlows) {
        Har.write(file, harFlows);
      }
    }
  }

  @Override
  public String name() {
    return "FlowRecorder(" + file + ")";
  }
}
