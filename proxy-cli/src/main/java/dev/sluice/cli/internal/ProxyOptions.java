package dev.sluice.cli.internal;

import dev.sluice.core.ProxyMode;
import dev.sluice.core.ProxyServer;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The command line's settings under mitmproxy's option names, as {@code --set name=value} and the
 * dedicated flags write them; {@link #toBuilder()} turns them into a server.
 */
public final class ProxyOptions {

  private static final Map<String, BiConsumer<ProxyOptions, String>> SETTERS = new TreeMap<>();

  static {
    SETTERS.put("listen_host", (o, v) -> o.listenHost = v);
    SETTERS.put("listen_port", (o, v) -> o.listenPort = port(v));
    SETTERS.put("mode", (o, v) -> o.mode = ProxyMode.parse(v));
    SETTERS.put("body_size_limit", (o, v) -> o.bodySizeLimit = ByteSizes.parse(v));
    SETTERS.put("keep_host_header", (o, v) -> o.keepHostHeader = bool(v));
  }

  private String listenHost = "127.0.0.1";
  private int listenPort = 8080;
  private ProxyMode mode = ProxyMode.regular();
  private Long bodySizeLimit;
  private boolean keepHostHeader;

  /**
   * Sets option {@code name} from its text.
   *
   * @throws IllegalArgumentException naming the option when the name is unknown or the value is bad
   */
  public void set(String name, String value) {
    BiConsumer<ProxyOptions, String> setter = SETTERS.get(name);
    if (setter == null) {
      throw new IllegalArgumentException("unknown option \"" + name + "\" (known: " + String.join(", ", SETTERS.keySet()) + ")");
    }
    try {
      setter.accept(this, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }

  /** Sets an option from {@code name=value}. */
  public void set(String assignment) {
    int eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected name=value, got \"" + assignment + "\"");
    }
    set(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
  }

  /** A server builder with these settings. */
  public ProxyServer.Builder toBuilder() {
    ProxyServer.Builder builder = ProxyServer.builder()
        .listenHost(listenHost)
        .port(listenPort)
        .mode(mode)
        .keepHostHeader(keepHostHeader);
    if (bodySizeLimit != null) {
      builder.maxBodySize(bodySizeLimit);
    }
    return builder;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException("not a port (0-65535): \"" + value + "\"");
  }

  private static boolean bool(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw new IllegalArgumentException("not a boolean (true/false): \"" + value + "\"");
    };
  }
}
