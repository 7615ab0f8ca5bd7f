package dev.sluice.core.testing;

import dev.sluice.api.Flow;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hook that keeps a snapshot of every websocket flow when it ends, and counts its starts, for
 * tests that check what the proxy recorded.
 *
 * <pre>{@code
 * WebSocketFlows flows = new WebSocketFlows();
 * ProxyServer proxy = ProxyServer.builder().hook(flows).start();
 * // ... a websocket through the proxy, closed ...
 * assertThat(flows.next().webSocket().closeCode()).isEqualTo(1000);
 * }</pre>
 */
public final class WebSocketFlows implements FlowHook {

  private final BlockingQueue<Flow> started = new LinkedBlockingQueue<>();
  private final BlockingQueue<Flow> ended = new LinkedBlockingQueue<>();

  @Override
  public void webSocketStart(HttpFlow flow) {
    started.add(flow.snapshot());
  }

  @Override
  public void webSocketEnd(HttpFlow flow) {
    ended.add(flow.snapshot());
  }

  /** The next flow that started a websocket, waiting up to 10 s; null if none did. */
  public Flow nextStarted() throws InterruptedException {
    return started.poll(10, TimeUnit.SECONDS);
  }

  /** The next websocket flow to end, waiting up to 10 s; null if none did. */
  public Flow next() throws InterruptedException {
    return ended.poll(10, TimeUnit.SECONDS);
  }
}
