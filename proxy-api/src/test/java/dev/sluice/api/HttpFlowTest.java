package dev.sluice.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class HttpFlowTest {

  private static final FlowAttribute<String> USER = FlowAttribute.of("user", String.class);
  private static final FlowAttribute<Integer> TRIES = FlowAttribute.of("tries", Integer.class);

  @Test
  void respondSetsTheResponse() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");
    assertThat(flow.hasResponse()).isFalse();

    flow.respond(Response.of(204));

    assertThat(flow.hasResponse()).isTrue();
    assertThat(flow.response().statusCode()).isEqualTo(204);
    assertThat(flow).hasToString("HttpFlow[GET http://example.com/index.html?q=1 HTTP/1.1 -> 204]");
    assertThatThrownBy(() -> flow.respond(null)).isInstanceOf(NullPointerException.class).hasMessage("response");
  }

  @Test
  void killMarksTheFlowKilled() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");

    flow.kill();

    assertThat(flow.isKilled()).isTrue();
  }

  @Test
  void typedAttributesAreKeptPerKey() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");
    FlowAttribute<String> otherUser = FlowAttribute.of("user", String.class);

    flow.setAttribute(USER, "ada");
    flow.setAttribute(TRIES, 2);

    assertThat(flow.attribute(USER)).isEqualTo("ada");
    assertThat(flow.attribute(TRIES)).isEqualTo(2);
    assertThat(flow.attribute(otherUser)).isNull();
    assertThat(flow.removeAttribute(USER)).isEqualTo("ada");
    assertThat(flow.attribute(USER)).isNull();
    assertThat(USER).hasToString("user (String)");
  }

  @Test
  void attributesRejectNullsAndWrongTypes() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");
    @SuppressWarnings({"unchecked", "rawtypes"})
    FlowAttribute<Object> raw = (FlowAttribute) TRIES;

    assertThatThrownBy(() -> flow.setAttribute(USER, null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> flow.setAttribute(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> flow.setAttribute(raw, "not a number")).isInstanceOf(ClassCastException.class);
  }

  @Test
  void markerAndCommentDefaultToEmpty() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");
    assertThat(flow.isMarked()).isFalse();

    flow.setMarker(":star:");
    assertThat(flow.isMarked()).isTrue();
    flow.setMarker("");
    assertThat(flow.isMarked()).isFalse();
    assertThat(flow.comment()).isEmpty();
    assertThat(flow.isReplay()).isFalse();
  }

  @Test
  void snapshotIsAnIndependentCopy() {
    HttpFlow flow = answered(SampleFlows.live("http://127.0.0.1:8081/catalog/shoes"),
        Response.of(200, "text/html", "Hello W\u00f6rld"));
    flow.setAttribute(USER, "ada");
    flow.setMarker("x");

    Flow snapshot = flow.snapshot();
    flow.request().headers().add("X-Later", "1");
    flow.response().setText("changed");
    flow.setMarker("y");
    flow.metadata().put("later", true);
    flow.setAttribute(USER, "bob");

    assertThat(snapshot).isNotInstanceOf(HttpFlow.class);
    assertThat(snapshot.id()).isEqualTo(flow.id());
    assertThat(snapshot.server()).isEqualTo(flow.server());
    assertThat(snapshot.request().headers().contains("X-Later")).isFalse();
    assertThat(snapshot.response().text()).isEqualTo("Hello W\u00f6rld");
    assertThat(snapshot.marker()).isEqualTo("x");
    assertThat(snapshot.metadata()).isEmpty();
    assertThat(snapshot.attribute(USER)).isEqualTo("ada");
  }

  @Test
  void snapshotWebSocketIsIndependent() {
    HttpFlow flow = webSocket("hello server");
    Flow snapshot = flow.snapshot();

    flow.webSocket().addMessage(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "later".getBytes(UTF_8)));
    flow.webSocket().messages().get(0).setText("changed");

    assertThat(snapshot.webSocket().messages()).hasSize(1);
    assertThat(snapshot.webSocket().messages().get(0).text()).isEqualTo("hello server");
  }

  @Test
  void aKeptFlowsCollectionsAndWebSocketMessagesRefuseChanges() {
    HttpFlow live = answered(webSocket("hello server"), Response.of(101));
    live.request().setTrailers(Headers.of("Checksum", "1"));
    Flow snapshot = live.snapshot();
    Request request = snapshot.request();
    WebSocketMessage message = snapshot.webSocket().messages().get(0);
    List<ThrowingCallable> changes = List.of(
        () -> request.headers().add("X", "1"),
        () -> request.headers().set("X", "1"),
        () -> request.headers().remove("Host"),
        () -> request.headers().clear(),
        () -> request.trailers().add("X", "1"),
        () -> snapshot.response().headers().add("X", "1"),
        () -> message.setText("x"),
        message::drop);

    for (ThrowingCallable change : changes) {
      assertThatThrownBy(change).isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
    }
    assertThatThrownBy(() -> snapshot.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.webSocket().inject(WebSocketMessage.injectText(true, "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no live connection");
    assertThat(request.headers().isReadOnly()).isTrue();
    assertThat(snapshot.webSocket().isReadOnly()).isTrue();
    assertThat(message.isReadOnly()).isTrue();
  }

  @Test
  void respondingWithAKeptResponseGivesTheFlowAWritableCopy() {
    Flow kept = answered(SampleFlows.live("http://example.com/"), Response.of(200, "text/plain", "kept")).snapshot();
    HttpFlow flow = SampleFlows.live("http://example.com/");

    flow.respond(kept.response());
    flow.response().setText("changed");

    assertThat(kept.response().text()).isEqualTo("kept");
    assertThat(flow.response().text()).isEqualTo("changed");
  }

  @Test
  void aWebSocketRecordingAnswersOnlyWithA101() {
    HttpFlow flow = SampleFlows.live("http://chat.test/socket", "Upgrade", "websocket", "Connection", "Upgrade");
    WebSocketData recording = WebSocketData.builder()
        .message(WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "welcome".getBytes(UTF_8)))
        .closed(false, 1000, "bye")
        .build();

    assertThatThrownBy(() -> flow.respond(Response.of(200), recording))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 200");
    flow.respond(Response.builder().status(101).build(), recording);

    assertThat(flow.response().statusCode()).isEqualTo(101);
    assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::text).containsExactly("welcome");
    assertThat(flow.webSocket().closeCode()).isEqualTo(1000);
  }

  @Test
  void snapshotCanBeReadFromAnotherThread() throws Exception {
    Flow snapshot = answered(SampleFlows.live("http://example.com/"),
        Response.of(201, "application/json", "{\"id\":42,\"status\":\"created\"}")).snapshot();
    AtomicReference<String> body = new AtomicReference<>();

    Thread reader = new Thread(() -> body.set(snapshot.response().text()));
    reader.start();
    reader.join(10_000);

    assertThat(body.get()).isEqualTo("{\"id\":42,\"status\":\"created\"}");
  }

  @Test
  void metadataIsWritableOnALiveFlowAndKeptInOrder() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");

    flow.metadata().put("b", 1);
    flow.metadata().put("a", 2);

    assertThat(flow.snapshot().metadata()).containsExactly(Map.entry("b", 1), Map.entry("a", 2));
  }

  /** {@code flow} answered by the upstream with {@code response}, as the engine records it. */
  private static HttpFlow answered(HttpFlow flow, Response response) {
    flow.setServer(ServerConnection.of(flow.request().host(), flow.request().port()));
    flow.respond(response);
    return flow;
  }

  /** An upgraded websocket flow whose client said {@code hello}. */
  private static HttpFlow webSocket(String hello) {
    HttpFlow flow = SampleFlows.live("http://chat.test/socket", "Upgrade", "websocket");
    WebSocketData data = WebSocketData.create(100, message -> { });
    data.addMessage(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, hello.getBytes(UTF_8)));
    flow.setWebSocket(data);
    return flow;
  }
}
