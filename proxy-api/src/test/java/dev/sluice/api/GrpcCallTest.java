package dev.sluice.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gRPC part of a flow, without the engine: names, bounded messages, injection, answers and filters. */
class GrpcCallTest {

  private final List<GrpcMessage> injected = new ArrayList<>();

  private GrpcCall call(HttpFlow flow, int limit) {
    GrpcCall call = GrpcCall.create(flow.request().path(), limit, injected::add);
    flow.setGrpc(call);
    return call;
  }

  private static HttpFlow grpcFlow() {
    return SampleFlows.live("https://api.test/shop.v1.Orders/List", "Content-Type", "application/grpc+proto");
  }

  private static GrpcMessage message(boolean fromClient, String text) {
    return GrpcMessage.of(fromClient, text.getBytes(UTF_8), false, Instant.now());
  }

  @Test
  void theCallNamesItsServiceAndMethodFromThePath() {
    GrpcCall call = call(grpcFlow(), 10);

    assertThat(call.service()).isEqualTo("shop.v1.Orders");
    assertThat(call.method()).isEqualTo("List");
    assertThat(GrpcCall.isGrpc(grpcFlow().request().headers())).isTrue();
    assertThat(GrpcCall.isGrpc(Headers.of("Content-Type", "application/json"))).isFalse();
    assertThat(GrpcCall.isGrpc(Headers.of("Content-Type", "application/grpc"))).isTrue();
    assertThat(GrpcCall.isGrpc(Headers.of("Content-Type", "Application/gRPC; charset=utf-8"))).isTrue();
    assertThat(GrpcCall.isGrpc(Headers.of("Content-Type", "application/grpc-web+proto"))).isFalse();
  }

  @Test
  void pastTheLimitTheOldestMessageGoesAndIsCounted() {
    GrpcCall call = call(grpcFlow(), 2);
    call.addMessage(message(true, "one"));
    call.addMessage(message(false, "two"));
    call.addMessage(message(true, "three"));

    assertThat(call.messages()).extracting(m -> new String(m.content(), UTF_8)).containsExactly("two", "three");
    assertThat(call.lastMessage().fromClient()).isTrue();
    assertThat(call.droppedMessages()).isEqualTo(1);
  }

  @Test
  void onlyMessagesMadeForInjectionAreInjected() {
    GrpcCall call = call(grpcFlow(), 10);

    call.inject(GrpcMessage.inject(true, "extra".getBytes(UTF_8)));
    assertThatThrownBy(() -> call.inject(message(true, "seen")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("GrpcMessage.inject");
    assertThat(injected).singleElement().satisfies(m -> assertThat(m.isInjected()).isTrue());
  }

  @Test
  void aChangedMessageSaysSoAndADroppedOneToo() {
    GrpcMessage message = message(true, "hello");

    message.setContent("HELLO".getBytes(UTF_8));
    message.drop();

    assertThat(message.isChanged()).isTrue();
    assertThat(message.isDropped()).isTrue();
    assertThat(message.readOnlyCopy().isReadOnly()).isTrue();
    assertThatThrownBy(() -> message.readOnlyCopy().drop()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAnswerFramesItsMessagesAndEndsWithTheStatusPercentEncoded() {
    HttpResponse answer = GrpcCall.response(GrpcStatus.NOT_FOUND, "no café", List.of("ab".getBytes(UTF_8), new byte[0]));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().get("Content-Type")).isEqualTo("application/grpc");
    assertThat(answer.rawContent()).isEqualTo(new byte[] {0, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0});
    assertThat(answer.trailers().get("grpc-status")).isEqualTo("5");
    assertThat(answer.trailers().get("grpc-message")).isEqualTo("no caf%C3%A9");
    assertThat(GrpcStatus.of(5)).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThatThrownBy(() -> GrpcStatus.of(17)).hasMessageContaining("17");
  }

  @Test
  void bodyFiltersMatchTheMessagesOfALiveCallByDirection() {
    HttpFlow flow = grpcFlow();
    GrpcCall call = call(flow, 10);
    call.addMessage(message(true, "order-42"));
    call.addMessage(message(false, "shipped"));

    assertThat(FlowFilter.parse("~b order-42").test(flow)).isTrue();
    assertThat(FlowFilter.parse("~bq order-42").test(flow)).isTrue();
    assertThat(FlowFilter.parse("~bs order-42").test(flow)).isFalse();
    assertThat(FlowFilter.parse("~bs shipped").test(flow)).isTrue();
  }
}
