package dev.sluice.core.internal.options;

import java.nio.file.Path;

/**
 * Paths as options and specs write them, as mitmproxy reads them: a leading {@code ~} is the
 * user's home directory.
 *
 * <pre>{@code
 * HomePaths.expand("~/.sluice/htpasswd");   // /home/ada/.sluice/htpasswd
 * }</pre>
 */
public final class HomePaths {

  private HomePaths() {}

  /** {@code path}, its leading {@code ~} replaced by the JVM's {@code user.home}. */
  public static Path expand(String path) {
    return Path.of(path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path);
  }
}
