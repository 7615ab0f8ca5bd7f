package dev.sluice.core.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.testing.TestFlows;
import org.junit.jupiter.api.Test;

class StreamLargeBodiesTest {

  @Test
  void setsTheCutoffAsTheStreamPointOfRequestsAndResponses() {
    HttpFlow flow = TestFlows.get("http://example.com/", "Content-Length", "10");
    StreamLargeBodies hook = new StreamLargeBodies(1 << 20);

    hook.requestHeaders(flow);
    TestFlows.answered(flow, Response.builder().header("Transfer-Encoding", "chunked").build());
    hook.responseHeaders(flow);

    assertThat(flow.request().streamAfter()).isEqualTo(1 << 20);
    assertThat(flow.response().streamAfter()).isEqualTo(1 << 20);
  }

  @Test
  void leavesTheDecisionToStreamToTheEngineAfterTheHeadersEvent() {
    HttpFlow flow = TestFlows.get("http://example.com/", "Content-Length", "5000000");

    new StreamLargeBodies(1000).requestHeaders(flow);

    assertThat(flow.request().isStreamed()).isFalse();
    assertThat(flow.request().streamAfter()).isEqualTo(1000);
  }

  @Test
  void rejectsANegativeCutoffNamingIt() {
    assertThatThrownBy(() -> new StreamLargeBodies(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cutoff: must be at least 0 bytes, got -1");
  }

  @Test
  void streamAfterIsOffByDefaultAndRejectsValuesBelowMinusOne() {
    HttpFlow flow = TestFlows.get("http://example.com/");

    assertThat(flow.request().streamAfter()).isEqualTo(-1);
    assertThatThrownBy(() -> flow.request().setStreamAfter(-2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bytes: ");
  }
}
