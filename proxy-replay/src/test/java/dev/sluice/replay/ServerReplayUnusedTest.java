package dev.sluice.replay;

import static dev.sluice.replay.ReplayFlows.answer;
import static dev.sluice.replay.ReplayFlows.get;
import static dev.sluice.replay.ReplayFlows.live;
import static dev.sluice.replay.ReplayFlows.recorded;
import static dev.sluice.replay.ReplayFlows.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.api.Flow;
import dev.sluice.api.Request;
import dev.sluice.testing.TestFlows;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ServerReplay#unused()}: the recorded responses that answered nothing. */
class ServerReplayUnusedTest {

  private static final ServerReplayOptions REUSE = ServerReplayOptions.builder().reuse(true).build();

  @Test
  void unusedListsTheRecordedRequestsNotServedYetInRecordingOrder() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a"), "a1"),
        recorded(request("POST", "http://example.com/b", "text/plain", "hello"), "b"),
        recorded(get("http://example.com/a"), "a2"), recorded(get("http://example.com/c"), "c")));
    assertThat(replay.unused()).extracting(Request::method, Request::url).containsExactly(
        tuple("GET", "http://example.com/a"), tuple("POST", "http://example.com/b"),
        tuple("GET", "http://example.com/a"), tuple("GET", "http://example.com/c"));

    assertThat(answer(replay, get("http://example.com/c"))).isEqualTo("c");
    assertThat(answer(replay, get("http://example.com/a"))).isEqualTo("a1");

    assertThat(replay.unused()).extracting(Request::url)
        .containsExactly("http://example.com/b", "http://example.com/a");
    assertThat(replay.unused()).hasSize(replay.remaining());
    assertThat(replay.unused().get(0).text()).isEqualTo("hello");
  }

  @Test
  void everyRecordedResponseServedLeavesNothingUnused() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a"), "a"),
        recorded(get("http://example.com/b"), "b")));

    answer(replay, get("http://example.com/b"));
    answer(replay, get("http://example.com/a"));

    assertThat(replay.unused()).isEmpty();
  }

  @Test
  void withReuseAResponseServedOnceIsUsedAndTheLaterRecordingsOfItsRequestAreNot() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/n"), "1"),
        recorded(get("http://example.com/other"), "x"), recorded(get("http://example.com/n"), "2")), REUSE);

    assertThat(List.of(answer(replay, get("http://example.com/n")), answer(replay, get("http://example.com/n"))))
        .containsExactly("1", "1");

    assertThat(replay.unused()).extracting(Request::url)
        .containsExactly("http://example.com/other", "http://example.com/n");
    assertThat(replay.remaining()).isEqualTo(3);
  }

  @Test
  void changingTheOptionsKeepsWhatWasAlreadyServed() {
    ServerReplay replay = ServerReplay.of(List.of(recorded(get("http://example.com/a?ts=1"), "1"),
        recorded(get("http://example.com/a?ts=2"), "2")), REUSE);
    assertThat(answer(replay, get("http://example.com/a?ts=1"))).isEqualTo("1");

    replay.setOptions(REUSE.newBuilder().ignoreParams("ts").build());

    assertThat(replay.unused()).extracting(Request::url).containsExactly("http://example.com/a?ts=2");
    replay.setOptions(ServerReplayOptions.defaults());
    assertThat(replay.unused()).extracting(Request::url).containsExactly("http://example.com/a?ts=2");
  }

  @Test
  void flowsThatAreNeverReplayedAreNotListed() {
    Flow unanswered = Flow.builder().client(TestFlows.CLIENT).request(get("http://example.com/a")).build();

    ServerReplay replay = ServerReplay.of(List.of(unanswered, recorded(get("http://example.com/b"), "b")));

    assertThat(replay.unused()).extracting(Request::url).containsExactly("http://example.com/b");
  }
}
