package dev.sluice.core.internal;

import dev.sluice.api.Headers;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The header fields that concern one connection only (RFC 9110, section 7.6.1): a proxy drops them
 * when it writes a message to the other side. Flows keep them as they came over the wire.
 */
final class HopByHop {

  /** Netty's header list without its own checks: the model checked every field as it was set. */
  private static final DefaultHttpHeadersFactory CHECKED_ALREADY = DefaultHttpHeadersFactory.headersFactory()
      .withValidation(false);

  private HopByHop() {}

  /**
   * The fields of {@code headers} that may go to the other side: every field but the hop-by-hop
   * ones, the fields that {@code Connection} names, and those in {@code alsoDrop} (lower case).
   */
  static HttpHeaders forward(Headers headers, Set<String> alsoDrop) {
    List<String> named = connectionTokens(headers);
    HttpHeaders out = CHECKED_ALREADY.newHeaders();
    for (Headers.Field field : headers) {
      String name = field.name();
      if (!isAlwaysHopByHop(name) && !containsIgnoringCase(alsoDrop, name) && !containsIgnoringCase(named, name)) {
        out.add(name, field.value());
      }
    }
    return out;
  }

  /**
   * Whether {@code name} is one of the fields that are always hop-by-hop: Connection, Keep-Alive,
   * Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade (any case). Every field of every
   * forwarded message is asked, so the length picks the candidates.
   */
  private static boolean isAlwaysHopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16 -> name.equalsIgnoreCase("proxy-connection");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      default -> false;
    };
  }

  private static boolean containsIgnoringCase(Collection<String> names, String name) {
    for (String listed : names) {
      if (listed.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** The field names that the {@code Connection} fields of {@code headers} list ("keep-alive", mostly). */
  private static List<String> connectionTokens(Headers headers) {
    List<String> connection = headers.getAll("Connection");
    if (connection.isEmpty()) {
      return List.of();
    }
    List<String> named = new ArrayList<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        named.add(token.trim());
      }
    }
    return named;
  }
}
