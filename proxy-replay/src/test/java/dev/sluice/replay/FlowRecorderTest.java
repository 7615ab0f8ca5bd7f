package dev.sluice.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HttpFlow;
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
      recorder.response(TestFlows.exchange(1));
      recorder.error(TestFlows.failed(2));

      assertThat(FlowReader.readAll(file)).extracting(HttpFlow::id).containsExactly("flow-1", "failed-2");
    }
  }

  @Test
  void aWebSocketFlowIsRecordedOnceWhenItEndsWithAllItsMessages() throws Exception {
    Path file = dir.resolve("ws.mitm");
    HttpFlow ws = TestFlows.webSocket(3);
    try (FlowRecorder recorder = FlowRecorder.to(file)) {
      recorder.response(ws);
      recorder.webSocketMessage(ws);
      recorder.webSocketEnd(ws);
    }

    List<HttpFlow> flows = FlowReader.readAll(file);
    assertThat(flows).hasSize(1);
    assertThat(flows.get(0).webSocket().messages()).hasSize(2);
    assertThat(flows.get(0).webSocket().closeCode()).isEqualTo(1000);
  }

  @Test
  void onlyFlowsTheFilterMatchesAreRecorded() throws Exception {
    Path file = dir.resolve("posts.mitm");
    try (FlowRecorder recorder = FlowRecorder.to(file, flow -> flow.request().method().equals("POST"))) {
      recorder.response(TestFlows.exchange(1));
      recorder.error(TestFlows.failed(2));
    }

    assertThat(FlowReader.readAll(file)).extracting(HttpFlow::id).containsExactly("flow-1");
  }

  @Test
  void aHarFileNameRecordsAHarDocumentOnClose() throws Exception {
    Path file = dir.resolve("session.har");
    try (FlowRecorder recorder = FlowRecorder.to(file)) {
      recorder.response(TestFlows.exchange(1));
      recorder.webSocketEnd(TestFlows.webSocket(2));
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
        HttpFlow flow = TestFlows.exchange(i);
        done.add(pool.submit(() -> recorder.response(flow)));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(FlowReader.readAll(file)).extracting(HttpFlow::id).hasSize(200).doesNotHaveDuplicates();
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
    recorder.record(TestFlows.webSocket(1));
    recorder.record(TestFlows.failed(2));
    recorder.close();
    recorder.close();

    assertThat(Har.read(file)).extracting(f -> f.request().url()).containsExactly("http://127.0.0.1:9000/socket");
  }
}
