package dev.sluice.junit5;

import dev.sluice.api.FlowHook;
import dev.sluice.core.ProxyServer;

/**
 * A hook added to a {@link TestProxy} for one test (a fault, a delay, a throttle): removed when the
 * test ends, or earlier when closed. Closing twice does nothing.
 *
 * <pre>{@code
 * try (Injection slow = proxy.latency("/~d payments.test/5s")) {
 *   assertThatThrownBy(() -> checkout()).isInstanceOf(PaymentTimeout.class);
 * }
 * }</pre>
 */
public final class Injection implements AutoCloseable {

  private final ProxyServer server;
  private final FlowHook hook;

  Injection(ProxyServer server, FlowHook hook) {
    this.server = server;
    this.hook = hook;
  }

  /** The hook that was added. */
  public FlowHook hook() {
    return hook;
  }

  /** Removes the hook: flows that start from now on no longer see it. */
  @Override
  public void close() {
    server.removeHook(hook);
  }
}
