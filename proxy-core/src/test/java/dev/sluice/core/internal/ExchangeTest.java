package dev.sluice.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.api.FlowError;
import dev.sluice.api.FlowHook;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.Response;
import dev.sluice.api.ResponseSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exchange state machine, played over embedded channels: real HTTP/1.1 bytes on both sides, no sockets. */
class ExchangeTest {

  private static final String GET = "GET http://origin.test/a HTTP/1.1\r\nHost: origin.test\r\n\r\n";
  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";

  /** Records each flow event it sees, with the status of the response at that point. */
  private static final class Events implements FlowHook {
    final List<String> seen = new ArrayList<>();
    final List<HttpFlow> errors = new ArrayList<>();

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
      seen.add("response " + flow.response().statusCode());
    }

    @Override public void error(HttpFlow flow) {
      seen.add("error " + flow.error().kind());
      errors.add(flow);
    }
  }

  @Test
  void aRequestGoesUpstreamInOriginFormAndItsResponseBackThroughEveryEvent() {
    Events events = new Events();
    try (Playbook play = new Playbook(events)) {
      play.clientSends(GET);

      assertThat(play.dialed).extracting(Playbook.Dialed::host, Playbook.Dialed::port)
          .containsExactly(tuple("origin.test", 80));
      assertThat(play.upstream(0).received()).startsWith("GET /a HTTP/1.1\r\n").contains("Host: origin.test\r\n");
      play.upstream(0).sends(OK);

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhi");
      assertThat(events.seen).containsExactly("requestHeaders", "request", "responseHeaders 200", "response 200");
    }
  }

  @Test
  void theNextRequestToTheSameServerReusesTheUpstreamConnection() {
    try (Playbook play = new Playbook()) {
      play.clientSends(GET);
      play.upstream(0).received();
      play.upstream(0).sends(OK);
      play.clientReceived();

      play.clientSends(GET.replace("/a", "/b"));

      assertThat(play.dialed).hasSize(1);
      assertThat(play.upstream(0).received()).startsWith("GET /b HTTP/1.1\r\n");
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOneAfterTheOther() {
    try (Playbook play = new Playbook()) {
      play.clientSends(GET + GET.replace("/a", "/b"));

      assertThat(play.upstream(0).received()).startsWith("GET /a ").doesNotContain("GET /b");
      play.upstream(0).sends(OK);
      assertThat(play.upstream(0).received()).startsWith("GET /b ");
      play.upstream(0).sends(OK.replace("hi", "ho"));

      String answers = play.clientReceived();
      assertThat(answers.indexOf("hi")).isPositive().isLessThan(answers.indexOf("ho"));
    }
  }

  @Test
  void aHookThatAnswersKeepsTheUpstreamOut() {
    Events events = new Events();
    try (Playbook play = new Playbook(FlowHook.onRequest(flow -> flow.respond(Response.of(200, "text/plain", "mock"))),
        events)) {
      play.clientSends(GET);

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n").endsWith("mock");
      assertThat(play.dialed).isEmpty();
      assertThat(events.seen).containsExactly("requestHeaders", "request", "responseHeaders 200", "response 200");
    }
  }

  @Test
  void aDeclaredBodyOverTheLimitGets413AndTheConnectionCloses() {
    try (Playbook play = new Playbook(Playbook.config(Duration.ofSeconds(30), 10))) {
      play.clientSends("POST http://origin.test/ HTTP/1.1\r\nHost: origin.test\r\nContent-Length: 11\r\n\r\n");

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 413 ").contains("exceeds the limit of 10 bytes")
          .contains("Connection: close");
      assertThat(play.dialed).isEmpty();
    }
  }

  @Test
  void anUpstreamThatClosesBeforeAnsweringIsA502AndAnErrorEvent() {
    Events events = new Events();
    try (Playbook play = new Playbook(events)) {
      play.clientSends(GET);
      play.upstream(0).received();
      play.upstream(0).channel().close();

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 502 ").contains("closed the connection before the response");
      assertThat(events.errors).extracting(flow -> flow.error().kind()).containsExactly(FlowError.Kind.UPSTREAM_RESET);
    }
  }

  @Test
  void anUpstreamThatNeverAnswersIsA504OnceTheResponseTimeoutPasses() {
    try (Playbook play = new Playbook(Playbook.config(Duration.ofSeconds(2), 1 << 20))) {
      play.clientSends(GET);
      play.advance(Duration.ofSeconds(1));
      assertThat(play.clientReceived()).isEmpty();

      play.advance(Duration.ofSeconds(2));

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 504 ").contains("did not answer within 2000 ms");
      assertThat(play.upstream(0).channel().isOpen()).isFalse();
    }
  }

  @Test
  void aStreamedRequestGoesUpstreamChunkByChunkBeforeItEnds() {
    try (Playbook play = new Playbook(FlowHook.onRequestHeaders(flow -> flow.request().setStreamed(true)))) {
      play.clientSends("POST http://origin.test/up HTTP/1.1\r\nHost: origin.test\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nfirst\r\n");

      String sent = play.upstream(0).received();
      assertThat(sent).startsWith("POST /up HTTP/1.1\r\n").contains("first");
      play.clientSends("6\r\nsecond\r\n0\r\n\r\n");
      assertThat(play.upstream(0).received()).contains("second").endsWith("0\r\n\r\n");
      play.upstream(0).sends(OK);

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 200 OK\r\n");
    }
  }

  @Test
  void aKilledFlowClosesTheClientConnectionWithoutAnAnswer() {
    Events events = new Events();
    try (Playbook play = new Playbook(FlowHook.onRequest(HttpFlow::kill), events)) {
      play.clientSends(GET);

      assertThat(play.clientReceived()).isEmpty();
      assertThat(play.client.isOpen()).isFalse();
      assertThat(events.seen).containsExactly("requestHeaders", "request", "error KILLED");
    }
  }

  @Test
  void aClientThatLeavesMidResponseAbortsTheFlowAndItsUpstream() {
    Events events = new Events();
    try (Playbook play = new Playbook(events)) {
      play.clientSends(GET);
      play.upstream(0).received();
      play.upstream(0).sends("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhal");

      play.client.close();
      play.client.runPendingTasks();

      assertThat(events.errors).extracting(flow -> flow.error().kind()).containsExactly(FlowError.Kind.CLIENT_ABORTED);
      assertThat(play.upstream(0).channel().isOpen()).isFalse();
    }
  }

  @Test
  void aResponseFromAHookInTheResponseEventReplacesTheUpstreamOne() {
    List<ResponseSource> sources = new ArrayList<>();
    try (Playbook play = new Playbook(FlowHook.onResponse(flow -> flow.respond(Response.of(503, "text/plain", "replaced"))),
        FlowHook.onResponse(flow -> sources.add(flow.response().source())))) {
      play.clientSends(GET);
      play.upstream(0).sends(OK);

      assertThat(play.clientReceived()).startsWith("HTTP/1.1 503 ").endsWith("replaced");
      assertThat(sources).containsExactly(ResponseSource.HOOK);
    }
  }
}
