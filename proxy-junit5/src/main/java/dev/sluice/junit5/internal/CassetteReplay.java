package dev.sluice.junit5.internal;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcStatus;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.internal.FlowAccess;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Server replay of a cassette that never forwards: a request the cassette does not answer gets a
 * {@value #MISS_STATUS} naming it and the cassette (a gRPC call gets status {@code UNIMPLEMENTED} saying so) (a clear answer, which clients do not retry as
 * they retry a closed connection), and is kept so that the test can fail naming it.
 */
public final class CassetteReplay implements FlowHook {

  /** The status a request missing from the cassette gets. */
  public static final int MISS_STATUS = 502;

  private static final FlowAccess FLOWS = FlowAccess.get();

  private final Path file;
  private final List<Request> recorded;
  private final ServerReplay replay;
  private final List<Request> misses = new ArrayList<>();

  /** A replay of {@code flows}, the contents of the cassette {@code file}. */
  public CassetteReplay(Path file, List<Flow> flows) {
    this.file = file;
    this.recorded = flows.stream().filter(Flow::hasResponse).map(Flow::request).toList();
    // "forward" only means "leave the flow alone" here: every miss is answered below.
    this.replay = ServerReplay.of(flows, ServerReplayOptions.builder().extra("forward").build());
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.isKilled()) {
      return;
    }
    replay.request(flow);
    if (flow.hasResponse() || flow.isKilled()) {
      return;
    }
    HttpRequest request = flow.request();
    synchronized (misses) {
      misses.add(request.newBuilder().build());
    }
    String why = "Sluice cassette " + file + ": " + request.method() + " " + request.prettyUrl()
        + " is not in the cassette, so it was not forwarded";
    // a gRPC client reads a status, not a page
    flow.respond(GrpcCall.isGrpc(request.headers())
        ? GrpcCall.response(GrpcStatus.UNIMPLEMENTED, why, List.of()).newBuilder().source(ResponseSource.REPLAY).build()
        : Response.of(MISS_STATUS, "text/plain; charset=utf-8", why + ".\n").newBuilder().source(ResponseSource.REPLAY)
            .build());
    FLOWS.setReplay(flow, ReplayKind.RESPONSE);
  }

  /** The requests that matched no recording, in order. */
  public List<Request> misses() {
    synchronized (misses) {
      return List.copyOf(misses);
    }
  }

  /** The recorded requests whose responses answered nothing yet, in recorded order. */
  public List<Request> unused() {
    return replay.unused();
  }

  /** The requests in the cassette that have a response. */
  public List<Request> recorded() {
    return recorded;
  }

  @Override
  public String name() {
    return "CassetteReplay(" + file + ")";
  }
}
