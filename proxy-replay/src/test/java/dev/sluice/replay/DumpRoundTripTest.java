package dev.sluice.replay;

import static dev.sluice.replay.FlowDescriptions.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.HttpFlow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpRoundTripTest {

  @TempDir
  Path dir;

  @Test
  void flowsWrittenAndReadBackAreTheSameFlows() throws Exception {
    List<HttpFlow> flows = List.of(TestFlows.exchange(1), TestFlows.exchange(2), TestFlows.webSocket(3),
        TestFlows.failed(4));
    Path file = dir.resolve("session.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (HttpFlow flow : flows) {
        writer.write(flow);
      }
    }

    assertThat(describe(FlowReader.readAll(file))).containsExactlyElementsOf(describe(flows));
  }

  @Test
  void everyCorpusDumpSurvivesAWriteAndReadUnchanged() throws Exception {
    List<HttpFlow> corpus = Corpus.allDumpFlows();
    Path file = dir.resolve("corpus.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      for (HttpFlow flow : corpus) {
        writer.write(flow);
      }
    }

    assertThat(corpus).hasSize(32);
    assertThat(describe(FlowReader.readAll(file))).containsExactlyElementsOf(describe(corpus));
  }

  @Test
  void appendingToADumpKeepsTheFlowsAlreadyThere() throws Exception {
    Path file = dir.resolve("grow.mitm");
    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(TestFlows.exchange(1));
    }
    try (FlowWriter writer = FlowWriter.append(file)) {
      writer.write(TestFlows.exchange(2));
    }

    assertThat(FlowReader.readAll(file)).extracting(HttpFlow::id).containsExactly("flow-1", "flow-2");
  }
}
