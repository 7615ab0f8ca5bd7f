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

  private static HttpFlow flow(int clientPort, String method, String url, String... headers) {
    return flow(clientPort, HttpRequest.builder().method(method).url(url).headers(Headers.of(headers)).build());
  }

  private static HttpFlow flow(int clientPort, HttpRequest request) {
    return HttpFlow.create(client("127.0.0.1", clientPort), request);
  }

  private static HttpResponse.Builder upstream(int status, String... headers) {
    return HttpResponse.builder().status(status).source(ResponseSource.UPSTREAM).headers(Headers.of(headers));
  }

  /** GET http://example.com/index.html?q=1, no response yet. */
  static HttpFlow get() {
    return flow(50000, "GET", "http://example.com/index.html?q=1",
        "Host", "example.com", "User-Agent", "curl/8.5.0", "Accept", "*/*");
  }

  /** POST of JSON to https://api.example.org:8443, answered 201 with a gzipped JSON body. */
  static HttpFlow post() {
    HttpFlow flow = flow(50001, HttpRequest.builder()
        .method("POST")
        .url("https://api.example.org:8443/v1/items")
        .headers(Headers.of("Host", "api.example.org:8443", "Content-Type", "application/json"))
        .content("{\"name\":\"widget\"}".getBytes(UTF_8))
        .build());
    flow.setServer(ServerConnection.of("api.example.org", 8443));
    flow.respond(upstream(201, "Content-Type", "application/json", "Content-Encoding", "gzip")
        .content(gzip("{\"id\":42,\"status\":\"created\"}"))
        .build());
    return flow;
  }

  /**
   * A request to 127.0.0.1:8081 whose Host header names www.shop.test:8080 (as a reverse proxy
   * sees it), answered with gzipped HTML and two cookies.
   */
  static HttpFlow html() {
    HttpFlow flow = flow(50002, "GET", "http://127.0.0.1:8081/catalog/shoes",
        "Host", "www.shop.test:8080", "Accept-Encoding", "gzip", "Cookie", "session=abc123");
    flow.setServer(ServerConnection.of("127.0.0.1", 8081));
    flow.respond(upstream(200, "Content-Type", "text/html; charset=utf-8", "Content-Encoding", "gzip",
            "Set-Cookie", "a=1; Path=/", "Set-Cookie", "b=2; Path=/catalog")
        .content(gzip("<html><body>Hello W\u00f6rld, buy shoes</body></html>"))
        .build());
    return flow;
  }

  /** A request to down.test that failed to connect: an error and no response. */
  static HttpFlow error() {
    HttpFlow flow = flow(50003, "DELETE", "http://down.test/things/7", "Host", "down.test");
    flow.setError(FlowError.of(FlowError.Kind.CONNECT_FAILED, "down.test: connection refused"));
    return flow;
  }

  /** An upgraded websocket on ws://chat.test/socket with one message each way and a binary one. */
  static HttpFlow webSocket() {
    HttpFlow flow = flow(50004, "GET", "http://chat.test/socket",
        "Host", "chat.test", "Upgrade", "websocket", "Connection", "Upgrade");
    flow.setServer(ServerConnection.of("chat.test", 80));
    flow.respond(upstream(101, "Upgrade", "websocket", "Connection", "Upgrade").build());
    WebSocketData ws = WebSocketData.create();
    ws.addMessage(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello server".getBytes(UTF_8)));
    ws.addMessage(WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "welcome client".getBytes(UTF_8)));
    ws.addMessage(WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {0x00, (byte) 0xff, 0x42}));
    flow.setWebSocket(ws);
    return flow;
  }

  /** A request sent again by client replay, marked with a red circle, with a two-line comment. */
  static HttpFlow replayedRequest() {
    HttpFlow flow = flow(50005, HttpRequest.builder()
        .method("PUT")
        .url("http://example.com/profile")
        .headers(Headers.of("Host", "example.com", "Authorization", "Bearer token-1", "Content-Type", "text/plain"))
        .content("name=Ada Lovelace".getBytes(UTF_8))
        .build());
    flow.setReplay(ReplayKind.REQUEST);
    flow.setMarker("\uD83D\uDD34");
    flow.setComment("check this\nsecond line");
    flow.setServer(ServerConnection.of("example.com", 80));
    flow.respond(upstream(204).build());
    return flow;
  }

  /** A response served by server replay: 404 text/plain, with metadata. */
  static HttpFlow replayedResponse() {
    HttpFlow flow = flow(50006, "GET", "https://example.com/missing", "Host", "example.com");
    flow.setReplay(ReplayKind.RESPONSE);
    flow.metadata().put("tag", "login");
    flow.metadata().put("count", 3);
    flow.metadata().put("ok", true);
    flow.respond(upstream(404, "Content-Type", "text/plain")
        .source(ResponseSource.REPLAY)
        .content("nothing here".getBytes(UTF_8))
        .build());
    return flow;
  }

  /** An image fetched over IPv6 loopback from [::1]:8080, from client [::1]:50007. */
  static HttpFlow asset() {
    HttpRequest request = HttpRequest.builder().url("http://[::1]:8080/img/logo.png").header("Host", "[::1]:8080").build();
    HttpFlow flow = HttpFlow.create(client("::1", 50007), request);
    flow.setServer(ServerConnection.of("::1", 8080));
    flow.respond(upstream(200, "Content-Type", "image/png").content(new byte[] {(byte) 0x89, 'P', 'N', 'G'}).build());
    return flow;
  }

  /** A response that claims gzip but is plain text: it does not decode. */
  static HttpFlow brokenGzip() {
    HttpFlow flow = flow(50008, "GET", "http://broken.test/data", "Host", "broken.test");
    flow.respond(upstream(500, "Content-Type", "text/css", "Content-Encoding", "gzip")
        .content("plain secret text".getBytes(UTF_8))
        .build());
    return flow;
  }
}
