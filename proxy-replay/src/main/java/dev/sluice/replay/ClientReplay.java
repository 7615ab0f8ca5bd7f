package dev.sluice.replay;

import dev.sluice.api.Flow;
import dev.sluice.api.ReplayKind;
import dev.sluice.core.ProxyServer;
import dev.sluice.core.options.Option;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-side replay (mitmproxy's {@code client_replay}): sends recorded requests again through a
 * running {@link ProxyServer}, so they pass its hooks and go out to the servers as if a client had
 * sent them. Each replayed flow is a new flow marked {@link ReplayKind#REQUEST}; a
 * {@link FlowRecorder} in the same proxy records it. The recorded flows are never changed.
 *
 * <p>By default one request is in flight at a time, in recorded order, each sent when the one
 * before it has finished (as mitmproxy does); {@link Builder#concurrency(int)} allows more, or
 * {@link #UNLIMITED}. A request that fails (upstream refused, TLS, timeout) is a replayed flow with
 * an {@link dev.sluice.api.FlowError}, and the replay goes on. Flows that cannot be replayed are
 * skipped with a warning, as mitmproxy skips them: websocket flows, and requests whose body was
 * streamed and so not recorded.
 *
 * <pre>{@code
 * try (ProxyServer proxy = ProxyServer.builder().hook(HookPhase.RECORDING, FlowRecorder.to(Path.of("again.mitm"))).start();
 *     ClientReplay replay = ClientReplay.builder(proxy)
 *         .flowsFrom(Path.of("session.mitm"))
 *         .concurrency(4)
 *         .onProgress((done, total, flow) -> log.info("{}/{} {}", done, total, flow))
 *         .start()) {
 *   List<Flow> replayed = replay.result().get(1, TimeUnit.MINUTES);
 * }
 * }</pre>
 */
public final class ClientReplay implements AutoCloseable {

  /** The concurrency that sends every request at once (mitmproxy's {@code client_replay_concurrency} of -1). */
  public static final int UNLIMITED = -1;

  /**
   * mitmproxy's {@code client_replay} option: the files whose requests to send again; empty by
   * default. A tool reads it (a replay needs a running proxy): the command line's {@code -C}.
   */
  public static final Option<List<Path>> CLIENT_REPLAY = Option.sequence("client_replay", Path::of)
      .help("Send the requests recorded in this file again, through the proxy and out.")
      .build();

  /** mitmproxy's {@code client_replay_concurrency} option: see {@link Builder#concurrency(int)}; 1 by default. */
  public static final Option<Integer> CLIENT_REPLAY_CONCURRENCY = Option.integer("client_replay_concurrency")
      .defaultValue(1)
      .help("How many replayed requests may be in flight at once; -1 for no limit.")
      .check(requests -> {
        if (requests < 1 && requests != UNLIMITED) {
          throw new IllegalArgumentException("expected at least 1, or " + UNLIMITED + " for unlimited, got " + requests);
        }
      })
      .build();

  /** mitmproxy's {@code keepserving} option: whether the proxy goes on after a client replay; false by default. */
  public static final Option<Boolean> KEEPSERVING = Option.bool("keepserving")
      .help("Keep serving after the client replay has finished.")
      .build();

  /** The options of client replay: {@link #CLIENT_REPLAY}, {@link #CLIENT_REPLAY_CONCURRENCY} and {@link #KEEPSERVING}. */
  public static final List<Option<?>> OPTIONS = List.of(CLIENT_REPLAY, CLIENT_REPLAY_CONCURRENCY, KEEPSERVING);

  private static final Logger log = LoggerFactory.getLogger(ClientReplay.class);

  /**
   * Told of each replayed flow as it finishes: one call at a time, in the order flows finish, on a
   * thread of the proxy's worker pool (never an event loop).
   */
  @FunctionalInterface
  public interface Progress {
    /**
     * {@code replayed} has finished, with a response or an error; {@code done} of {@code total}
     * flows have.
     */
    void flowReplayed(int done, int total, Flow replayed);
  }

  private final ProxyServer proxy;
  private final List<Flow> recorded;
  private final int concurrency;
  private final Progress progress;
  private final int skipped;
  private final Flow[] replayed;
  private final CompletableFuture<List<Flow>> result = new CompletableFuture<>();
  private final Set<CompletableFuture<Flow>> running = new HashSet<>();
  private int next;
  private int done;
  private boolean stopped;

  private ClientReplay(Builder b) {
    this.proxy = b.proxy;
    this.concurrency = b.concurrency;
    this.progress = b.progress;
    List<Flow> replayable = new ArrayList<>();
    for (Flow flow : b.flows) {
      String problem = whyNotReplayable(flow);
      if (problem == null) {
        replayable.add(flow);
      } else {
        log.warn("not replaying {}: {}", flow.request().url(), problem);
      }
    }
    this.recorded = List.copyOf(replayable);
    this.skipped = b.flows.size() - replayable.size();
    this.replayed = new Flow[recorded.size()];
  }

  /** A replay through {@code proxy}, to configure and {@link Builder#start() start}. */
  public static Builder builder(ProxyServer proxy) {
    return new Builder(Objects.requireNonNull(proxy, "proxy"));
  }

  /**
   * The replayed flows, in recorded order, when every one has finished. It fails when the proxy
   * closes first or the progress callback throws, and is cancelled by {@link #close()}; cancelling
   * it closes the replay.
   */
  public CompletableFuture<List<Flow>> result() {
    return result;
  }

  /** How many flows are replayed (the replayable ones among those given). */
  public int total() {
    return recorded.size();
  }

  /** How many replayed flows have finished so far. */
  public synchronized int done() {
    return done;
  }

  /** How many of the given flows were skipped because they cannot be replayed. */
  public int skipped() {
    return skipped;
  }

  /**
   * Stops the replay: no further request is sent, requests in flight are hung up on (their flows
   * end as client-aborted), and {@link #result()} is cancelled unless it has completed. Calling
   * it again does nothing.
   */
  @Override
  public void close() {
    List<CompletableFuture<Flow>> inFlight;
    synchronized (this) {
      stopped = true;
      inFlight = List.copyOf(running);
    }
    result.cancel(false);
    inFlight.forEach(replay -> replay.cancel(false));
  }

  private void begin() {
    result.whenComplete((flows, failure) -> {
      if (failure instanceof CancellationException) {
        close();
      }
    });
    if (recorded.isEmpty()) {
      result.complete(List.of());
      return;
    }
    sendMore();
  }

  /** Sends requests until the concurrency is reached or none is left. */
  private synchronized void sendMore() {
    while (!stopped && next < recorded.size() && (concurrency == UNLIMITED || running.size() < concurrency)) {
      int index = next++;
      CompletableFuture<Flow> replay = proxy.replay(recorded.get(index).request());
      running.add(replay);
      replay.whenComplete((flow, failure) -> finished(index, replay, flow, failure));
    }
  }

  private synchronized void finished(int index, CompletableFuture<Flow> replay, Flow flow, Throwable failure) {
    running.remove(replay);
    if (stopped) {
      return;
    }
    if (failure != null) {
      fail(failure instanceof CompletionException ? failure.getCause() : failure);
      return;
    }
    replayed[index] = flow;
    done++;
    try {
      progress.flowReplayed(done, recorded.size(), flow);
    } catch (RuntimeException e) {
      fail(new IllegalStateException("the progress callback failed on " + flow.request().url() + ": " + e, e));
      return;
    }
    if (done == recorded.size()) {
      result.complete(List.of(replayed));
    } else {
      sendMore();
    }
  }

  private void fail(Throwable cause) {
    stopped = true;
    List.copyOf(running).forEach(replay -> replay.cancel(false));
    result.completeExceptionally(cause);
  }

  /** Why {@code flow} cannot be replayed, as mitmproxy says it, or {@code null} when it can. */
  private static String whyNotReplayable(Flow flow) {
    if (flow.webSocket() != null) {
      return "can't replay WebSocket flows";
    }
    if (flow.request().isStreamed()) {
      return "can't replay a flow whose request body was streamed and not recorded";
    }
    return null;
  }

  /**
   * Configures a {@link ClientReplay}. Each method checks its argument at once and names it when
   * it is bad.
   *
   * <pre>{@code
   * ClientReplay replay = ClientReplay.builder(proxy).flows(recorded).concurrency(ClientReplay.UNLIMITED).start();
   * }</pre>
   */
  public static final class Builder {
    private final ProxyServer proxy;
    private final List<Flow> flows = new ArrayList<>();
    private int concurrency = 1;
    private Progress progress = (done, total, flow) -> { };

    private Builder(ProxyServer proxy) {
      this.proxy = proxy;
    }

    /** Adds recorded flows to replay, in order. */
    public Builder flows(Collection<Flow> recorded) {
      Objects.requireNonNull(recorded, "recorded").forEach(flow -> flows.add(Objects.requireNonNull(flow, "flow")));
      return this;
    }

    /**
     * Adds every flow of {@code files} (mitmproxy dumps, HAR, {@code .zhar}), read now, in order
     * (mitmproxy's {@code client_replay} option).
     *
     * @throws FlowReadException naming the file and offset of the first corrupt record
     * @throws IOException when a file cannot be read
     */
    public Builder flowsFrom(Path... files) throws IOException {
      for (Path file : Objects.requireNonNull(files, "files")) {
        flows.addAll(FlowReader.readAll(Objects.requireNonNull(file, "file")));
      }
      return this;
    }

    /**
     * How many requests may be in flight at once: 1 (the default: in order, one at a time), more,
     * or {@link #UNLIMITED} (mitmproxy's {@code client_replay_concurrency}).
     */
    public Builder concurrency(int requests) {
      this.concurrency = CLIENT_REPLAY_CONCURRENCY.check(requests);
      return this;
    }

    /** What to tell as each replayed flow finishes (nothing by default). */
    public Builder onProgress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** Starts sending; the requests go out on the proxy's threads, so this returns at once. */
    public ClientReplay start() {
      ClientReplay replay = new ClientReplay(this);
      replay.begin();
      return replay;
    }
  }

  @Override
  public String toString() {
    return "ClientReplay[" + done() + "/" + total() + (skipped == 0 ? "" : ", " + skipped + " skipped") + "]";
  }
}
