package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's seams for delays, pacing and faults ({@link FlowControls}), played on the embedded clock. */
class ExchangeFaultsTest {

  private static final String GET = "GET http://origin.test/a HTTP/1.1\r\nHost: origin.test\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
  private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  /** Counts the reads the engine asks of a channel. */
  private static final class Reads extends ChannelOutboundHandlerAdapter {
    int count;

    @Override
    public void read(ChannelHandlerContext ctx) {
      count++;
      ctx.read();
    }
  }

  @Test
  void aPauseAskedForInResponseHeadersHoldsTheHeadUntilItsTimeHasPassed() {
    try (Playbook play = new Playbook(FlowHook.onResponseHeaders(flow -> FlowControls.pause(flow, Duration.ofSeconds(5))))) {
      play.clientSends(GET);
      play.upstream(0).sends(OK);

      play.advance(Duration.ofSeconds(4));
      assertThat(play.clientReceived()).isEmpty();

      play.advance(Duration.ofSeconds(1));
      assertThat(play.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hi");
    }
  }

  @Test
  void aPauseLongerThanTheResponseTimeoutIsNoTimeout() {
    try (Playbook play = new Playbook(Playbook.config(Duration.ofSeconds(2), 1 << 20),
        FlowHook.onResponseHeaders(flow -> FlowControls.pause(flow, Duration.ofSeconds(10))))) {
      play.clientSends(GET);
      play.upstream(0).sends(OK);

      play.advance(Duration.ofSeconds(10));

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n");
    }
  }

  @Test
  void aPacedResponseRestsAfterEachPieceAndReadsNothingFromTheUpstreamMeanwhile() {
    Pacing secondPerPiece = (direction, bytes) ->
        direction == Pacing.Direction.RESPONSE ? Duration.ofSeconds(1) : Duration.ZERO;
    try (Playbook play = new Playbook(FlowHook.onResponseHeaders(flow -> {
      flow.response().setStreamed(true);
      FlowControls.pace(flow, secondPerPiece);
    }))) {
      play.clientSends(GET);
      Reads reads = new Reads();
      play.upstream(0).channel().config().setAutoRead(false);   // as the engine dials them
      play.upstream(0).channel().pipeline().addFirst(reads);
      play.upstream(0).sends(CHUNKED_HEAD + "5\r\nfirst\r\n");
      assertThat(play.clientReceived()).contains("first");
      int readsBefore = reads.count;

      play.upstream(0).sends("6\r\nsecond\r\n");
      play.advance(Duration.ofMillis(900));
      assertThat(play.clientReceived()).doesNotContain("second");
      assertThat(reads.count).isEqualTo(readsBefore);

      play.advance(Duration.ofMillis(100));
      assertThat(play.clientReceived()).contains("second");
      assertThat(reads.count).isEqualTo(readsBefore);   // resting after the second piece

      play.advance(Duration.ofSeconds(1));
      assertThat(reads.count).isGreaterThan(readsBefore);

      play.upstream(0).sends("0\r\n\r\n");
      play.advance(Duration.ofSeconds(1));
      assertThat(play.clientReceived()).endsWith("0\r\n\r\n");
    }
  }

  @Test
  void aPacedStreamedRequestStopsReadingTheClientWhileItRests() {
    Pacing secondPerPiece = (direction, bytes) ->
        direction == Pacing.Direction.REQUEST ? Duration.ofSeconds(1) : Duration.ZERO;
    try (Playbook play = new Playbook(FlowHook.onRequestHeaders(flow -> {
      flow.request().setStreamed(true);
      FlowControls.pace(flow, secondPerPiece);
    }))) {
      Reads reads = new Reads();
      play.client.config().setAutoRead(false);   // as the engine accepts them
      play.client.pipeline().addFirst(reads);
      play.clientSends("POST http://origin.test/up HTTP/1.1\r\nHost: origin.test\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nfirst\r\n");
      assertThat(play.upstream(0).received()).contains("first");
      int readsBefore = reads.count;

      play.clientSends("6\r\nsecond\r\n0\r\n\r\n");
      assertThat(play.upstream(0).received()).doesNotContain("second");
      assertThat(reads.count).isEqualTo(readsBefore);

      play.advance(Duration.ofSeconds(1));
      assertThat(play.upstream(0).received()).contains("second").doesNotContain("0\r\n\r\n");
      play.advance(Duration.ofSeconds(1));
      assertThat(play.upstream(0).received()).isEqualTo("0\r\n\r\n");
    }
  }

  @Test
  void resetClosesTheClientWithNoAnswerAndTheFlowFailsNamingIt() {
    List<HttpFlow> errors = new ArrayList<>();
    try (Playbook play = new Playbook(FlowHook.onRequest(flow -> flow.setAttribute(FlowControls.FAULT,
        EngineFault.RESET)), FlowHook.onError(errors::add))) {
      play.clientSends(GET);

      assertThat(play.clientReceived()).isEmpty();
      assertThat(play.client.isOpen()).isFalse();
      assertThat(play.dialed).isEmpty();
      assertThat(errors).singleElement().satisfies(flow -> {
        assertThat(flow.error().kind()).isEqualTo(FlowError.Kind.KILLED);
        assertThat(flow.error().message()).contains("reset");
      });
    }
  }

  @Test
  void garbageSendsRandomBytesInsteadOfAnAnswerThenCloses() {
    try (Playbook play = new Playbook(FlowHook.onRequest(flow -> flow.setAttribute(FlowControls.FAULT,
        EngineFault.GARBAGE)))) {
      play.clientSends(GET);

      assertThat(play.clientReceived()).hasSize(FaultPlayer.GARBAGE_BYTES).doesNotStartWith("HTTP/");
      assertThat(play.client.isOpen()).isFalse();
    }
  }

  @Test
  void aMalformedChunkFollowsTheResponseHeadThenTheConnectionCloses() {
    try (Playbook play = new Playbook(FlowHook.onResponseHeaders(flow -> {
      flow.response().setStreamed(true);
      flow.response().headers().remove("Content-Length");
      flow.setAttribute(FlowControls.FAULT, EngineFault.MALFORMED_CHUNK);
    }))) {
      play.clientSends(GET);
      play.upstream(0).sends(OK);

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked")
          .endsWith("\r\n\r\nzz\r\nnot a chunk\r\n");
      assertThat(play.client.isOpen()).isFalse();
      assertThat(play.upstream(0).channel().isOpen()).isFalse();
    }
  }

  @Test
  void dropUpstreamCutsTheBodyInTheMiddleAndClosesBothConnections() {
    try (Playbook play = new Playbook(FlowHook.onResponseHeaders(flow -> {
      flow.response().setStreamed(true);
      flow.setAttribute(FlowControls.FAULT, EngineFault.DROP_UPSTREAM);
    }))) {
      play.clientSends(GET);
      play.upstream(0).sends("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");

      String received = play.clientReceived();
      assertThat(received).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 10").endsWith("\r\n\r\n01234");
      assertThat(play.client.isOpen()).isFalse();
      assertThat(play.upstream(0).channel().isOpen()).isFalse();
    }
  }
}
