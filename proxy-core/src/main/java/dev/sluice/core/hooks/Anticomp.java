package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import java.util.Objects;

/**
 * mitmproxy's {@code anticomp}: asks servers for uncompressed bodies by setting
 * {@code Accept-Encoding: identity} on requests.
 *
 * <pre>{@code
 * ProxyServer.builder().hook(new Anticomp()).start();
 * }</pre>
 */
public final class Anticomp implements FlowHook {

  private final FlowFilter filter;

  /** For every request. */
  public Anticomp() {
    this(FlowFilter.all());
  }

  /** For the requests {@code filter} matches. */
  public Anticomp(FlowFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    if (filter.test(flow)) {
      flow.request().headers().set("Accept-Encoding", "identity");
    }
  }

  @Override
  public String name() {
    return "anticomp";
  }
}
