package dev.sluice.testing;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.GrpcCall;
import dev.sluice.api.GrpcMessage;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.HttpResponse;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Request;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.ServerConnection;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.api.internal.FlowAccess;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Live flows for a hook's unit test, without a proxy (mitmproxy's {@code tflow}): build a flow in
 * one line, then run a hook's events on it in the engine's order.
 *
 * <pre>{@code
 * @Test
 * void anticacheDropsConditionalHeaders() {
 *   HttpFlow flow = TestFlows.get("http://example.com/", "If-None-Match", "\"abc\"");
 *   TestFlows.exchange(new Anticache(), flow, Response.of(200, "text/plain", "fresh"));
 *   assertThat(flow.request().headers().contains("If-None-Match")).isFalse();
 *   assertThat(flow.response().text()).isEqualTo("fresh");
 * }
 * }</pre>
 *
 * <p>The flows come from {@link #CLIENT} and, once answered, went to the request's host and port.
 * They are live {@link HttpFlow}s: hooks change them as they would in the proxy, on the test's
 * thread.
 */
public final class TestFlows {

  /** The client connection of every fixture flow: from 127.0.0.1:50000 to a proxy on 127.0.0.1:8080. */
  public static final ClientConnection CLIENT = ClientConnection.of(
      new InetSocketAddress("127.0.0.1", 50000), new InetSocketAddress("127.0.0.1", 8080));

  private static final FlowAccess FLOWS = FlowAccess.get();

  private TestFlows() {}

  /** A live flow of {@code request} (a copy) from {@link #CLIENT}, with no response yet. */
  public static HttpFlow of(Request request) {
    return of(CLIENT, request);
  }

  /** A live flow of {@code request} (a copy) from {@code client}, with no response yet. */
  public static HttpFlow of(ClientConnection client, Request request) {
    return FLOWS.newFlow(Objects.requireNonNull(client, "client"),
        Objects.requireNonNull(request, "request").newBuilder().build());
  }

  /**
   * A live flow of {@code GET url} with exactly the given header names and values (add
   * {@code Host} yourself where a hook reads it).
   *
   * @throws IllegalArgumentException naming the problem when the URL is not absolute or the
   *     names and values do not pair up
   */
  public static HttpFlow get(String url, String... headerNamesAndValues) {
    return of(request("GET", url, headerNamesAndValues).build());
  }

  /** A live flow of {@code POST url} with a text body of {@code contentType}. */
  public static HttpFlow post(String url, String contentType, String text) {
    HttpFlow flow = of(request("POST", url, "Content-Type", contentType).build());
    flow.request().setText(Objects.requireNonNull(text, "text"));
    return flow;
  }

  /**
   * {@code flow} answered by the upstream with {@code response} (a copy, its source
   * {@link ResponseSource#UPSTREAM}), as after the {@code response} event: the server is the
   * request's host and port.
   */
  public static HttpFlow answered(HttpFlow flow, Response response) {
    FLOWS.setServer(flow, ServerConnection.of(flow.request().host(), flow.request().port()));
    flow.respond(fromUpstream(response));
    return flow;
  }

  /** {@code flow} marked as a replay of {@code kind}, as the replayers mark theirs. */
  public static HttpFlow replayed(HttpFlow flow, ReplayKind kind) {
    FLOWS.setReplay(flow, Objects.requireNonNull(kind, "kind"));
    return flow;
  }

  /** {@code flow} failed with {@code error}, as before the {@code error} event. */
  public static HttpFlow failed(HttpFlow flow, FlowError error) {
    FLOWS.setError(flow, Objects.requireNonNull(error, "error"));
    return flow;
  }

  /**
   * A websocket flow on {@code url}: the upgrade answered {@code 101} and the websocket open, with
   * {@code messages} seen so far (add more with {@link #webSocketMessage}).
   */
  public static HttpFlow webSocket(String url, WebSocketMessage... messages) {
    HttpFlow flow = of(request("GET", url, "Upgrade", "websocket", "Connection", "Upgrade").build());
    answered(flow, Response.builder().status(101).header("Upgrade", "websocket").header("Connection", "Upgrade").build());
    WebSocketData data = FLOWS.liveWebSocket(Integer.MAX_VALUE, message -> {
      throw new UnsupportedOperationException("a fixture websocket has no connection to inject into");
    });
    for (WebSocketMessage message : messages) {
      FLOWS.addMessage(data, message);
    }
    FLOWS.setWebSocket(flow, data);
    return flow;
  }

  /**
   * A gRPC call to {@code url} ({@code https://host/package.Service/Method}): a {@code POST} over
   * HTTP/2 with {@code Content-Type: application/grpc}, its {@link HttpFlow#grpc() call} open with
   * no message yet (run {@link #grpcMessage}). What hooks inject is recorded on the call at once,
   * so a test finds it among {@code flow.grpc().messages()}.
   */
  public static HttpFlow grpc(String url) {
    HttpFlow flow = of(request("POST", url, "Content-Type", "application/grpc", "TE", "trailers")
        .httpVersion("HTTP/2.0").streamed(true).build());
    GrpcCall[] call = new GrpcCall[1];
    call[0] = FLOWS.startGrpc(flow, Integer.MAX_VALUE, injected -> FLOWS.addMessage(call[0], injected));
    return flow;
  }

  /**
   * Records {@code message} on {@code flow}'s gRPC call and runs {@code hook}'s {@code grpcMessage}
   * event for it, as the proxy would; the hook may change it, drop it, inject others or end the call.
   *
   * <pre>{@code
   * HttpFlow flow = TestFlows.grpc("https://api.test/shop.v1.Orders/Get");
   * GrpcMessage seen = TestFlows.grpcMessage(hook, flow, GrpcMessage.of(true, request.toByteArray(), false, Instant.now()));
   * assertThat(seen.isDropped()).isFalse();
   * }</pre>
   *
   * @throws IllegalStateException when {@code flow} is no gRPC call (see {@link #grpc})
   */
  public static GrpcMessage grpcMessage(FlowHook hook, HttpFlow flow, GrpcMessage message) {
    if (flow.grpc() == null) {
      throw new IllegalStateException("flow: not a gRPC call; make one with TestFlows.grpc");
    }
    FLOWS.addMessage(flow.grpc(), Objects.requireNonNull(message, "message"));
    hook.grpcMessage(flow);
    return message;
  }

  /**
   * Runs {@code hook}'s events on {@code flow} as the proxy would for one exchange:
   * {@code requestHeaders} and {@code request}; then, unless a hook answered or killed the flow,
   * the upstream answers with {@code upstream}; then {@code responseHeaders} and
   * {@code response}. A killed flow gets no response event.
   *
   * @return {@code flow}
   */
  public static HttpFlow exchange(FlowHook hook, HttpFlow flow, Response upstream) {
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(upstream, "upstream");
    hook.requestHeaders(flow);
    if (!flow.hasResponse() && !flow.isKilled()) {
      hook.request(flow);
    }
    if (flow.isKilled()) {
      return flow;
    }
    if (!flow.hasResponse()) {
      answered(flow, upstream);
    }
    hook.responseHeaders(flow);
    if (!flow.isKilled()) {
      hook.response(flow);
    }
    return flow;
  }

  /**
   * Records {@code message} on {@code flow}'s websocket and runs {@code hook}'s
   * {@code webSocketMessage} event for it, as the proxy would; the hook may change or drop it.
   *
   * @throws IllegalStateException when {@code flow} is no websocket flow (see {@link #webSocket})
   */
  public static WebSocketMessage webSocketMessage(FlowHook hook, HttpFlow flow, WebSocketMessage message) {
    if (flow.webSocket() == null) {
      throw new IllegalStateException("flow: not a websocket flow; make one with TestFlows.webSocket");
    }
    FLOWS.addMessage(flow.webSocket(), Objects.requireNonNull(message, "message"));
    hook.webSocketMessage(flow);
    return message;
  }

  private static HttpResponse fromUpstream(Response response) {
    return Objects.requireNonNull(response, "response").newBuilder().source(ResponseSource.UPSTREAM).build();
  }

  private static HttpRequest.Builder request(String method, String url, String... headerNamesAndValues) {
    if (headerNamesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("headerNamesAndValues: expected name, value pairs, got "
          + headerNamesAndValues.length + " strings");
    }
    HttpRequest.Builder builder = Request.builder().method(method).url(Objects.requireNonNull(url, "url"));
    for (int i = 0; i < headerNamesAndValues.length; i += 2) {
      builder.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
    }
    return builder;
  }
}
