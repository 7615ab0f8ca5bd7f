package dev.sluice.replay;

import dev.sluice.api.Blocking;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
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
 * a {@link Blocking} hook; it is closed with the proxy.
 *
 * <pre>{@code
 * try (FlowRecorder recorder = FlowRecorder.to(Path.of("session.mitm"),
 *     flow -> flow.request().host().endsWith("example.com"))) {
 *   ProxyServer.builder().hook(recorder).start();
 *   ...
 * }
 * }</pre>
 */
@Blocking
public final class FlowRecorder implements FlowHook, AutoCloseable {

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
