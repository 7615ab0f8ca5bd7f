package dev.sluice.replay;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.Flow;
import dev.sluice.api.FlowError;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.TlsInfo;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Recorded flows with every stored part filled in, as a recorder keeps them. */
final class StoredFlows {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00.123456Z");

  private StoredFlows() {}

  /** Flow number {@code i}: a JSON POST over TLS with a response, marked and commented. */
  static Flow exchange(int i) {
    Instant start = T0.plusSeconds(i);
    ClientConnection client = ClientConnection.restore("client-" + i, new InetSocketAddress("127.0.0.1", 50000 + i),
        new InetSocketAddress("127.0.0.1", 8080), new TlsInfo("api.example.com", "http/1.1", "TLSv1.3",
            "TLS_AES_128_GCM_SHA256", List.of()), start);
    HttpRequest request = Request.builder()
        .method("POST")
        .url("https://api.example.com/items/" + i + "?q=a%2Fb&x=1")
        .header("Host", "api.example.com")
        .header("Content-Type", "application/json")
        .header("Cookie", "session=abc; theme=dark")
        .content(("{\"item\":" + i + "}").getBytes(StandardCharsets.UTF_8))
        .timestampStart(start)
        .timestampEnd(start.plusMillis(3))
        .build();
    Flow.Builder flow = Flow.builder().id("flow-" + i).timestampCreated(start).client(client).request(request);
    flow.server(ServerConnection.restore("server-" + i, "api.example.com", 443,
        new InetSocketAddress("127.0.0.1", 443), null, start.plusMillis(1)));
    byte[] body = ("{\"id\":" + i + ",\"name\":\"caf\u00e9\"}").getBytes(StandardCharsets.UTF_8);
    flow.response(Response.builder()
        .status(201)
        .source(ResponseSource.UPSTREAM)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Set-Cookie", "id=" + i + "; Path=/items; HttpOnly; Secure")
        .header("Location", "/items/" + i)
        .header("Content-Length", Integer.toString(body.length))
        .content(body)
        .timestampStart(start.plusMillis(20))
        .timestampEnd(start.plusMillis(25))
        .build());
    flow.marker(i % 2 == 0 ? ":star:" : "");
    flow.comment("flow " + i);
    flow.metadata("recorded-by", "test");
    flow.metadata("attempt", (long) i);
    return flow.build();
  }

  /** A websocket flow with two messages, closed by the client. */
  static Flow webSocket(int i) {
    Flow flow = exchange(i);
    Flow.Builder ws = Flow.builder().id("ws-" + i).timestampCreated(flow.timestampCreated()).client(flow.client())
        .request(Request.builder()
        .url("http://127.0.0.1:9000/socket")
        .header("Upgrade", "websocket")
        .header("Connection", "Upgrade")
        .timestampStart(flow.timestampCreated())
        .timestampEnd(flow.timestampCreated())
        .build());
    ws.response(Response.builder().status(101).source(ResponseSource.UPSTREAM)
        .header("Upgrade", "websocket").timestampStart(flow.timestampCreated()).timestampEnd(flow.timestampCreated())
        .build());
    ws.webSocket(WebSocketData.builder()
        .message(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello".getBytes(StandardCharsets.UTF_8),
            flow.timestampCreated().plusMillis(5)))
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {0, 1, 2, (byte) 0xff},
            flow.timestampCreated().plusMillis(6)))
        .closed(true, 1000, "bye")
        .build());
    return ws.build();
  }

  /** A flow that failed before any response: the upstream refused the connection. */
  static Flow failed(int i) {
    return Flow.builder().id("failed-" + i).timestampCreated(T0.plusSeconds(i))
        .client(ClientConnection.restore("c" + i,
            new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 8080), null, T0))
        .request(Request.builder().url("http://unreachable.test/").header("Host", "unreachable.test")
            .timestampStart(T0.plusSeconds(i)).timestampEnd(T0.plusSeconds(i)).build())
        .error(new FlowError(FlowError.Kind.CONNECT_FAILED, "Connection refused by unreachable.test:80",
            T0.plusSeconds(i).plusMillis(2)))
        .replay(ReplayKind.REQUEST)
        .build();
  }
}
