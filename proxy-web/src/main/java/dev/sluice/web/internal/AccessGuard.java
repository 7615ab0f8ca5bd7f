package dev.sluice.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Who may read the web view: a request must carry the view's random token (128 bits from
 * {@link SecureRandom}, compared in constant time), so that another local user or a web page in
 * the same browser cannot read the traffic; and its {@code Host} must be a loopback name or
 * address, or the address the view listens on, so that a page on a name that resolves to
 * 127.0.0.1 cannot (DNS rebinding).
 *
 * <pre>{@code
 * AccessGuard guard = new AccessGuard(AccessGuard.newToken(), Set.of("127.0.0.1"));
 * String refusal = guard.refusal(request.headers().get("Host"), query.get("token"));   // null: allowed
 * }</pre>
 */
public final class AccessGuard {

  private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  private static final Set<String> LOOPBACK = Set.of("localhost", "::1", "0:0:0:0:0:0:0:1");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final Set<String> ownHosts;

  /** A guard of {@code token} that also lets in {@code ownHosts}, the names of the address listened on. */
  public AccessGuard(String token, Set<String> ownHosts) {
    this.token = token;
    this.ownHosts = ownHosts.stream().map(host -> host.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
  }

  /** A new random token: 128 bits in hex. */
  public static String newToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The token. */
  public String token() {
    return token;
  }

  /** Why a request with Host {@code host} and token {@code given} is refused, or {@code null} when it is allowed. */
  public String refusal(String host, String given) {
    if (host == null || host.isBlank()) {
      return "no Host header: the web view answers only requests naming it";
    }
    String name = hostName(host);
    if (!LOOPBACK.contains(name) && !LOOPBACK_IPV4.matcher(name).matches() && !ownHosts.contains(name)) {
      return "Host " + host + " is not this web view's: only loopback names and the address it listens on are "
          + "answered (a guard against DNS rebinding)";
    }
    if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      return (given == null ? "no token" : "a wrong token") + ": open the URL the web view printed at start, with its ?token=";
    }
    return null;
  }

  /** The host of a Host header, lower case, without its port or an IPv6 literal's brackets. */
  static String hostName(String host) {
    String trimmed = host.trim().toLowerCase(Locale.ROOT);
    if (trimmed.startsWith("[")) {
      int close = trimmed.indexOf(']');
      return close < 0 ? trimmed : trimmed.substring(1, close);
    }
    int colon = trimmed.indexOf(':');
    String name = colon < 0 || trimmed.indexOf(':', colon + 1) >= 0 ? trimmed : trimmed.substring(0, colon);
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
