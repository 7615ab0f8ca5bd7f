package dev.sluice.core.hooks;

import dev.sluice.api.FlowHook;
import dev.sluice.api.TlsClientHello;
import dev.sluice.core.HookPhase;
import dev.sluice.core.options.Option;
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
 * <p>It belongs in {@link HookPhase#CONNECTION}, before hooks that act on intercepted connections:
 * the options {@link #IGNORE_HOSTS} and {@link #ALLOW_HOSTS} put it there, before the upstream
 * certificates are read.
 *
 * <pre>{@code
 * ProxyServer.builder().ignoreHosts("^example\\.com:443$", "\\.bank\\.").start();   // the option
 * ProxyServer.builder().hook(HookPhase.CONNECTION, TlsPassThrough.allowHosts("^api\\.example\\.com:")).start();
 * }</pre>
 */
public final class TlsPassThrough implements FlowHook {

  /** mitmproxy's {@code ignore_hosts} option: when not empty, an {@link #ignoreHosts} hook of its regexes; empty by default. */
  public static final Option<List<String>> IGNORE_HOSTS = Option.sequence("ignore_hosts", regex -> regex)
      .help("Pass TLS connections to matching hosts through untouched: a regex searched in host:port.")
      .check(TlsPassThrough::compile)
      .configures((builder, regexes) -> {
        if (!regexes.isEmpty()) {
          builder.hook(HookPhase.CONNECTION, new TlsPassThrough(compile(regexes), false));
        }
      })
      .build();

  /** mitmproxy's {@code allow_hosts} option: when not empty, an {@link #allowHosts} hook of its regexes; empty by default. */
  public static final Option<List<String>> ALLOW_HOSTS = Option.sequence("allow_hosts", regex -> regex)
      .help("Intercept TLS connections to matching hosts only and pass every other through untouched: a regex "
          + "searched in host:port.")
      .check(TlsPassThrough::compile)
      .configures((builder, regexes) -> {
        if (!regexes.isEmpty()) {
          builder.hook(HookPhase.CONNECTION, new TlsPassThrough(compile(regexes), true));
        }
      })
      .build();

  /** The options of this hook: {@link #IGNORE_HOSTS} and {@link #ALLOW_HOSTS}. */
  public static final List<Option<?>> OPTIONS = List.of(IGNORE_HOSTS, ALLOW_HOSTS);

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
    return new TlsPassThrough(compile(List.of(Objects.requireNonNull(regexes, "regexes"))), false);
  }

  /**
   * Passes through connections to hosts matching none of {@code regexes}.
   *
   * @throws IllegalArgumentException naming a regex that does not compile
   */
  public static TlsPassThrough allowHosts(String... regexes) {
    return new TlsPassThrough(compile(List.of(Objects.requireNonNull(regexes, "regexes"))), true);
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

  private static List<Pattern> compile(List<String> regexes) {
    return regexes.stream().map(regex -> {
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
