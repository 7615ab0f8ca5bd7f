package dev.sluice.core.internal.spec;

import java.nio.file.Path;

/**
 * File paths written in specs ({@code @~/ua.txt}, {@code ~/site}): a leading {@code ~} is the
 * user's home directory, as mitmproxy expands it.
 *
 * <pre>{@code
 * SpecPaths.of("~/site");   // /home/ada/site
 * }</pre>
 */
public final class SpecPaths {

  private SpecPaths() {}

  /** The path {@code text} names, {@code ~} expanded. */
  public static Path of(String text) {
    return Path.of(text.startsWith("~") ? System.getProperty("user.home") + text.substring(1) : text);
  }
}
