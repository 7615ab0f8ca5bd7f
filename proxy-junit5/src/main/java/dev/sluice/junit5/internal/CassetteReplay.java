package dev.sluice.junit5.internal;

import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.replay.ServerReplay;
import dev.sluice.replay.ServerReplayOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Server replay of a cassette that never forwards: a request the cassette does not answer has its
 * connection killed at once and is kept, so the test can fail naming it.
 */
public final class CassetteReplay implements FlowHook {

  private final List<HttpRequest> recorded;
  private final ServerReplay replay;
  private final List<HttpRequest> misses = new ArrayList<>();

  /** A replay of {@code flows}, the contents of one cassette. */
  public CassetteReplay(List<HttpFlow> flows) {
    this.recorded = flows.stream().filter(HttpFlow::hasResponse).map(HttpFlow::request).toList();
    this.replay = ServerReplay.of(flows, ServerReplayOptions.builder().extra("kill").build());
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.isKilled()) {
      return;
    }
    replay.request(flow);
    if (flow.isKilled()) {
      synchronized (misses) {
        misses.add(flow.request().newBuilder().build());
      }
    }
  }

  /** The requests that matched no recording, in order. */
  public List<HttpRequest> misses() {
    synchronized (misses) {
      return List.copyOf(misses);
    }
  }

  /** The requests in the cassette that have a response. */
  public List<HttpRequest> recorded() {
    return recorded;
  }

  @Override
  public String name() {
    return "CassetteReplay";
  }
}
