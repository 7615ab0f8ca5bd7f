package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.TlsClientHello;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * mitmproxy's {@code ignore_hosts} and {@code allow_hosts}: TLS connections whose
 * {@code host:port} matches (or, for allow, does not match) one of the regexes are passed through
 * untouched (no interception, no flows; the client sees the server's own certificate). A regex
 * matches when it is found anywhere in {@code host:port}, checked with both the SNI and the
 * {@code CONNECT} target host; anchor it ({@code ^...$}) to match whole names.
 *
 * <p>Add it before hooks that act on intercepted connections (the builder's
 * {@code ignoreHosts(...)} and {@code allowHosts(...)} put it first).
 *
 * <pre>{@code
 * ProxyServer.builder().hook(TlsPassThrough.ignoreHosts("^example\\.com:443$", "\\.bank\\.")).start();
 * ProxyServer.builder().hook(TlsPassThrough.allowHosts("^api\\.example\\.com:")).start();
 * }</pre>
 */
public final class TlsPassThrough implements FlowHook {

  private final List<Pattern> patterns;
  private final boolean allow;

  private TlsPassThrough(List<Pattern> patterns, boolean allow) {
    this.patterns = patterns;
    this.allow = allow;
  }

  /**
   * Passes through connections to hosts matching any of {@code regexes}.
   *
   * @throws IllegalArgumentException naming a regex that does not compile
   */
  public static TlsPassThrough ignoreHosts(String... regexes) {
    return new TlsPassThrough(compile(regexes), false);
  }

  /**
   * Passes through connections to hosts matching none of {@code regexes}.
   *
   * @throws IllegalArgumentException naming a regex that does not compile
   */
  public static TlsPassThrough allowHosts(String... regexes) {
    return new TlsPassThrough(compile(regexes), true);
  }

  @Override
  public void tlsClientHello(TlsClientHello hello) {
    if (matches(hello) != allow) {
      hello.passThrough();
    }
  }

  private boolean matches(TlsClientHello hello) {
    String target = hello.targetHost() + ":" + hello.targetPort();
    String named = hello.sni() == null ? null : hello.sni() + ":" + hello.targetPort();
    return patterns.stream().anyMatch(pattern -> pattern.matcher(target).find()
        || (named != null && pattern.matcher(named).find()));
  }

  private static List<Pattern> compile(String... regexes) {
    Objects.requireNonNull(regexes, "regexes");
    return Arrays.stream(regexes).map(regex -> {
      Objects.requireNonNull(regex, "regexes: null entry");
      try {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("regex \"" + regex + "\": " + e.getDescription(), e);
      }
    }).toList();
  }

  @Override
  public String name() {
    return allow ? "allow_hosts" + patterns : "ignore_hosts" + patterns;
  }
}
