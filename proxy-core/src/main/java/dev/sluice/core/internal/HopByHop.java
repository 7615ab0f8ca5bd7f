package dev.sluice.core.internal;

import dev.sluice.api.Headers;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The header fields that concern one connection only (RFC 9110, section 7.6.1): a proxy drops them
 * when it writes a message to the other side. Flows keep them as they came over the wire.
 */
final class HopByHop {

  private static final Set<String> ALWAYS = Set.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

  private HopByHop() {}

  /**
   * The fields of {@code headers} that may go to the other side: every field but the hop-by-hop
   * ones, the fields that {@code Connection} names, and those in {@code alsoDrop} (lower case).
   */
  static HttpHeaders forward(Headers headers, Set<String> alsoDrop) {
    Set<String> named = connectionTokens(headers);
    HttpHeaders out = new DefaultHttpHeaders();
    for (Headers.Field field : headers) {
      String name = field.name().toLowerCase(Locale.ROOT);
      if (!ALWAYS.contains(name) && !alsoDrop.contains(name) && !named.contains(name)) {
        out.add(field.name(), field.value());
      }
    }
    return out;
  }

  /** The field names (lower case) that the {@code Connection} fields of {@code headers} list; mostly none. */
  private static Set<String> connectionTokens(Headers headers) {
    List<String> connection = headers.getAll("Connection");
    if (connection.isEmpty()) {
      return Set.of();
    }
    Set<String> named = new HashSet<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        named.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    return named;
  }
}
