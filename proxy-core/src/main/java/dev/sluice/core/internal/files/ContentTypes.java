package dev.sluice.core.internal.files;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The content type of a file from its name, as mitmproxy guesses it ({@code mimetypes}): the
 * JDK's table, with the web's types it lacks added. No charset is added.
 *
 * <pre>{@code
 * ContentTypes.of("app.mjs");   // Optional[text/javascript]
 * }</pre>
 */
public final class ContentTypes {

  /** Types by extension that the JDK's table lacks, or has otherwise than Python's. */
  private static final Map<String, String> MISSING = Map.of(
      "mjs", "text/javascript",
      "ico", "image/vnd.microsoft.icon",
      "wasm", "application/wasm",
      "woff", "font/woff",
      "woff2", "font/woff2",
      "avif", "image/avif");

  private ContentTypes() {}

  /** The content type of a file called {@code name}, if its extension says. */
  public static Optional<String> of(String name) {
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    String known = MISSING.get(extension);
    return Optional.ofNullable(known != null ? known : URLConnection.guessContentTypeFromName(name));
  }
}
