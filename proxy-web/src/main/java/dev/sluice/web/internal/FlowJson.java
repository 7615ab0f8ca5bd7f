package dev.sluice.web.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.Flow;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.Headers;
import dev.sluice.api.Message;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.api.internal.Hosts;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The flow JSON the page reads (its TypeScript twin is {@code src/main/web/src/model.ts}): a
 * summary for each row of the list, and the detail of one flow, whose bodies hold at most a given
 * number of bytes each.
 *
 * <pre>{@code
 * ObjectNode row = FlowJson.summary(flow, 7);
 * ObjectNode all = FlowJson.detail(flow, 7, 64 * 1024);
 * }</pre>
 */
public final class FlowJson {

  private FlowJson() {}

  /** The row of {@code flow}, the {@code seq}-th flow seen. */
  public static ObjectNode summary(Flow flow, long seq) {
    Request request = flow.request();
    Response response = flow.response();
    ObjectNode node = ScriptSafeJson.object()
        .put("id", flow.id())
        .put("seq", seq)
        .put("method", request.method())
        .put("url", request.url())
        .put("httpVersion", request.httpVersion())
        .put("created", flow.timestampCreated().toEpochMilli())
        .put("error", flow.error() == null ? null : flow.error().message())
        .put("websocket", flow.webSocket() != null)
        .put("grpc", GrpcCall.isGrpc(request.headers()))
        .put("replay", flow.replay() == null ? null : flow.replay().name().toLowerCase(Locale.ROOT))
        .put("marker", flow.marker());
    node.put("status", response == null ? null : response.statusCode());
    node.put("reason", response == null ? "" : response.reason());
    node.put("size", response == null || response.isStreamed() ? null : response.rawContentLength());
    Instant end = response != null ? response.timestampEnd() : flow.error() != null ? flow.error().timestamp() : null;
    node.put("duration", end == null ? null : Duration.between(request.timestampStart(), end).toNanos() / 1e6);
    return node;
  }

  /** Everything the detail view shows of {@code flow}, each body cut at {@code bodyLimit} bytes. */
  public static ObjectNode detail(Flow flow, long seq, int bodyLimit) {
    Request request = flow.request();
    Response response = flow.response();
    ObjectNode node = summary(flow, seq);
    node.put("client", Hosts.withPort(flow.client().peer()));
    node.put("server", flow.server() == null ? null : Hosts.withPort(flow.server().host(), flow.server().port()));
    node.put("errorKind", flow.error() == null ? null : flow.error().kind().name());
    node.set("request", message(request.method() + " " + request.url() + " " + request.httpVersion(), request, bodyLimit));
    node.set("response", response == null ? null
        : message(response.httpVersion() + " " + response.statusCode() + (response.reason().isEmpty() ? "" : " " + response.reason()),
            response, bodyLimit));
    node.set("webSocket", flow.webSocket() == null ? null : webSocket(flow.webSocket(), bodyLimit));
    node.set("timing", timing(flow));
    return node;
  }

  private static ObjectNode message(String firstLine, Message message, int bodyLimit) {
    ObjectNode node = ScriptSafeJson.object().put("firstLine", firstLine);
    node.set("headers", fields(message.headers()));
    node.set("trailers", message.trailers() == null ? null : fields(message.trailers()));
    node.set("body", BodyJson.of(message, bodyLimit));
    return node;
  }

  private static ArrayNode fields(Headers headers) {
    ArrayNode fields = ScriptSafeJson.array();
    headers.forEach(field -> fields.addArray().add(field.name()).add(field.value()));
    return fields;
  }

  private static ObjectNode webSocket(WebSocketData data, int bodyLimit) {
    ObjectNode node = ScriptSafeJson.object().put("dropped", data.droppedMessages());
    ArrayNode messages = node.putArray("messages");
    for (WebSocketMessage message : data.messages()) {
      String type = message.isText() ? "text/plain; charset=utf-8" : "application/octet-stream";
      messages.addObject()
          .put("fromClient", message.fromClient())
          .put("type", message.type().name().toLowerCase(Locale.ROOT))
          .put("timestamp", message.timestamp().toEpochMilli())
          .set("body", BodyJson.of(message.content(), type, bodyLimit));
    }
    node.put("close", data.closeCode() == null ? null
        : (Boolean.TRUE.equals(data.closedByClient()) ? "closed by the client: " : "closed by the server: ")
            + data.closeCode() + (data.closeReason() == null || data.closeReason().isEmpty() ? "" : " " + data.closeReason()));
    return node;
  }

  private static ArrayNode timing(Flow flow) {
    ArrayNode points = ScriptSafeJson.array();
    point(points, "client connected", flow.client().timestampStart());
    point(points, "server connected", flow.server() == null ? null : flow.server().timestampStart());
    point(points, "request started", flow.request().timestampStart());
    point(points, "request complete", flow.request().timestampEnd());
    if (flow.response() != null) {
      point(points, "response started", flow.response().timestampStart());
      point(points, "response complete", flow.response().timestampEnd());
    }
    point(points, "error", flow.error() == null ? null : flow.error().timestamp());
    return points;
  }

  private static void point(ArrayNode points, String label, Instant at) {
    if (at != null) {
      points.addObject().put("label", label).put("at", at.toEpochMilli());
    }
  }

}
