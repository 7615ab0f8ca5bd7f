package dev.sluice.api.internal.filter;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowFilter;
import dev.sluice.api.Headers;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.SampleFlows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Matching decodes a body at most once per flow and reuses the serialised header block. */
@Isolated
class FilterMatchingCostTest {

  @BeforeEach
  void resetCounter() {
    CountingCodec.DECODES.set(0);
  }

  @Test
  void bodyOperatorsDecodeTheBodyOnceForManyMatches() {
    HttpFlow flow = flowWithBody("dlrow olleh");
    FlowFilter filter = FlowFilter.parse("~b nothing | ~bs absent | ~b hello");

    for (int i = 0; i < 5; i++) {
      assertThat(filter.test(flow)).isTrue();
    }

    assertThat(CountingCodec.DECODES).hasValue(1);
  }

  @Test
  void undecodableBodyIsSearchedRawAndNotDecodedAgain() {
    HttpFlow flow = flowWithBody("!raw secret");
    FlowFilter filter = FlowFilter.parse("~bs secret");

    assertThat(filter.test(flow)).isTrue();
    assertThat(filter.test(flow)).isTrue();

    assertThat(CountingCodec.DECODES).hasValue(1);
  }

  @Test
  void changingTheBodyDecodesTheNewBody() {
    HttpFlow flow = flowWithBody("dlrow olleh");
    FlowFilter filter = FlowFilter.parse("~bs goodbye");
    assertThat(filter.test(flow)).isFalse();

    flow.response().setText("goodbye");

    assertThat(filter.test(flow)).isTrue();
  }

  @Test
  void headerBlockIsBuiltOnceUntilTheHeadersChange() {
    Headers headers = SampleFlows.live("http://example.com/index.html?q=1").request().headers();
    String block = headers.toString();

    assertThat(headers.toString()).isSameAs(block);
    headers.add("X-Trace", "on");
    assertThat(headers.toString()).isNotSameAs(block).endsWith("X-Trace: on\r\n");
  }

  @Test
  void headerOperatorSeesHeadersAddedAfterAnEarlierMatch() {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");
    FlowFilter filter = FlowFilter.parse("~hq x-trace");
    assertThat(filter.test(flow)).isFalse();

    flow.request().headers().set("X-Trace", "on");

    assertThat(filter.test(flow)).isTrue();
  }

  private static HttpFlow flowWithBody(String raw) {
    HttpFlow flow = SampleFlows.live("http://example.com/index.html?q=1");
    flow.respond(Response.builder()
        .header("Content-Encoding", "x-counting")
        .content(raw.getBytes(UTF_8))
        .build());
    return flow;
  }
}
