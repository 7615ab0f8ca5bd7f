package dev.sluice.replay;

import static dev.sluice.replay.ReplayFlows.answer;
import static dev.sluice.replay.ReplayFlows.get;
import static dev.sluice.replay.ReplayFlows.live;
import static dev.sluice.replay.ReplayFlows.recorded;
import static dev.sluice.replay.ReplayFlows.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.HttpRequest;
import dev.sluice.api.ReplayKind;
import dev.sluice.api.ResponseSource;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.testing.TestFlows;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServerReplayTest {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String MULTIPART = "multipart/form-data; boundary=XyZ";

  @Test
  void aMatchingRequestGetsACopyOfTheRecordedResponseMarkedAsAReplay() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a?x=1"), "A")));
    HttpFlow flow = live(get("http://example.com/a?x=1"));

    replay.request(flow);

    assertThat(flow.response().text()).isEqualTo("A");
    assertThat(flow.response().source()).isEqualTo(ResponseSource.REPLAY);
    assertThat(flow.replay()).isEqualTo(ReplayKind.RESPONSE);
  }

  @Test
  void aRecordedWebSocketIsAnsweredWithItsOneOhOneAndCarriesItsMessagesForTheEngine() {
    ServerReplay replay = ServerReplay.of(List.of(StoredFlows.webSocket(1)));
    HttpFlow flow = live(get("http://127.0.0.1:9000/socket"));

    replay.request(flow);

    assertThat(flow.response().statusCode()).isEqualTo(101);
    assertThat(flow.replay()).isEqualTo(ReplayKind.RESPONSE);
    assertThat(flow.webSocket().messages()).extracting(WebSocketMessage::fromClient).containsExactly(true, false);
    assertThat(flow.webSocket().closeCode()).isEqualTo(1000);
  }

  @Test
  void editingAReplayedResponseNeverChangesTheRecording() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a"), "A")),
        ServerReplayOptions.builder().reuse(true).build());
    HttpFlow first = live(get("http://example.com/a"));
    replay.request(first);
    first.response().setText("edited");
    first.response().headers().set("X-Edited", "yes");

    HttpFlow second = live(get("http://example.com/a"));
    replay.request(second);

    assertThat(second.response().text()).isEqualTo("A");
    assertThat(second.response().headers().contains("X-Edited")).isFalse();
  }

  @Test
  void byDefaultMethodSchemeHostPortPathQueryAndBodyMustAllMatch() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(request("POST", "http://example.com:8000/a?x=1", "text/plain", "b"), "A")),
        ServerReplayOptions.builder().reuse(true).build());

    assertThat(answer(replay, request("POST", "http://example.com:8000/a?x=1", "text/plain", "b"))).isEqualTo("A");
    assertThat(answer(replay, request("PUT", "http://example.com:8000/a?x=1", "text/plain", "b"))).isNull();
    assertThat(answer(replay, request("POST", "https://example.com:8000/a?x=1", "text/plain", "b"))).isNull();
    assertThat(answer(replay, request("POST", "http://example.org:8000/a?x=1", "text/plain", "b"))).isNull();
    assertThat(answer(replay, request("POST", "http://example.com:8001/a?x=1", "text/plain", "b"))).isNull();
    assertThat(answer(replay, request("POST", "http://example.com:8000/b?x=1", "text/plain", "b"))).isNull();
    assertThat(answer(replay, request("POST", "http://example.com:8000/a?x=2", "text/plain", "b"))).isNull();
    assertThat(answer(replay, request("POST", "http://example.com:8000/a?x=1", "text/plain", "c"))).isNull();
  }

  @Test
  void headersMatterOnlyWhenNamedInUseHeaders() {
    HttpRequest recordedRequest = get("http://example.com/a");
    recordedRequest.headers().set("Accept", "application/json");
    List<Flow> flows = List.of(recorded(recordedRequest, "A"));
    HttpRequest xml = get("http://example.com/a");
    xml.headers().set("Accept", "text/xml");

    assertThat(answer(ServerReplay.of(flows), xml)).isEqualTo("A");
    ServerReplay strict = ServerReplay.of(flows, ServerReplayOptions.builder().useHeaders("accept").reuse(true).build());
    assertThat(answer(strict, xml)).isNull();
    HttpRequest json = get("http://example.com/a");
    json.headers().set("Accept", "application/json");
    assertThat(answer(strict, json)).isEqualTo("A");
  }

  @Test
  void ignoredQueryParametersMayDifferOrBeMissing() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a?q=shoes&ts=1"), "A")),
        ServerReplayOptions.builder().ignoreParams("ts").reuse(true).build());

    assertThat(answer(replay, get("http://example.com/a?q=shoes&ts=99"))).isEqualTo("A");
    assertThat(answer(replay, get("http://example.com/a?q=shoes"))).isEqualTo("A");
    assertThat(answer(replay, get("http://example.com/a?q=boots&ts=1"))).isNull();
  }

  @Test
  void ignoreContentMatchesWhateverTheBody() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(request("POST", "http://example.com/a", "text/plain", "one"), "A")),
        ServerReplayOptions.builder().ignoreContent(true).build());

    assertThat(answer(replay, request("POST", "http://example.com/a", "text/plain", "two"))).isEqualTo("A");
  }

  @Test
  void ignoredUrlEncodedFormFieldsMayDiffer() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(request("POST", "http://example.com/login", FORM, "user=ann&csrf=1"), "A")),
        ServerReplayOptions.builder().ignorePayloadParams("csrf").reuse(true).build());

    assertThat(answer(replay, request("POST", "http://example.com/login", FORM, "user=ann&csrf=2"))).isEqualTo("A");
    assertThat(answer(replay, request("POST", "http://example.com/login", FORM, "user=bob&csrf=1"))).isNull();
  }

  @Test
  void ignoredMultipartFieldsMayDiffer() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(request("POST", "http://example.com/up", MULTIPART, multipart("ann", "1")), "A")),
        ServerReplayOptions.builder().ignorePayloadParams("csrf").reuse(true).build());

    assertThat(answer(replay, request("POST", "http://example.com/up", MULTIPART, multipart("ann", "2")))).isEqualTo("A");
    assertThat(answer(replay, request("POST", "http://example.com/up", MULTIPART, multipart("bob", "1")))).isNull();
  }

  @Test
  void aBodyThatIsNotAFormStillMatchesWholeWhenPayloadParamsAreIgnored() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(request("POST", "http://example.com/j", "application/json", "{\"csrf\":1}"), "A")),
        ServerReplayOptions.builder().ignorePayloadParams("csrf").reuse(true).build());

    assertThat(answer(replay, request("POST", "http://example.com/j", "application/json", "{\"csrf\":1}"))).isEqualTo("A");
    assertThat(answer(replay, request("POST", "http://example.com/j", "application/json", "{\"csrf\":2}"))).isNull();
    assertThat(answer(replay, request("POST", "http://example.com/j", FORM, ""))).isNull();
  }

  @Test
  void ignoreHostAndIgnorePortLeaveTheDestinationOut() {
    List<Flow> flows = List.of(recorded(get("http://one.example:8000/a"), "A"));
    ServerReplayOptions.Builder reuse = ServerReplayOptions.builder().reuse(true);

    assertThat(answer(ServerReplay.of(flows, reuse.build()), get("http://two.example:8000/a"))).isNull();
    assertThat(answer(ServerReplay.of(flows, reuse.ignoreHost(true).build()), get("http://two.example:8000/a"))).isEqualTo("A");
    assertThat(answer(ServerReplay.of(flows, reuse.build()), get("http://two.example:9000/a"))).isNull();
    assertThat(answer(ServerReplay.of(flows, reuse.ignorePort(true).build()), get("http://two.example:9000/a"))).isEqualTo("A");
  }

  @Test
  void repeatedRequestsGetTheRecordedResponsesInOrderEachOnce() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/n"), "1"),
        recorded(get("http://example.com/other"), "x"), recorded(get("http://example.com/n"), "2")));

    assertThat(answer(replay, get("http://example.com/n"))).isEqualTo("1");
    assertThat(answer(replay, get("http://example.com/n"))).isEqualTo("2");
    assertThat(answer(replay, get("http://example.com/n"))).isNull();
    assertThat(replay.remaining()).isEqualTo(1);
  }

  @Test
  void reuseAndItsOlderNameNopopKeepServingTheFirstResponse() {
    List<Flow> flows = List.of(recorded(get("http://example.com/n"), "1"), recorded(get("http://example.com/n"), "2"));
    for (ServerReplayOptions options : List.of(ServerReplayOptions.builder().reuse(true).build(),
        ServerReplayOptions.builder().nopop(true).build())) {
      ServerReplay replay = ServerReplay.of(flows, options);
      assertThat(List.of(answer(replay, get("http://example.com/n")), answer(replay, get("http://example.com/n"))))
          .containsExactly("1", "1");
    }
  }

  @Test
  void unmatchedRequestsAreForwardedByDefault() {
    ServerReplay replay = ServerReplay.of(List.of());
    HttpFlow flow = live(get("http://example.com/missing"));

    replay.request(flow);

    assertThat(flow.hasResponse()).isFalse();
    assertThat(flow.isKilled()).isFalse();
  }

  @Test
  void killAndKillExtraKillUnmatchedRequests() {
    for (ServerReplayOptions options : List.of(ServerReplayOptions.builder().extra("kill").build(),
        ServerReplayOptions.builder().killExtra(true).extra("404").build())) {
      HttpFlow flow = live(get("http://example.com/missing"));
      ServerReplay.of(List.of(), options).request(flow);
      assertThat(flow.isKilled()).as(options.toString()).isTrue();
    }
  }

  @Test
  void aStatusExtraAnswersWithAPlainTextBodyNamingTheRequest() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a"), "A")),
        ServerReplayOptions.builder().extra("404").build());
    assertThat(answer(replay, get("http://example.com/a"))).isEqualTo("A");

    HttpFlow flow = live(get("http://example.com/a"));
    replay.request(flow);

    assertThat(flow.response().statusCode()).isEqualTo(404);
    assertThat(flow.response().headers().get("Content-Type")).startsWith("text/plain");
    assertThat(flow.response().text()).contains("GET http://example.com/a").contains("not in the recording");
    assertThat(flow.replay()).isEqualTo(ReplayKind.RESPONSE);
  }

  @Test
  void aBadExtraIsRefusedAndQuoted() {
    assertThatThrownBy(() -> ServerReplayOptions.builder().extra("sometimes"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"sometimes\"");
    assertThatThrownBy(() -> ServerReplayOptions.builder().extra("99"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server_replay_extra");
  }

  @Test
  void changingAMatchingOptionWhileRunningReindexesWhatIsLeft() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a?ts=1"), "1"),
        recorded(get("http://example.com/a?ts=2"), "2"), recorded(get("http://example.com/a?ts=3"), "3")));
    assertThat(answer(replay, get("http://example.com/a?ts=2"))).isEqualTo("2");
    assertThat(answer(replay, get("http://example.com/a?ts=9"))).isNull();

    replay.setOptions(replay.options().newBuilder().ignoreParams("ts").build());

    assertThat(replay.options().ignoreParams()).containsExactly("ts");
    assertThat(answer(replay, get("http://example.com/a?ts=9"))).isEqualTo("1");
    assertThat(answer(replay, get("http://example.com/a?ts=9"))).isEqualTo("3");
    assertThat(answer(replay, get("http://example.com/a?ts=9"))).isNull();
  }

  @Test
  void flowsWithoutResponsesAreNotReplayed() {
    Flow unanswered = Flow.builder().client(TestFlows.CLIENT).request(get("http://example.com/a")).build();
    ServerReplay replay = ServerReplay.of(List.of(unanswered, recorded(get("http://example.com/a"), "A")));

    assertThat(replay.remaining()).isEqualTo(1);
    assertThat(answer(replay, get("http://example.com/a"))).isEqualTo("A");
  }

  @Test
  void manyThreadsShareTheRecordedResponsesWithoutServingOneTwice() throws Exception {
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      flows.add(recorded(get("http://example.com/same"), Integer.toString(i)));
    }
    ServerReplay replay = ServerReplay.of(flows);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ConcurrentLinkedQueue<String> served = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        done.add(pool.submit(() -> served.add(answer(replay, get("http://example.com/same")))));
      }
      for (Future<?> f : done) {
        f.get(20, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(served).hasSize(400).doesNotHaveDuplicates().doesNotContainNull();
  }

  @Test
  void tenThousandRecordedFlowsAreIndexedAndEachAnswered() {
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      flows.add(recorded(get("http://example.com/items/" + i + "?page=" + (i % 7)), "item " + i));
    }
    ServerReplay replay = ServerReplay.of(flows);

    assertThat(replay.remaining()).isEqualTo(10_000);
    for (int i = 9_999; i >= 0; i--) {
      assertThat(answer(replay, get("http://example.com/items/" + i + "?page=" + (i % 7)))).isEqualTo("item " + i);
    }
    assertThat(replay.remaining()).isZero();
  }

  static String multipart(String user, String csrf) {
    return "--XyZ\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\n" + user + "\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--XyZ--\r\n";
  }
}
