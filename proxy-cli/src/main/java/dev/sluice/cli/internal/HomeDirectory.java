package dev.sluice.cli.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * The home directory that {@code ~} stands for: {@code $HOME} when it is set and not empty, as a
 * shell and mitmproxy's {@code ~/.mitmproxy} take it, else the JVM's {@code user.home} (which on
 * Linux comes from the password database and ignores {@code $HOME}).
 *
 * <pre>{@code
 * Path home = HomeDirectory.of(System.getenv());
 * }</pre>
 */
public final class HomeDirectory {

  private HomeDirectory() {}

  /** The home directory {@code environment} names, falling back to {@code user.home}. */
  public static Path of(Map<String, String> environment) {
    String home = environment.get("HOME");
    return Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home);
  }
}
