package dev.sluice.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketDataTest {

  private static WebSocketMessage text(String text) {
    return WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, text.getBytes(UTF_8));
  }

  @Test
  void pastTheLimitTheOldestMessagesGoAndAreCounted() {
    WebSocketData data = WebSocketData.create(2, message -> { });
    data.addMessage(text("a"));
    data.addMessage(text("b"));
    data.addMessage(text("c"));

    assertThat(data.messages()).extracting(WebSocketMessage::text).containsExactly("b", "c");
    assertThat(data.lastMessage().text()).isEqualTo("c");
    assertThat(data.droppedMessages()).isEqualTo(1);
    assertThat(data.readOnlyCopy().droppedMessages()).isEqualTo(1);
  }

  @Test
  void injectHandsInjectedMessagesToTheConnection() {
    List<WebSocketMessage> sent = new ArrayList<>();
    WebSocketData data = WebSocketData.create(10, sent::add);
    WebSocketMessage toClient = WebSocketMessage.injectBinary(false, new byte[] {1});

    data.inject(toClient);

    assertThat(sent).containsExactly(toClient);
    assertThat(toClient.isInjected()).isTrue();
    assertThat(toClient.fromClient()).isFalse();
  }

  @Test
  void injectNeedsALiveConnectionAndAMessageMadeForInjection() {
    assertThatThrownBy(() -> WebSocketData.builder().build().inject(WebSocketMessage.injectText(true, "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no live connection");
    assertThatThrownBy(() -> WebSocketData.create(10, m -> { }).inject(text("x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not made for injection");
    assertThatThrownBy(() -> WebSocketData.create(0, m -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("messageLimit:");
  }
}
