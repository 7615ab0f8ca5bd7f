package dev.sluice.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The websocket part of a flow that was upgraded: the messages so far and how it closed.
 *
 * <pre>{@code
 * WebSocketData ws = flow.webSocket();
 * if (ws != null) ws.messages().forEach(System.out::println);
 * }</pre>
 */
public final class WebSocketData {

  private final List<WebSocketMessage> messages = new ArrayList<>();
  private Integer closeCode;
  private String closeReason = "";
  private Boolean closedByClient;

  /** A websocket with no message yet. */
  public static WebSocketData create() {
    return new WebSocketData();
  }

  private WebSocketData() {}

  /** The messages in the order they were seen. */
  public List<WebSocketMessage> messages() {
    return Collections.unmodifiableList(messages);
  }

  /** The newest message: the one a {@code webSocketMessage} event is about. */
  public WebSocketMessage lastMessage() {
    if (messages.isEmpty()) {
      throw new IllegalStateException("no websocket message yet");
    }
    return messages.get(messages.size() - 1);
  }

  /** Records a message. */
  public void addMessage(WebSocketMessage message) {
    messages.add(message);
  }

  /** The close code, or {@code null} while open. */
  public Integer closeCode() {
    return closeCode;
  }

  /** The close reason (empty when none was given). */
  public String closeReason() {
    return closeReason;
  }

  /** Whether the client closed first, or {@code null} while open. */
  public Boolean closedByClient() {
    return closedByClient;
  }

  /** Records how the websocket closed. */
  public void setClosed(boolean byClient, int code, String reason) {
    this.closedByClient = byClient;
    this.closeCode = code;
    this.closeReason = reason == null ? "" : reason;
  }

  WebSocketData copy() {
    WebSocketData copy = new WebSocketData();
    messages.forEach(m -> copy.messages.add(m.copy()));
    copy.closeCode = closeCode;
    copy.closeReason = closeReason;
    copy.closedByClient = closedByClient;
    return copy;
  }
}
