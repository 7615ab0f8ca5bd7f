package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.Flow;
import dev.sluice.api.HttpFlow;
import dev.sluice.api.WebSocketMessage;
import dev.sluice.testing.TestFlows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowRecorderTest {

  @TempDir
  Path dir;

  @Test
  void finishedFlowsAreRecordedAsTheyFinish() throws Exception {
    Path file = dir.resolve("session.mitm");
    try (FlowRecorder recorder = FlowRecorder.to(file)) {
      HttpFlow exchange = finished(StoredFlows.exchange(1));
      HttpFlow failed = finished(StoredFlows.failed(2));
      recorder.response(exchange);
      recorder.error(failed);

      assertThat(FlowReader.readAll(file)).extracting(Flow::id).containsExactly(exchange.id(), failed.id());
    }
  }

  @Test
  void aWebSocketFlowIsRecordedOnceWhenItEndsWithAllItsMessages() throws Exception {
    Path file = dir.resolve("ws.mitm");
    HttpFlow ws = TestFlows.webSocket("http://127.0.0.1:9000/socket",
        WebSocketMessage.of(true, WebSocketMessage.Type.TEXT, "hello".getBytes(StandardCharsets.UTF_8)));
    try (FlowRecorder recorder = FlowRecorder.to(file)) {
      recorder.response(ws);
      TestFlows.webSocketMessage(recorder, ws,
          WebSocketMessage.of(false, WebSocketMessage.Type.BINARY, new byte[] {0, 1, 2}));
      recorder.webSocketEnd(ws);
    }

    List<Flow> flows = FlowReader.readAll(file);
    assertThat(flows).hasSize(1);
    assertThat(flows.get(0).webSocket().messages()).extracting(WebSocketMessage::fromClient).containsExactly(true, false);
  }

  @Test
  void onlyFlowsTheFilterMatchesAreRecorded() throws Exception {
    Path file = dir.resolve("posts.mitm");
    try (FlowRecorder recorder = FlowRecorder.to(file, flow -> flow.request().method().equals("POST"))) {
      recorder.response(finished(StoredFlows.exchange(1)));
      recorder.error(finished(StoredFlows.failed(2)));
    }

    assertThat(FlowReader.readAll(file)).extracting(f -> f.request().method()).containsExactly("POST");
  }

  @Test
  void aHarFileNameRecordsAHarDocumentOnClose() throws Exception {
    Path file = dir.resolve("session.har");
    try (FlowRecorder recorder = FlowRecorder.to(file)) {
      recorder.response(finished(StoredFlows.exchange(1)));
      recorder.webSocketEnd(TestFlows.webSocket("http://127.0.0.1:9000/socket"));
    }

    assertThat(Har.read(file)).extracting(f -> f.request().url())
        .containsExactly("https://api.example.com/items/1?q=a%2Fb&x=1", "http://127.0.0.1:9000/socket");
  }

  @Test
  void flowsFinishingOnManyThreadsAreEachRecordedWhole() throws Exception {
    Path file = dir.resolve("busy.mitm");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FlowRecorder recorder = FlowRecorder.to(file)) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        HttpFlow flow = finished(StoredFlows.exchange(i));
        done.add(pool.submit(() -> recorder.response(flow)));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(FlowReader.readAll(file)).extracting(Flow::id).hasSize(200).doesNotHaveDuplicates();
  }

  @Test
  void theRecorderAsksToRunOffTheEventLoop() throws Exception {
    try (FlowRecorder recorder = FlowRecorder.to(dir.resolve("x.mitm"))) {
      assertThat(recorder.isBlocking()).isTrue();
      assertThat(recorder.name()).contains("x.mitm");
    }
  }

  @Test
  void aFlowReadFromAFileIsRecordedOnRequestAndClosingTwiceWritesItOnce() throws Exception {
    Path file = dir.resolve("converted.har");
    FlowRecorder recorder = FlowRecorder.to(file, flow -> !flow.id().startsWith("failed"));
    recorder.record(StoredFlows.webSocket(1));
    recorder.record(StoredFlows.failed(2));
    recorder.close();
    recorder.close();

    assertThat(Har.read(file)).extracting(f -> f.request().url()).containsExactly("http://127.0.0.1:9000/socket");
  }

  /** A live flow that ended as {@code recorded} did (its response or its error), for the recorder's events. */
  private static HttpFlow finished(Flow recorded) {
    HttpFlow live = TestFlows.of(recorded.client(), recorded.request());
    if (recorded.hasResponse()) {
      TestFlows.answered(live, recorded.response());
    }
    if (recorded.error() != null) {
      TestFlows.failed(live, recorded.error());
    }
    return live;
  }
}
