package dev.sluice.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
  private boolean readOnly;

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
    checkWritable();
    messages.add(Objects.requireNonNull(message, "message"));
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
    checkWritable();
    this.closedByClient = byClient;
    this.closeCode = code;
    this.closeReason = reason == null ? "" : reason;
  }

  /** Whether this belongs to a read-only {@linkplain HttpFlow#snapshot() snapshot}. */
  public boolean isReadOnly() {
    return readOnly;
  }

  WebSocketData readOnlyCopy() {
    WebSocketData copy = new WebSocketData();
    messages.forEach(m -> copy.messages.add(m.readOnlyCopy()));
    copy.closeCode = closeCode;
    copy.closeReason = closeReason;
    copy.closedByClient = closedByClient;
    copy.readOnly = true;
    return copy;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("this websocket data belongs to a read-only snapshot");
    }
  }
}
