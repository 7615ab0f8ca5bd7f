package dev.sluice.core.internal;

import dev.sluice.api.ClientConnection;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Socks5Auth;
import dev.sluice.api.TlsClientHello;
import dev.sluice.api.TlsFailure;
import java.util.Arrays;
import java.util.function.BiConsumer;

/** The {@link FlowHook} events the engine fires, each with the method it calls. */
enum HookEvent {
  CLIENT_CONNECTED("clientConnected", ClientConnection.class,
      (hook, arg) -> hook.clientConnected((ClientConnection) arg)),
  CLIENT_DISCONNECTED("clientDisconnected", ClientConnection.class,
      (hook, arg) -> hook.clientDisconnected((ClientConnection) arg)),
  SOCKS5_AUTH("socks5Auth", Socks5Auth.class, (hook, arg) -> hook.socks5Auth((Socks5Auth) arg)),
  TLS_CLIENT_HELLO("tlsClientHello", TlsClientHello.class, (hook, arg) -> hook.tlsClientHello((TlsClientHello) arg)),
  TLS_FAILED("tlsFailed", TlsFailure.class, (hook, arg) -> hook.tlsFailed((TlsFailure) arg)),
  HTTP_CONNECT("httpConnect", HttpFlow.class, (hook, arg) -> hook.httpConnect((HttpFlow) arg)),
  REQUEST_HEADERS("requestHeaders", HttpFlow.class, (hook, arg) -> hook.requestHeaders((HttpFlow) arg)),
  REQUEST("request", HttpFlow.class, (hook, arg) -> hook.request((HttpFlow) arg)),
  RESPONSE_HEADERS("responseHeaders", HttpFlow.class, (hook, arg) -> hook.responseHeaders((HttpFlow) arg)),
  RESPONSE("response", HttpFlow.class, (hook, arg) -> hook.response((HttpFlow) arg)),
  ERROR("error", HttpFlow.class, (hook, arg) -> hook.error((HttpFlow) arg)),
  WEB_SOCKET_START("webSocketStart", HttpFlow.class, (hook, arg) -> hook.webSocketStart((HttpFlow) arg)),
  WEB_SOCKET_MESSAGE("webSocketMessage", HttpFlow.class, (hook, arg) -> hook.webSocketMessage((HttpFlow) arg)),
  WEB_SOCKET_END("webSocketEnd", HttpFlow.class, (hook, arg) -> hook.webSocketEnd((HttpFlow) arg)),
  GRPC_MESSAGE("grpcMessage", HttpFlow.class, (hook, arg) -> hook.grpcMessage((HttpFlow) arg));

  private final String method;
  private final Class<?> argument;
  private final BiConsumer<FlowHook, Object> call;

  HookEvent(String method, Class<?> argument, BiConsumer<FlowHook, Object> call) {
    this.method = method;
    this.argument = argument;
    this.call = call;
  }

  /** Calls this event's method of {@code hook}. */
  void invoke(FlowHook hook, Object argument) {
    call.accept(hook, argument);
  }

  /**
   * Whether {@code hook} must get this event: its class implements it (so the default no-op need
   * not be called), or it declares no event method at all. The second case covers mocks whose
   * mock maker instruments the interface's default methods in place (Mockito's inline mock maker,
   * its default): they declare nothing themselves, yet expect every call.
   */
  boolean isImplementedBy(FlowHook hook) {
    return declares(hook) || Arrays.stream(values()).noneMatch(event -> event.declares(hook));
  }

  private boolean declares(FlowHook hook) {
    try {
      return hook.getClass().getMethod(method, argument).getDeclaringClass() != FlowHook.class;
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("FlowHook." + method + " is missing", e);
    }
  }

  /** The method name, as in {@code FlowHook}. */
  String methodName() {
    return method;
  }
}
