package dev.sluice.core.internal;

import dev.sluice.api.Headers;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.HashSet;
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
    Set<String> drop = new HashSet<>(ALWAYS);
    drop.addAll(alsoDrop);
    for (String connection : headers.getAll("Connection")) {
      for (String token : connection.split(",")) {
        drop.add(token.trim().toLowerCase(Locale.ROOT));
      }
    }
    HttpHeaders out = new DefaultHttpHeaders();
    for (Headers.Field field : headers) {
      if (!drop.contains(field.name().toLowerCase(Locale.ROOT))) {
        out.add(field.name(), field.value());
      }
    }
    return out;
  }
}
