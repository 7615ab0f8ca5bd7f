package dev.sluice.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The websocket part of a flow that was upgraded: the messages so far and how it closed.
 *
 * <pre>{@code
 * WebSocketData ws = flow.webSocket();
 * if (ws != null) ws.messages().forEach(System.out::println);
 * ws.inject(WebSocketMessage.injectText(false, "hello from the proxy"));   // to the client
 *
 * WebSocketData recorded = WebSocketData.builder()
 *     .message(WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "welcome".getBytes(UTF_8)))
 *     .closed(false, 1000, "bye")
 *     .build();
 * }</pre>
 *
 * <p>At most {@link #messageLimit()} messages are kept: past it, the oldest message goes and
 * {@link #droppedMessages()} counts it, so the newest message is always the last one.
 */
public final class WebSocketData {

  private final BoundedMessages<WebSocketMessage> messages;
  private final Consumer<WebSocketMessage> injector;
  private Integer closeCode;
  private String closeReason = "";
  private Boolean closedByClient;
  private boolean readOnly;

  /**
   * A builder for recorded websocket data (restored from storage, or made for a test or a hook
   * that answers an upgrade itself): every message it is given, and how it closed.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A websocket of a live connection (the engine creates it, through {@code FlowAccess}): it keeps
   * at most {@code messageLimit} messages, and {@link #inject} hands messages to {@code injector},
   * which must accept them from any thread.
   */
  static WebSocketData create(int messageLimit, Consumer<WebSocketMessage> injector) {
    if (messageLimit < 1) {
      throw new IllegalArgumentException("messageLimit: must be at least 1, got " + messageLimit);
    }
    return new WebSocketData(messageLimit, Objects.requireNonNull(injector, "injector"));
  }

  private WebSocketData(int messageLimit, Consumer<WebSocketMessage> injector) {
    this(new BoundedMessages<>(messageLimit), injector);
  }

  private WebSocketData(BoundedMessages<WebSocketMessage> messages, Consumer<WebSocketMessage> injector) {
    this.messages = messages;
    this.injector = injector;
  }

  /** The messages in the order they were seen. */
  public List<WebSocketMessage> messages() {
    return messages.view();
  }

  /** The newest message: the one a {@code webSocketMessage} event is about. */
  public WebSocketMessage lastMessage() {
    return messages.last("websocket");
  }

  /** Records a message; past the {@linkplain #messageLimit() limit} the oldest one goes. */
  void addMessage(WebSocketMessage message) {
    checkWritable();
    messages.add(message);
  }

  /** How many messages are kept at most. */
  public int messageLimit() {
    return messages.limit();
  }

  /** How many messages were not kept because of the {@linkplain #messageLimit() limit}. */
  public long droppedMessages() {
    return messages.dropped();
  }

  /**
   * Sends {@code message} (made by {@link WebSocketMessage#injectText} or
   * {@link WebSocketMessage#injectBinary}) on the live connection, after the message whose event
   * is running, if any. Safe from any thread; the message is recorded when it is sent.
   *
   * @throws IllegalStateException when this websocket has no live connection (a recording, a
   *     snapshot) or {@code message} was not made for injection
   */
  public void inject(WebSocketMessage message) {
    Objects.requireNonNull(message, "message");
    if (injector == null || readOnly) {
      throw new IllegalStateException("this websocket has no live connection to inject into");
    }
    if (!message.isInjected()) {
      throw new IllegalStateException("message: not made for injection (use WebSocketMessage.injectText)");
    }
    injector.accept(message);
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
  void setClosed(boolean byClient, int code, String reason) {
    checkWritable();
    this.closedByClient = byClient;
    this.closeCode = code;
    this.closeReason = reason == null ? "" : reason;
  }

  /** Whether this is recorded data (of a kept {@link Flow}, or built), where nothing changes any more. */
  public boolean isReadOnly() {
    return readOnly;
  }

  WebSocketData readOnlyCopy() {
    WebSocketData copy = new WebSocketData(messages.copy(WebSocketMessage::readOnlyCopy), null);
    copy.closeCode = closeCode;
    copy.closeReason = closeReason;
    copy.closedByClient = closedByClient;
    copy.readOnly = true;
    return copy;
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("this websocket data is recorded and read-only");
    }
  }

  /**
   * Builds recorded websocket data: the messages in order and, when it closed, how.
   *
   * <pre>{@code
   * WebSocketData ws = WebSocketData.builder().message(hello).message(welcome).closed(true, 1000, "").build();
   * }</pre>
   */
  public static final class Builder {
    private final List<WebSocketMessage> messages = new ArrayList<>();
    private Integer closeCode;
    private String closeReason = "";
    private Boolean closedByClient;

    private Builder() {}

    /** Adds a message, after those added before. */
    public Builder message(WebSocketMessage message) {
      messages.add(Objects.requireNonNull(message, "message"));
      return this;
    }

    /** Records that the websocket closed: who closed first, the code and the reason ({@code null} for none). */
    public Builder closed(boolean byClient, int code, String reason) {
      this.closedByClient = byClient;
      this.closeCode = code;
      this.closeReason = reason == null ? "" : reason;
      return this;
    }

    /** The recorded data: read-only, with every message kept. */
    public WebSocketData build() {
      WebSocketData data = new WebSocketData(Integer.MAX_VALUE, null);
      messages.forEach(data::addMessage);
      if (closeCode != null) {
        data.setClosed(closedByClient, closeCode, closeReason);
      }
      return data.readOnlyCopy();
    }
  }
}
