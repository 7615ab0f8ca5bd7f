package dev.sluice.replay.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lenient construction of model parts from stored data, shared by the dump and HAR readers:
 * recordings hold what browsers and old proxies wrote, which the model's strict validation may
 * refuse (HTTP/2 pseudo-headers, odd version strings, host names that must not be resolved).
 *
 * <pre>{@code
 * FlowParts.addHeader(headers, ":authority", "example.com", "request headers");   // left out, logged
 * String version = FlowParts.httpVersion("h2");                                    // "HTTP/2.0"
 * }</pre>
 */
public final class FlowParts {

  /** The message mitmproxy gives a killed flow's error. */
  public static final String KILLED_MESSAGE = "Connection killed.";

  private static final Logger log = LoggerFactory.getLogger(FlowParts.class);
  private static final Pattern IP_LITERAL =
      Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*(%[\\w.]+)?");
  private static final Pattern VERSION = Pattern.compile("HTTP/\\d(\\.\\d)?");

  private FlowParts() {}

  /**
   * Appends a field to {@code headers} unless the model refuses it (such as HTTP/2's
   * {@code :authority}); refused fields are logged and left out.
   */
  public static void addHeader(Headers headers, String name, String value, String where) {
    try {
      headers.add(name, value);
    } catch (IllegalArgumentException e) {
      log.debug("{}: left out header {}: {}", where, name, e.getMessage());
    }
  }

  /**
   * The protocol version as the model spells it: {@code HTTP/1.1}, {@code HTTP/2.0},
   * {@code HTTP/3} stay; {@code h2}, {@code http/2.0} and the like are normalised; anything
   * unknown or empty becomes {@code HTTP/1.1}.
   */
  public static String httpVersion(String version) {
    if (version == null) {
      return "HTTP/1.1";
    }
    String v = version.trim().toUpperCase(Locale.ROOT);
    if (VERSION.matcher(v).matches()) {
      return v;
    }
    return switch (v) {
      case "H2", "HTTP/2.0", "H2C" -> "HTTP/2.0";
      case "H3", "HTTP/3.0" -> "HTTP/3";
      case "HTTP/1.0" -> "HTTP/1.0";
      default -> "HTTP/1.1";
    };
  }

  /**
   * A socket address for a recorded host and port, never resolved through DNS: IP literals
   * become resolved addresses, names stay unresolved, and a missing host is {@code 0.0.0.0}.
   */
  public static InetSocketAddress address(String host, int port) {
    int p = Math.max(0, Math.min(port, 65535));
    String h = host == null || host.isEmpty() ? "0.0.0.0" : host;
    if (IP_LITERAL.matcher(h).matches()) {
      try {
        return new InetSocketAddress(InetAddress.getByName(h), p);
      } catch (UnknownHostException e) {
        return InetSocketAddress.createUnresolved(h, p);
      }
    }
    return InetSocketAddress.createUnresolved(h, p);
  }

  /**
   * The model's cause for a stored error message (mitmproxy and HAR files keep no type), guessed
   * from its words; {@link #KILLED_MESSAGE} is a kill.
   */
  public static FlowError.Kind errorKind(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    if (message.equals(KILLED_MESSAGE)) {
      return FlowError.Kind.KILLED;
    } else if (m.contains("timed out") || m.contains("timeout")) {
      return FlowError.Kind.TIMEOUT;
    } else if (m.contains("tls") || m.contains("ssl") || m.contains("certificate")) {
      return FlowError.Kind.TLS_FAILED;
    } else if (m.contains("client disconnected") || m.contains("client closed")) {
      return FlowError.Kind.CLIENT_ABORTED;
    } else if (m.contains("connect") && !m.contains("disconnect") || m.contains("refused")
        || m.contains("resolve") || m.contains("unreachable") || m.contains("name or service")
        || m.contains("internet_disconnected")) {
      return FlowError.Kind.CONNECT_FAILED;
    } else if (m.contains("server disconnected") || m.contains("reset") || m.contains("closed")) {
      return FlowError.Kind.UPSTREAM_RESET;
    } else if (m.contains("hook") || m.contains("addon")) {
      return FlowError.Kind.HOOK_FAILED;
    }
    return FlowError.Kind.PROTOCOL_ERROR;
  }

  /** A Unix timestamp in seconds, as an instant rounded to the nanosecond. */
  public static Instant instant(Number seconds) {
    BigDecimal exact = new BigDecimal(seconds.toString());
    BigDecimal whole = exact.setScale(0, RoundingMode.FLOOR);
    long nanos = exact.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  /** An instant as a Unix timestamp in seconds. */
  public static double seconds(Instant instant) {
    return new BigDecimal(instant.getEpochSecond()).add(BigDecimal.valueOf(instant.getNano(), 9)).doubleValue();
  }

  /** Text as header fields keep it: its UTF-8 bytes, one char per byte (ISO-8859-1). */
  public static String latin1(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** The host of {@code address} as it should be stored: the IP literal, or the name. */
  public static String hostOf(InetSocketAddress address) {
    return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
  }
}
