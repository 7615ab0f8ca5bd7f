package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.options.Option;
import java.util.List;
import java.util.Objects;

/**
 * mitmproxy's {@code anticomp}: asks servers for uncompressed bodies by setting
 * {@code Accept-Encoding: identity} on requests.
 *
 * <pre>{@code
 * ProxyServer.builder().anticomp().start();                       // the option: every request
 * ProxyServer.builder().hook(new Anticomp(FlowFilter.parse("~d example.com"))).start();
 * }</pre>
 */
public final class Anticomp implements FlowHook {

  /** mitmproxy's {@code anticomp} option: when true, this hook for every request; false by default. */
  public static final Option<Boolean> ANTICOMP = Option.bool("anticomp")
      .help("Ask servers for uncompressed bodies (Accept-Encoding: identity).")
      .configures((builder, on) -> {
        if (on) {
          builder.hook(new Anticomp());
        }
      })
      .build();

  /** The options of this hook: {@link #ANTICOMP}. */
  public static final List<Option<?>> OPTIONS = List.of(ANTICOMP);

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
