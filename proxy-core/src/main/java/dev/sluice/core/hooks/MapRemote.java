package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.core.internal.RequestTarget;
import dev.sluice.core.internal.spec.PythonRegex;
import dev.sluice.core.internal.spec.PythonTemplate;
import dev.sluice.core.internal.spec.SpecParts;
import dev.sluice.core.options.Option;
import java.util.Arrays;
import java.util.List;

/**
 * mitmproxy's {@code map_remote}: specs of the form {@code [/filter]/url-regex/replacement} send
 * requests to another URL. In the {@code request} event, before the upstream is chosen, each spec
 * whose filter matches replaces every match of its regex in the URL the client meant
 * ({@link HttpRequest#prettyUrl()}, from the {@code Host} header) as Python's {@code re.sub} does
 * ({@code \1}, {@code \g<name>}); when the URL changed, the request goes where the new one says:
 * its scheme, host, port and path, with the {@code Host} header and an absolute-form authority
 * following. Later specs see the URL earlier ones made. Inside an intercepted {@code CONNECT}
 * tunnel the request leaves the tunnel's server for the new one, named in the upstream TLS
 * handshake (SNI); the client still talks to the host it asked for.
 *
 * <p>A rewrite that is no absolute {@code http(s)} URL fails the flow with a {@code 502} naming
 * the spec. Regexes and replacements are Python's, as mitmproxy's are ({@link PythonRegex}).
 *
 * <pre>{@code
 * ProxyServer.builder().mapRemote("|//api.example.com/|//127.0.0.1:8080/").start();          // the option
 * ProxyServer.builder().hook(MapRemote.of(":~m POST:^https://(\\w+)\\.example\\.com:http://\\1.internal")).start();
 * }</pre>
 */
public final class MapRemote implements FlowHook {

  /** mitmproxy's {@code map_remote} option: when not empty, one hook with all its specs, in order; empty by default. */
  public static final Option<List<String>> MAP_REMOTE = Option.sequence("map_remote", spec -> spec)
      .help("Send requests to another URL: [/filter]/url-regex/replacement (any separator; Python's re.sub, \\1 for "
          + "a group). Scheme, host, port and path change before the upstream is chosen; the Host header follows.")
      .check(MapRemote::rules)
      .configures((builder, specs) -> {
        if (!specs.isEmpty()) {
          builder.hook(MapRemote.of(specs));
        }
      })
      .build();

  /** The options of this hook: {@link #MAP_REMOTE}. */
  public static final List<Option<?>> OPTIONS = List.of(MAP_REMOTE);

  /** One spec, read. */
  private record Rule(String spec, FlowFilter filter, PythonRegex regex, PythonTemplate replacement) {}

  private final List<Rule> rules;

  private MapRemote(List<Rule> rules) {
    this.rules = rules;
  }

  /**
   * A hook for the given specs, in order.
   *
   * @throws IllegalArgumentException quoting a spec that has fewer than two parts, a bad filter,
   *     regex or replacement
   */
  public static MapRemote of(List<String> specs) {
    return new MapRemote(rules(specs));
  }

  /** A hook for the given specs, in order. */
  public static MapRemote of(String... specs) {
    return of(Arrays.asList(specs));
  }

  @Override
  public void request(HttpFlow flow) {
    if (flow.hasResponse() || flow.error() != null || flow.isKilled()) {
      return;
    }
    for (Rule rule : rules) {
      if (!rule.filter().test(flow)) {
        continue;
      }
      String url = flow.request().prettyUrl();
      String mapped = rule.replacement().replaceAll(rule.regex(), url);
      if (!mapped.equals(url)) {
        sendTo(flow.request(), mapped, rule.spec());
      }
    }
  }

  @Override
  public String name() {
    return "map_remote";
  }

  private static void sendTo(HttpRequest request, String url, String spec) {
    try {
      RequestTarget target = RequestTarget.absolute(url);
      request.setScheme(target.scheme());
      request.setHost(target.host());
      request.setPort(target.port());
      request.setPath(target.path());
      if (request.headers().contains("Host")) {
        request.headers().set("Host", target.hostHeader());
      }
      if (!request.authority().isEmpty()) {
        request.setAuthority(target.hostHeader());
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("map_remote: spec \"" + spec + "\" made \"" + url
          + "\", which is no absolute http(s) URL: " + e.getMessage(), e);
    }
  }

  private static List<Rule> rules(List<String> specs) {
    return specs.stream().map(MapRemote::rule).toList();
  }

  private static Rule rule(String spec) {
    SpecParts parts = SpecParts.parse(spec);
    try {
      PythonRegex regex = PythonRegex.compile(parts.subject());
      return new Rule(spec, parts.filter(), regex, PythonTemplate.parse(parts.replacement(), regex));
    } catch (IllegalArgumentException e) {
      throw SpecParts.invalid(spec, e.getMessage(), e);
    }
  }
}
