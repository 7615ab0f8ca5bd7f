package dev.sluice.replay.internal.dump;

import static dev.sluice.replay.internal.dump.StateValues.map;
import static dev.sluice.replay.internal.dump.StateValues.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Brings a flow's state from any format mitmproxy still reads (0.11 up to
 * {@value #CURRENT}) to format {@value #CURRENT}, one version step at a time, as mitmproxy's
 * {@code io/compat.py} does. Only what the later steps and the model need is carried over.
 *
 * <p>One instance per file: two steps keep state across flows (connection ids of format 4, and
 * websocket handshakes of format 11, whose messages lived in a separate flow).
 */
final class FlowMigrations {

  /** The newest format mitmproxy writes, and the one every migration ends at. */
  static final int CURRENT = 21;

  private final Map<String, String> connectionIds = new HashMap<>();
  private final Map<Object, Map<String, Object>> webSocketHandshakes = new HashMap<>();

  /**
   * Migrates {@code state} in place (or replaces it) and returns the format {@value #CURRENT}
   * state.
   *
   * @throws IllegalArgumentException naming the version when it is too old or too new
   */
  Map<String, Object> migrate(Map<String, Object> state) {
    Map<String, Object> data = state;
    while (true) {
      String version = version(data.get("version"));
      if (version.equals(Integer.toString(CURRENT))) {
        return data;
      }
      data = step(version, data);
    }
  }

  private Map<String, Object> step(String version, Map<String, Object> d) {
    switch (version) {
      case "(0, 11)", "(0, 12)", "(0, 14)", "(0, 19)" -> d.put("version", nextLegacy(version));
      case "(0, 15)" -> from015(d);
      case "(0, 13)" -> from013(d);
      case "(0, 16)" -> {
        map(d, "server_conn").put("peer_address", null);
        d.put("version", List.of(0L, 17L));
      }
      case "(0, 17)" -> {
        Map<String, Object> server = map(d, "server_conn");
        server.put("ip_address", server.remove("peer_address"));
        d.put("marked", false);
        d.put("version", List.of(0L, 18L));
      }
      case "(0, 18)" -> {
        d.put("metadata", new LinkedHashMap<>());
        d.put("version", List.of(0L, 19L));
      }
      case "(1, 0)" -> from100(d);
      case "(2, 0)" -> d.put("version", List.of(3L, 0L, 0L));
      case "(3, 0)" -> d.put("version", 4L);
      case "4" -> from4(d);
      case "5" -> from5(d);
      case "7" -> from7(d);
      case "8" -> from8(d);
      case "9" -> from9(d);
      case "10" -> from10(d);
      case "11" -> {
        return from11(d);
      }
      case "12" -> {
        d.put("marked", Boolean.TRUE.equals(d.get("marked")) ? ":default:" : "");
        d.put("version", 13L);
      }
      case "13" -> from13(d);
      case "14" -> from14(d);
      case "15" -> {
        Map<String, Object> request = map(d, "request");
        d.put("timestamp_created", (request != null ? request : map(d, "client_conn")).get("timestamp_start"));
        d.put("version", 16L);
      }
      case "18" -> from18(d);
      case "6", "16", "17", "19", "20" -> d.put("version", Long.parseLong(version) + 1);
      default -> throw new IllegalArgumentException(describe(version));
    }
    return d;
  }

  private static String describe(String version) {
    if (version.startsWith("(")) {
      return "flow format version " + version + " is too old: mitmproxy (and Sluice) read dumps from"
          + " mitmproxy 0.11 on";
    }
    try {
      if (Long.parseLong(version) > CURRENT) {
        return "flow format version " + version + " is newer than " + CURRENT
            + ", the newest this reader knows";
      }
    } catch (NumberFormatException e) {
      return "flow format version " + version + " is not one mitmproxy ever wrote";
    }
    return "flow format version " + version + " is not one mitmproxy ever wrote";
  }

  private static List<Long> nextLegacy(String version) {
    return switch (version) {
      case "(0, 11)" -> List.of(0L, 12L);
      case "(0, 12)" -> List.of(0L, 13L);
      case "(0, 14)" -> List.of(0L, 15L);
      default -> List.of(1L, 0L, 0L);
    };
  }

  /** The version as mitmproxy compares it: an int, or the first two parts of an old tuple. */
  static String version(Object version) {
    if (version instanceof Number n) {
      return Long.toString(n.longValue());
    }
    if (version instanceof List<?> parts && parts.size() >= 2) {
      return parts.subList(0, 2).stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
    throw new IllegalArgumentException("the flow has no valid format version: " + text(version));
  }

  private static void from013(Map<String, Object> d) {
    Map<String, Object> request = map(d, "request");
    request.put("first_line_format", request.remove("form_in"));
    request.put("http_version", httpVersion(request.remove("httpversion")));
    Map<String, Object> response = map(d, "response");
    if (response != null) {
      response.put("http_version", httpVersion(response.remove("httpversion")));
      response.put("status_code", response.remove("code"));
      response.put("body", response.remove("content"));
    }
    d.put("version", List.of(0L, 14L));
  }

  private static void from015(Map<String, Object> d) {
    for (String message : List.of("request", "response")) {
      Map<String, Object> m = map(d, message);
      if (m != null && m.containsKey("body")) {
        m.put("content", m.remove("body"));
      }
    }
    Map<String, Object> response = map(d, "response");
    if (response != null && response.containsKey("msg")) {
      response.put("reason", response.remove("msg"));
    }
    d.put("version", List.of(0L, 16L));
  }

  private static byte[] httpVersion(Object tuple) {
    String joined = tuple instanceof List<?> parts
        ? parts.stream().map(String::valueOf).collect(Collectors.joining(".")) : "1.1";
    return ("HTTP/" + joined).getBytes(StandardCharsets.US_ASCII);
  }

  private static void from100(Map<String, Object> d) {
    for (String conn : List.of("client_conn", "server_conn")) {
      Map<String, Object> c = map(d, conn);
      for (String key : List.of("address", "source_address", "ip_address")) {
        if (c.get(key) instanceof Map<?, ?> wrapped) {
          c.put(key, wrapped.get("address"));
        }
      }
    }
    d.put("version", List.of(2L, 0L, 0L));
  }

  private void from4(Map<String, Object> d) {
    Map<String, Object> client = map(d, "client_conn");
    client.put("id", connectionIds.computeIfAbsent("client " + client.get("timestamp_start") + " "
        + text(client.get("address")), k -> UUID.randomUUID().toString()));
    Map<String, Object> server = map(d, "server_conn");
    server.put("id", connectionIds.computeIfAbsent("server " + server.get("timestamp_start") + " "
        + text(server.get("source_address")), k -> UUID.randomUUID().toString()));
    d.put("version", 5L);
  }

  private static void from5(Map<String, Object> d) {
    for (String conn : List.of("client_conn", "server_conn")) {
      Map<String, Object> c = map(d, conn);
      c.put("tls_established", c.remove("ssl_established"));
    }
    d.put("version", 6L);
  }

  private static void from7(Map<String, Object> d) {
    for (String message : List.of("request", "response")) {
      if (map(d, message) != null) {
        map(d, message).put("trailers", null);
      }
    }
    d.put("version", 8L);
  }

  private static void from8(Map<String, Object> d) {
    Map<String, Object> request = map(d, "request");
    Object requestReplay = null;
    if (request != null) {
      request.remove("first_line_format");
      request.put("authority", new byte[0]);
      requestReplay = request.remove("is_replay");
    }
    Map<String, Object> response = map(d, "response");
    Object responseReplay = response == null ? null : response.remove("is_replay");
    d.put("is_replay", Boolean.TRUE.equals(requestReplay) ? "request"
        : Boolean.TRUE.equals(responseReplay) ? "response" : null);
    d.put("version", 9L);
  }

  private static void from9(Map<String, Object> d) {
    Map<String, Object> client = map(d, "client_conn");
    client.put("sockname", List.of("", 0L));
    Object clientCert = client.remove("clientcert");
    client.put("certificate_list", clientCert == null ? List.of() : List.of(clientCert));
    Map<String, Object> server = map(d, "server_conn");
    Object cert = server.remove("cert");
    server.put("certificate_list", cert == null ? List.of() : List.of(cert));
    server.put("cipher_name", null);
    for (Map<String, Object> c : List.of(client, server)) {
      c.put("tls", c.get("tls_established"));
    }
    d.put("version", 10L);
  }

  private static void from10(Map<String, Object> d) {
    for (String conn : List.of("client_conn", "server_conn")) {
      Map<String, Object> c = map(d, conn);
      c.put("alpn", c.remove("alpn_proto_negotiated"));
      c.put("sni", c.get("sni") == null || c.get("sni") instanceof Boolean ? c.get("sni") : text(c.get("sni")));
    }
    d.put("version", 11L);
  }

  private Map<String, Object> from11(Map<String, Object> d) {
    Map<String, Object> metadata = map(d, "metadata");
    if (metadata != null && metadata.containsKey("websocket")) {
      webSocketHandshakes.put(text(d.get("id")), StateValues.deepCopy(d));
    }
    Map<String, Object> data = d;
    if (metadata != null && metadata.containsKey("websocket_handshake")) {
      Map<String, Object> handshake = webSocketHandshakes.remove(text(metadata.get("websocket_handshake")));
      data = handshake != null ? handshake : placeholderHandshake(d);
      Map<String, Object> dataMetadata = map(data, "metadata");
      dataMetadata.put("duplicated", "This WebSocket flow has been migrated from an old file format version"
          + " and may appear duplicated.");
      Map<String, Object> ws = new LinkedHashMap<>();
      ws.put("messages", d.get("messages"));
      ws.put("closed_by_client", "client".equals(text(d.get("close_sender"))));
      ws.put("close_code", d.get("close_code"));
      ws.put("close_reason", d.get("close_reason"));
      data.put("websocket", ws);
    } else {
      data.put("websocket", null);
    }
    data.put("version", 12L);
    return data;
  }

  private static Map<String, Object> placeholderHandshake(Map<String, Object> ws) {
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("authority", new byte[0]);
    request.put("content", null);
    request.put("headers", new ArrayList<>());
    request.put("host", "unknown");
    request.put("http_version", "HTTP/1.1");
    request.put("method", "GET");
    request.put("path", "/");
    request.put("port", 80L);
    request.put("scheme", "http");
    request.put("timestamp_end", 0.0);
    request.put("timestamp_start", 0.0);
    request.put("trailers", null);
    Map<String, Object> data = new LinkedHashMap<>();
    for (String key : List.of("client_conn", "server_conn", "error", "id", "is_replay", "marked")) {
      data.put(key, ws.get(key));
    }
    data.put("metadata", new LinkedHashMap<>());
    data.put("request", request);
    data.put("response", null);
    data.put("type", "http");
    return data;
  }

  private static void from13(Map<String, Object> d) {
    d.put("comment", "");
    Map<String, Object> response = map(d, "response");
    Map<String, Object> request = map(d, "request");
    if (response != null && response.get("timestamp_start") == null && request.get("timestamp_end") instanceof Number end) {
      response.put("timestamp_start", end.doubleValue());
      response.put("timestamp_end", end.doubleValue() + 1);
    }
    d.put("version", 14L);
  }

  private static void from14(Map<String, Object> d) {
    Map<String, Object> ws = map(d, "websocket");
    if (ws != null && ws.get("messages") instanceof List<?> messages) {
      List<Object> withInjected = new ArrayList<>();
      for (Object message : messages) {
        List<Object> parts = new ArrayList<>((List<?>) message);
        parts.add(false);
        withInjected.add(parts);
      }
      ws.put("messages", withInjected);
    }
    d.put("version", 15L);
  }

  private static void from18(Map<String, Object> d) {
    Map<String, Object> client = map(d, "client_conn");
    client.put("peername", client.remove("address"));
    if (client.get("timestamp_start") == null) {
      client.put("timestamp_start", 0.0);
    }
    Map<String, Object> server = map(d, "server_conn");
    server.put("peername", server.remove("ip_address"));
    server.put("sockname", server.remove("source_address"));
    for (Map<String, Object> c : List.of(client, server)) {
      c.put("cipher", c.remove("cipher_name"));
    }
    if (Boolean.TRUE.equals(server.get("sni")) && server.get("address") instanceof List<?> address) {
      server.put("sni", text(address.get(0)));
    }
    d.put("version", 19L);
  }
}
