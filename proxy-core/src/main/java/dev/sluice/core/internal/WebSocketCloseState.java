package dev.sluice.core.internal;

import dev.sluice.api.FlowError;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.WebSocketData;
import dev.sluice.api.internal.FlowAccess;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * How a websocket is closing: which side sent a close frame and which was sent one, the first close
 * (or failure) that ends it, and the failure the flow records.
 */
final class WebSocketCloseState {

  private static final FlowAccess FLOWS = FlowAccess.get();

  private boolean fromClient;
  private boolean fromServer;
  private boolean toClient;
  private boolean toServer;
  private Boolean byClient;
  private int code;
  private String reason = "";
  private FlowError failure;

  /** A close frame with {@code status} (-1: none) and {@code text} came from the client or the server. */
  void received(boolean client, int status, String text) {
    if (client) {
      fromClient = true;
    } else {
      fromServer = true;
    }
    closedBy(client, status < 0 ? WebSocketCloseStatus.EMPTY.code() : status, text);
  }

  /** Whether that side sent a close frame. */
  boolean receivedFrom(boolean client) {
    return client ? fromClient : fromServer;
  }

  /** Whether both sides sent a close frame: the handshake is complete. */
  boolean complete() {
    return fromClient && fromServer;
  }

  /** Whether a close frame went to that side. */
  boolean sentTo(boolean client) {
    return client ? toClient : toServer;
  }

  void markSentTo(boolean client) {
    if (client) {
      toClient = true;
    } else {
      toServer = true;
    }
  }

  /** Records the first failure, as the close too if none was seen; false if one was recorded already. */
  boolean fail(FlowError error, boolean client, int status) {
    closedBy(client, status, error.message());
    if (failure != null) {
      return false;
    }
    failure = error;
    return true;
  }

  FlowError failure() {
    return failure;
  }

  /** Writes the outcome to the flow: the close (1006 from the client when nothing closed it) and the failure. */
  void applyTo(HttpFlow flow, WebSocketData data) {
    closedBy(true, WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "");
    FLOWS.setClosed(data, byClient, code, reason);
    if (failure != null) {
      FLOWS.setError(flow, failure);
    }
  }

  private void closedBy(boolean client, int status, String text) {
    if (byClient == null) {
      byClient = client;
      code = status;
      reason = text;
    }
  }
}
