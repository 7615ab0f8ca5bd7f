package dev.sluice.core.internal;

import dev.sluice.api.Headers;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The header fields that concern one connection only (RFC 9110, section 7.6.1): a proxy drops them
 * when it writes a message to the other side. Flows keep them as they came over the wire.
 */
final class HopByHop {

  private static final Set<String> ALWAYS = caseInsensitive(List.of(
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"));

  /** Netty's header list without its own checks: the model checked every field as it was set. */
  private static final DefaultHttpHeadersFactory CHECKED_ALREADY = DefaultHttpHeadersFactory.headersFactory()
      .withValidation(false);

  private HopByHop() {}

  /**
   * The fields of {@code headers} that may go to the other side: every field but the hop-by-hop
   * ones, the fields that {@code Connection} names, and those in {@code alsoDrop} (lower case).
   */
  static HttpHeaders forward(Headers headers, Set<String> alsoDrop) {
    Set<String> named = connectionTokens(headers);
    HttpHeaders out = CHECKED_ALREADY.newHeaders();
    for (Headers.Field field : headers) {
      String name = field.name();
      if (!ALWAYS.contains(name) && !containsIgnoringCase(alsoDrop, name) && !named.contains(name)) {
        out.add(name, field.value());
      }
    }
    return out;
  }

  private static boolean containsIgnoringCase(Set<String> lowerCase, String name) {
    for (String dropped : lowerCase) {
      if (dropped.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> caseInsensitive(List<String> names) {
    Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(names);
    return set;
  }

  /** The field names that the {@code Connection} fields of {@code headers} list, matched ignoring case; mostly none. */
  private static Set<String> connectionTokens(Headers headers) {
    List<String> connection = headers.getAll("Connection");
    if (connection.isEmpty()) {
      return Set.of();
    }
    List<String> named = new ArrayList<>();
    for (String value : connection) {
      for (String token : value.split(",")) {
        named.add(token.trim());
      }
    }
    return caseInsensitive(named);
  }
}
