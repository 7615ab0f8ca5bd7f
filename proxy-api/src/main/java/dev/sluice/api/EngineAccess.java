package dev.sluice.api;

import dev.sluice.api.internal.FlowAccess;
import java.time.Instant;
import java.util.function.Consumer;

/** The model's side of {@link FlowAccess}: the engine-only setters, reached from other packages. */
final class EngineAccess extends FlowAccess {

  @Override
  public HttpFlow newFlow(ClientConnection client, HttpRequest request) {
    return HttpFlow.create(client, request);
  }

  @Override
  public void setServer(HttpFlow flow, ServerConnection server) {
    flow.setServer(server);
  }

  @Override
  public void setError(HttpFlow flow, FlowError error) {
    flow.setError(error);
  }

  @Override
  public void setReplay(HttpFlow flow, ReplayKind replay) {
    flow.setReplay(replay);
  }

  @Override
  public void setWebSocket(HttpFlow flow, WebSocketData webSocket) {
    flow.setWebSocket(webSocket);
  }

  @Override
  public void setTimestampEnd(HttpMessage message, Instant timestampEnd) {
    message.setTimestampEnd(timestampEnd);
  }

  @Override
  public void setReceivedContent(HttpMessage message, byte[] raw) {
    message.setReceivedContent(raw);
  }

  @Override
  public byte[] rawContentShared(HttpMessage message) {
    return message.contentArray();
  }

  @Override
  public WebSocketData liveWebSocket(int messageLimit, Consumer<WebSocketMessage> injector) {
    return WebSocketData.create(messageLimit, injector);
  }

  @Override
  public void addMessage(WebSocketData webSocket, WebSocketMessage message) {
    webSocket.addMessage(message);
  }

  @Override
  public void setClosed(WebSocketData webSocket, boolean byClient, int code, String reason) {
    webSocket.setClosed(byClient, code, reason);
  }

  @Override
  public GrpcCall startGrpc(HttpFlow flow, int messageLimit, Consumer<GrpcMessage> injector) {
    GrpcCall call = GrpcCall.create(flow.request().path(), messageLimit, injector);
    flow.setGrpc(call);
    return call;
  }

  @Override
  public void addMessage(GrpcCall call, GrpcMessage message) {
    call.addMessage(message);
  }
}
