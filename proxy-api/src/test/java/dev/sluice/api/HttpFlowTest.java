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
    HttpFlow flow = TestFlows.flow("get");
    assertThat(flow.hasResponse()).isFalse();

    flow.respond(HttpResponse.of(204));

    assertThat(flow.hasResponse()).isTrue();
    assertThat(flow.response().statusCode()).isEqualTo(204);
    assertThat(flow).hasToString("HttpFlow[GET http://example.com/index.html?q=1 HTTP/1.1 -> 204]");
    assertThatThrownBy(() -> flow.respond(null)).isInstanceOf(NullPointerException.class).hasMessage("response");
  }

  @Test
  void killMarksTheFlowKilled() {
    HttpFlow flow = TestFlows.flow("get");

    flow.kill();

    assertThat(flow.isKilled()).isTrue();
  }

  @Test
  void typedAttributesAreKeptPerKey() {
    HttpFlow flow = TestFlows.flow("get");
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
    HttpFlow flow = TestFlows.flow("get");
    @SuppressWarnings({"unchecked", "rawtypes"})
    FlowAttribute<Object> raw = (FlowAttribute) TRIES;

    assertThatThrownBy(() -> flow.setAttribute(USER, null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> flow.setAttribute(null, "x")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> flow.setAttribute(raw, "not a number")).isInstanceOf(ClassCastException.class);
  }

  @Test
  void markerAndCommentDefaultToEmpty() {
    HttpFlow flow = TestFlows.flow("get");
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
    HttpFlow flow = TestFlows.flow("html");
    flow.setAttribute(USER, "ada");
    flow.setMarker("x");

    HttpFlow snapshot = flow.snapshot();
    flow.request().headers().add("X-Later", "1");
    flow.response().setText("changed");
    flow.setMarker("y");
    flow.metadata().put("later", true);
    flow.setAttribute(USER, "bob");

    assertThat(snapshot.isReadOnly()).isTrue();
    assertThat(snapshot.id()).isEqualTo(flow.id());
    assertThat(snapshot.request().headers().contains("X-Later")).isFalse();
    assertThat(snapshot.response().text()).contains("Hello W\u00f6rld");
    assertThat(snapshot.marker()).isEqualTo("x");
    assertThat(snapshot.metadata()).isEmpty();
    assertThat(snapshot.attribute(USER)).isEqualTo("ada");
  }

  @Test
  void snapshotWebSocketIsIndependent() {
    HttpFlow flow = TestFlows.flow("websocket");
    HttpFlow snapshot = flow.snapshot();

    flow.webSocket().addMessage(WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "later".getBytes(UTF_8)));
    flow.webSocket().messages().get(0).setText("changed");

    assertThat(snapshot.webSocket().messages()).hasSize(3);
    assertThat(snapshot.webSocket().messages().get(0).text()).isEqualTo("hello server");
  }

  @Test
  void snapshotIsReadOnlyEverywhere() {
    HttpFlow snapshot = TestFlows.flow("websocket").snapshot();
    HttpRequest request = snapshot.request();
    HttpResponse response = snapshot.response();
    WebSocketData ws = snapshot.webSocket();
    WebSocketMessage message = ws.messages().get(0);
    List<ThrowingCallable> changes = List.of(
        () -> snapshot.respond(HttpResponse.of(200)),
        () -> snapshot.setError(FlowError.of(FlowError.Kind.TIMEOUT, "t")),
        snapshot::kill,
        () -> snapshot.setMarker("m"),
        () -> snapshot.setComment("c"),
        () -> snapshot.setReplay(ReplayKind.REQUEST),
        () -> snapshot.setServer(ServerConnection.of("example.com", 80)),
        () -> snapshot.setWebSocket(WebSocketData.create()),
        () -> snapshot.setAttribute(USER, "x"),
        () -> snapshot.removeAttribute(USER),
        () -> request.setMethod("POST"),
        () -> request.setPath("/x"),
        () -> request.setHost("x"),
        () -> request.setText("x"),
        () -> request.setRawContent(new byte[0]),
        () -> request.setStreamed(true),
        () -> request.setTrailers(null),
        () -> request.headers().add("X", "1"),
        () -> request.headers().set("X", "1"),
        () -> request.headers().remove("Host"),
        () -> request.headers().clear(),
        () -> response.setStatusCode(500),
        () -> response.setReason("r"),
        () -> response.setContent(new byte[0]),
        () -> response.setTimestampEnd(null),
        () -> response.headers().add("X", "1"),
        () -> ws.addMessage(WebSocketMessage.injectText(true, "x")),
        () -> ws.setClosed(true, 1000, ""),
        () -> message.setText("x"),
        message::drop);

    for (ThrowingCallable change : changes) {
      assertThatThrownBy(change).isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only snapshot");
    }
    assertThatThrownBy(() -> snapshot.metadata().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> snapshot.setMarker("m")).hasMessage("flow " + snapshot.id() + " is a read-only snapshot");
    assertThat(request.isReadOnly()).isTrue();
    assertThat(request.headers().isReadOnly()).isTrue();
    assertThat(ws.isReadOnly()).isTrue();
    assertThat(message.isReadOnly()).isTrue();
  }

  @Test
  void snapshotTrailersAreReadOnlyToo() {
    HttpFlow flow = TestFlows.flow("get");
    flow.request().setTrailers(Headers.of("Checksum", "1"));

    HttpFlow snapshot = flow.snapshot();

    assertThatThrownBy(() -> snapshot.request().trailers().add("X", "1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void snapshotCanBeReadFromAnotherThread() throws Exception {
    HttpFlow snapshot = TestFlows.flow("post").snapshot();
    AtomicReference<String> body = new AtomicReference<>();

    Thread reader = new Thread(() -> body.set(snapshot.response().text()));
    reader.start();
    reader.join(10_000);

    assertThat(body.get()).isEqualTo("{\"id\":42,\"status\":\"created\"}");
  }

  @Test
  void metadataIsWritableOnALiveFlowAndKeptInOrder() {
    HttpFlow flow = TestFlows.flow("get");

    flow.metadata().put("b", 1);
    flow.metadata().put("a", 2);

    assertThat(flow.snapshot().metadata()).containsExactly(Map.entry("b", 1), Map.entry("a", 2));
  }
}
