package dev.sluice.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.GrpcMessage;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.WebSocketMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestFlowsTest {

  /** Records the events it sees, in order. */
  private static final class Events implements FlowHook {
    final List<String> seen = new ArrayList<>();

    @Override public void requestHeaders(HttpFlow flow) {
      seen.add("requestHeaders");
    }

    @Override public void request(HttpFlow flow) {
      seen.add("request");
    }

    @Override public void responseHeaders(HttpFlow flow) {
      seen.add("responseHeaders " + flow.response().statusCode());
    }

    @Override public void response(HttpFlow flow) {
      seen.add("response " + flow.response().source());
    }
  }

  @Test
  void anExchangeRunsTheEventsInTheEnginesOrderWithTheUpstreamsAnswer() {
    Events hook = new Events();

    HttpFlow flow = TestFlows.exchange(hook, TestFlows.get("http://example.com/a", "Accept", "*/*"), Response.of(204));

    assertThat(hook.seen).containsExactly("requestHeaders", "request", "responseHeaders 204", "response UPSTREAM");
    assertThat(flow.request().url()).isEqualTo("http://example.com/a");
    assertThat(flow.request().headers().get("Accept")).isEqualTo("*/*");
    assertThat(flow.server().host()).isEqualTo("example.com");
    assertThat(flow.server().port()).isEqualTo(80);
    assertThat(flow.client()).isEqualTo(TestFlows.CLIENT);
  }

  @Test
  void aHookThatAnswersInARequestEventKeepsTheUpstreamOut() {
    FlowHook mock = FlowHook.onRequestHeaders(flow -> flow.respond(Response.of(200, "text/plain", "mocked")));

    HttpFlow flow = TestFlows.exchange(mock, TestFlows.get("http://example.com/"), Response.of(500));

    assertThat(flow.response().text()).isEqualTo("mocked");
    assertThat(flow.response().source()).isEqualTo(ResponseSource.HOOK);
    assertThat(flow.server()).isNull();
  }

  @Test
  void aKilledFlowGetsNoResponse() {
    Events seen = new Events();
    FlowHook killer = new FlowHook() {
      @Override public void request(HttpFlow flow) {
        seen.request(flow);
        flow.kill();
      }
    };

    HttpFlow flow = TestFlows.exchange(killer, TestFlows.get("http://example.com/"), Response.of(200));

    assertThat(flow.isKilled()).isTrue();
    assertThat(flow.hasResponse()).isFalse();
    assertThat(seen.seen).containsExactly("request");
  }

  @Test
  void aWebSocketMessageEventCanDropTheMessage() {
    HttpFlow flow = TestFlows.webSocket("http://chat.test/socket",
        WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello".getBytes(UTF_8)));
    FlowHook censor = FlowHook.onWebSocketMessage(f -> {
      if (f.webSocket().lastMessage().text().contains("secret")) {
        f.webSocket().lastMessage().drop();
      }
    });

    WebSocketMessage message = TestFlows.webSocketMessage(censor, flow,
        WebSocketMessage.of(false, WebSocketMessage.Type.TEXT, "the secret".getBytes(UTF_8)));

    assertThat(message.isDropped()).isTrue();
    assertThat(flow.response().statusCode()).isEqualTo(101);
    assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::text).containsExactly("hello", "the secret");
    assertThatThrownBy(() -> TestFlows.webSocketMessage(censor, TestFlows.get("http://example.com/"), message))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not a websocket flow");
  }

  @Test
  void fixtureFlowsCanCarryWhatOnlyTheEngineRecords() {
    HttpFlow replayed = TestFlows.replayed(TestFlows.get("http://example.com/"), ReplayKind.REQUEST);
    HttpFlow failed = TestFlows.failed(TestFlows.post("http://example.com/form", "text/plain", "x=1"),
        FlowError.of(FlowError.Kind.CONNECT_FAILED, "example.com: connection refused"));

    assertThat(replayed.replay()).isEqualTo(ReplayKind.REQUEST);
    assertThat(failed.error().kind()).isEqualTo(FlowError.Kind.CONNECT_FAILED);
    assertThat(failed.request().method()).isEqualTo("POST");
    assertThat(failed.request().text()).isEqualTo("x=1");
    assertThat(failed.request().headers().get("Content-Length")).isEqualTo("3");
  }

  @Test
  void headersComeInPairs() {
    assertThatThrownBy(() -> TestFlows.get("http://example.com/", "Accept"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name, value pairs, got 1 strings");
  }

  @Test
  void aGrpcMessageEventRunsOnAFixtureCallAndSeesWhatTheHookInjected() {
    HttpFlow flow = TestFlows.grpc("https://api.test/shop.v1.Orders/Get");
    FlowHook answerer = FlowHook.onGrpcMessage(f -> {
      f.grpc().lastMessage().drop();
      f.grpc().inject(GrpcMessage.inject(false, "order 7".getBytes(UTF_8)));
    });

    GrpcMessage message = TestFlows.grpcMessage(answerer, flow, GrpcMessage.of(true, "7".getBytes(UTF_8), false, Instant.now()));

    assertThat(flow.grpc().service()).isEqualTo("shop.v1.Orders");
    assertThat(message.isDropped()).isTrue();
    assertThat(flow.grpc().lastMessage().isInjected()).isTrue();
    assertThat(new String(flow.grpc().lastMessage().content(), UTF_8)).isEqualTo("order 7");
    assertThatThrownBy(() -> TestFlows.grpcMessage(answerer, TestFlows.get("http://example.com/"), message))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("TestFlows.grpc");
  }
}
