package dev.sluice.core.internal.auth;

import dev.sluice.core.hooks.ProxyAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** One user name and password, compared in constant time (digests first, so lengths leak nothing). */
public final class SingleUser implements ProxyAuthenticator {

  private final byte[] expected;

  public SingleUser(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.isEmpty() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("user: must be non-empty and contain no ':'");
    }
    this.expected = digest(user, password);
  }

  @Override
  public boolean authenticate(String user, String password) {
    return MessageDigest.isEqual(expected, digest(user, password));
  }

  static byte[] digest(String user, String password) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return sha256.digest((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
