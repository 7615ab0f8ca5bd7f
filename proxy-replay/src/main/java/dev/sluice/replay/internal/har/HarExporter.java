package dev.sluice.replay.internal.har;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Flow;
import dev.sluice.api.Headers;
import dev.sluice.api.Message;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.replay.internal.FlowParts;
import dev.sluice.replay.internal.UrlEncodedPairs;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Maps flows to a HAR 1.2 document the way mitmproxy's {@code savehar} addon does, but always
 * schema-valid (a flow without a response gets an empty but complete response object). Websocket
 * messages go in Chromium's {@code _webSocketMessages} extension; a flow's error in
 * {@code response._error}.
 *
 * <pre>{@code
 * HarExporter exporter = new HarExporter("Sluice", "1.0");
 * flows.forEach(exporter::add);
 * ObjectNode har = exporter.document();
 * }</pre>
 */
public final class HarExporter {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private final ObjectNode root = NODES.objectNode();
  private final ArrayNode entries;

  /** An empty document naming {@code creator} and {@code version} as its creator. */
  public HarExporter(String creator, String version) {
    ObjectNode log = root.putObject("log");
    log.put("version", "1.2");
    log.putObject("creator").put("name", creator).put("version", version).put("comment", "");
    log.putArray("pages");
    entries = log.putArray("entries");
  }

  /** Adds the entry for {@code flow}. */
  public void add(Flow flow) {
    entries.add(entry(flow));
  }

  /** The document. */
  public ObjectNode document() {
    return root;
  }

  private static ObjectNode entry(Flow flow) {
    Request request = flow.request();
    Response response = flow.response();
    ObjectNode timings = NODES.objectNode();
    double send = request.timestampEnd() == null ? 0 : millis(request.timestampStart(), request.timestampEnd());
    double wait = response != null && request.timestampEnd() != null
        ? millis(request.timestampEnd(), response.timestampStart()) : 0;
    double receive = response != null && response.timestampEnd() != null
        ? millis(response.timestampStart(), response.timestampEnd()) : 0;
    timings.put("connect", -1.0).put("ssl", -1.0).put("send", send).put("receive", receive).put("wait", wait);

    ObjectNode entry = NODES.objectNode();
    entry.put("startedDateTime", isoDate(request.timestampStart()));
    entry.put("time", Math.max(send, 0) + Math.max(receive, 0) + Math.max(wait, 0));
    entry.set("request", request(request));
    entry.set("response", response == null ? noResponse(flow) : response(response));
    entry.putObject("cache");
    entry.set("timings", timings);
    if (flow.server() != null && flow.server().peer() != null && flow.server().peer().getAddress() != null) {
      entry.put("serverIPAddress", FlowParts.hostOf(flow.server().peer()));
    }
    if (!flow.comment().isEmpty()) {
      entry.put("comment", flow.comment());
    }
    if (flow.webSocket() != null) {
      ArrayNode messages = NODES.arrayNode();
      for (WebSocketMessage m : flow.webSocket().messages()) {
        messages.addObject()
            .put("type", m.fromClient() ? "send" : "receive")
            .put("time", FlowParts.seconds(m.timestamp()))
            .put("opcode", m.isText() ? 1 : 2)
            .put("data", m.isText() ? m.text() : Base64.getEncoder().encodeToString(m.content()));
      }
      entry.put("_resourceType", "websocket");
      entry.set("_webSocketMessages", messages);
    }
    return entry;
  }

  private static ObjectNode request(Request request) {
    ObjectNode node = NODES.objectNode();
    node.put("method", request.method());
    node.put("url", request.method().equals("CONNECT")
        ? "https://" + request.host() + ":" + request.port() + "/" : prettyUrl(request));
    node.put("httpVersion", request.httpVersion());
    node.set("cookies", HarCookies.requestCookies(request.headers()));
    node.set("headers", headers(request.headers()));
    node.set("queryString", query(request.path()));
    node.put("headersSize", headBytes(request.method() + " " + request.path() + " " + request.httpVersion(),
        request.headers()));
    node.put("bodySize", request.rawContentLength());
    String method = request.method().toUpperCase(Locale.ROOT);
    if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      String type = request.headers().get("Content-Type");
      ObjectNode postData = node.putObject("postData");
      postData.put("mimeType", type == null ? "" : type);
      postData.put("text", text(request));
      ArrayNode params = postData.putArray("params");
      if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        params.addAll(pairs(text(request)));
      }
    }
    return node;
  }

  private static ObjectNode response(Response response) {
    byte[] decoded = decoded(response);
    ObjectNode content = NODES.objectNode();
    content.put("size", response.rawContentLength());
    content.put("compression", decoded.length - response.rawContentLength());
    String type = response.headers().get("Content-Type");
    content.put("mimeType", type == null ? "" : type);
    if (HarText.isMostlyBinary(decoded)) {
      content.put("text", Base64.getEncoder().encodeToString(decoded));
      content.put("encoding", "base64");
    } else {
      content.put("text", new String(decoded, HarText.charset(response.headers(), decoded)));
    }
    String location = response.headers().get("Location");
    ObjectNode node = NODES.objectNode();
    node.put("status", response.statusCode());
    node.put("statusText", response.reason());
    node.put("httpVersion", response.httpVersion());
    node.set("cookies", HarCookies.responseCookies(response.headers()));
    node.set("headers", headers(response.headers()));
    node.set("content", content);
    node.put("redirectURL", location == null ? "" : location);
    node.put("headersSize", headBytes(response.toString(), response.headers()));
    node.put("bodySize", response.rawContentLength());
    return node;
  }

  private static ObjectNode noResponse(Flow flow) {
    ObjectNode node = NODES.objectNode();
    node.put("status", 0);
    node.put("statusText", "");
    node.put("httpVersion", "");
    node.putArray("headers");
    node.putArray("cookies");
    node.putObject("content").put("size", 0).put("mimeType", "");
    node.put("redirectURL", "");
    node.put("headersSize", -1);
    node.put("bodySize", -1);
    node.put("_transferSize", 0);
    if (flow.error() != null) {
      node.put("_error", flow.error().message());
    } else {
      node.putNull("_error");
    }
    return node;
  }

  private static byte[] decoded(Message message) {
    try {
      return message.content();
    } catch (IllegalStateException e) {
      return message.rawContent();
    }
  }

  private static String text(Message message) {
    byte[] decoded = decoded(message);
    return new String(decoded, HarText.charset(message.headers(), decoded));
  }

  static ArrayNode headers(Headers headers) {
    ArrayNode fields = NODES.arrayNode();
    for (Headers.Field field : headers) {
      fields.addObject().put("name", field.name()).put("value", utf8(field.value()));
    }
    return fields;
  }

  /**
   * The URL the client meant: with the authority of an HTTP/2 or HTTP/3 request, or the
   * {@code Host} header of an HTTP/1 request, in place of the address connected to.
   */
  private static String prettyUrl(Request request) {
    boolean multiplexed = request.httpVersion().startsWith("HTTP/2") || request.httpVersion().startsWith("HTTP/3");
    if (!multiplexed || request.authority().isEmpty()) {
      return request.prettyUrl();
    }
    String authority = request.authority();
    int colon = authority.lastIndexOf(':');
    boolean hasPort = colon > authority.lastIndexOf(']');
    int defaultPort = request.scheme().equals("https") ? 443 : 80;
    String host = hasPort ? authority.substring(0, colon) : authority;
    String port = hasPort ? authority.substring(colon + 1) : "";
    String shown = port.isEmpty() || port.equals(Integer.toString(defaultPort)) ? host : host + ":" + port;
    return request.scheme() + "://" + shown + (request.path().equals("*") ? "" : request.path());
  }

  /** The size of a message's head on the wire: start line, header lines and the blank line. */
  private static int headBytes(String startLine, Headers headers) {
    return startLine.length() + 2 + headers.toString().length() + 2;
  }

  private static ArrayNode query(String path) {
    int question = path.indexOf('?');
    return question < 0 ? NODES.arrayNode() : pairs(path.substring(question + 1));
  }

  /** Name and value pairs of a query string or form, decoded, blank values kept. */
  private static ArrayNode pairs(String encoded) {
    ArrayNode pairs = NODES.arrayNode();
    for (Map.Entry<String, String> pair : UrlEncodedPairs.parse(encoded)) {
      pairs.addObject().put("name", pair.getKey()).put("value", pair.getValue());
    }
    return pairs;
  }

  /** A header value (kept byte for byte as ISO-8859-1) as the UTF-8 text it usually is. */
  static String utf8(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  private static double millis(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1_000_000.0;
  }

  /** The instant as Python's {@code isoformat()} writes it: to the microsecond (rounded half-even), in UTC. */
  private static String isoDate(Instant instant) {
    long micros = new BigDecimal(instant.getNano()).movePointLeft(3).setScale(0, RoundingMode.HALF_EVEN).longValue();
    Instant rounded = instant.truncatedTo(ChronoUnit.SECONDS).plus(micros, ChronoUnit.MICROS);
    return (rounded.getNano() == 0 ? SECONDS : MICROS).format(rounded.atOffset(ZoneOffset.UTC));
  }
}
