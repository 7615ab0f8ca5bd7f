package dev.sluice.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One whole websocket message (fragments already joined), as the {@code webSocketMessage} event
 * sees it. A hook may change its content or drop it before it is forwarded.
 *
 * <pre>{@code
 * FlowHook.onWebSocketMessage(flow -> {
 *   WebSocketMessage message = flow.webSocket().lastMessage();
 *   if (message.isText() && message.text().contains("secret")) message.drop();
 * });
 * }</pre>
 */
public final class WebSocketMessage {

  /** The type of a data message. */
  public enum Type {
    /** A UTF-8 text message. */
    TEXT,
    /** A binary message. */
    BINARY
  }

  private final boolean fromClient;
  private final Type type;
  private byte[] content;
  private final Instant timestamp;
  private boolean dropped;
  private final boolean injected;
  private boolean readOnly;

  private WebSocketMessage(boolean fromClient, Type type, byte[] content, Instant timestamp, boolean injected) {
    this.fromClient = fromClient;
    this.type = Objects.requireNonNull(type, "type");
    this.content = Objects.requireNonNull(content, "content").clone();
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.injected = injected;
  }

  /** A message seen on the wire now. */
  public static WebSocketMessage of(boolean fromClient, Type type, byte[] content) {
    return new WebSocketMessage(fromClient, type, content, Instant.now(), false);
  }

  /** A message with a known timestamp, as read from a recording. */
  public static WebSocketMessage of(boolean fromClient, Type type, byte[] content, Instant timestamp) {
    return new WebSocketMessage(fromClient, type, content, timestamp, false);
  }

  /** A text message a hook injects, to be sent {@code toServer} or to the client. */
  public static WebSocketMessage injectText(boolean toServer, String text) {
    return new WebSocketMessage(toServer, Type.TEXT, text.getBytes(StandardCharsets.UTF_8), Instant.now(), true);
  }

  /** A binary message a hook injects, to be sent {@code toServer} or to the client. */
  public static WebSocketMessage injectBinary(boolean toServer, byte[] content) {
    return new WebSocketMessage(toServer, Type.BINARY, content, Instant.now(), true);
  }

  /** Whether the client sent it (else the server did); for an injected message, whether it goes to the server. */
  public boolean fromClient() {
    return fromClient;
  }

  /** Text or binary. */
  public Type type() {
    return type;
  }

  /** Whether it is a text message. */
  public boolean isText() {
    return type == Type.TEXT;
  }

  /** A copy of the payload. */
  public byte[] content() {
    return content.clone();
  }

  /** A read-only view of the payload, without a copy. */
  public ByteBuffer contentBuffer() {
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
  }

  /** The payload as UTF-8 text. */
  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /** Replaces the payload. */
  public void setContent(byte[] content) {
    checkWritable();
    this.content = Objects.requireNonNull(content, "content").clone();
  }

  /** Replaces the payload with UTF-8 text. */
  public void setText(String text) {
    setContent(text.getBytes(StandardCharsets.UTF_8));
  }

  /** When the message was complete. */
  public Instant timestamp() {
    return timestamp;
  }

  /** Keeps the message from being forwarded. */
  public void drop() {
    checkWritable();
    dropped = true;
  }

  /** Whether a hook dropped it. */
  public boolean isDropped() {
    return dropped;
  }

  /** Whether a hook injected it (it never crossed the wire from a peer). */
  public boolean isInjected() {
    return injected;
  }

  /** Whether this message belongs to a kept {@link Flow} (recorded or a snapshot), where it is read-only. */
  public boolean isReadOnly() {
    return readOnly;
  }

  WebSocketMessage readOnlyCopy() {
    WebSocketMessage copy = new WebSocketMessage(fromClient, type, content, timestamp, injected);
    copy.dropped = dropped;
    copy.readOnly = true;
    return copy;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("this websocket message belongs to a kept Flow and is read-only");
    }
  }

  @Override
  public String toString() {
    return (fromClient ? "client -> server " : "server -> client ") + type + " (" + content.length + " bytes)";
  }
}
