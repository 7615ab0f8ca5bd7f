package dev.sluice.core.hooks;

import dev.sluice.core.internal.auth.HtpasswdFile;
import dev.sluice.core.internal.auth.LdapAuthenticator;
import dev.sluice.core.internal.auth.SingleUser;
import dev.sluice.core.internal.spec.SpecPaths;
import java.nio.file.Path;

/**
 * Checks a user name and password for {@link ProxyAuth}. Implementations must be thread-safe;
 * one that blocks (a directory server, a slow hash) says so with {@link #isBlocking()} and the
 * proxy then checks off the event loop.
 *
 * <pre>{@code
 * ProxyAuthenticator one = ProxyAuthenticator.single("ada", "s3cret:with:colons");
 * ProxyAuthenticator fromSpec = ProxyAuthenticator.parse("@~/.sluice/htpasswd");
 * ProxyAuthenticator custom = (user, password) -> vault.check(user, password);
 * }</pre>
 */
@FunctionalInterface
public interface ProxyAuthenticator {

  /** Whether {@code user} with {@code password} may use the proxy. */
  boolean authenticate(String user, String password);

  /** Whether {@link #authenticate} may block (network, expensive hashing). */
  default boolean isBlocking() {
    return false;
  }

  /** Exactly one user; compared in constant time. The password may contain colons. */
  static ProxyAuthenticator single(String user, String password) {
    return new SingleUser(user, password);
  }

  /** Any user name and password (the header must still be present and well-formed). */
  static ProxyAuthenticator any() {
    return (user, password) -> true;
  }

  /**
   * The users of an Apache htpasswd file with bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$})
   * or {@code {SHA}} hashes.
   *
   * @throws IllegalArgumentException naming the file and line when it cannot be read or a hash is unsupported
   */
  static ProxyAuthenticator htpasswd(Path file) {
    return HtpasswdFile.load(file);
  }

  /**
   * mitmproxy's {@code proxyauth} option: {@code user:pass}, {@code any}, {@code @path} to an
   * htpasswd file ({@code ~} expanded), or
   * {@code ldap[s]:host[:port]:bind_dn:bind_password:subtree[?search_filter_key=attr]}.
   *
   * @throws IllegalArgumentException when the specification is not one of these
   */
  static ProxyAuthenticator parse(String spec) {
    if (spec.equals("any")) {
      return any();
    }
    if (spec.startsWith("@")) {
      return htpasswd(SpecPaths.of(spec.substring(1)));
    }
    if (spec.startsWith("ldap:") || spec.startsWith("ldaps:")) {
      return LdapAuthenticator.parse(spec);
    }
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("proxyauth: expected user:pass, any, @htpasswd-file or "
          + "ldap[s]:host[:port]:bind_dn:bind_password:subtree[?search_filter_key=attr], got \"" + spec + "\"");
    }
    return single(spec.substring(0, colon), spec.substring(colon + 1));
  }
}
