package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import java.util.Objects;

/**
 * mitmproxy's {@code anticache}: removes {@code If-None-Match} and {@code If-Modified-Since} from
 * requests, so servers answer with whole bodies instead of {@code 304 Not Modified}. Nothing else
 * is touched. Runs on the request headers, so streamed requests are covered too.
 *
 * <pre>{@code
 * ProxyServer.builder().hook(new Anticache()).start();
 * ProxyServer.builder().hook(new Anticache(FlowFilter.parse("~d example.com"))).start();
 * }</pre>
 */
public final class Anticache implements FlowHook {

  private final FlowFilter filter;

  /** For every request. */
  public Anticache() {
    this(FlowFilter.all());
  }

  /** For the requests {@code filter} matches. */
  public Anticache(FlowFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    if (filter.test(flow)) {
      flow.request().headers().remove("If-None-Match");
      flow.request().headers().remove("If-Modified-Since");
    }
  }

  @Override
  public String name() {
    return "anticache";
  }
}
