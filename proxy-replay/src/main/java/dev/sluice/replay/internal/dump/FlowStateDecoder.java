package dev.sluice.replay.internal.dump;

import static dev.sluice.replay.internal.dump.StateValues.bytes;
import static dev.sluice.replay.internal.dump.StateValues.flag;
import static dev.sluice.replay.internal.dump.StateValues.instant;
import static dev.sluice.replay.internal.dump.StateValues.integer;
import static dev.sluice.replay.internal.dump.StateValues.latin1;
import static dev.sluice.replay.internal.dump.StateValues.list;
import static dev.sluice.replay.internal.dump.StateValues.map;
import static dev.sluice.replay.internal.dump.StateValues.text;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.TlsInfo;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.replay.internal.FlowParts;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the state of an HTTP flow in format {@value FlowMigrations#CURRENT} into the model. */
final class FlowStateDecoder {

  private static final Logger log = LoggerFactory.getLogger(FlowStateDecoder.class);

  private FlowStateDecoder() {}

  static Flow decode(Map<String, Object> state) {
    String id = text(state, "id", UUID.randomUUID().toString());
    Map<String, Object> requestState = map(state, "request");
    if (requestState == null) {
      throw new IllegalArgumentException("the flow has no request");
    }
    String replay = text(state.get("is_replay"));
    HttpRequest request = request(requestState);
    Instant created = instant(state.get("timestamp_created"));
    Flow.Builder flow = Flow.builder().id(id).timestampCreated(created != null ? created : request.timestampStart())
        .client(client(map(state, "client_conn"))).request(request);
    Map<String, Object> serverState = map(state, "server_conn");
    if (serverState != null && serverState.get("address") instanceof List<?>) {
      flow.server(server(serverState));
    }
    Map<String, Object> responseState = map(state, "response");
    if (responseState != null) {
      flow.response(response(responseState, "response".equals(replay)
          ? ResponseSource.REPLAY : ResponseSource.UPSTREAM));
    }
    Map<String, Object> error = map(state, "error");
    if (error != null) {
      String message = text(error, "msg", "");
      Instant at = instant(error.get("timestamp"));
      flow.error(new FlowError(FlowParts.errorKind(message), message, at != null ? at : Instant.EPOCH));
      flow.killed(message.equals(FlowParts.KILLED_MESSAGE));
    }
    flow.marker(text(state, "marked", ""));
    flow.comment(text(state, "comment", ""));
    if (replay != null) {
      flow.replay(replay.equals("request") ? ReplayKind.REQUEST : ReplayKind.RESPONSE);
    }
    Map<String, Object> metadata = map(state, "metadata");
    if (metadata != null) {
      metadata.forEach((k, v) -> flow.metadata(k, StateValues.json(v)));
    }
    Map<String, Object> webSocket = map(state, "websocket");
    if (webSocket != null) {
      flow.webSocket(webSocket(webSocket));
    }
    return flow.build();
  }

  private static HttpRequest request(Map<String, Object> s) {
    String method = text(s, "method", "GET");
    String scheme = text(s, "scheme", "http").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      scheme = "http";
    }
    int port = integer(s, "port", 0);
    String path = text(s, "path", "/");
    if (path.isEmpty()) {
      path = method.equals("CONNECT") ? "*" : "/";
    }
    Object content = s.get("content");
    return Request.builder()
        .method(method)
        .scheme(scheme)
        .host(text(s, "host", "localhost"))
        .port(port >= 1 && port <= 65535 ? port : (scheme.equals("https") ? 443 : 80))
        .authority(text(s, "authority", ""))
        .path(path)
        .httpVersion(FlowParts.httpVersion(text(s.get("http_version"))))
        .headers(headers(s.get("headers"), "request headers"))
        .trailers(s.get("trailers") == null ? null : headers(s.get("trailers"), "request trailers"))
        .content(content == null ? new byte[0] : bytes(content))
        .streamed(content == null)
        .timestampStart(instant(s.get("timestamp_start")))
        .timestampEnd(instant(s.get("timestamp_end")))
        .build();
  }

  private static HttpResponse response(Map<String, Object> s, ResponseSource source) {
    Object content = s.get("content");
    return Response.builder()
        .status(integer(s, "status_code", 0))
        .reason(latin1(s.get("reason")) == null ? "" : latin1(s.get("reason")))
        .source(source)
        .httpVersion(FlowParts.httpVersion(text(s.get("http_version"))))
        .headers(headers(s.get("headers"), "response headers"))
        .trailers(s.get("trailers") == null ? null : headers(s.get("trailers"), "response trailers"))
        .content(content == null ? new byte[0] : bytes(content))
        .streamed(content == null)
        .timestampStart(instant(s.get("timestamp_start")))
        .timestampEnd(instant(s.get("timestamp_end")))
        .build();
  }

  private static Headers headers(Object fields, String where) {
    Headers headers = Headers.create();
    if (fields instanceof List<?> list) {
      for (Object field : list) {
        if (field instanceof List<?> pair && pair.size() == 2) {
          FlowParts.addHeader(headers, latin1(pair.get(0)), latin1(pair.get(1)), where);
        }
      }
    }
    return headers;
  }

  private static ClientConnection client(Map<String, Object> s) {
    if (s == null) {
      return ClientConnection.restore(UUID.randomUUID().toString(), FlowParts.address(null, 0),
          FlowParts.address(null, 0), null, Instant.EPOCH);
    }
    Instant start = instant(s.get("timestamp_start"));
    return ClientConnection.restore(text(s, "id", UUID.randomUUID().toString()),
        address(s.get("peername")), address(s.get("sockname")), tls(s),
        start != null ? start : Instant.EPOCH);
  }

  private static ServerConnection server(Map<String, Object> s) {
    List<?> address = (List<?>) s.get("address");
    Instant start = instant(s.get("timestamp_start"));
    Object peer = s.get("peername");
    return ServerConnection.restore(text(s, "id", UUID.randomUUID().toString()),
        text(address.get(0)), address.get(1) instanceof Number n ? n.intValue() : 0,
        peer == null ? null : address(peer), tls(s), start != null ? start : Instant.EPOCH);
  }

  private static InetSocketAddress address(Object value) {
    if (value instanceof List<?> parts && parts.size() >= 2) {
      return FlowParts.address(text(parts.get(0)), parts.get(1) instanceof Number n ? n.intValue() : 0);
    }
    return FlowParts.address(null, 0);
  }

  private static TlsInfo tls(Map<String, Object> s) {
    if (!flag(s, "tls")) {
      return null;
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Object pem : list(s, "certificate_list")) {
      try {
        certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(bytes(pem))));
      } catch (CertificateException | ClassCastException e) {
        log.debug("left out a certificate that does not parse: {}", e.getMessage());
      }
    }
    return new TlsInfo(text(s.get("sni")), text(s.get("alpn")), text(s, "tls_version", ""),
        text(s, "cipher", ""), certificates);
  }

  private static WebSocketData webSocket(Map<String, Object> s) {
    WebSocketData.Builder data = WebSocketData.builder();
    for (Object item : list(s, "messages")) {
      List<?> m = (List<?>) item;
      Instant at = instant(m.get(3));
      data.message(WebSocketMessage.of(Boolean.TRUE.equals(m.get(1)),
          m.get(0) instanceof Number n && n.intValue() == 2 ? WebSocketMessage.Type.BINARY : WebSocketMessage.Type.TEXT,
          bytes(m.get(2)) == null ? new byte[0] : bytes(m.get(2)), at != null ? at : Instant.EPOCH));
    }
    if (s.get("closed_by_client") != null || s.get("close_code") != null) {
      data.closed(flag(s, "closed_by_client"), integer(s, "close_code", 1005), text(s.get("close_reason")));
    }
    return data.build();
  }
}
