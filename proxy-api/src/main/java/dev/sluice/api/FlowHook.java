package dev.sluice.api;

import dev.sluice.api.internal.BlockingHook;
import dev.sluice.api.internal.FilteredHook;
import dev.sluice.api.internal.LambdaHook;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The events of the proxy, as mitmproxy names them; implement the ones you need.
 *
 * <p>Each event takes one object, so the interface can grow without breaking anyone. Events of
 * one flow arrive in order: {@code requestHeaders} (body not read yet; a hook may
 * {@linkplain HttpMessage#setStreamed(boolean) stream} it), {@code request} (a hook may
 * {@linkplain HttpFlow#respond(HttpResponse) respond}: the upstream is then never contacted),
 * {@code responseHeaders}, {@code response}, or {@code error}. Hooks run in the order added.
 *
 * <p>One hook instance serves every connection at once: keep shared fields thread-safe and put
 * per-flow state in {@linkplain FlowAttribute flow attributes}. Events run on the connection's
 * event loop and must not block, unless the hook is marked {@link Blocking}. A hook that throws
 * fails its own flow only (a 502 that names it, and an {@code error} event). Hooks that are
 * {@link AutoCloseable} are closed, in reverse order, when the server closes.
 *
 * <pre>{@code
 * ProxyServer.builder()
 *     .hook(FlowHook.onRequest(flow -> flow.request().headers().set("X-Via", "sluice")))
 *     .hook(FlowHook.matching(FlowFilter.parse("~d example.com"), new MyHook()))
 *     .start();
 * }</pre>
 */
public interface FlowHook {

  /** A client connected to the proxy. */
  default void clientConnected(ClientConnection client) {}

  /** A client connection closed. */
  default void clientDisconnected(ClientConnection client) {}

  /**
   * A SOCKS5 client sent a user name and password; a hook that finds them valid
   * {@linkplain Socks5Auth#accept() accepts} them, else the client is refused.
   */
  default void socks5Auth(Socks5Auth auth) {}

  /**
   * A {@code CONNECT} request arrived; {@link HttpFlow#respond(HttpResponse)} with a non-2xx
   * response refuses the tunnel.
   */
  default void httpConnect(HttpFlow flow) {}

  /** A TLS ClientHello arrived in a tunnel; the hook may choose to pass the connection through. */
  default void tlsClientHello(TlsClientHello hello) {}

  /** A TLS handshake failed, with the client or with the server. */
  default void tlsFailed(TlsFailure failure) {}

  /** The request line and headers were read; the body was not. */
  default void requestHeaders(HttpFlow flow) {}

  /** The whole request was read (the body is aggregated unless streamed). */
  default void request(HttpFlow flow) {}

  /** The status line and headers of the response were read; the body was not. */
  default void responseHeaders(HttpFlow flow) {}

  /** The whole response was read and is about to be written to the client. */
  default void response(HttpFlow flow) {}

  /** The flow failed; {@link HttpFlow#error()} says why. */
  default void error(HttpFlow flow) {}

  /** A websocket was established on this flow. */
  default void webSocketStart(HttpFlow flow) {}

  /** A whole websocket message arrived: {@code flow.webSocket().lastMessage()}. */
  default void webSocketMessage(HttpFlow flow) {}

  /** The websocket closed. */
  default void webSocketEnd(HttpFlow flow) {}

  /**
   * A whole gRPC message of the flow's call passed, in either direction:
   * {@code flow.grpc().lastMessage()}. The call goes on once the event returns.
   */
  default void grpcMessage(HttpFlow flow) {}

  /** The name used in logs and in the 502 that a failing hook gets (the class name by default). */
  default String name() {
    return getClass().getName();
  }

  /** Whether the engine must run this hook off the event loop (see {@link Blocking}). */
  default boolean isBlocking() {
    return getClass().isAnnotationPresent(Blocking.class);
  }

  /**
   * {@code hook}, but its flow events fire only for flows that {@code filter} matches.
   * Connection events (connect, disconnect, TLS) always pass.
   */
  static FlowHook matching(FlowFilter filter, FlowHook hook) {
    return new FilteredHook(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(hook, "hook"));
  }

  /** {@code hook}, declared {@link Blocking}. */
  static FlowHook blocking(FlowHook hook) {
    return new BlockingHook(Objects.requireNonNull(hook, "hook"));
  }

  /** A hook for the {@code requestHeaders} event only. */
  static FlowHook onRequestHeaders(Consumer<HttpFlow> action) {
    return LambdaHook.of("requestHeaders", action);
  }

  /** A hook for the {@code request} event only. */
  static FlowHook onRequest(Consumer<HttpFlow> action) {
    return LambdaHook.of("request", action);
  }

  /** A hook for the {@code responseHeaders} event only. */
  static FlowHook onResponseHeaders(Consumer<HttpFlow> action) {
    return LambdaHook.of("responseHeaders", action);
  }

  /** A hook for the {@code response} event only. */
  static FlowHook onResponse(Consumer<HttpFlow> action) {
    return LambdaHook.of("response", action);
  }

  /** A hook for the {@code error} event only. */
  static FlowHook onError(Consumer<HttpFlow> action) {
    return LambdaHook.of("error", action);
  }

  /** A hook for the {@code webSocketMessage} event only. */
  static FlowHook onWebSocketMessage(Consumer<HttpFlow> action) {
    return LambdaHook.of("webSocketMessage", action);
  }

  /** A hook for the {@code grpcMessage} event only. */
  static FlowHook onGrpcMessage(Consumer<HttpFlow> action) {
    return LambdaHook.of("grpcMessage", action);
  }
}
