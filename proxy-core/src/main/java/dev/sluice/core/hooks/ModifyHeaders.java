package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpFlow;
import dev.sluice.core.options.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mitmproxy's {@code modify_headers} (formerly {@code setheaders}): specs of the form
 * {@code [/filter]/name/[@]value}. On the request headers (while no response is set) and on the
 * response headers, every spec's filter is evaluated on the unmodified flow; then every header
 * named by a matching spec is removed; then each non-empty value is appended in spec order. So
 * two specs for one name give two fields, and an empty value deletes the header.
 *
 * <pre>{@code
 * ProxyServer.builder()
 *     .hook(ModifyHeaders.of("/~q/User-Agent/sluice-test", "/~s/Server/"))
 *     .start();
 * ProxyServer.builder().modifyHeaders("/~q/User-Agent/sluice-test").start();   // through the option
 * }</pre>
 */
public final class ModifyHeaders implements FlowHook {

  /**
   * mitmproxy's {@code modify_headers} option (older name {@code setheaders}): when not empty, one
   * hook with all its specs, in order; empty by default.
   */
  public static final Option<List<ModifySpec>> MODIFY_HEADERS = Option.sequence("modify_headers", ModifySpec::parse)
      .alias("setheaders")
      .help("Set headers: [/filter]/name/[@]value (any separator; @ reads the value from a file). An empty value "
          + "removes the header; two specs for one name give two fields.")
      .check(ModifyHeaders::headerNames)
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(ModifyHeaders.of(specs));
        }
      })
      .build();

  /** The options of this hook: {@link #MODIFY_HEADERS}. */
  public static final List<Option<?>> OPTIONS = List.of(MODIFY_HEADERS);

  private static final Logger LOG = LoggerFactory.getLogger(ModifyHeaders.class);

  private final List<ModifySpec> specs;
  private final String[] names;

  private ModifyHeaders(List<ModifySpec> specs) {
    this.specs = List.copyOf(specs);
    this.names = headerNames(this.specs);
  }

  /** A hook for the given specs, in order. */
  public static ModifyHeaders of(List<ModifySpec> specs) {
    return new ModifyHeaders(specs);
  }

  /** A hook for the given spec strings, in order. */
  public static ModifyHeaders of(String... specs) {
    return new ModifyHeaders(Arrays.stream(specs).map(ModifySpec::parse).toList());
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    if (!flow.hasResponse() && flow.error() == null) {
      apply(flow, flow.request().headers());
    }
  }

  @Override
  public void responseHeaders(HttpFlow flow) {
    if (flow.error() == null) {
      apply(flow, flow.response().headers());
    }
  }

  @Override
  public String name() {
    return "modify_headers";
  }

  /** The header name of each spec, checked. */
  private static String[] headerNames(List<ModifySpec> specs) {
    String[] names = new String[specs.size()];
    for (int i = 0; i < names.length; i++) {
      String name = new String(specs.get(i).subject(), StandardCharsets.UTF_8);
      try {
        Headers.of(name, "");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("spec \"" + specs.get(i) + "\": " + e.getMessage(), e);
      }
      names[i] = name;
    }
    return names;
  }

  private void apply(HttpFlow flow, Headers headers) {
    boolean[] matches = new boolean[specs.size()];
    for (int i = 0; i < matches.length; i++) {
      matches[i] = specs.get(i).filter().test(flow);
    }
    for (int i = 0; i < matches.length; i++) {
      if (matches[i]) {
        headers.remove(names[i]);
      }
    }
    for (int i = 0; i < matches.length; i++) {
      if (!matches[i]) {
        continue;
      }
      byte[] value;
      try {
        value = specs.get(i).replacement();
      } catch (IOException e) {
        LOG.warn("modify_headers: skipping spec \"{}\": cannot read its replacement file: {}", specs.get(i), e.toString());
        continue;
      }
      if (value.length > 0) {
        headers.add(names[i], new String(value, StandardCharsets.ISO_8859_1));
      }
    }
  }
}
