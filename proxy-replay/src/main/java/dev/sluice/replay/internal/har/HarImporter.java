package dev.sluice.replay.internal.har;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.replay.FlowReadException;
import dev.sluice.replay.internal.FlowParts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.InflaterInputStream;

/**
 * Reads HAR 1.2 documents leniently, as browsers, Charles, Insomnia and mitmproxy write them
 * (missing optional parts, a byte order mark, zlib compression), and maps each entry to a flow
 * the way mitmproxy's HAR import does.
 *
 * <pre>{@code List<Flow> flows = HarImporter.read(new BufferedInputStream(in), "chrome.har"); }</pre>
 */
public final class HarImporter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HarImporter() {}

  /** Whether the stream (which must support mark/reset) starts like a HAR document or a zlib stream. */
  public static boolean looksLikeHar(InputStream in) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(4);
    in.reset();
    int at = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf ? 3 : 0;
    return at < head.length && head[at] == '{' || isZlib(head);
  }

  private static boolean isZlib(byte[] head) {
    return head.length >= 2 && (head[0] & 0x0f) == 8 && ((head[0] & 0xff) << 8 | (head[1] & 0xff)) % 31 == 0;
  }

  /**
   * The flows of the HAR document in {@code in}.
   *
   * @throws FlowReadException naming {@code source} and what is wrong (not JSON, no {@code log},
   *     an entry without a request, ...)
   */
  public static List<Flow> read(InputStream in, String source) throws IOException {
    in.mark(8);
    byte[] head = in.readNBytes(4);
    in.reset();
    byte[] document = isZlib(head) ? inflate(in, source) : in.readAllBytes();
    int start = document.length >= 3 && (document[0] & 0xff) == 0xef && (document[1] & 0xff) == 0xbb
        && (document[2] & 0xff) == 0xbf ? 3 : 0;
    JsonNode root;
    try {
      root = JSON.readTree(new ByteArrayInputStream(document, start, document.length - start));
    } catch (JsonProcessingException e) {
      throw new FlowReadException(source, -1, 0, "not valid JSON at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
    }
    JsonNode log = root == null ? null : root.get("log");
    if (log == null || !log.isObject()) {
      throw new FlowReadException(source, -1, 0, "not a HAR file: there is no \"log\" object at the top", null);
    }
    JsonNode entries = log.get("entries");
    if (entries == null || !entries.isArray()) {
      throw new FlowReadException(source, -1, 0, "not a HAR file: \"log\" has no \"entries\" array", null);
    }
    List<Flow> flows = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      try {
        flows.add(entry(entries.get(i)));
      } catch (HarException | RuntimeException e) {
        throw new FlowReadException(source, -1, i, "log.entries[" + i + "]: " + e.getMessage(), e);
      }
    }
    return flows;
  }

  private static byte[] inflate(InputStream in, String source) throws FlowReadException {
    try {
      return new InflaterInputStream(in).readAllBytes();
    } catch (IOException e) {
      throw new FlowReadException(source, -1, 0, "not a zlib-compressed HAR file: " + e.getMessage(), e);
    }
  }

  private static Flow entry(JsonNode entry) throws HarException {
    JsonNode req = required(entry, "request");
    Instant start = instant(required(entry, "startedDateTime").asText());
    Instant end = start.plusNanos(millisToNanos(entry.path("time").asDouble(0)));
    String url = HarForms.withQuery(required(req, "url").asText(), req.path("queryString"));
    HarUrl target = HarUrl.parse(url);
    Headers requestHeaders = headers(req.path("headers"), "request headers");
    String type = requestHeaders.get("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
        && HarForms.boundary(type).equals(HarForms.BOUNDARY) && !req.path("postData").path("text").isTextual()) {
      type = type + "; boundary=" + HarForms.BOUNDARY;
      requestHeaders.set("Content-Type", type);
    }
    byte[] body = requestBody(req.path("postData"), type);
    fixContentLength(requestHeaders, body);
    HttpRequest request = Request.builder()
        .method(required(req, "method").asText())
        .scheme(target.scheme())
        .host(target.host())
        .port(target.port())
        .path(target.path())
        .httpVersion(FlowParts.httpVersion(req.path("httpVersion").asText(null)))
        .headers(requestHeaders)
        .content(body)
        .timestampStart(start)
        .timestampEnd(end)
        .build();
    ClientConnection client = ClientConnection.restore(UUID.randomUUID().toString(),
        FlowParts.address("127.0.0.1", 0), FlowParts.address("127.0.0.1", 0), null, start);
    Flow.Builder flow = Flow.builder().timestampCreated(start).client(client).request(request);
    String ip = entry.path("serverIPAddress").asText("").replace("[", "").replace("]", "");
    if (!ip.isEmpty()) {
      flow.server(ServerConnection.restore(UUID.randomUUID().toString(), target.host(), target.port(),
          FlowParts.address(ip, target.port()), null, start));
    }
    JsonNode res = entry.path("response");
    int status = res.path("status").asInt(0);
    if (status >= 100 && status <= 999) {
      flow.response(response(res, status, start, end));
    }
    JsonNode error = res.path("_error");
    if (error.isTextual()) {
      flow.error(new FlowError(FlowParts.errorKind(error.asText()), error.asText(), end));
    }
    if (entry.path("comment").isTextual()) {
      flow.comment(entry.path("comment").asText());
    }
    JsonNode messages = entry.path("_webSocketMessages");
    if (messages.isArray()) {
      flow.webSocket(webSocket(messages));
    }
    return flow.build();
  }

  private static HttpResponse response(JsonNode res, int status, Instant start, Instant end) {
    Headers headers = headers(res.path("headers"), "response headers");
    JsonNode content = res.path("content");
    String text = content.path("text").asText("");
    byte[] body = "base64".equals(content.path("encoding").asText(null))
        ? Base64.getMimeDecoder().decode(text) : HarText.encode(text, HarText.charset(headers, new byte[0]));
    if (body.length > 0) {
      // The text is the decoded body (HAR keeps no Content-Encoding), so the header goes, as in mitmproxy.
      headers.remove("Content-Encoding");
      fixContentLength(headers, body);
    }
    String reason = res.path("statusText").asText("");
    return Response.builder()
        .status(status)
        .reason(reason.isEmpty() || reason.chars().anyMatch(c -> c == '\r' || c == '\n') ? Response.reasonPhrase(status) : reason)
        .source(ResponseSource.UPSTREAM)
        .httpVersion(FlowParts.httpVersion(res.path("httpVersion").asText(null)))
        .headers(headers)
        .content(body)
        .timestampStart(start)
        .timestampEnd(end)
        .build();
  }

  /** Sets {@code Content-Length} to the body's length, unless the body is chunked (as mitmproxy does). */
  private static void fixContentLength(Headers headers, byte[] body) {
    if (!headers.contains("Transfer-Encoding")) {
      String name = headers.names().stream().filter(n -> n.equalsIgnoreCase("Content-Length")).findFirst()
          .orElse("content-length");
      headers.set(name, Integer.toString(body.length));
    }
  }

  private static byte[] requestBody(JsonNode postData, String contentType) {
    if (postData.path("text").isTextual()) {
      return postData.path("text").asText().getBytes(StandardCharsets.UTF_8);
    }
    JsonNode params = postData.path("params");
    return params.isArray() && !params.isEmpty()
        ? HarForms.body(params, contentType != null ? contentType : postData.path("mimeType").asText(""))
        : new byte[0];
  }

  private static Headers headers(JsonNode fields, String where) {
    Headers headers = Headers.create();
    for (JsonNode field : fields) {
      JsonNode name = field.isArray() ? field.path(0) : field.path("name");
      JsonNode value = field.isArray() ? field.path(1) : field.path("value");
      if (name.isMissingNode() || value.isMissingNode()) {
        throw new IllegalArgumentException(where + ": a field without a name and a value: " + field);
      }
      FlowParts.addHeader(headers, name.asText(), FlowParts.latin1(value.asText()), where);
    }
    return headers;
  }

  private static WebSocketData webSocket(JsonNode messages) {
    WebSocketData.Builder data = WebSocketData.builder();
    for (JsonNode m : messages) {
      boolean text = m.path("opcode").asInt(1) == 1;
      String payload = m.path("data").asText("");
      byte[] content = text ? payload.getBytes(StandardCharsets.UTF_8) : Base64.getMimeDecoder().decode(payload);
      Instant at = FlowParts.instant(m.path("time").asDouble(0));
      data.message(WebSocketMessage.of("send".equals(m.path("type").asText()),
          text ? WebSocketMessage.Type.TEXT : WebSocketMessage.Type.BINARY, content, at));
    }
    return data.build();
  }

  private static long millisToNanos(double millis) {
    return millis > 0 ? Math.round(millis * 1_000_000) : 0;
  }

  private static Instant instant(String iso) throws HarException {
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(iso);
      } catch (DateTimeParseException again) {
        throw new HarException("startedDateTime is not an ISO 8601 date: \"" + iso + "\"");
      }
    }
  }

  private static JsonNode required(JsonNode node, String field) throws HarException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new HarException("missing \"" + field + "\"");
    }
    return value;
  }

  /** A HAR entry that cannot become a flow. */
  static final class HarException extends Exception {
    private static final long serialVersionUID = 1L;

    HarException(String message) {
      super(message);
    }
  }
}
