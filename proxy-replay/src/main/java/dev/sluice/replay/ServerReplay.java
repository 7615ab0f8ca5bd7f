package dev.sluice.replay;

import dev.sluice.api.Flow;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.core.options.Option;
import dev.sluice.replay.internal.serverreplay.GrpcMiss;
import dev.sluice.replay.internal.serverreplay.ReplayIndex;
import dev.sluice.replay.internal.serverreplay.ResponseRefresh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-side replay (mitmproxy's {@code server_replay}): answers each request that matches a
 * recorded flow with a copy of the recorded response, in the {@code request} event, so the
 * upstream is never contacted. How requests match, whether responses are used once or reused,
 * what unmatched requests get and whether dates are refreshed are {@link ServerReplayOptions}.
 *
 * <p>Repeated identical requests get the recorded responses in recording order, each once (unless
 * reused). The miss policy ({@code extra}) keeps applying after every recording has been used:
 * unlike mitmproxy, an exhausted replay does not start forwarding everything live. A replayed
 * response is a fresh copy marked {@link ResponseSource#REPLAY}, and the flow is marked
 * {@link ReplayKind#RESPONSE}: hooks that edit it never change the recording.
 *
 * <p>A recorded websocket flow is replayed too: the upgrade gets the recorded 101 (accepting the
 * client's own key), then the recorded server messages in order, then the recorded close if the
 * server closed; what the client sends is recorded and answered by no one. A recorded gRPC call is
 * replayed with its recorded messages in order and its trailers (its status); a call matches on
 * everything but its messages, and a call not in the recording gets status {@code UNIMPLEMENTED}
 * naming the closest recorded call (unless the miss policy forwards or kills it). Flows without a
 * response and other streamed responses (their bodies were not kept) are not replayed; a request that an
 * earlier hook already answered or killed is left alone. Lookup is one hash probe, whatever the number of recorded flows. One instance serves
 * every connection; {@link #setOptions} re-indexes the responses not yet used.
 *
 * <p>The {@link #SERVER_REPLAY} option adds one from files, with the {@code server_replay_*}
 * options of {@link ServerReplayOptions}, in {@link dev.sluice.core.HookPhase#DEFAULT}.
 *
 * <p>HTTPS replay with the recorded upstream down needs a proxy built with
 * {@code connectionStrategy(ConnectionStrategy.LAZY)}: with the default eager strategy the proxy
 * connects upstream before answering {@code CONNECT}, and an unreachable upstream gets the client
 * a {@code 502}.
 *
 * <pre>{@code
 * ServerReplay replay = ServerReplay.fromFile(Path.of("session.mitm"),
 *     ServerReplayOptions.builder().extra("404").build());
 * try (ProxyServer proxy = ProxyServer.builder()
 *     .connectionStrategy(ConnectionStrategy.LAZY).hook(replay).start()) {
 *   ...   // requests in the recording are answered from it, others get a 404
 * }
 * }</pre>
 */
public final class ServerReplay implements FlowHook {

  /**
   * mitmproxy's {@code server_replay} option: when not empty, a replay of these files with the
   * {@code server_replay_*} options, read when the proxy starts; empty by default.
   */
  public static final Option<List<Path>> SERVER_REPLAY = Option.sequence("server_replay", Path::of)
      .help("Answer requests with the responses recorded in this file (a mitmproxy dump, HAR or .zhar); the "
          + "server_replay_* options say how requests match and what the others get.")
      .configures((builder, files) -> {
        if (!files.isEmpty()) {
          try {
            builder.hook(fromFiles(files, ServerReplayOptions.of(builder)));
          } catch (IOException e) {
            throw new UncheckedIOException("server_replay: " + e.getMessage(), e);
          }
        }
      })
      .build();

  /** The options of server replay: {@link #SERVER_REPLAY} and the {@code server_replay_*} ones of {@link ServerReplayOptions}. */
  public static final List<Option<?>> OPTIONS =
      Stream.concat(Stream.of(SERVER_REPLAY), ServerReplayOptions.OPTIONS.stream()).toList();

  private static final Logger log = LoggerFactory.getLogger(ServerReplay.class);
  private static final FlowAccess FLOWS = FlowAccess.get();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<Request> recordedCalls;
  private ReplayIndex index;

  private ServerReplay(List<Flow> flows, ServerReplayOptions options) {
    List<Flow> replayable = new ArrayList<>();
    for (Flow flow : flows) {
      Objects.requireNonNull(flow, "flows: null element");
      // a gRPC call's messages are kept even when its bodies were streamed
      if (flow.hasResponse() && (!flow.response().isStreamed() || GrpcCall.isGrpc(flow.request().headers()))) {
        replayable.add(Flow.copyOf(flow));
      }
    }
    this.recordedCalls = replayable.stream().map(Flow::request).filter(r -> GrpcCall.isGrpc(r.headers())).toList();
    this.index = ReplayIndex.of(replayable, options);
  }

  /** A replay of {@code flows} with the default options. */
  public static ServerReplay of(List<Flow> flows) {
    return of(flows, ServerReplayOptions.defaults());
  }

  /** A replay of {@code flows} (copied: later changes to them are not seen). */
  public static ServerReplay of(List<Flow> flows, ServerReplayOptions options) {
    return new ServerReplay(Objects.requireNonNull(flows, "flows"), Objects.requireNonNull(options, "options"));
  }

  /** A replay of the flows in {@code file} (any format {@link FlowReader} reads), default options. */
  public static ServerReplay fromFile(Path file) throws IOException {
    return fromFiles(List.of(Objects.requireNonNull(file, "file")), ServerReplayOptions.defaults());
  }

  /** A replay of the flows in {@code file}. */
  public static ServerReplay fromFile(Path file, ServerReplayOptions options) throws IOException {
    return fromFiles(List.of(Objects.requireNonNull(file, "file")), options);
  }

  /** A replay of the flows in {@code files}, in order (mitmproxy's repeatable {@code -S}). */
  public static ServerReplay fromFiles(List<Path> files, ServerReplayOptions options) throws IOException {
    List<Flow> flows = new ArrayList<>();
    for (Path file : Objects.requireNonNull(files, "files")) {
      flows.addAll(FlowReader.readAll(Objects.requireNonNull(file, "files: null element")));
    }
    return of(flows, options);
  }

  /** The options in use. */
  public ServerReplayOptions options() {
    return underReadLock(ReplayIndex::options);
  }

  /**
   * Changes the options while the replay runs: the responses not used yet are re-indexed under
   * them (mitmproxy re-hashes its store when a matching option changes).
   */
  public void setOptions(ServerReplayOptions options) {
    Objects.requireNonNull(options, "options");
    lock.writeLock().lock();
    try {
      index = index.reindex(options);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** How many recorded responses are left to serve (mitmproxy's {@code replay.server.count}). */
  public int remaining() {
    return underReadLock(ReplayIndex::remaining);
  }

  /**
   * The requests of the recorded responses that have not answered any request yet, in recording
   * order (read-only): what a test replaying a recording sent less of than was recorded. Without
   * {@linkplain ServerReplayOptions#reuse() reuse} these are the responses {@link #remaining()}
   * counts; with reuse a response counts as used once it has answered, and the later recordings of
   * the same request are never used. Flows that are not replayed (no response, or a streamed one)
   * are not listed.
   *
   * <pre>{@code
   * ServerReplay replay = ServerReplay.fromFile(Path.of("session.mitm"));
   * ...   // the test's requests go through a proxy with this hook
   * assertThat(replay.unused()).as("recorded but never requested").isEmpty();
   * }</pre>
   */
  public List<Request> unused() {
    return underReadLock(ReplayIndex::unused);
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.isKilled()) {
      return;
    }
    Map.Entry<ServerReplayOptions, Flow> match =
        underReadLock(i -> new SimpleImmutableEntry<>(i.options(), i.take(flow.request())));
    ServerReplayOptions options = match.getKey();
    Flow recorded = match.getValue();
    if (recorded != null) {
      HttpResponse copy = recorded.response().newBuilder().source(ResponseSource.REPLAY).build();
      if (options.refresh()) {
        ResponseRefresh.refresh(copy, Instant.now());
      }
      if (recorded.webSocket() != null) {
        flow.respond(copy, recorded.webSocket());
      } else {
        flow.respond(copy);
      }
      FLOWS.setReplay(flow, ReplayKind.RESPONSE);
    } else {
      miss(flow, options.extra());
    }
  }

  private void miss(HttpFlow flow, String extra) {
    if (GrpcCall.isGrpc(flow.request().headers()) && !extra.equals("forward") && !extra.equals("kill")) {
      log.warn("server replay: answered UNIMPLEMENTED to gRPC call not in the recording: {}", flow.request().prettyUrl());
      flow.respond(GrpcMiss.answer("Sluice server replay", flow.request(), recordedCalls));
      FLOWS.setReplay(flow, ReplayKind.RESPONSE);
    } else {
      missHttp(flow, extra);
    }
  }

  private <T> T underReadLock(Function<ReplayIndex, T> action) {
    lock.readLock().lock();
    try {
      return action.apply(index);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void missHttp(HttpFlow flow, String extra) {
    HttpRequest request = flow.request();
    if (extra.equals("forward")) {
      return;
    }
    if (extra.equals("kill")) {
      log.warn("server replay: killed request not in the recording: {} {}", request.method(), request.prettyUrl());
      flow.kill();
      return;
    }
    int status = ServerReplayOptions.extraStatus(extra);
    log.warn("server replay: answered {} to request not in the recording: {} {}", status, request.method(),
        request.prettyUrl());
    HttpResponse response = status == 204 || status == 304
        ? Response.builder().status(status).source(ResponseSource.REPLAY).build()
        : Response.of(status, "text/plain",
            "Sluice server replay: " + request.method() + " " + request.prettyUrl()
                + " was not in the recording (or its recorded responses were all used), so it was not forwarded.\n")
            .newBuilder().source(ResponseSource.REPLAY).build();
    flow.respond(response);
    FLOWS.setReplay(flow, ReplayKind.RESPONSE);
  }

  @Override
  public String name() {
    return "ServerReplay";
  }
}
