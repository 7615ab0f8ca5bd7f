package dev.sluice.core.hooks;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.FlowHook;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.core.internal.cookies.CookieJar;
import dev.sluice.core.options.Option;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * mitmproxy's {@code stickycookie}: learns every cookie from every response's {@code Set-Cookie}
 * fields and adds the live ones to the requests the filter matches, so a client that does not keep
 * cookies (curl, a script) stays logged in. One jar is shared by every connection.
 *
 * <p>Where mitmproxy departs from RFC 6265, Sluice follows the RFC: a {@code Domain=example.com}
 * attribute without a leading dot is honoured; a domain attribute that is a public suffix
 * ({@code Domain=co.uk}) is refused; paths match by whole segments ({@code /foo} does not match
 * {@code /foobar}); {@code Max-Age} wins over {@code Expires}; {@code Secure} cookies go only over
 * https; and cookies the client sent itself are kept: stored ones are added only for names the
 * request lacks, instead of overwriting its {@code Cookie} header.
 *
 * <pre>{@code
 * ProxyServer.builder().hook(new StickyCookies(FlowFilter.parse("~d example.com"))).start();
 * ProxyServer.builder().stickyCookies("~d example.com").start();   // the same, through the option
 * }</pre>
 */
public final class StickyCookies implements FlowHook {

  /** mitmproxy's {@code stickycookie} option: when set, this hook with that filter; none by default. */
  public static final Option<FlowFilter> STICKYCOOKIE = Option.of("stickycookie", "str", FlowFilter::parse)
      .optional()
      .help("A filter: keep the cookies servers set and add them to the matching requests, so clients that keep "
          + "no cookies stay logged in.")
      .configures((builder, filter) -> {
        if (filter != null) {
          builder.hook(new StickyCookies(filter));
        }
      })
      .build();

  /** The options of this hook: {@link #STICKYCOOKIE}. */
  public static final List<Option<?>> OPTIONS = List.of(STICKYCOOKIE);

  private final FlowFilter filter;
  private final CookieJar jar = new CookieJar();
  private final Clock clock;

  /** Adds learnt cookies to the requests {@code filter} matches. */
  public StickyCookies(FlowFilter filter) {
    this(filter, Clock.systemUTC());
  }

  /** As {@link #StickyCookies(FlowFilter)}, with the clock that decides expiry (for tests). */
  public StickyCookies(FlowFilter filter, Clock clock) {
    this.filter = Objects.requireNonNull(filter, "filter");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void requestHeaders(HttpFlow flow) {
    if (!filter.test(flow)) {
      return;
    }
    HttpRequest request = flow.request();
    List<CookieJar.Cookie> stored = jar.matching(request.host(), request.port(), request.path(),
        request.scheme().equals("https"), clock.instant());
    if (stored.isEmpty()) {
      return;
    }
    Headers headers = request.headers();
    String sent = String.join("; ", headers.getAll("Cookie"));
    Set<String> names = namesIn(sent);
    StringBuilder value = new StringBuilder(sent);
    boolean added = false;
    for (CookieJar.Cookie cookie : stored) {
      if (names.add(cookie.name())) {
        value.append(value.length() == 0 ? "" : "; ").append(cookie.name()).append('=').append(cookie.value());
        added = true;
      }
    }
    if (added) {
      headers.set("Cookie", value.toString());
      flow.metadata().put("stickycookie", Boolean.TRUE);
    }
  }

  @Override
  public void response(HttpFlow flow) {
    List<String> setCookies = flow.response().headers().getAll("Set-Cookie");
    if (!setCookies.isEmpty()) {
      HttpRequest request = flow.request();
      jar.learn(request.host(), request.port(), request.path(), setCookies, clock.instant());
    }
  }

  /** The number of cookies held (expired ones are dropped when next matched). */
  public int size() {
    return jar.size();
  }

  @Override
  public String name() {
    return "stickycookie";
  }

  private static Set<String> namesIn(String cookieHeader) {
    Set<String> names = new HashSet<>();
    for (String pair : cookieHeader.split(";")) {
      int eq = pair.indexOf('=');
      String name = (eq < 0 ? pair : pair.substring(0, eq)).trim();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
