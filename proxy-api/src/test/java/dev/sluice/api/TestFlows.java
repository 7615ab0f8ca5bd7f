package dev.sluice.api;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/** Fixture flows for filter and model tests, built in memory; each call builds a fresh flow. */
public final class TestFlows {

  private static final Map<String, Supplier<HttpFlow>> FLOWS = new LinkedHashMap<>();

  static {
    FLOWS.put("get", TestFlows::get);
    FLOWS.put("post", TestFlows::post);
    FLOWS.put("html", TestFlows::html);
    FLOWS.put("error", TestFlows::error);
    FLOWS.put("websocket", TestFlows::webSocket);
    FLOWS.put("replayedRequest", TestFlows::replayedRequest);
    FLOWS.put("replayedResponse", TestFlows::replayedResponse);
    FLOWS.put("asset", TestFlows::asset);
    FLOWS.put("brokenGzip", TestFlows::brokenGzip);
  }

  private TestFlows() {}

  /** The names of every fixture. */
  public static List<String> names() {
    return List.copyOf(FLOWS.keySet());
  }

  /** A fresh flow of the fixture called {@code name}. */
  public static HttpFlow flow(String name) {
    Supplier<HttpFlow> flow = FLOWS.get(name);
    if (flow == null) {
      throw new IllegalArgumentException("no fixture flow called " + name);
    }
    return flow.get();
  }

  /** {@code text} gzipped. */
  public static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A client connection from {@code ip:port} (an IP literal) to the proxy on 127.0.0.1:8080. */
  public static ClientConnection client(String ip, int port) {
    try {
      return ClientConnection.of(new InetSocketAddress(InetAddress.getByName(ip), port),
          new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  /** GET http://example.com/index.html?q=1, no response yet. */
  static HttpFlow get() {
    HttpRequest request = HttpRequest.builder()
        .url("http://example.com/index.html?q=1")
        .header("Host", "example.com")
        .header("User-Agent", "curl/8.5.0")
        .header("Accept", "*/*")
        .build();
    return HttpFlow.create(client("127.0.0.1", 50000), request);
  }

  /** POST of JSON to https://api.example.org:8443, answered 201 with a gzipped JSON body. */
  static HttpFlow post() {
    HttpRequest request = HttpRequest.builder()
        .method("POST")
        .url("https://api.example.org:8443/v1/items")
        .header("Host", "api.example.org:8443")
        .header("Content-Type", "application/json")
        .content("{\"name\":\"widget\"}".getBytes(UTF_8))
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50001), request);
    flow.setServer(ServerConnection.of("api.example.org", 8443));
    flow.respond(HttpResponse.builder()
        .status(201)
        .source(ResponseSource.UPSTREAM)
        .header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip")
        .content(gzip("{\"id\":42,\"status\":\"created\"}"))
        .build());
    return flow;
  }

  /**
   * A request to 127.0.0.1:8081 whose Host header names www.shop.test:8080 (as a reverse proxy
   * sees it), answered with gzipped HTML and two cookies.
   */
  static HttpFlow html() {
    HttpRequest request = HttpRequest.builder()
        .url("http://127.0.0.1:8081/catalog/shoes")
        .header("Host", "www.shop.test:8080")
        .header("Accept-Encoding", "gzip")
        .header("Cookie", "session=abc123")
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50002), request);
    flow.setServer(ServerConnection.of("127.0.0.1", 8081));
    flow.respond(HttpResponse.builder()
        .status(200)
        .source(ResponseSource.UPSTREAM)
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Content-Encoding", "gzip")
        .header("Set-Cookie", "a=1; Path=/")
        .header("Set-Cookie", "b=2; Path=/catalog")
        .content(gzip("<html><body>Hello Wörld, buy shoes</body></html>"))
        .build());
    return flow;
  }

  /** A request to down.test that failed to connect: an error and no response. */
  static HttpFlow error() {
    HttpRequest request = HttpRequest.builder()
        .method("DELETE")
        .url("http://down.test/things/7")
        .header("Host", "down.test")
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50003), request);
    flow.setError(FlowError.of(FlowError.Kind.CONNECT_FAILED, "down.test: connection refused"));
    return flow;
  }

  /** An upgraded websocket on ws://chat.test/socket with one message each way and a binary one. */
  static HttpFlow webSocket() {
    HttpRequest request = HttpRequest.builder()
        .url("http://chat.test/socket")
        .header("Host", "chat.test")
        .header("Upgrade", "websocket")
        .header("Connection", "Upgrade")
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50004), request);
    flow.setServer(ServerConnection.of("chat.test", 80));
    flow.respond(HttpResponse.builder()
        .status(101)
        .source(ResponseSource.UPSTREAM)
        .header("Upgrade", "websocket")
        .header("Connection", "Upgrade")
        .build());
    WebSocketData ws = WebSocketData.create();
    ws.addMessage(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello server".getBytes(UTF_8)));
    ws.addMessage(WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "welcome client".getBytes(UTF_8)));
    ws.addMessage(WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {0x00, (byte) 0xff, 0x42}));
    flow.setWebSocket(ws);
    return flow;
  }

  /** A request sent again by client replay, marked with a red circle, with a two-line comment. */
  static HttpFlow replayedRequest() {
    HttpRequest request = HttpRequest.builder()
        .method("PUT")
        .url("http://example.com/profile")
        .header("Host", "example.com")
        .header("Authorization", "Bearer token-1")
        .header("Content-Type", "text/plain")
        .content("name=Ada Lovelace".getBytes(UTF_8))
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50005), request);
    flow.setReplay(ReplayKind.REQUEST);
    flow.setMarker("\uD83D\uDD34");
    flow.setComment("check this\nsecond line");
    flow.setServer(ServerConnection.of("example.com", 80));
    flow.respond(HttpResponse.builder().status(204).source(ResponseSource.UPSTREAM).build());
    return flow;
  }

  /** A response served by server replay: 404 text/plain, with metadata. */
  static HttpFlow replayedResponse() {
    HttpRequest request = HttpRequest.builder()
        .url("https://example.com/missing")
        .header("Host", "example.com")
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50006), request);
    flow.setReplay(ReplayKind.RESPONSE);
    flow.metadata().put("tag", "login");
    flow.metadata().put("count", 3);
    flow.metadata().put("ok", true);
    flow.respond(HttpResponse.builder()
        .status(404)
        .source(ResponseSource.REPLAY)
        .header("Content-Type", "text/plain")
        .content("nothing here".getBytes(UTF_8))
        .build());
    return flow;
  }

  /** An image fetched over IPv6 loopback from [::1]:8080, from client [::1]:50007. */
  static HttpFlow asset() {
    HttpRequest request = HttpRequest.builder()
        .url("http://[::1]:8080/img/logo.png")
        .header("Host", "[::1]:8080")
        .build();
    HttpFlow flow = HttpFlow.create(client("::1", 50007), request);
    flow.setServer(ServerConnection.of("::1", 8080));
    flow.respond(HttpResponse.builder()
        .status(200)
        .source(ResponseSource.UPSTREAM)
        .header("Content-Type", "image/png")
        .content(new byte[] {(byte) 0x89, 'P', 'N', 'G'})
        .build());
    return flow;
  }

  /** A response that claims gzip but is plain text: it does not decode. */
  static HttpFlow brokenGzip() {
    HttpRequest request = HttpRequest.builder()
        .url("http://broken.test/data")
        .header("Host", "broken.test")
        .build();
    HttpFlow flow = HttpFlow.create(client("127.0.0.1", 50008), request);
    flow.respond(HttpResponse.builder()
        .status(500)
        .source(ResponseSource.UPSTREAM)
        .header("Content-Type", "text/css")
        .header("Content-Encoding", "gzip")
        .content("plain secret text".getBytes(UTF_8))
        .build());
    return flow;
  }
}
