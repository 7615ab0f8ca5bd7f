package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.options.Option;
import java.util.List;
import java.util.Objects;

/**
 * mitmproxy's {@code anticache}: removes {@code If-None-Match} and {@code If-Modified-Since} from
 * requests, so servers answer with whole bodies instead of {@code 304 Not Modified}. Nothing else
 * is touched. Runs on the request headers, so streamed requests are covered too.
 *
 * <pre>{@code
 * ProxyServer.builder().anticache().start();                      // the option: every request
 * ProxyServer.builder().hook(new Anticache(FlowFilter.parse("~d example.com"))).start();
 * }</pre>
 */
public final class Anticache implements FlowHook {

  /** mitmproxy's {@code anticache} option: when true, this hook for every request; false by default. */
  public static final Option<Boolean> ANTICACHE = Option.bool("anticache")
      .help("Remove If-None-Match and If-Modified-Since from requests, so that servers answer with whole bodies "
          + "instead of 304 Not Modified.")
      .configures((builder, on) -> {
        if (on) {
          builder.hook(new Anticache());
        }
      })
      .build();

  /** The options of this hook: {@link #ANTICACHE}. */
  public static final List<Option<?>> OPTIONS = List.of(ANTICACHE);

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
