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

/** Recorded flows of every kind, for filter and storage tests, built in memory; each call builds a fresh one. */
public final class SampleFlows {

  private static final Map<String, Supplier<Flow>> FLOWS = new LinkedHashMap<>();

  static {
    FLOWS.put("get", SampleFlows::get);
    FLOWS.put("post", SampleFlows::post);
    FLOWS.put("html", SampleFlows::html);
    FLOWS.put("error", SampleFlows::error);
    FLOWS.put("websocket", SampleFlows::webSocket);
    FLOWS.put("replayedRequest", SampleFlows::replayedRequest);
    FLOWS.put("replayedResponse", SampleFlows::replayedResponse);
    FLOWS.put("asset", SampleFlows::asset);
    FLOWS.put("brokenGzip", SampleFlows::brokenGzip);
  }

  private SampleFlows() {}

  /** The names of every fixture. */
  public static List<String> names() {
    return List.copyOf(FLOWS.keySet());
  }

  /** A fresh flow of the fixture called {@code name}. */
  public static Flow flow(String name) {
    Supplier<Flow> flow = FLOWS.get(name);
    if (flow == null) {
      throw new IllegalArgumentException("no fixture flow called " + name);
    }
    return flow.get();
  }

  /** A live flow of {@code GET url} with the given headers, as the engine makes them (for tests of live behaviour). */
  public static HttpFlow live(String url, String... headers) {
    return HttpFlow.create(client("127.0.0.1", 50000), Request.builder().url(url).headers(Headers.of(headers)).build());
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

  private static Flow.Builder flow(int clientPort, String method, String url, String... headers) {
    return flow(clientPort, Request.builder().method(method).url(url).headers(Headers.of(headers)).build());
  }

  private static Flow.Builder flow(int clientPort, HttpRequest request) {
    return Flow.builder().client(client("127.0.0.1", clientPort)).request(request);
  }

  private static HttpResponse.Builder upstream(int status, String... headers) {
    return Response.builder().status(status).source(ResponseSource.UPSTREAM).headers(Headers.of(headers));
  }

  /** GET http://example.com/index.html?q=1, no response yet. */
  static Flow get() {
    return flow(50000, "GET", "http://example.com/index.html?q=1",
        "Host", "example.com", "User-Agent", "curl/8.5.0", "Accept", "*/*").build();
  }

  /** POST of JSON to https://api.example.org:8443, answered 201 with a gzipped JSON body. */
  static Flow post() {
    Flow.Builder flow = flow(50001, Request.builder()
        .method("POST")
        .url("https://api.example.org:8443/v1/items")
        .headers(Headers.of("Host", "api.example.org:8443", "Content-Type", "application/json"))
        .content("{\"name\":\"widget\"}".getBytes(UTF_8))
        .build());
    flow.server(ServerConnection.of("api.example.org", 8443));
    flow.response(upstream(201, "Content-Type", "application/json", "Content-Encoding", "gzip")
        .content(gzip("{\"id\":42,\"status\":\"created\"}"))
        .build());
    return flow.build();
  }

  /**
   * A request to 127.0.0.1:8081 whose Host header names www.shop.test:8080 (as a reverse proxy
   * sees it), answered with gzipped HTML and two cookies.
   */
  static Flow html() {
    Flow.Builder flow = flow(50002, "GET", "http://127.0.0.1:8081/catalog/shoes",
        "Host", "www.shop.test:8080", "Accept-Encoding", "gzip", "Cookie", "session=abc123");
    flow.server(ServerConnection.of("127.0.0.1", 8081));
    flow.response(upstream(200, "Content-Type", "text/html; charset=utf-8", "Content-Encoding", "gzip",
            "Set-Cookie", "a=1; Path=/", "Set-Cookie", "b=2; Path=/catalog")
        .content(gzip("<html><body>Hello W\u00f6rld, buy shoes</body></html>"))
        .build());
    return flow.build();
  }

  /** A request to down.test that failed to connect: an error and no response. */
  static Flow error() {
    Flow.Builder flow = flow(50003, "DELETE", "http://down.test/things/7", "Host", "down.test");
    flow.error(FlowError.of(FlowError.Kind.CONNECT_FAILED, "down.test: connection refused"));
    return flow.build();
  }

  /** An upgraded websocket on ws://chat.test/socket with one message each way and a binary one. */
  static Flow webSocket() {
    Flow.Builder flow = flow(50004, "GET", "http://chat.test/socket",
        "Host", "chat.test", "Upgrade", "websocket", "Connection", "Upgrade");
    flow.server(ServerConnection.of("chat.test", 80));
    flow.response(upstream(101, "Upgrade", "websocket", "Connection", "Upgrade").build());
    flow.webSocket(WebSocketData.builder()
        .message(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello server".getBytes(UTF_8)))
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "welcome client".getBytes(UTF_8)))
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {0x00, (byte) 0xff, 0x42}))
        .build());
    return flow.build();
  }

  /** A request sent again by client replay, marked with a red circle, with a two-line comment. */
  static Flow replayedRequest() {
    Flow.Builder flow = flow(50005, Request.builder()
        .method("PUT")
        .url("http://example.com/profile")
        .headers(Headers.of("Host", "example.com", "Authorization", "Bearer token-1", "Content-Type", "text/plain"))
        .content("name=Ada Lovelace".getBytes(UTF_8))
        .build());
    flow.replay(ReplayKind.REQUEST);
    flow.marker("\uD83D\uDD34");
    flow.comment("check this\nsecond line");
    flow.server(ServerConnection.of("example.com", 80));
    flow.response(upstream(204).build());
    return flow.build();
  }

  /** A response served by server replay: 404 text/plain, with metadata. */
  static Flow replayedResponse() {
    Flow.Builder flow = flow(50006, "GET", "https://example.com/missing", "Host", "example.com");
    flow.replay(ReplayKind.RESPONSE);
    flow.metadata("tag", "login");
    flow.metadata("count", 3);
    flow.metadata("ok", true);
    flow.response(upstream(404, "Content-Type", "text/plain")
        .source(ResponseSource.REPLAY)
        .content("nothing here".getBytes(UTF_8))
        .build());
    return flow.build();
  }

  /** An image fetched over IPv6 loopback from [::1]:8080, from client [::1]:50007. */
  static Flow asset() {
    HttpRequest request = Request.builder().url("http://[::1]:8080/img/logo.png").header("Host", "[::1]:8080").build();
    Flow.Builder flow = Flow.builder().client(client("::1", 50007)).request(request);
    flow.server(ServerConnection.of("::1", 8080));
    flow.response(upstream(200, "Content-Type", "image/png").content(new byte[] {(byte) 0x89, 'P', 'N', 'G'}).build());
    return flow.build();
  }

  /** A response that claims gzip but is plain text: it does not decode. */
  static Flow brokenGzip() {
    Flow.Builder flow = flow(50008, "GET", "http://broken.test/data", "Host", "broken.test");
    flow.response(upstream(500, "Content-Type", "text/css", "Content-Encoding", "gzip")
        .content("plain secret text".getBytes(UTF_8))
        .build());
    return flow.build();
  }
}
