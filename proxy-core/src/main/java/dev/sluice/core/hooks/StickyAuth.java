package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Headers;
import dev.sluice.core.options.Option;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mitmproxy's {@code stickyauth}: remembers the {@code Authorization} header last sent to each
 * host, and adds it to later requests to that host that lack one and match the filter. One store
 * is shared by every connection.
 *
 * <pre>{@code
 * ProxyServer.builder().hook(new StickyAuth(FlowFilter.parse("~d api.example.com"))).start();
 * ProxyServer.builder().stickyAuth("~d api.example.com").start();   // the same, through the option
 * }</pre>
 */
public final class StickyAuth implements FlowHook {

  /** mitmproxy's {@code stickyauth} option: when set, this hook with that filter; none by default. */
  public static final Option<FlowFilter> STICKYAUTH = Option.of("stickyauth", "str", FlowFilter::parse)
      .optional()
      .help("A filter: add the Authorization header last sent to a host to the later matching requests to that "
          + "host that lack one.")
      .configures((builder, filter) -> {
        if (filter != null) {
          builder.hook(new StickyAuth(filter));
        }
      })
      .build();

  /** The options of this hook: {@link #STICKYAUTH}. */
  public static final List<Option<?>> OPTIONS = List.of(STICKYAUTH);

  private final FlowFilter filter;
  private final Map<String, String> byHost = new ConcurrentHashMap<>();

  /** Adds remembered credentials to the requests {@code filter} matches. */
  public StickyAuth(FlowFilter filter) {
    this.filter = Objects.requireNonNull(filter, "filter");
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    Headers headers = flow.request().headers();
    String host = flow.request().host();
    String authorization = headers.get("Authorization");
    if (authorization != null) {
      byHost.put(host, authorization);
    } else if (filter.test(flow)) {
      String remembered = byHost.get(host);
      if (remembered != null) {
        headers.set("Authorization", remembered);
      }
    }
  }

  @Override
  public String name() {
    return "stickyauth";
  }
}
