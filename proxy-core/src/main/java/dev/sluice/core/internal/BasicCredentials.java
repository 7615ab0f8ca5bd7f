package dev.sluice.core.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code user:password} credentials for HTTP Basic authentication sent upstream (mitmproxy's
 * {@code upstream_auth}).
 *
 * <pre>{@code
 * BasicCredentials.header("me:secret");   // "Basic bWU6c2VjcmV0"
 * }</pre>
 */
public final class BasicCredentials {

  private BasicCredentials() {}

  /**
   * Checks {@code credentials} without ever repeating them.
   *
   * @throws IllegalArgumentException unless they are a non-empty user name, a colon and a password on one line
   */
  public static void check(String credentials) {
    int colon = credentials.indexOf(':');
    if (colon < 1 || credentials.chars().anyMatch(c -> c == '\r' || c == '\n')) {
      throw new IllegalArgumentException("expected user:password on one line, with a non-empty user");
    }
  }

  /** The {@code Basic ...} header value for {@code credentials}, or {@code null} for none. */
  public static String header(String credentials) {
    return credentials == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
